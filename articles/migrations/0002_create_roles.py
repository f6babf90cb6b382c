"""Create the writers, editors and moderators groups with their permissions.

The lists are frozen here as they were when this migration was written; later migrations add
permissions for models that came later (pages, comments).
"""

from django.db import migrations

WRITERS = [
    "articles.view_article",
    "articles.add_article",
    "articles.change_article",
    "articles.view_section",
    "articles.view_tag",
    "articles.add_tag",
    "articles.view_author",
    "articles.view_image",
    "articles.add_image",
    "articles.change_image",
]
EDITORS = [
    f"articles.{action}_{model}"
    for model in ("article", "section", "tag", "author", "image", "changenote")
    for action in ("view", "add", "change", "delete")
] + ["articles.publish_article", "articles.edit_any_article"]


def create_roles(apps, schema_editor):
    from articles.roles import sync_roles

    sync_roles(apps, {"writers": WRITERS, "editors": EDITORS, "moderators": []})


def remove_roles(apps, schema_editor):
    names = ["writers", "editors", "moderators"]
    apps.get_model("auth", "Group").objects.filter(name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
