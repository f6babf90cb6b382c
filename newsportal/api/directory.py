"""Sections (in the menu's order), tags and authors, each with its address on the site."""

from ninja import Router
from ninja.pagination import paginate

from articles import edge
from articles.models import Author, Section, Tag

from . import schemas
from .paging import CursorPagination

router = Router(tags=["directory"])


class NamedPages(CursorPagination):
    def __init__(self, **kwargs):
        super().__init__(ordering=("id",), **kwargs)

    def after_page(self, request, results):
        edge.tag(request, *results, *(getattr(thing, "photo", None) for thing in results))


@router.get(
    "/sections",
    response={200: list[schemas.Section], **schemas.ERRORS},
    summary="Every section, in menu order",
)
def sections(request, lang: schemas.Lang = "ar"):
    found = list(Section.objects.order_by("position", "pk"))
    edge.tag(request, "sections", *found)
    return found


@router.get(
    "/tags", response={200: list[schemas.Tag], **schemas.ERRORS}, summary="Tags, oldest first"
)
@paginate(NamedPages)
def tags(request, lang: schemas.Lang = "ar"):
    edge.tag(request, "tags")
    return Tag.objects.all()


@router.get(
    "/authors",
    response={200: list[schemas.Author], **schemas.ERRORS},
    summary="Authors, oldest first",
)
@paginate(NamedPages)
def authors(request, lang: schemas.Lang = "ar"):
    edge.tag(request, "authors")
    return Author.objects.select_related("photo")
