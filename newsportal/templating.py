"""The readers' pages are drawn by Jinja2 (templates/jinja2/), the admin, e-mails and form
widgets by Django's own engine (templates/). Jinja2 compiles a template to Python once per
process: an article page missing every cache spent over a third of its time in Django's engine
walking its nodes. This module hands Jinja2 the functions that draw parts of a page
(comments/drawing.py, articles/related/boxes.py, the chrome in newsportal/context_processors.py)
and the date filters the admin's Django templates share (articles/templatetags/article_tags.py).

In the templates: `_("text")` and `{% trans name=value %}…{% endtrans %}` (trimmed, as
Django's `{% blocktranslate trimmed %}`, so the catalogues' messages are the same),
`url("articles:detail", pk, slug)`, `static("css/site.css")`, and Django's `date` and
`truncatewords` filters. Methods are called with `()`, as in Python.
"""

from functools import lru_cache, wraps

from django.core.signals import setting_changed
from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from jinja2 import Environment, pass_context
from markupsafe import Markup

from articles.related import boxes
from articles.templatetags import article_tags
from comments import drawing as comment_drawing
from newsportal import context_processors


def date(value, format_string=None):
    """Django's `date` filter on the time in Kuwait, as Django's engine localises it first."""
    return defaultfilters.date(timezone.template_localtime(value), format_string)


# A static file's address is fixed while the process runs (the manifest of hashed names is
# read once): looked up once per file, not on every page.
static_address = lru_cache(maxsize=256)(static)


def _settings_changed(**kwargs):
    static_address.cache_clear()  # STATIC_URL or the storage changed (tests)


setting_changed.connect(_settings_changed)


def url(name, *args, **kwargs):
    return reverse(name, args=args or None, kwargs=kwargs or None)


def now(format_string):
    """The current time in Kuwait, formatted as Django's `date` filter does."""
    return date(timezone.now(), format_string)


@pass_context
def querystring(context, **changes):
    """This page's query with `changes` (None drops a parameter), as Django's tag."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return f"?{query.urlencode()}" if query else ""


def _with_context(tag):
    """A function taking the page's context first, called from Jinja2 with Jinja2's."""
    return pass_context(wraps(tag)(lambda context, *args, **kwargs: tag(context, *args, **kwargs)))


def _inclusion(template_name, tag):
    """`tag(context, ...)` returns a partial's values, as Django's inclusion tags do: the
    partial drawn with them alone."""

    @pass_context
    @wraps(tag)
    def draw(context, *args, **kwargs):
        values = tag(context, *args, **kwargs)
        return Markup(context.environment.get_template(template_name).render(values))

    return draw


def environment(**options):
    options.setdefault("keep_trailing_newline", True)  # included files end as in Django's engine
    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        translation.gettext,
        translation.ngettext,
        newstyle=True,
        pgettext=translation.pgettext,
        npgettext=translation.npgettext,
    )
    env.policies["ext.i18n.trimmed"] = True
    env.globals.update(
        url=url,
        static=static_address,
        now=now,
        querystring=querystring,
        get_language=translation.get_language,
        get_language_bidi=translation.get_language_bidi,
        chrome=_with_context(context_processors.chrome_part),
        alternate_urls=_with_context(article_tags.alternate_urls),
        absolute_url=_with_context(article_tags.absolute_url),
        respond_form=_with_context(
            comment_drawing.comment_form
        ),  # not `comment_form`: the view's form
        article_comments=_inclusion(
            "comments/includes/comments.html", comment_drawing.article_comments
        ),
        related_stories=_inclusion("articles/includes/related_box.html", boxes.related_stories),
    )
    env.filters.update(
        date=date,
        truncatewords=defaultfilters.truncatewords,
        machine_time=article_tags.machine_time,
        gregorian=article_tags.gregorian,
        hijri=article_tags.hijri,
        in_its_language=article_tags.in_its_language,
        ago=pass_context(lambda context, value: article_tags.ago(value, context.get("request"))),
        srcset_fallback=article_tags.srcset_fallback,
        excerpt=boxes.excerpt,
        comment_text=comment_drawing.comment_text,
    )
    return env
