"""`make load-faults`: 50 readers post comments to gunicorn + PostgreSQL for a bounded time
while one gunicorn worker is killed (SIGKILL) and replaced, then the database is compared
with what each reader was told:

- every post answered with success (the redirect back to the story) is stored exactly once;
- every post answered with a refusal (too fast, duplicate, ...) is not stored;
- no answer is a 500; posts cut off by the killed worker (no answer at all) are counted and
  stored at most once.

Exits non-zero when any of that fails. Needs PostgreSQL (LOAD_DATABASE_URL, by default the CI
server's postgres://postgres@127.0.0.1:5432/newsportal_faults, dropped and made anew) and Redis
(CACHE_URL, by default redis://127.0.0.1:6379/4).
"""

import http.client
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = int(os.environ.get("LOAD_CLIENTS", 50))
SECONDS = float(os.environ.get("LOAD_SECONDS", 20))
PORT = int(os.environ.get("LOAD_PORT", 8765))
WORKERS = 3
DATABASE_URL = os.environ.get(
    "LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsportal_faults"
)
ENVIRONMENT = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "newsportal.settings",
    "DEBUG": "0",
    "SECRET_KEY": "load-with-faults-" + "x" * 40,
    "ALLOWED_HOSTS": "127.0.0.1",
    "DATABASE_URL": DATABASE_URL,
    "CACHE_URL": os.environ.get("LOAD_CACHE_URL", "redis://127.0.0.1:6379/4"),
    "CACHE_KEY_PREFIX": f"faults-{uuid.uuid4().hex[:8]}",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "SECURE_HSTS_SECONDS": "0",
    "TRUSTED_PROXY_COUNT": "1",  # each reader has its own address (X-Forwarded-For)
    "COMMENTS_FLOOD_SECONDS": "2",
    "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    "LOG_LEVEL": "ERROR",  # refusals (400, 429) are expected by the thousand
    "STATIC_ROOT": "/tmp/newsportal-faults-static",
}


def manage(*args):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=ENVIRONMENT, check=True
    )  # fmt: skip


def prepare():
    """A fresh database with one published story open to comments; returns its id."""
    from bench import fresh_database

    fresh_database(DATABASE_URL)
    manage("migrate", "--noinput", "-v", "0")
    manage("collectstatic", "--noinput", "-v", "0")
    script = (
        "from tests.factories import ArticleFactory\n"
        "print(ArticleFactory(published=True, headline_ar='خبر تحت الضغط').pk)\n"
    )
    run = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT, env=ENVIRONMENT, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return int(run.stdout.split()[-1])


def start_gunicorn():
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"), "newsportal.wsgi",
            "--workers", str(WORKERS), "--bind", f"127.0.0.1:{PORT}",
            "--graceful-timeout", "5", "--log-level", "warning",
        ],
        cwd=ROOT, env=ENVIRONMENT, start_new_session=True,
    )  # fmt: skip
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def workers_of(master):
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def reader(number, article_id, stop, results):
    """One reader: posts one new comment after another, now and then the same one twice."""
    address = f"198.51.{number // 250}.{number % 250 + 1}"
    sent = 0
    while not stop.is_set():
        token = f"load-{number}-{sent}-{uuid.uuid4().hex[:6]}"
        body = urlencode(
            {"name": f"قارئ {number}", "email": f"r{number}@example.com", "text": f"تعليق {token}"}
        )
        for _attempt in range(2 if sent % 5 == 4 else 1):  # a double click now and then
            status = post(article_id, body, address)
            results.append((token, status))
        sent += 1


def post(article_id, body, address):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    try:
        connection.request(
            "POST",
            f"/article/{article_id}/comment/",
            body=body.encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"http://127.0.0.1:{PORT}",
                "X-Forwarded-For": address,
            },
        )
        response = connection.getresponse()
        return response.status
    except (OSError, http.client.HTTPException):
        return None  # cut off: the worker died under the request
    finally:
        connection.close()


def stored_texts(article_id):
    script = (
        "from comments.models import Comment\n"
        f"for text in Comment.objects.filter(article_id={article_id}).values_list('text', "
        "flat=True): print(text)\n"
    )
    run = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT, env=ENVIRONMENT, check=True, capture_output=True, text=True,
    )  # fmt: skip
    lines = run.stdout.splitlines()
    return Counter(line.removeprefix("تعليق ") for line in lines if line.startswith("تعليق "))


def main():
    article_id = prepare()
    server = start_gunicorn()
    results, stop = [], threading.Event()
    threads = [
        threading.Thread(target=reader, args=(n, article_id, stop, results)) for n in range(CLIENTS)
    ]
    try:
        started = time.monotonic()
        for thread in threads:
            thread.start()
        time.sleep(SECONDS / 3)
        victim = workers_of(server.pid)[0]
        os.kill(victim, signal.SIGKILL)
        killed_at = time.monotonic() - started
        time.sleep(2)
        replaced = len(workers_of(server.pid)) == WORKERS and victim not in workers_of(server.pid)
        time.sleep(max(0, SECONDS - (time.monotonic() - started)))
        stop.set()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(20)

    stored = stored_texts(article_id)
    by_status = Counter(status for _token, status in results)
    answers = {}
    for token, status in results:
        answers.setdefault(token, []).append(status)
    problems = []
    for token, statuses in answers.items():
        copies = stored.get(token, 0)
        if 302 in statuses and copies != 1:
            problems.append(f"{token}: told stored, found {copies} times")
        if 302 not in statuses and None not in statuses and copies:
            problems.append(f"{token}: refused ({statuses}) yet stored")
        if None in statuses and copies > 1:
            problems.append(f"{token}: cut off, stored {copies} times")
    errors = {status: n for status, n in by_status.items() if status and status >= 500}
    if errors:
        problems.append(f"server errors: {errors}")
    if not replaced:
        problems.append("the killed worker was not replaced")
    unexpected = set(stored) - set(answers)
    if unexpected:
        problems.append(f"{len(unexpected)} stored comments nobody sent: {sorted(unexpected)[:3]}")

    print(f"load with faults: {CLIENTS} clients, {elapsed:.1f} s, {WORKERS} gunicorn workers")
    print(f"  requests sent:       {len(results)}")
    print(f"  answers by status:   {dict(sorted(by_status.items(), key=str))}")
    print(f"  comments stored:     {sum(stored.values())} ({len(stored)} distinct)")
    print(f"  fault injected:      worker {victim} killed at {killed_at:.1f} s")
    print(f"  worker replaced:     {replaced}")
    cut_off = [token for token, statuses in answers.items() if None in statuses]
    print(
        f"  cut off (no answer): {len(cut_off)} posts, of which stored: "
        f"{sum(1 for token in cut_off if stored.get(token))}"
    )
    if problems:
        print("FAILED:\n  " + "\n  ".join(problems[:20]))
        sys.exit(1)
    print("OK: every success stored exactly once, every refusal stored nothing, no 500")


if __name__ == "__main__":
    main()
