"""Published stories: the list with its filters, one story, its related stories, and search
(the site's own engine, articles/search.py, with the same results). Every response names
what it shows as surrogate keys (articles/edge.py), so the edge keeps it until a purge."""

import re
from datetime import date, datetime, timedelta
from typing import Annotated, Literal

from django.db.models import Case, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import BeforeValidator, Field

from articles import edge, search, snippets
from articles.body import image_ids, inline_images, render_body
from articles.models import Article, Author, Section, Tag
from articles.related.boxes import related_for
from articles.search_page import FIRST_DAY, LAST_DAY, SearchForm, _day_start
from comments.moderation import comments_open_on_page

from . import schemas
from .paging import CursorPagination

router = Router(tags=["stories"])


def _written_as(pattern, example):
    """Only the ISO form (pydantic alone would also read `0.0` as 1970-01-01)."""

    def check(value):
        if isinstance(value, str) and not re.fullmatch(pattern, value):
            raise ValueError(_("Write it as %(example)s.") % {"example": example})
        return value

    return BeforeValidator(check)


Day = Annotated[date, _written_as(r"\d{4}-\d{2}-\d{2}", "2026-03-01")]
Moment = Annotated[
    datetime,
    _written_as(r"\d{4}-\d{2}-\d{2}[T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?", "2026-03-01T08:00:00+03:00"),
]


class StoryFilters(Schema):
    section: str | None = Field(None, description="A section's slug")
    tag: str | None = Field(None, description="A tag's slug")
    author: str | None = Field(None, description="An author's slug")
    since: Day | None = Field(None, description="Published on or after this day")
    until: Day | None = Field(None, description="Published on or before this day")
    updated_since: Moment | None = Field(
        None, description="Saved since this time (to keep an app's copy in sync)"
    )


class StoryPages(CursorPagination):
    def __init__(self, **kwargs):
        super().__init__(ordering=("-published_at", "-id"), **kwargs)

    def after_page(self, request, results):
        tag_cards(request, results)


def tag_cards(request, stories):
    """A list of stories as the API draws them: each with its picture (as the site's cards),
    and the section and authors it names, so renaming one refreshes the lists."""
    edge.tag_cards(request, stories)
    for story in stories:
        edge.tag(request, f"s{story.section_id}", *story.authors.all())


def _live():
    return Article.objects.published().for_listing()


@router.get(
    "/articles",
    response={200: list[schemas.Story], **schemas.ERRORS},
    summary="Published stories, newest first",
)
@paginate(StoryPages)
def articles(request, filters: Query[StoryFilters], lang: schemas.Lang = "ar"):
    stories = _live()
    edge.tag(request, "latest")
    for name, field in (("section", "section"), ("tag", "tags"), ("author", "authors")):
        if slug := getattr(filters, name):  # empty: no filter
            thing = named(name, slug)
            stories = stories.filter(**{field: thing})
            edge.listing(request, thing)
    if filters.since:
        stories = stories.filter(published_at__gte=_day_start(bounded(filters.since)))
    if filters.until:
        stories = stories.filter(published_at__lt=_day_start(bounded(filters.until, 1)))
    if filters.updated_since:
        stories = stories.filter(modified_at__gte=moment(filters.updated_since))
    return stories.distinct() if filters.tag or filters.author else stories


def named(kind, slug):
    """The section, tag or author of that slug, or a 404 saying there is none."""
    model, missing = {
        "section": (Section, _("There is no such section.")),
        "tag": (Tag, _("There is no such tag.")),
        "author": (Author, _("There is no such author.")),
    }[kind]
    found = None if "\x00" in slug else model.objects.filter(slug=slug).first()
    if found is None:
        raise HttpError(404, missing)
    return found


def bounded(day, days_after=0):
    """The day, within the days the archive can hold (no story lies outside them, so the
    answer is the same; the database never sees a time it cannot hold)."""
    return min(max(day, FIRST_DAY), LAST_DAY) + timedelta(days=days_after)


def moment(when):
    """A time the database can compare: in the site's zone when none is given."""
    if not FIRST_DAY.year <= when.year <= LAST_DAY.year:
        return _day_start(bounded(when.date()))
    return timezone.make_aware(when) if timezone.is_naive(when) else when


@router.get(
    "/articles/{int:pk}",
    response={200: schemas.StoryDetail, **schemas.ERRORS},
    summary="One published story",
)
def article(request, pk: int, lang: schemas.Lang = "ar"):
    story = get_object_or_404(Article.objects.published().for_page(), pk=pk)
    images = inline_images(story.body)
    story.rendered_body = render_body(story.body, images)
    story.inline_images = [images[i] for i in image_ids(story.body) if i in images]
    edge.tag(request, story, story.section, story.lead_image, *story.authors.all())
    edge.tag(request, *story.tags.all(), *(f"i{pk}" for pk in images))
    edge.tag(request, edge.comments_key(story.pk))
    story.comments_open = comments_open_on_page(request, story)
    return story


@router.get(
    "/articles/{int:pk}/related",
    response={200: list[schemas.Story], **schemas.ERRORS},
    summary="The story's «شاهد أيضاً» box",
)
def related(request, pk: int, lang: schemas.Lang = "ar"):
    story = get_object_or_404(Article.objects.published(), pk=pk)
    picks = [s.pk for s in related_for(story)]
    stories = _live().in_bulk(picks)
    shown = [stories[pk] for pk in picks if pk in stories]
    edge.tag(request, story, edge.related_key(story.pk))
    tag_cards(request, shown)
    return shown


class SearchPages(CursorPagination):
    """Ranked ids are numbered (rank 1, 2…) so the cursor can stand on a rank."""

    def __init__(self, **kwargs):
        super().__init__(ordering=("rank",), **kwargs)

    def after_page(self, request, results):
        for story in results:
            story.snippet = snippets.best_snippet([story.body, story.standfirst], request.query)
        tag_cards(request, results)


class SearchFilters(Schema):
    q: str = Field(description="Words; «phrases» in quotes; -word leaves a word out")
    section: str | None = Field(None, description="A section's slug")
    since: Day | None = None
    until: Day | None = None
    order: Literal["relevance", "newest"] = "relevance"


@router.get(
    "/search",
    response={200: list[schemas.SearchResult], **schemas.ERRORS},
    summary="Search, as on the site: the same engine and order",
)
@paginate(SearchPages)
def find(request, filters: Query[SearchFilters], lang: schemas.Lang = "ar"):
    if filters.section:
        named("section", filters.section)  # an unknown one is a 404, as in the list
    days = {name: filters.dict()[name] for name in ("since", "until")}
    days = {name: bounded(day) for name, day in days.items() if day is not None}
    edge.tag(request, "search")
    if len(days) == 2 and days["since"] > days["until"]:
        return Article.objects.none().annotate(rank=Value(0))  # no day lies between, as in lists
    form = SearchForm({**filters.dict(), **days, "sort": filters.order})
    if not form.is_valid():
        raise HttpError(422, " ".join(m for errors in form.errors.values() for m in errors))
    data = form.cleaned_data
    request.query = search.parse(data["q"])
    found = search.find(
        request.query,
        language=get_language(),
        section=data["section"].pk if data["section"] else None,
        since=_day_start(data["since"]) if data["since"] else None,
        until=_day_start(data["until"] + timedelta(days=1)) if data["until"] else None,
        order=data["sort"] or "relevance",
    )[: search.RANK_WINDOW]
    if not found:
        return Article.objects.none().annotate(rank=Value(0))
    rank = Case(*(When(pk=pk, then=n) for n, pk in enumerate(found)), output_field=IntegerField())
    return Article.objects.filter(Q(pk__in=found)).for_listing().annotate(rank=rank)
