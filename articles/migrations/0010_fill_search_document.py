"""Fill the search document of the stories that existed before it."""

from django.db import migrations


def fill(apps, schema_editor):
    from articles.models import search_document

    Article = apps.get_model("articles", "Article")
    for article in Article.objects.iterator(chunk_size=500):
        document = search_document(article)
        Article.objects.filter(pk=article.pk).update(search_document=document)


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_add_search_document")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
