"""Posts → stories and pages → the site's pages, each in its own savepoint, through
`articles.publishing`; their comments through the comments app's receiver of `comments_found`.

published → published, future → scheduled, draft → draft, pending → in review; private →
draft and password-protected → unpublished (kept, never public, and listed in the summary);
trash, auto-drafts, revisions and menu items are skipped. Dates come from the GMT fields (the
site's local time when they are empty); sticky → featured; the excerpt → the standfirst; the
first category → the section (further ones become tags); the featured image → the lead image.
"""

import html
import logging
import re
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .. import publishing
from ..models import Article, Page, Section, Tag
from ..related import terms
from ..related.models import ArticleTerm
from . import content
from .addresses import key, new_address, query_key
from .models import Kind, LegacyAddress
from .signals import comments_found
from .wxr import checksum, decode_slug

logger = logging.getLogger(__name__)
Status = Article.Status
STATUSES = {
    "publish": Status.PUBLISHED,
    "future": Status.SCHEDULED,
    "draft": Status.DRAFT,
    "pending": Status.REVIEW,
    "private": Status.DRAFT,
}
SKIPPED_STATUSES = {
    "trash": gettext_noop("trashed"),
    "auto-draft": gettext_noop("auto-draft"),
    "inherit": gettext_noop("revision"),
}
HREF = re.compile(r'href="([^"]*)"')


def parse_date(item, name):
    """An aware datetime from `wp:post_date_gmt` (UTC), else `wp:post_date` in local time."""
    for field, zone in ((f"{name}_gmt", ZoneInfo("UTC")), (name, None)):
        value = item[f"wp:{field}"].strip()
        if value and not value.startswith("0000"):
            try:
                moment = datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
            except ValueError:
                continue
            return moment.replace(tzinfo=zone or ZoneInfo(settings.TIME_ZONE))
    return None


def plain(value, limit=None):
    text = html.unescape(strip_tags(value or "")).strip()
    return text[:limit] if limit else text


class PostImporter:
    def __init__(self, importer):
        self.importer = importer
        self.summary = importer.summary
        self.seen = set()
        self.links = []  # (article or page, wp id) whose bodies point at the old site
        self.unchanged = set()  # stories an earlier run brought in whole
        images_by_id, images_by_url = importer.images
        self.pictures = content.PictureFinder(images_by_id, images_by_url)

    # --- one item ------------------------------------------------------------------------

    def import_item(self, item):
        self._made = set()  # ids of what this item created, undone if it fails
        kind = item.post_type
        label = self.importer.label(item)
        if kind == "nav_menu_item":
            self.summary.skip("menu", _("navigation menu item"))
            return
        if kind not in ("post", "page"):
            self.summary.skip(Kind.POST, _("post type «%(type)s»") % {"type": kind or "?"})
            return
        if item.wp_id is None:
            self.summary.fail(kind, label, _("The item has no WordPress id."))
            return
        if (kind, item.wp_id) in self.seen:
            self.summary.fail(kind, label, _("Another item has the same WordPress id."))
            return
        self.seen.add((kind, item.wp_id))
        if item.status in SKIPPED_STATUSES:
            self.summary.skip(kind, _(SKIPPED_STATUSES[item.status]))
            self._skip_comments(item, _("comment on a skipped post"))
            return
        if item.status not in STATUSES:
            self.summary.skip(kind, _("status «%(status)s»") % {"status": item.status or "?"})
            self._skip_comments(item, _("comment on a skipped post"))
            return
        previous = self.importer.known(kind, item.wp_id)
        try:
            with transaction.atomic():
                if kind == "page":
                    self.import_page(item)
                else:
                    self.import_post(item)
        except ValidationError as error:
            self._failed(item, previous, "; ".join(error.messages))
        except Exception as error:  # one bad item never stops the run
            logger.exception("WordPress %s %s failed", kind, item.wp_id)
            self._failed(item, previous, f"{error.__class__.__name__}: {error}")

    def _failed(self, item, previous, reason):
        """The item's savepoint was rolled back: forget what it made, say why."""
        self.importer.forget(item.post_type, item.wp_id, previous)
        self.links = [obj for obj in self.links if obj.pk not in self._made]
        self.summary.article_ids -= self._made
        self.summary.fail(item.post_type, self.importer.label(item), reason[:300])

    def import_post(self, item):
        importer = self.importer
        # The pictures this run has count too: a second run with the uploads folder given
        # this time puts them into stories the first run brought in without.
        digest = checksum(item.fields, item.meta, item.terms, sorted(self.pictures.by_id))
        record = importer.known(Kind.POST, item.wp_id)
        article = Article.objects.filter(pk=record.object_id).first() if record else None
        if article is not None and record.checksum == digest:
            self._comments(item, article)
            self.summary.count(Kind.POST, "unchanged")
            self.unchanged.add(article.pk)
            return
        outcome = "updated" if article is not None else "imported"
        article = article or Article()
        was_live = bool(article.pk) and article.is_live
        self._fill(article, item)
        categories, tags = self._terms(item)
        authors = [
            author
            for login in [item["dc:creator"].strip()]
            if (author := importer.taxonomy.authors.get(login))
        ]
        article.section = categories[0] if categories else self._default_section()

        def relations():
            all_tags = tags + [self._tag_for(section) for section in categories[1:]]
            if outcome == "imported":  # nothing to replace: one insert each, no read
                tagging, writing = Article.tags.through, Article.authors.through
                tagging.objects.bulk_create(
                    tagging(article_id=article.pk, tag_id=tag.pk) for tag in dict.fromkeys(all_tags)
                )
                writing.objects.bulk_create(
                    writing(article_id=article.pk, author_id=author.pk) for author in authors
                )
            else:
                article.tags.set(all_tags)
                article.authors.set(authors)

        publishing.save_article(
            article,
            by=None,
            was_live=was_live,
            comment=_("Imported from WordPress")
            if outcome == "imported"
            else _("Updated from WordPress"),
            before_revision=relations,
            as_imported=True,
        )
        if outcome == "updated":
            # Its terms are of its old text until the run's end makes them anew; without any,
            # a run killed before then leaves it to the next one's `unfinished`.
            terms.forget_articles([article.pk])
        importer.remember(Kind.POST, item.wp_id, article, digest)
        self._made.add(article.pk)
        self._addresses(item, LegacyAddress.Target.ARTICLE, article, kind_query="p")
        self._comments(item, article, fresh=outcome == "imported")
        self.summary.count(Kind.POST, outcome)
        self.summary.article_ids.add(article.pk)
        self._notes(item, article)
        if importer.site in item["content:encoded"] or "?p=" in item["content:encoded"]:
            self.links.append(article)

    def _fill(self, article, item):
        summary = self.summary
        status = STATUSES[item.status]
        if item.status == "publish" and item["wp:post_password"].strip():
            status = Status.UNPUBLISHED  # behind a password in WordPress: never public here
        article.status = status
        article.headline_ar = plain(item["title"]) or _("Untitled (WordPress %(id)s)") % {
            "id": item.wp_id
        }
        article.slug = decode_slug(item["wp:post_name"])
        article.standfirst_ar = plain(item["excerpt:encoded"])
        missing = []
        article.body_ar = content.convert(
            item["content:encoded"], self.pictures, summary.removed_shortcodes, missing
        )
        if missing:
            summary.notes.append((self.importer.label(item), _(
                "pictures in the text not in the library, left out: %(files)s"
            ) % {"files": ", ".join(missing[:5])}))  # fmt: skip
        published_at = parse_date(item, "post_date")
        article.published_at = published_at if status in Article.LIVE_STATUSES else None
        if status == Status.UNPUBLISHED:
            article.published_at = published_at
        if status == Status.PUBLISHED and published_at and published_at > timezone.now():
            article.status = Status.SCHEDULED
        article.is_featured = item["wp:is_sticky"].strip() == "1"
        article.allows_comments = item["wp:comment_status"].strip() != "closed"
        thumbnail = (item.meta.get("_thumbnail_id") or [""])[0].strip()
        images_by_id = self.pictures.by_id
        article.lead_image = images_by_id.get(int(thumbnail)) if thumbnail.isdigit() else None

    def import_page(self, item):
        importer = self.importer
        self._skip_comments(item, _("comment on a page (pages take no comments here)"))
        if item.status != "publish" or item["wp:post_password"].strip():
            # The site's pages are all public: a page WordPress kept private stays behind.
            self.summary.skip(Kind.PAGE, _("page not public in WordPress"))
            return
        digest = checksum(item.fields, item.meta)
        record = importer.known(Kind.PAGE, item.wp_id)
        page = Page.objects.filter(pk=record.object_id).first() if record else None
        if page is not None and record.checksum == digest:
            self.summary.count(Kind.PAGE, "unchanged")
            return
        outcome = "updated" if page is not None else "imported"
        slug = decode_slug(item["wp:post_name"]) or f"page-{item.wp_id}"
        page = page or Page.objects.filter(slug=slug).first() or Page(slug=slug)
        page.title_ar = plain(item["title"], 200) or slug
        page.body_ar = content.convert(
            item["content:encoded"], self.pictures, self.summary.removed_shortcodes
        )
        page.position = int(item["wp:menu_order"] or 0) if item["wp:menu_order"].isdigit() else 0
        page.is_in_footer = True
        page.full_clean()
        page.save()
        importer.remember(Kind.PAGE, item.wp_id, page, digest)
        self.summary.count(Kind.PAGE, outcome)
        self._addresses(item, LegacyAddress.Target.PAGE, page, kind_query="page_id")
        if importer.site in item["content:encoded"]:
            self.links.append(page)

    # --- its parts -----------------------------------------------------------------------

    def _terms(self, item):
        taxonomy = self.importer.taxonomy
        categories, tags = [], []
        for domain, nicename, name in item.terms:
            slug = decode_slug(nicename)
            if domain == "category":
                section = taxonomy.sections.get(slug)
                if section is None and slug:
                    # Not in the export's list: made with the item (and undone with it).
                    section, _created = Section.objects.get_or_create(
                        slug=slug, defaults={"name_ar": plain(name) or slug, "is_in_menu": False}
                    )
                if section and section not in categories:
                    categories.append(section)
            elif domain == "post_tag" and slug:
                tag = taxonomy.tags.get(slug)
                if tag is None:
                    tag, _created = Tag.objects.get_or_create(
                        slug=slug, defaults={"name_ar": plain(name) or slug}
                    )
                tags.append(tag)
        return categories, tags

    def _tag_for(self, section):
        tag, _created = Tag.objects.get_or_create(
            slug=section.slug, defaults={"name_ar": section.name_ar}
        )
        return tag

    def _default_section(self):
        section, _created = Section.objects.get_or_create(
            slug="uncategorized", defaults={"name_ar": "غير مصنف", "is_in_menu": False}
        )
        return section

    def _notes(self, item, article):
        summary = self.summary
        label = self.importer.label(item)
        if item.status == "private":
            summary.notes.append((label, _("private in WordPress: imported as a draft")))
        elif article.status == Status.UNPUBLISHED and item["wp:post_password"].strip():
            summary.notes.append(
                (label, _("password-protected in WordPress: imported unpublished"))
            )
        image = article.lead_image
        if image is not None and not image.is_publishable:
            summary.notes.append(
                (label, _("its lead picture lacks alt text or a credit (admin filter)"))
            )

    def _addresses(self, item, target, obj, *, kind_query):
        addresses = self.importer.addresses
        addresses.add(f"/?{kind_query}={item.wp_id}", target, obj.pk)
        addresses.add_link(item["link"], target, obj.pk)
        link = item["link"].strip()
        for old_slug in item.meta.get("_wp_old_slug", []):
            old_slug = old_slug.strip()
            if old_slug and "?" not in link:
                base = link.rstrip("/").rsplit("/", 1)[0]
                addresses.add(f"{base}/{old_slug}", target, obj.pk)
        for attachment_id, page in self.importer.attachment_pages.get(item.wp_id, []):
            # A picture's page and id lead to the story it was published with.
            addresses.add(f"/?attachment_id={attachment_id}", target, obj.pk)
            addresses.add_link(page, target, obj.pk)

    def _skip_comments(self, item, reason):
        for _comment in item.comments:
            self.summary.skip(Kind.COMMENT, reason)

    def _comments(self, item, article, fresh=False):
        """`fresh`: the story is new here, so none of its comments are (even if an earlier
        import brought them to a story since deleted)."""
        if item.comments:
            comments_found.send(
                sender=PostImporter,
                importer=self.importer,
                article=article,
                comments=item.comments,
                fresh=fresh,
            )

    # --- after the last item -------------------------------------------------------------

    def rewrite_links(self):
        """Links between imported stories (permalink, `?p=ID`, old slug) now point here."""
        site = self.importer.site
        for obj in self.links:
            try:
                obj.refresh_from_db()
            except obj.DoesNotExist:
                continue

            def replace(match):
                url = html.unescape(match[1])
                if not url.startswith((site, site.replace("https://", "http://", 1), "/?")):
                    return match[0]
                parts = urlsplit(url)
                old = query_key(QueryDict(parts.query)) if parts.query else None
                found = new_address(old or key(parts.path))
                if found is None:
                    image = self.pictures.by_url.get(url.split("?")[0])
                    found = image.file.url if image else None
                return f'href="{html.escape(found)}"' if found else match[0]

            body = HREF.sub(replace, obj.body_ar)
            if body == obj.body_ar:
                continue
            obj.body_ar = body
            try:
                with transaction.atomic():
                    if isinstance(obj, Article):
                        publishing.save_article(
                            obj, by=None, was_live=obj.is_live, as_imported=True,
                            comment=_("Links to the old site now lead here"),
                        )  # fmt: skip
                    else:
                        obj.save()
            except Exception as error:  # the story stays as imported, its links old
                logger.exception("Rewriting the links of %r failed", obj)
                kind = Kind.POST if isinstance(obj, Article) else Kind.PAGE
                reason = _("its links to the old site were left as they were: %(error)s")
                self.summary.fail(kind, str(obj)[:60], reason % {"error": error})

    def unfinished(self):
        """Stories an earlier run brought in or changed but never finished (it stopped before
        the end): live, unchanged since, and without related stories' terms. They are
        announced with this run's, so their boxes and comment counts are made now."""
        ids = sorted(self.unchanged)
        found = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            indexed = set(
                ArticleTerm.objects.filter(article_id__in=chunk)
                .values_list("article_id", flat=True)
                .distinct()
            )
            live = Article.objects.filter(pk__in=chunk, status__in=Article.LIVE_STATUSES)
            found |= set(live.values_list("pk", flat=True)) - indexed
        return found
