"""An e-mail backend for `make worker-check`: a slow mail server. Each message takes
SLOW_MAIL_SECONDS, announced by a `sending-*` file in MAIL_DIR first, then kept as a file."""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, messages):
        folder = Path(os.environ["MAIL_DIR"])
        for message in messages:
            name = uuid.uuid4().hex
            (folder / f"sending-{name}").write_text(message.body)
            time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "2")))
            (folder / f"sent-{name}").write_text(message.body)
        return len(messages)
