"""Filled the old search column of the stories that existed before it. That column and its
filler are gone: 0015 builds the search documents that replaced it for every story."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_add_search_document")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
