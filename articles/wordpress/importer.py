"""Moving a WordPress site in: three streaming passes over the export.

1. read the whole file once, writing nothing (a truncated or hostile file stops here, whole);
2. sections, tags and authors from the channel, then attachments into the image library;
3. posts and pages with their comments, each item in its own savepoint (one bad item never
   stops the run), then links between imported stories rewritten to their new addresses.

Every story is written through `articles.publishing`; the old site's addresses are recorded
for the redirects; a second run of the same site changes only what changed in WordPress.
"""

import itertools
import time
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import transaction
from django.utils.translation import gettext as _

from .. import publishing
from . import media, wxr
from .addresses import Addresses
from .models import ImportedItem
from .posts import PostImporter
from .taxonomy import import_taxonomy
from .wxr import decode_slug


@dataclass
class Summary:
    """What a run did: counts by kind and outcome, why items were skipped, what failed."""

    counts: Counter = field(default_factory=Counter)  # (kind, outcome) → n
    skipped: Counter = field(default_factory=Counter)  # reason → n
    removed_shortcodes: Counter = field(default_factory=Counter)
    failures: list = field(default_factory=list)  # (item, reason)
    notes: list = field(default_factory=list)  # (item, note) editors should look at
    article_ids: set = field(default_factory=set)
    seconds: dict = field(default_factory=dict)  # phase → time it took

    def count(self, kind, outcome, n=1):
        self.counts[(kind, outcome)] += n

    def skip(self, kind, reason):
        self.counts[(kind, "skipped")] += 1
        self.skipped[reason] += 1

    def fail(self, kind, label, reason):
        self.counts[(kind, "failed")] += 1
        self.failures.append((label, reason))


# Items are committed in batches (on SQLite each commit is a disk sync); an interrupted run
# keeps every batch before the one it was in, and the next run goes on from there.
COMMIT_EVERY = 200


def batched(iterable, size):
    iterator = iter(iterable)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


class Known(NamedTuple):
    object_id: int
    checksum: str


class DryRun(Exception):
    """Raised at the end of a dry run to roll everything back."""


class Importer:
    def __init__(
        self,
        path,
        *,
        media_dir=None,
        fetch_media=False,
        dry_run=False,
        site_url=None,
        create_users=False,
        progress=None,
    ):
        self.path = path
        self.media_dir = media_dir
        self.fetch_media = fetch_media
        self.dry_run = dry_run
        self.site_url = (site_url or "").rstrip("/")
        self.create_users = create_users
        self.progress = progress or (lambda total: _NoProgress())
        self.summary = Summary()
        self._known = None

    # --- the passes ----------------------------------------------------------------------

    def run(self):
        clock = time.perf_counter()
        channel, total = self.index()
        clock = self._lap("read", clock)
        site = self.site_url or channel.site_url
        if not site:
            raise wxr.ExportError(_("The export names no site address: give it with --site-url."))
        self.site = site
        self.addresses = Addresses(site)
        # A dry run happens in one transaction rolled back at the end; a real run commits as
        # it goes (see COMMIT_EVERY).
        try:
            with transaction.atomic() if self.dry_run else nullcontext():
                self.taxonomy = import_taxonomy(self, channel)
                bar = self.progress(total)
                self.images = self.import_attachments(bar)
                clock = self._lap("attachments", clock)
                posts = PostImporter(self)
                items = (i for i in wxr.read(self.path) if i.post_type != "attachment")
                for batch in batched(items, COMMIT_EVERY):
                    with transaction.atomic():  # each item in it has its own savepoint
                        for item in batch:
                            bar.update(1)
                            posts.import_item(item)
                posts.rewrite_links()
                bar.close()
                clock = self._lap("posts", clock)
                self.summary.article_ids |= posts.unfinished()
                publishing.announce_import(self.summary.article_ids)
                if not self.dry_run:
                    publishing.refresh_archive_statistics()  # the archive's new size
                clock = self._lap("related", clock)
                if self.dry_run:
                    raise DryRun
        except DryRun:
            pass
        return self.summary

    def _lap(self, phase, since):
        now = time.perf_counter()
        self.summary.seconds[phase] = now - since
        return now

    def index(self):
        """Pass 1: read everything, write nothing. Returns the channel and the item count."""
        channel = wxr.Channel()
        total = 0
        self.used_categories = set()  # sections with posts go in the menu
        for item in wxr.read(self.path, channel):
            total += 1
            if item.post_type == "post":
                self.used_categories.update(
                    decode_slug(nice) for domain, nice, _name in item.terms if domain == "category"
                )
        return channel, total

    def import_attachments(self, bar):
        """Pass 2: the image library. Returns the finder for pictures inside posts."""
        from .attachments import import_attachment

        by_wp_id, by_url = {}, {}
        self.attachment_pages = {}  # parent post's id → [(attachment id, attachment page)]
        for item in wxr.read(self.path):
            if item.post_type != "attachment":
                continue
            bar.update(1)
            parent = item["wp:post_parent"].strip()
            if parent.isdigit() and int(parent):
                self.attachment_pages.setdefault(int(parent), []).append((item.wp_id, item["link"]))
            image = import_attachment(self, item)
            if image is not None:
                by_wp_id[item.wp_id] = image
                url = item["wp:attachment_url"].strip()
                by_url[url] = image
                by_url[url.replace("https://", "http://", 1)] = image
        return by_wp_id, by_url

    # --- shared by the parts -------------------------------------------------------------

    def known(self, kind, wp_id):
        """What an earlier run made of this WordPress object: (object id, checksum) or None.
        Read once per run for the whole site (ids and checksums only)."""
        if self._known is None:
            self._known = {
                (row[0], row[1]): (row[2], row[3])
                for row in ImportedItem.objects.filter(site=self.site).values_list(
                    "kind", "wp_id", "object_id", "checksum"
                )
            }
        found = self._known.get((kind, wp_id))
        return Known(*found) if found else None

    def remember(self, kind, wp_id, obj, digest):
        previous = self.known(kind, wp_id)
        if previous is None:
            ImportedItem.objects.create(
                site=self.site, kind=kind, wp_id=wp_id, object_id=obj.pk, checksum=digest
            )
        elif tuple(previous) != (obj.pk, digest):
            ImportedItem.objects.filter(site=self.site, kind=kind, wp_id=wp_id).update(
                object_id=obj.pk, checksum=digest
            )
        self._known[(kind, wp_id)] = (obj.pk, digest)

    def remember_new(self, kind, objects, digests):
        """Record many objects first seen in this run ({WordPress id: object}, with each one's
        checksum in `digests`) in one insert."""
        ImportedItem.objects.bulk_create(
            ImportedItem(
                site=self.site, kind=kind, wp_id=wp_id, object_id=obj.pk, checksum=digests[wp_id]
            )
            for wp_id, obj in objects.items()
        )
        for wp_id, obj in objects.items():
            self._known[(kind, wp_id)] = (obj.pk, digests[wp_id])

    def forget(self, kind, wp_id, previous):
        """An item's savepoint was rolled back: what this run remembered of it is void."""
        if previous is None:
            self._known.pop((kind, wp_id), None)
        else:
            self._known[(kind, wp_id)] = tuple(previous)

    def label(self, item):
        title = (item["title"] or "").strip()[:60]
        return f"{item.post_type or 'item'} {item.wp_id or '?'}" + (f" «{title}»" if title else "")

    def media_file(self, item):
        if self.media_dir:
            try:
                return media.from_folder(item, self.media_dir)
            except media.MissingFile:
                if not self.fetch_media:
                    raise
        if self.fetch_media:
            return media.fetch(item, self.site, private=bool(self.site_url))
        raise media.MediaError(
            _("No uploads folder (--media-dir) nor --fetch-media was given: the file was not read.")
        )


class _NoProgress:
    def update(self, n):
        pass

    def close(self):
        pass
