"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsportal.settings")

application = get_asgi_application()

# Without a broker, beat's schedule runs in this process (newsportal/clock.py).
from newsportal import clock  # noqa: E402

clock.start_with_the_first_request()
