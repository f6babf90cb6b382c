from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WordPressConfig(AppConfig):
    """Moving a WordPress site in: the import command and the old site's addresses."""

    name = "articles.wordpress"
    label = "wordpress"
    verbose_name = _("WordPress import")
