from django.db import migrations

from articles.roles import EDITORS, sync_roles


def grant(apps, schema_editor):
    sync_roles(apps, {EDITORS: ["newsportal.view_auditentry"]})


class Migration(migrations.Migration):
    dependencies = [("newsportal", "0001_initial"), ("articles", "0001_initial")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
