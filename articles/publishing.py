"""The editorial workflow: who may move an article to which status, and what going live does.

draft → in review → scheduled / published → unpublished. Writers draft and submit; editors
(the `articles.publish_article` permission) schedule, publish, unpublish and send back.
The admin's form, its bulk actions and the management commands all call these functions.
"""

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from newsportal import audit, jobs
from newsportal.bulk import insert_objects

from .html import sanitize_translations
from .models import Article, Autosave
from .signals import article_published, article_unpublished, articles_imported
from .text import slugify_headline

Status = Article.Status
PUBLISH_PERMISSION = "articles.publish_article"


def can_edit(user, article):
    """Editors edit everything; writers only their own stories until an editor takes them live."""
    if not user.has_perm("articles.change_article"):
        return False
    if user.has_perm("articles.edit_any_article"):
        return True
    return article.created_by_id == user.pk and article.status in (Status.DRAFT, Status.REVIEW)


# Where a story may go from each status. Editors follow this graph; writers only move their
# own stories between draft and review.
TRANSITIONS = {
    Status.DRAFT: {Status.REVIEW, Status.SCHEDULED, Status.PUBLISHED},
    Status.REVIEW: {Status.DRAFT, Status.SCHEDULED, Status.PUBLISHED},
    Status.SCHEDULED: {Status.DRAFT, Status.REVIEW, Status.PUBLISHED, Status.UNPUBLISHED},
    Status.PUBLISHED: {Status.UNPUBLISHED},
    Status.UNPUBLISHED: {Status.DRAFT, Status.REVIEW, Status.SCHEDULED, Status.PUBLISHED},
}
WRITER_TRANSITIONS = {Status.DRAFT: {Status.REVIEW}, Status.REVIEW: {Status.DRAFT}}


def allowed_statuses(user, article):
    """The statuses `user` may put `article` in, its current one included."""
    current = article.status or Status.DRAFT
    graph = TRANSITIONS if user.has_perm(PUBLISH_PERMISSION) else WRITER_TRANSITIONS
    allowed = {current} | graph.get(current, set())
    return [status for status in Status.values if status in allowed]


def check_transition(user, article, new_status):
    if new_status not in allowed_statuses(user, article):
        raise PermissionDenied(
            _("You may not change this article from “%(old)s” to “%(new)s”.")
            % {"old": Status(article.status).label, "new": Status(new_status).label}
        )


def normalise_schedule(article, *, now=None):
    """A live status with a future time is a schedule; a live status needs a time."""
    now = now or timezone.now()
    if article.status in Article.LIVE_STATUSES:
        if article.published_at is None:
            article.published_at = now
        article.status = Status.SCHEDULED if article.published_at > now else Status.PUBLISHED


def save_article(
    article, *, by, was_live, comment="", before_revision=None, as_imported=False, restored=False
):
    """Validate and save in one transaction with a revision; going live or coming down runs
    its side effects after the commit. `before_revision` saves related rows (tags, authors)
    so that the revision records them too.

    `as_imported` (the WordPress import): the story comes in as it was, live or not, even when
    its pictures lack alt text or a credit (editors find those with the list's filter), and
    its going-live effects wait for `announce_import`, which runs them in bulk.

    A going live, a schedule, a coming down or a restore (`restored`) is recorded in the audit
    log in the same transaction."""
    normalise_schedule(article)
    loaded = (
        getattr(article, "_loaded_status", None),
        getattr(article, "_loaded_published_at", None),
    )
    was_new = article._state.adding
    if was_new and article.created_by_id is None and by is not None:
        article.created_by = by
    if as_imported:
        # Model.clean() holds only the picture rules; the fields are still checked, and the
        # database holds the constraints (an import fails the item on a breach).
        article.clean_fields()
    else:
        article.full_clean()
    # An import's new stories get their search documents in bulk at its end; a story it
    # changes, at once with the change (a run killed before its end leaves no old text
    # searched: the next run finds the story unchanged).
    article._search_later = as_imported and was_new
    # The revision is written once, with the tags and authors `before_revision` set (left to
    # itself, django-reversion serialises the story again at each save and relation change).
    # One transaction (joined, without a savepoint, when the caller has one: an import's item,
    # the admin's request), the revision inside it.
    with (
        transaction.atomic(savepoint=False),
        reversion.create_revision(manage_manually=True, atomic=False),
    ):
        article.save()
        if before_revision:
            before_revision()
        reversion.add_to_revision(article)
        reversion.set_user(by)
        if comment:
            reversion.set_comment(comment)
        if not as_imported:
            audit.story_saved(article, previous_status=loaded[0], previous_time=loaded[1],
                              was_live=was_live, by=by, restored=restored)  # fmt: skip
    article._loaded_status, article._loaded_published_at = article.status, article.published_at
    if not as_imported:
        schedule_side_effects(article, was_live=was_live)
    return article


def announce_import(article_ids):
    """After an import's commit: one signal for all its stories (related stories are built in
    bulk, not one neighbour refresh per story; cached pages are dropped once)."""
    ids = list(article_ids)
    transaction.on_commit(lambda: articles_imported.send(Article, article_ids=ids))


def bulk_prepare(articles):
    """A generated newsroom's stories (`manage.py seed_bulk`) made ready for `bulk_load`:
    each checked for its workflow rule (a live story has its time) and its body sanitised
    as `save()` would. Apart from the writing, so that a bulk writer does it before its
    transaction begins."""
    now = timezone.now()
    for article in articles:
        normalise_schedule(article, now=now)
        sanitize_translations(article, "body")
        article.slug = article.slug or slugify_headline(article.headline_ar or article.headline)
        article._bulk_ready = True
    return articles


def bulk_load(articles):
    """Those stories written at once, in one statement (prepared by `bulk_prepare` first when
    they were not). No revision, no audit entry and no going-live signal per story: the
    seeder builds related boxes and search documents in bulk and drops every cached page
    once, as an import does."""
    bulk_prepare([article for article in articles if not getattr(article, "_bulk_ready", False)])
    insert_objects(articles)
    return articles


def refresh_archive_statistics():
    """After a bulk load (`seed_bulk`, an import, once its stories are announced): the
    database's statistics of the tables it wrote."""
    from comments.models import Comment
    from newsportal.bulk import refresh_statistics

    from .related.models import ArticleTerm, RelatedStory

    links = (Article.tags.through, Article.authors.through)
    refresh_statistics([Article, *links, Comment, ArticleTerm, RelatedStory])


def save_edit(article, *, by, was_live, submit_for_review=False, before_revision=None):
    """Save a writer's or editor's edit of the whole story (the admin form); a writer's
    "save and submit for review" moves a draft to review in the same revision. The writer's
    autosave of the story is spent."""
    comment = ""
    if submit_for_review and article.status in (Status.DRAFT, Status.REVIEW):
        article.status = Status.REVIEW
        comment = _("Submitted for review")
    was_new = article._state.adding
    with transaction.atomic():
        save_article(
            article, by=by, was_live=was_live, comment=comment, before_revision=before_revision
        )
        # The form's save spends the writer's autosave (a bulk action or a restore does not:
        # it never had the form's text).
        Autosave.objects.discard(article=article, user=by, was_new=was_new)
    return article


def schedule_side_effects(article, *, was_live):
    """After the commit, tell listeners (caches, related stories) the story went live or down."""
    is_live = article.is_live
    if is_live:
        transaction.on_commit(lambda: article_published.send(Article, article=article))
    elif was_live:
        transaction.on_commit(lambda: article_unpublished.send(Article, article=article))


def transition(article, new_status, *, by, at=None, comment=""):
    """Move `article` to `new_status` on behalf of `by`, enforcing the permission matrix."""
    if not can_edit(by, article) and not by.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied(_("You may not edit this article."))
    check_transition(by, article, new_status)
    was_live = article.is_live
    article.status = new_status
    if at is not None:
        article.published_at = at
    if new_status == Status.PUBLISHED and article.published_at and not at and not was_live:
        # Publishing "now" a story whose old time lies in the future publishes it now.
        article.published_at = min(article.published_at, timezone.now())
    return save_article(article, by=by, was_live=was_live, comment=comment)


def submit_for_review(article, *, by):
    return transition(article, Status.REVIEW, by=by, comment=_("Submitted for review"))


def publish(article, *, by, at=None):
    status = Status.SCHEDULED if at and at > timezone.now() else Status.PUBLISHED
    return transition(article, status, by=by, at=at, comment=_("Published"))


def unpublish(article, *, by):
    return transition(article, Status.UNPUBLISHED, by=by, comment=_("Unpublished"))


def publish_due_articles(*, now=None):
    """Mark scheduled stories whose time has come as published and run their going-live
    effects. Readers already see them (see ArticleQuerySet.published); this catches up the
    caches and related stories. Called by `manage.py publish_scheduled` from a scheduler."""
    with jobs.alone("publish_due", seconds=300) as mine:  # beat, cron: never two at once
        return _publish_due(now) if mine else []


def _publish_due(now):
    now = now or timezone.now()
    published = []
    for article in Article.objects.due().filter(published_at__lte=now).order_by("published_at"):
        with transaction.atomic(), reversion.create_revision():
            article.status = Status.PUBLISHED
            article.save()
            reversion.set_comment(_("Published on schedule"))
            audit.record(article, audit.entry_model().Event.PUBLISHED,
                         changes={"status": [Status.SCHEDULED, Status.PUBLISHED]})  # fmt: skip
        transaction.on_commit(lambda a=article: article_published.send(Article, article=a))
        published.append(article)
    return published
