from django.apps import AppConfig


class NewsportalConfig(AppConfig):
    """The frame itself, as an app only for its system checks."""

    name = "newsportal"

    def ready(self):
        from . import checks  # noqa: F401  (registers the checks)
