"""WSGI entry point: `gunicorn newsportal.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsportal.settings")

application = get_wsgi_application()

# Without a broker, beat's schedule runs in this process (newsportal/clock.py).
from newsportal import clock  # noqa: E402

clock.start_with_the_first_request()
