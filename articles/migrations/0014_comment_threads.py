from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery
from django.db.models import BigIntegerField
from django.db.models.functions import Coalesce


def count_threads(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Comment = apps.get_model("comments", "Comment")
    conversations = (
        Comment.objects.filter(article=OuterRef("pk"), status="approved")
        .values("article")
        .annotate(n=Count(Coalesce("thread_id", "pk", output_field=BigIntegerField()), distinct=True))
        .values("n")
    )
    approved = Comment.objects.filter(article=OuterRef("pk"), status="approved").values("article")
    counted = approved.annotate(n=Count("pk")).values("n")
    with_comments = Comment.objects.filter(status="approved").values("article")
    Article.objects.filter(pk__in=with_comments).update(
        comment_count=Coalesce(Subquery(counted), 0),
        comment_threads=Coalesce(Subquery(conversations), 0),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_editors_unlock_sign_ins"),
        ("comments", "0005_comment_thread"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="comment_threads",
            field=models.PositiveIntegerField(
                default=0, editable=False, verbose_name="conversations in the comments"
            ),
        ),
        migrations.RunPython(count_threads, migrations.RunPython.noop),
    ]
