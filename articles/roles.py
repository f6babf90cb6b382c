"""The newsroom's roles as groups, and the permissions each one holds.

Writers draft and submit their own stories; editors run every story end to end; moderators
work the comments queue (their comment permissions are added by the comments app).
"""

WRITERS = "writers"
EDITORS = "editors"
MODERATORS = "moderators"

ROLE_PERMISSIONS = {
    WRITERS: [
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
    ],
    EDITORS: [
        f"articles.{action}_{model}"
        for model in ("article", "section", "tag", "author", "image", "changenote", "page")
        for action in ("view", "add", "change", "delete")
    ]
    + ["articles.publish_article", "articles.edit_any_article"]
    # Editors unlock a colleague locked out after failed sign-ins.
    + ["axes.view_accessattempt", "axes.delete_accessattempt"],
    # Comment permissions are granted by the comments app's own migration.
    MODERATORS: [],
}


def sync_roles(apps, role_permissions=ROLE_PERMISSIONS):
    """Create the groups and give them their permissions (used by data migrations)."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codes in role_permissions.items():
        group, _ = Group.objects.get_or_create(name=role)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
