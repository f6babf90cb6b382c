"""Moderators (and editors) work the comment queue and the block lists."""

from django.db import migrations

COMMENT_PERMISSIONS = [
    f"comments.{action}_{model}"
    for model in ("comment", "blocklist")
    for action in ("view", "change", "delete", "add")
    if (action, model) != ("add", "comment")
]


def grant(apps, schema_editor):
    from articles.roles import EDITORS, MODERATORS, sync_roles

    sync_roles(apps, {MODERATORS: COMMENT_PERMISSIONS, EDITORS: COMMENT_PERMISSIONS})


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="comments")
    for group in Group.objects.filter(name__in=["moderators", "editors"]):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("articles", "0002_create_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
