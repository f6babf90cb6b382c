"""Dates as Kuwaiti portals print them (Gregorian and Umm al-Qura Hijri, Kuwait time, Western
digits), relative times for the latest list, and the page's alternate-language links."""

import time

from django import template
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import translate_url
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from hijridate import Gregorian

from articles import edge

register = template.Library()


@register.filter
def machine_time(value):
    """A `datetime` attribute's value: Kuwait time to the second, with its offset
    (2026-12-03T10:55:13+03:00; HTML allows at most three digits of a second)."""
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


@register.filter
def gregorian(value):
    """«الأربعاء 25 نوفمبر 2026، 17:24» in Asia/Kuwait time."""
    if not value:
        return ""
    local = timezone.localtime(value)
    pattern = "l j F Y، H:i" if translation.get_language() == "ar" else "l j F Y, H:i"
    return date_format(local, pattern)


@register.filter
def hijri(value):
    """«15 جمادى الآخرة 1448 هـ»: the Umm al-Qura date of the Kuwait calendar day."""
    if not value:
        return ""
    local = timezone.localtime(value).date()
    try:
        day = Gregorian(local.year, local.month, local.day).to_hijri()
    except OverflowError:  # outside the Umm al-Qura tables (1343–1500 AH)
        return ""
    language = "ar" if translation.get_language() == "ar" else "en"
    return f"{day.day} {day.month_name(language)} {day.year} {day.notation(language)}"


@register.filter
def ago(value, request=None):
    """«منذ 5 دقائق» / "5 minutes ago" for the last day; the date after that. Drawn for
    `request`, the page is kept by the caches only while the label stays true (to the next
    minute or hour: articles/edge.py), never «منذ 5 دقائق» hours later."""
    if not value:
        return ""
    seconds = int((timezone.now() - value).total_seconds())
    if seconds < 60:
        label, lasts = _("moments ago"), 60 - seconds
    elif seconds < 3600:
        n = seconds // 60
        label = ngettext("%(n)d minute ago", "%(n)d minutes ago", n) % {"n": n}
        lasts = 60 - seconds % 60
    elif seconds < 86400:
        n = seconds // 3600
        label = ngettext("%(n)d hour ago", "%(n)d hours ago", n) % {"n": n}
        lasts = min(3600 - seconds % 3600, 86400 - seconds)
    else:
        return date_format(timezone.localtime(value), "j F Y")
    edge.expires(request, time.time() + lasts)
    return label


def in_its_language(article):
    """` lang="ar" dir="rtl"` for a story a page in another language lists in Arabic (it has no
    version in the page's language, so its Arabic headline and standfirst stand in): screen
    readers then read it with an Arabic voice and the text runs right to left. "" otherwise."""
    if article.has_version(translation.get_language() or settings.LANGUAGE_CODE):
        return ""
    return mark_safe(f' lang="{settings.LANGUAGE_CODE}" dir="rtl"')


@register.simple_tag(takes_context=True)
def alternate_urls(context, article=None):
    """(language code, absolute URL) for each language this page exists in: for an article,
    English only when it is translated."""
    request = context["request"]
    try:
        request.get_host()
    except DisallowedHost:  # the "bad request" page of a forged Host: no address to give
        return []
    path = request.path
    urls = []
    for code, _name in settings.LANGUAGES:
        if article:
            if not article.has_version(code):
                continue
            with translation.override(code):
                url = article.get_absolute_url()
        else:
            url = translate_url(path, code)
            if request.GET:
                url = f"{url}?{request.GET.urlencode()}"
        urls.append((code, request.build_absolute_uri(url)))
    return urls


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """`url` made absolute for the current request (left as is when it already is)."""
    return context["request"].build_absolute_uri(url)


@register.filter
def srcset_fallback(image):
    """The JPEG (or PNG) renditions' srcset, for browsers without WebP."""
    return image.srcset("fallback")
