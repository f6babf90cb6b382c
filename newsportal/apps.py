from django.apps import AppConfig


class NewsportalConfig(AppConfig):
    """The frame itself: its system checks, and the audit log (newsportal/audit.py)."""

    name = "newsportal"

    def ready(self):
        from . import audit, checks  # noqa: F401  (registers the checks)

        audit.connect()
