"""System checks of the deployment's shape (`manage.py check`)."""

from django.conf import settings
from django.core.checks import Warning, register
from django.core.files.storage import FileSystemStorage, storages


@register("deployment")
def media_shared_by_app_servers(app_configs, **kwargs):
    """Pictures uploaded on one app server must be seen by the others, and be backed up."""
    if settings.APP_SERVERS < 2 or settings.MEDIA_SHARED:
        return []
    if not isinstance(storages["default"], FileSystemStorage):
        return []
    return [
        Warning(
            f"Uploaded media are kept on this server's disk ({settings.MEDIA_ROOT}) while "
            f"APP_SERVERS={settings.APP_SERVERS}: a picture uploaded through one server is "
            "missing on the others.",
            hint="Mount MEDIA_ROOT from shared storage and set MEDIA_SHARED=1, or move media "
            "to an object store (django-storages). See README.md, Backups.",
            id="newsportal.W001",
        )
    ]
