"""Editors may see and clear the sign-in lockouts (django-axes' access attempts)."""

from django.db import migrations

UNLOCK = ["axes.view_accessattempt", "axes.delete_accessattempt"]


def grant(apps, schema_editor):
    from articles.roles import EDITORS, sync_roles

    sync_roles(apps, {EDITORS: UNLOCK})


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="axes", codename__in=[c.split(".")[1] for c in UNLOCK]
    )
    for group in Group.objects.filter(name="editors"):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_image_description"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
