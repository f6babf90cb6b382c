"""Site-wide template context: the site's name and the sections for the menu."""

from django.conf import settings
from django.utils.translation import gettext as _

from articles.models import Section


def site(request):
    return {
        "site_name": settings.SITE_NAME or _("The Portal"),
        "menu_sections": Section.objects.for_menu(),
    }
