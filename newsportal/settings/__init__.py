"""Settings for the news portal, read from the environment.

Every variable is documented in README.md. The defaults run the site on one machine with no
other service (SQLite, local-memory cache, console e-mail); production sets DATABASE_URL,
CACHE_URL, SECRET_KEY, ALLOWED_HOSTS and DEBUG=0. `framework.py` holds Django's and the
libraries' settings, `newsroom.py` the newsroom's own (images, the edge cache, comments, the
API, the audit log, background jobs).
"""

from .framework import *  # noqa: F403
from .newsroom import *  # noqa: F403
