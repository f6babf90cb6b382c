"""The newsroom's own settings, read from the environment (newsportal/settings/)."""

from .framework import TIME_ZONE, env

# Upload limits for images (Pillow decompression-bomb guard and file size).
IMAGE_MAX_UPLOAD_BYTES = env.int("IMAGE_MAX_UPLOAD_BYTES", default=15 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=50_000_000)
# Originals larger than this on their long side are scaled down on upload (as WordPress does).
IMAGE_MAX_EDGE = env.int("IMAGE_MAX_EDGE", default=2560)
IMAGE_RENDITION_WIDTHS = env.list("IMAGE_RENDITION_WIDTHS", cast=int, default=[320, 640, 960, 1280])

# Anonymous readers' pages: browsers keep them PAGE_CACHE_SECONDS (0 turns page caching off);
# the page cache and the edge (Varnish, a CDN) keep them EDGE_CACHE_SECONDS, since every
# change purges exactly the pages it touches (articles/edge.py), and serve them stale up to
# EDGE_STALE_IF_ERROR_SECONDS while the app is failing.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60)
EDGE_CACHE_SECONDS = env.int("EDGE_CACHE_SECONDS", default=24 * 3600)
EDGE_STALE_IF_ERROR_SECONDS = env.int("EDGE_STALE_IF_ERROR_SECONDS", default=24 * 3600)
# The Varnish nodes purged after each change, e.g. http://127.0.0.1:8080,http://10.0.0.2:8080.
VARNISH_URLS = env.list("VARNISH_URLS", default=[])

# Breaking stories stay in the strip under the header this many hours after publication.
BREAKING_NEWS_HOURS = env.int("BREAKING_NEWS_HOURS", default=6)

# Signed preview links for unpublished articles expire after this many seconds.
PREVIEW_LINK_MAX_AGE = env.int("PREVIEW_LINK_MAX_AGE", default=60 * 60 * 24 * 2)

# The «شاهد أيضاً» box: overrides of articles/related/scoring.py's DEFAULTS, as JSON, e.g.
# RELATED_STORIES='{"COUNT": 6, "MIN_SCORE": 1.5}'.
RELATED_STORIES = env.json("RELATED_STORIES", default={})

# Readers' comments (see README.md, "Comments").
COMMENTS_MAX_LENGTH = env.int("COMMENTS_MAX_LENGTH", default=3000)
COMMENTS_MAX_LINKS = env.int("COMMENTS_MAX_LINKS", default=2)
COMMENTS_THREAD_DEPTH = env.int("COMMENTS_THREAD_DEPTH", default=3)
# Conversations drawn on the article page; older ones on numbered comment pages.
COMMENTS_PER_PAGE = max(1, env.int("COMMENTS_PER_PAGE", default=50))
COMMENTS_CLOSE_AFTER_DAYS = env.int("COMMENTS_CLOSE_AFTER_DAYS", default=30)
COMMENTS_AUTO_APPROVE_KNOWN = env.bool("COMMENTS_AUTO_APPROVE_KNOWN", default=False)
COMMENTS_FLOOD_SECONDS = env.int("COMMENTS_FLOOD_SECONDS", default=15)
COMMENTS_MODERATOR_EMAILS = env.list("COMMENTS_MODERATOR_EMAILS", default=[])
# Number of proxies in front of the app that append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if TRUSTED_PROXY_COUNT else ("REMOTE_ADDR",)
)

# The public API (/api/v1/, newsportal/api/): read-only JSON for the portal's apps, and comments
# posted under the form's rules. API_RATE_LIMIT requests per client address (read as the
# comments read it) in a period: s, m, h or d; API_CORS_ORIGINS the web origins allowed to call
# it from a browser (https://app.example.com,…); none by default.
API_RATE_LIMIT = env.str("API_RATE_LIMIT", default="300/m")
API_PAGE_SIZE = env.int("API_PAGE_SIZE", default=20)
API_MAX_PAGE_SIZE = env.int("API_MAX_PAGE_SIZE", default=100)
CORS_ALLOWED_ORIGINS = env.list("API_CORS_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS", "POST"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]

# The audit log (newsportal/audit.py, django-auditlog with the newsroom's events): entries
# older than AUDIT_LOG_DAYS are removed by `manage.py prune_audit_log`.
AUDIT_LOG_DAYS = env.int("AUDIT_LOG_DAYS", default=365)

# Background jobs (newsportal/celery.py, newsportal/jobs.py): with CELERY_BROKER_URL (Redis)
# they run on Celery workers, `celery -A newsportal worker` and `… beat` for the schedule;
# without one they run in the web process after the commit. A task is acknowledged only once
# done (a killed worker's task is delivered again after CELERY_VISIBILITY_TIMEOUT seconds).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Queueing happens after a request's commit: a broker that is away must not hold it up (the
# job then runs in the web process, newsportal/jobs.py).
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    # Workers look for such cut-off tasks this often (seconds).
    "unacked_restore_interval": env.int("CELERY_RESTORE_SECONDS", default=60),
    "unacked_restore_throttle": 1,
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "publish-scheduled": {"task": "articles.tasks.publish_due", "schedule": 60.0},
    "flush-view-counts": {"task": "articles.tasks.flush_views", "schedule": 60.0},
    "clear-old-autosaves": {"task": "articles.tasks.clear_old_autosaves", "schedule": 3600.0},
    "prune-audit-log": {"task": "newsportal.tasks.prune_audit_log", "schedule": 86400.0},
}
AUTOSAVE_KEEP_DAYS = env.int("AUTOSAVE_KEEP_DAYS", default=30)
