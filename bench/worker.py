"""`make worker-check`: background jobs on a real Celery worker and Redis, with a worker killed
mid-task.

Comments are posted (each queues the moderators' mail after its commit); a worker starts
with a slow mail server (bench/slowmail.py) and is killed (SIGKILL, the whole worker) while
it sends; a second worker starts. Late acknowledgement brings the cut task back after the
visibility timeout: every comment's mail must arrive, and exactly once (the task marks a mail
sent only after sending, and skips one marked).

Needs PostgreSQL (WORKER_DATABASE_URL, by default postgres://postgres@127.0.0.1:5432/
newsportal_worker, dropped and made anew) and Redis (broker db 6, cache db 7).
"""

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from bench import fresh_database

ROOT = Path(__file__).resolve().parent.parent
COMMENTS = 6
DATABASE_URL = os.environ.get(
    "WORKER_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsportal_worker"
)
MAIL_DIR = tempfile.mkdtemp(prefix="newsportal-mail-")
ENVIRONMENT = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "newsportal.settings",
    "DATABASE_URL": DATABASE_URL,
    "CACHE_URL": "redis://127.0.0.1:6379/7",
    "CACHE_KEY_PREFIX": f"worker-{uuid.uuid4().hex[:8]}",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/6",
    "CELERY_VISIBILITY_TIMEOUT": "5",
    "CELERY_RESTORE_SECONDS": "1",
    "EMAIL_BACKEND": "bench.slowmail.EmailBackend",
    "MAIL_DIR": MAIL_DIR,
    "SLOW_MAIL_SECONDS": "2",
    "LOG_LEVEL": "WARNING",
}
os.environ.update(ENVIRONMENT)


def worker(name):
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "newsportal", "worker", "--concurrency=1",
         f"--hostname={name}@%h", "--without-gossip", "--without-mingle", "--loglevel=WARNING"],
        cwd=ROOT, env=ENVIRONMENT, start_new_session=True,
    )  # fmt: skip


def files(prefix):
    return sorted(Path(MAIL_DIR).glob(f"{prefix}-*"))


def wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def main():
    import redis

    redis.Redis.from_url(ENVIRONMENT["CELERY_BROKER_URL"]).flushdb()
    fresh_database(DATABASE_URL)
    import django

    django.setup()
    from django.core.management import call_command

    from articles.roles import MODERATORS
    from comments import moderation
    from tests.factories import ArticleFactory, UserFactory

    call_command("migrate", verbosity=0)
    UserFactory(username="night-moderator", email="mod@example.com", role=MODERATORS)
    story = ArticleFactory(published=True)
    for n in range(COMMENTS):  # each commits, then queues its mail on the broker
        moderation.post_comment(
            story, name=f"قارئ {n}", email=f"r{n}@example.com", url="", text=f"comment-{n}",
            parent=None, ip_address="192.0.2.1", user_agent="check",
        )  # fmt: skip
    print(f"{COMMENTS} comments posted; their mails are queued")

    first = worker("first")
    if not wait_for(lambda: files("sending"), 60):
        first.kill()
        sys.exit("the first worker never started a task")
    os.killpg(first.pid, signal.SIGKILL)  # mid-send: the task is neither done nor acknowledged
    first.wait()
    cut = len(files("sending")) - len(files("sent"))
    print(f"first worker killed while sending ({cut} mail cut off, {len(files('sent'))} sent)")

    second = worker("second")
    try:
        everything = wait_for(lambda: len(files("sent")) >= COMMENTS, 90)
        time.sleep(6)  # room for a wrongly repeated task to show
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(30)
    bodies = [path.read_text() for path in files("sent")]
    counts = {n: sum(f"comment-{n}" in body for body in bodies) for n in range(COMMENTS)}
    print(f"mails sent per comment: {counts}")
    if not everything or set(counts.values()) != {1} or cut < 1:
        sys.exit("worker check FAILED: every comment's mail must arrive exactly once")
    print("worker: no task lost to the killed worker, none done twice")


if __name__ == "__main__":
    main()
