# Author photos move from a bare file field into the image library, so they go through the
# same checks, re-encoding and renditions as every other picture. No photos existed yet.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_add_newest_first_index"),
    ]

    operations = [
        migrations.RemoveField(model_name="author", name="photo"),
        migrations.AddField(
            model_name="author",
            name="photo",
            field=models.ForeignKey(
                blank=True,
                help_text="Uploaded like any picture: checked, re-encoded, in several sizes.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="articles.image",
                verbose_name="photo",
            ),
        ),
    ]
