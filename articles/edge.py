"""Surrogate keys and exact purges, for the edge cache (Varnish, or a CDN) and the page cache.

Every public page names what it shows: `a12` (story 12, wherever it appears: its page, a card
in a list, a related-stories box, the breaking strip), `c12` (its comments: its page and its
numbered comment pages), `r12` (its related-stories box), `s3`, `t7`, `u2`, `p1` (section,
tag, author, about page, wherever named), `list-s3`, `list-t7`, `list-u2` (their lists of
stories), `i9` (a picture), and the lists `home`, `latest`, `archive`, `search`, `sitemap`,
`most-read`, `chrome` (the menu, footer and breaking strip on every page), the API's
directories `sections`, `tags`, `authors`, `api` (every API response), and `all`. The keys travel
as `xkey` (Varnish's xkey module), `Surrogate-Key` (Fastly) and `Cache-Tag` (Cloudflare);
Varnish strips them before the reader.

After the commit of a change, `purge(keys)` drops exactly the pages carrying those keys: on
every node of VARNISH_URLS (HTTP PURGE with an `xkey-purge` header, retried, logged, never
raised) and in the in-process page cache (articles/caching.py).
"""

import http.client
import logging
import time
from urllib.parse import urlsplit

from django.conf import settings

from newsportal import jobs
from newsportal.background import run_in_background

logger = logging.getLogger(__name__)

LIST_KEYS = ("home", "latest", "archive", "search", "sitemap")
PURGE_ATTEMPTS = 3
PURGE_BACKOFF_SECONDS = 0.5


def key_of(thing):
    """The key of a model instance (or a key given as a string)."""
    if isinstance(thing, str):
        return thing
    prefix = {"article": "a", "section": "s", "tag": "t", "author": "u", "page": "p", "image": "i"}
    return f"{prefix[thing._meta.model_name]}{thing.pk}"


def listing(request, thing):
    """A list of the stories of `thing` (a section, tag or author: its page, its feeds): its
    own key (its name is shown) and its list's, `list-s3`, which a story joining or leaving
    the list purges without touching every story page that merely names the section."""
    tag(request, thing, f"list-{key_of(thing)}")


def related_key(article_id):
    """The key of a story's «شاهد أيضاً» box, purged when a new story may enter it."""
    return f"r{article_id}"


def comments_key(article_id):
    """The key of a story's comments: its page and its numbered comment pages carry it."""
    return f"c{article_id}"


def expires(request, when):
    """Say that the page being drawn changes by itself at `when` (a datetime or timestamp):
    a breaking story leaving the strip. Caches keep the page no longer than that."""
    if request is None or when is None:
        return
    when = when.timestamp() if hasattr(when, "timestamp") else when
    current = request.__dict__.get("surrogate_expires_at")
    request.surrogate_expires_at = when if current is None else min(current, when)


def expires_at(request):
    return request.__dict__.get("surrogate_expires_at")


def tag(request, *things):
    """Say that the page being drawn for `request` shows `things` (instances or keys)."""
    if request is None:
        return
    keys = request.__dict__.setdefault("surrogate_keys", set())
    keys.update(key_of(thing) for thing in things if thing is not None)


def tag_cards(request, articles):
    """A list of story cards: each story and its picture."""
    for article in articles:
        tag(request, article)
        if article.lead_image_id:
            tag(request, f"i{article.lead_image_id}")


def tag_most_read(request, stories):
    tag(request, "most-read", *stories)
    return stories


def keys_of(request):
    return sorted(getattr(request, "surrogate_keys", ()))


def add_headers(response, keys):
    """Name the keys in the three dialects; only on responses a shared cache may keep."""
    if keys:
        response["xkey"] = " ".join(keys)
        response["Surrogate-Key"] = " ".join(keys)
        response["Cache-Tag"] = ",".join(keys)


def story_keys(article):
    """What a change to a live story touches besides the pages that show it already (those
    carry its own key): the lists it now belongs to."""
    keys = {key_of(article), f"list-s{article.section_id}", *LIST_KEYS}
    keys.update(f"list-t{pk}" for pk in article.tags.values_list("pk", flat=True))
    keys.update(f"list-u{pk}" for pk in article.authors.values_list("pk", flat=True))
    if article.is_breaking:
        keys.add("chrome")  # the breaking strip on every page
    return keys


def purge(keys, *, again=True):
    """Drop the pages carrying any of `keys`, everywhere. Call after the commit.

    With read replicas, a page drawn right after the purge may have read a replica that had
    not caught up yet: the purge is made again REPLICA_REPURGE_SECONDS later."""
    keys = sorted(set(keys))
    if not keys:
        return
    from .caching import forget_keys  # the page cache sits above this module
    from .tasks import purge_again, purge_edge

    forget_keys(keys)
    for node in settings.VARNISH_URLS:
        if settings.CELERY_BROKER_URL:
            jobs.send(purge_edge, node, keys)  # one attempt a time, retried by Celery
        else:
            run_in_background(purge_node, node, keys)  # retried here
    if again and settings.DATABASE_REPLICAS:
        jobs.send_later(settings.REPLICA_REPURGE_SECONDS, purge_again, keys)


def purge_once(node, keys):
    """One PURGE of one node (the Celery task retries it); no Varnish listening there is
    nothing to purge (one that starts again starts empty)."""
    try:
        status = _send_purge(node, keys)
    except ConnectionRefusedError:
        logger.warning("Varnish at %s is not running: nothing to purge there", node)
        return False
    if status != 200:
        raise OSError(f"Varnish at {node} answered {status}")
    return True


def purge_node(node, keys):
    """PURGE one Varnish node, retried with a growing pause; a last failure is logged.

    A refused connection is not retried: no Varnish listens there, and one that starts again
    starts empty, so there is nothing to purge (and a stopped node does not hold up the purges
    queued behind it)."""
    for attempt in range(1, PURGE_ATTEMPTS + 1):
        try:
            return purge_once(node, keys)
        except OSError as exc:
            error = str(exc)
        if attempt < PURGE_ATTEMPTS:
            time.sleep(PURGE_BACKOFF_SECONDS * 2 ** (attempt - 1))
    logger.error("Purging %s from %s failed %d times: %s", keys, node, PURGE_ATTEMPTS, error)
    return False


def _send_purge(node, keys):
    address = urlsplit(node)
    connection = http.client.HTTPConnection(address.hostname, address.port or 80, timeout=5)
    try:
        # Varnish's header limits: keys go in batches of a few hundred.
        for start in range(0, len(keys), 200):
            batch = " ".join(keys[start : start + 200])
            connection.request("PURGE", address.path or "/", headers={"xkey-purge": batch})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                return response.status
        return 200
    finally:
        connection.close()
