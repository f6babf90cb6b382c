"""Editors keep the about and contact pages."""

from django.db import migrations


def grant(apps, schema_editor):
    from articles.roles import EDITORS, sync_roles

    sync_roles(
        apps, {EDITORS: [f"articles.{a}_page" for a in ("view", "add", "change", "delete")]}
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_add_page")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
