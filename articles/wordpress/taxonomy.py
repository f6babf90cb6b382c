"""Categories → sections, tags → tags, authors → author pages (and, with a flag, staff
accounts without a usable password in the writers group).

Sections are flat, as on a news portal's menu: a top-level category becomes a section in the
menu; a child category becomes a section of its own, out of the menu, listed after its parent
(its old address `/category/parent/child/` leads to it). A category no post uses comes in out
of the menu too.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from ..models import Author, Section, Tag
from ..roles import WRITERS
from .models import Kind, LegacyAddress
from .wxr import checksum, decode_slug, wp_int


@dataclass
class Taxonomy:
    sections: dict = field(default_factory=dict)  # nicename (decoded) → Section
    tags: dict = field(default_factory=dict)  # nicename (decoded) → Tag
    authors: dict = field(default_factory=dict)  # login → Author


def import_taxonomy(importer, channel):
    taxonomy = Taxonomy()
    summary = importer.summary
    used = importer.used_categories
    parents = {decode_slug(c.get("wp:category_nicename")): c for c in channel.categories}
    ordered = sorted(
        channel.categories,
        key=lambda c: (_root(c, parents), bool(c.get("wp:category_parent", "").strip())),
    )
    for position, record in enumerate(ordered, start=1):
        slug = decode_slug(record.get("wp:category_nicename"))
        if not slug:
            summary.fail(Kind.CATEGORY, record.get("wp:cat_name", "?"), "no slug")
            continue
        parent = decode_slug(record.get("wp:category_parent"))
        section, outcome = _upsert(
            importer,
            Kind.CATEGORY,
            wp_int(record.get("wp:term_id")) or position,
            checksum(record),
            lambda s=slug: Section.objects.filter(slug=s).first() or Section(slug=s),
            {
                "name_ar": record.get("wp:cat_name", "").strip() or slug,
                "description_ar": record.get("wp:category_description", "").strip(),
                "position": position,
                "is_in_menu": not parent and slug in used,
            },
        )
        summary.count(Kind.CATEGORY, outcome)
        taxonomy.sections[slug] = section
        path = f"/category/{parent}/{slug}" if parent else f"/category/{slug}"
        importer.addresses.add(path, LegacyAddress.Target.SECTION, section.pk)
        importer.addresses.add(f"{path}/feed", LegacyAddress.Target.SECTION_FEED, section.pk)
    for record in channel.tags:
        slug = decode_slug(record.get("wp:tag_slug"))
        if not slug:
            summary.fail(Kind.TAG, record.get("wp:tag_name", "?"), "no slug")
            continue
        tag, outcome = _upsert(
            importer,
            Kind.TAG,
            wp_int(record.get("wp:term_id")),
            checksum(record),
            lambda s=slug: Tag.objects.filter(slug=s).first() or Tag(slug=s),
            {"name_ar": record.get("wp:tag_name", "").strip() or slug},
        )
        summary.count(Kind.TAG, outcome)
        taxonomy.tags[slug] = tag
        importer.addresses.add(f"/tag/{slug}", LegacyAddress.Target.TAG, tag.pk)
        importer.addresses.add(f"/tag/{slug}/feed", LegacyAddress.Target.TAG_FEED, tag.pk)
    for record in channel.authors:
        login = record.get("wp:author_login", "").strip()
        slug = decode_slug(login.replace(".", "-").replace("_", "-"), max_length=150)
        if not slug:
            summary.fail(Kind.AUTHOR, login or "?", "no login")
            continue
        author, outcome = _upsert(
            importer,
            Kind.AUTHOR,
            wp_int(record.get("wp:author_id")),
            checksum(record),
            lambda s=slug: Author.objects.filter(slug=s).first() or Author(slug=s),
            {"name_ar": record.get("wp:author_display_name", "").strip() or login},
        )
        if importer.create_users and author.user_id is None:
            author.user = _staff_account(login, record)
            author.save()
        summary.count(Kind.AUTHOR, outcome)
        taxonomy.authors[login] = author
        importer.addresses.add(f"/author/{login}", LegacyAddress.Target.AUTHOR, author.pk)
    return taxonomy


def _root(record, parents, depth=0):
    """The slug of the top-level category above `record` (itself when it has no parent)."""
    parent = decode_slug(record.get("wp:category_parent"))
    if not parent or depth > 10 or parent not in parents:
        return decode_slug(record.get("wp:category_nicename"))
    return _root(parents[parent], parents, depth + 1)


def _upsert(importer, kind, wp_id, digest, find, values):
    """Create or update the object for a WordPress record; its outcome for the summary. A
    record without an id (older exports' tags) is found by its slug alone."""
    record = importer.known(kind, wp_id) if wp_id else None
    obj = None
    if record is not None:
        model = {Kind.CATEGORY: Section, Kind.TAG: Tag, Kind.AUTHOR: Author}[kind]
        obj = model.objects.filter(pk=record.object_id).first()
        if obj is not None and record.checksum == digest:
            return obj, "unchanged"
    outcome = "updated" if obj is not None else "imported"
    obj = obj or find()
    if obj.pk and record is None:
        outcome = "updated"  # a section of the same address already here: take it over
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save()
    if wp_id:
        importer.remember(kind, wp_id, obj, digest)
    return obj, outcome


def _staff_account(login, record):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=login[:150],
        defaults={
            "email": record.get("wp:author_email", "").strip()[:254],
            "first_name": record.get("wp:author_first_name", "").strip()[:150],
            "last_name": record.get("wp:author_last_name", "").strip()[:150],
            "is_staff": True,
        },
    )
    if created:
        user.set_unusable_password()  # they set one through "forgot password"
        user.save()
        user.groups.add(Group.objects.get(name=WRITERS))
    return user
