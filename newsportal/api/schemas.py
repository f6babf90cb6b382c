"""What the API returns: the public fields of stories, pictures, sections, tags, authors and
approved comments. Never a commenter's email or address, never a draft's anything.

Addresses are absolute (the apps have no page to resolve them against); `request` comes in
the serialisation context."""

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

# ?lang: Arabic (the default, and the fallback of untranslated fields) or English.
Lang = Literal["ar", "en"]


def absolute(context, address):
    return context["request"].build_absolute_uri(address)


class Rendition(Schema):
    width: int
    webp: str = Field(description="WebP at this width")
    fallback: str = Field(description="JPEG (PNG when transparent) at this width")


class Picture(Schema):
    id: int
    url: str = Field(description="The original, re-encoded without metadata")
    width: int
    height: int
    alt: str
    caption: str
    credit: str
    renditions: list[Rendition]

    @staticmethod
    def resolve_url(image, context):
        return absolute(context, image.file.url)

    @staticmethod
    def resolve_renditions(image, context):
        url = image.file.storage.url
        return [
            {
                "width": r["width"],
                "webp": absolute(context, url(r["webp"])),
                "fallback": absolute(context, url(r["fallback"])),
            }
            for r in image.renditions
        ]


class Named(Schema):
    """A section, tag or author as a story names it."""

    id: int
    name: str
    slug: str
    url: str

    @staticmethod
    def resolve_url(thing, context):
        return absolute(context, thing.get_absolute_url())


class Section(Named):
    description: str


class Tag(Named):
    pass


class Author(Named):
    bio: str
    photo: Picture | None


class Correction(Schema):
    kind: str = Field(description="update or correction")
    note: str
    created_at: datetime


class Story(Schema):
    """A story in a list."""

    id: int
    headline: str
    standfirst: str
    url: str = Field(description="The canonical address of the story's page")
    section: Named
    authors: list[Named]
    lead_image: Picture | None
    is_breaking: bool
    published_at: datetime
    updated_at: datetime | None = Field(description="The last update shown to readers")

    @staticmethod
    def resolve_url(article, context):
        return absolute(context, article.get_absolute_url())

    @staticmethod
    def resolve_authors(article):
        return list(article.authors.all())


class StoryDetail(Story):
    comment_count: int = Field(description="Approved comments")
    body: str = Field(description="Sanitised HTML; pictures drawn as <figure> with renditions")
    images: list[Picture] = Field(description="The library pictures inside the body, in order")
    tags: list[Tag]
    corrections: list[Correction]
    comments_open: bool

    @staticmethod
    def resolve_body(article):
        return str(article.rendered_body)

    @staticmethod
    def resolve_images(article):
        return article.inline_images

    @staticmethod
    def resolve_tags(article):
        return list(article.tags.all())

    @staticmethod
    def resolve_corrections(article):
        return list(article.change_notes.all())


class SearchResult(Story):
    snippet: str = Field(description="Plain text around the words found")


class Comment(Schema):
    id: int
    parent: int | None = Field(description="The comment this one answers")
    name: str
    website: str
    text: str
    created_at: datetime
    replies: list["Comment"] = []

    @staticmethod
    def resolve_parent(comment):
        return comment.parent_id

    @staticmethod
    def resolve_replies(comment):
        return getattr(comment, "answers", [])

    @staticmethod
    def resolve_website(comment):
        return comment.url


class NewComment(Schema):
    # Lengths and forms are checked by the comment form, with its messages in the reader's
    # language (a 400 with `errors`), as for the form on the page.
    name: str = Field(max_length=80)
    email: str = Field(
        max_length=254,
        description="Kept for the moderators, never shown",
        json_schema_extra={"format": "email"},
    )
    website: str = Field("", max_length=200)
    text: str
    parent: int | None = Field(None, description="The id of the approved comment answered")


class Posted(Schema):
    id: int
    status: str = Field(description="pending (held for moderation) or approved")
    message: str
    url: str | None = Field(description="Where it is shown, once approved")


class Error(Schema):
    message: str
    errors: dict[str, list[str]] = {}


# What any read can answer besides 200: no such thing, a bad parameter, too many requests.
ERRORS = {404: Error, 422: Error, 429: Error}
