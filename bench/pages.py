"""`make bench`, the pages: the production set-up on this machine under load, measured with wrk.

Seeds a data set (the demo stories with their pictures and comments, and BENCH_STORIES more,
2,000 by default), starts gunicorn (one worker per core, DEBUG=0) with Varnish in front, then
drives wrk on loopback for BENCH_SECONDS (10) each, 50 connections, at:

- the article through Varnish (cached), and nginx serving the same bytes as a static file
  (the machine's ceiling), both asked as browsers ask (Accept-Encoding: gzip: Varnish sends the
  gzipped copy it keeps, nginx the same bytes precompressed), and again without gzip (Varnish
  then unzips each answer), and through Varnish with a new `fbclid` on each request (readers
  from a social network: the tag leaves the address at the edge);
- the article missing every cache (a new query string on each request, straight to the app);
- home, section, search and RSS through the app (its page cache in Redis in front of it).

Then an editor publishes a story and Varnish's home page is polled until it shows it, and
the 20 newest stories' cached pages are counted: only those whose related box it may enter
are purged. Prints requests/s and p50/p95/p99 for each, the ratios, the
gunicorn workers' memory, and writes the figures to bench/results/http-<database>-<time>.json.

SQLite by default (a new file); with DATABASE_URL=postgres://…, a database `newsportal_bench`
on that server, dropped and made anew. CACHE_URL defaults to redis://127.0.0.1:6379/5.
Needs wrk, nginx and Varnish (Debian: apt-get install wrk nginx varnish varnish-modules).
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECONDS = int(os.environ.get("BENCH_SECONDS", 10))
STORIES = int(os.environ.get("BENCH_STORIES", 2000))
CONNECTIONS = 50
APP, EDGE, STATIC = 8001, 8081, 8082
WORK = Path(tempfile.mkdtemp(prefix="newsportal-bench-"))
POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
DATABASE_URL = (
    os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/newsportal_bench"
    if POSTGRES
    else f"sqlite:///{WORK / 'bench.sqlite3'}"
)
ENVIRONMENT = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "newsportal.settings",
    "DEBUG": "0",
    "SECRET_KEY": "bench-" + uuid.uuid4().hex * 2,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DATABASE_URL": DATABASE_URL,
    "CACHE_URL": os.environ.get("CACHE_URL") or "redis://127.0.0.1:6379/5",
    "CACHE_KEY_PREFIX": f"bench-{uuid.uuid4().hex[:8]}",
    "VARNISH_URLS": f"http://127.0.0.1:{EDGE}",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "SECURE_HSTS_SECONDS": "0",
    "SECURE_PROXY_SSL_HEADER": "",
    "SERVE_MEDIA": "1",
    "MEDIA_ROOT": str(WORK / "media"),
    "STATIC_ROOT": str(WORK / "static"),
    "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    "LOG_LEVEL": "ERROR",
}
WRK_SCRIPT = """
local fresh = os.getenv("BENCH_FRESH") == "1"
local name = os.getenv("BENCH_PARAMETER") or "bench"
local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
local n = 0
request = function()
  if not fresh then return wrk.format(nil, wrk.path) end
  n = n + 1
  return wrk.format(nil, wrk.path .. sep .. name .. "=" .. n .. "-" .. math.random(1, 1000000000))
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, ' ..
    '"errors": %d, "non_2xx": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""
PREPARE = """
from django.db import transaction
from articles.models import Article, Section
from comments.models import Comment
story = (Article.objects.published().filter(lead_image__isnull=False)
         .order_by("-comment_count", "-published_at").first())
others = Article.objects.published().exclude(pk=story.pk).order_by("-published_at")[:20]
print(story.get_absolute_url(), story.section.get_absolute_url())
print(*(other.get_absolute_url() for other in others))
"""
PUBLISH = """
import time, urllib.request
from articles import publishing
from articles.models import Article, Section
from django.contrib.auth import get_user_model
from tests.factories import ArticleFactory
editor = get_user_model().objects.get(username="editor")
draft = ArticleFactory(section=Section.objects.first(), headline_ar="خبر عاجل للقياس",
                       slug="bench-breaking")
saved = time.perf_counter()
publishing.publish(draft, by=editor)
while b"bench-breaking" not in urllib.request.urlopen("http://127.0.0.1:%(edge)d/").read():
    time.sleep(0.01)
print(round((time.perf_counter() - saved) * 1000))
"""


def manage(*args, capture=False):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=ENVIRONMENT, check=True,
        capture_output=capture, text=True,
    )  # fmt: skip
    return result.stdout


def fresh_database():
    if POSTGRES:
        import psycopg

        with psycopg.connect(
            DATABASE_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True
        ) as connection:
            connection.execute('DROP DATABASE IF EXISTS "newsportal_bench" WITH (FORCE)')
            connection.execute('CREATE DATABASE "newsportal_bench"')
    manage("migrate", "--noinput", "-v", "0")
    manage("collectstatic", "--noinput", "-v", "0")
    fill = f"from bench.run import fill_articles; fill_articles({STORIES})"
    manage("shell", "-c", fill)
    manage("seed_demo", capture=True)
    manage("flush_view_counts")


def wait_for(port, path="/healthz"):
    for _ in range(200):
        try:
            return urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2).status
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing answers on port {port}")


def start():
    workers = int(os.environ.get("WEB_CONCURRENCY") or os.cpu_count() or 2)  # as make serve
    gunicorn = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "newsportal.wsgi", "--workers",
         str(workers), "--bind", f"127.0.0.1:{APP}", "--log-level", "warning"],
        cwd=ROOT, env=ENVIRONMENT, start_new_session=True,
    )  # fmt: skip
    wait_for(APP)
    varnish = subprocess.Popen(
        [sys.executable, "manage.py", "varnish", "--listen", f"127.0.0.1:{EDGE}",
         "--backend", f"127.0.0.1:{APP}"],
        cwd=ROOT, env=ENVIRONMENT, start_new_session=True,
    )  # fmt: skip
    wait_for(EDGE)
    return gunicorn, varnish, workers


def start_nginx(html, packed):
    """nginx serving the article as a file, and to a client that takes gzip the same
    compressed bytes Varnish keeps (gzip_static: nothing compressed per request)."""
    WORK.chmod(0o755)  # nginx's workers run as another user
    (WORK / "www").mkdir()
    (WORK / "www" / "article.html").write_bytes(html)
    (WORK / "www" / "article.html.gz").write_bytes(packed)
    conf = WORK / "nginx.conf"
    conf.write_text(f"""
worker_processes auto;
pid {WORK}/nginx.pid;
error_log {WORK}/nginx-error.log;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {WORK}/nginx-body;
  proxy_temp_path {WORK}/nginx-proxy;
  fastcgi_temp_path {WORK}/nginx-fastcgi;
  uwsgi_temp_path {WORK}/nginx-uwsgi;
  scgi_temp_path {WORK}/nginx-scgi;
  default_type text/html;
  server {{
    listen 127.0.0.1:{STATIC};
    root {WORK}/www;
    gzip_static on;
    location / {{ try_files /article.html =404; }}
  }}
}}
""")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    return subprocess.Popen(
        [nginx, "-c", str(conf), "-g", "daemon off;"], start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def load(port, path, fresh=False, gzip=False, parameter="bench"):
    """wrk at `path`; `fresh`: a new value of the query `parameter` on each request; `gzip`:
    asking as browsers do (Accept-Encoding: gzip)."""
    script = WORK / "report.lua"
    script.write_text(WRK_SCRIPT)
    asks = ["-H", "Accept-Encoding: gzip"] if gzip else []
    run = subprocess.run(
        ["wrk", "-t", "2", "-c", str(CONNECTIONS), "-d", f"{SECONDS}s", "--timeout", "10s",
         *asks, "-s", str(script), f"http://127.0.0.1:{port}{path}"],
        env={**os.environ, "BENCH_FRESH": "1" if fresh else "0", "BENCH_PARAMETER": parameter},
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    figures["per_second"] = round(figures["requests"] / figures["seconds"])
    return figures


def worker_memory(master):
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(status.split("VmRSS:")[1].split()[0]) / 1024)
    return round(max(sizes), 1)


def cache_state(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}") as response:
        return response.headers.get("X-Cache")


def main():
    for program in ("wrk", "nginx"):
        if not shutil.which(program) and not Path(f"/usr/sbin/{program}").exists():
            raise SystemExit(f"{program} is missing: apt-get install wrk nginx")
    database = "postgresql" if POSTGRES else "sqlite"
    print(f"== seeding {STORIES:,} stories and the demo content ({database})")
    fresh_database()
    *_output, stories, others = manage("shell", "-c", PREPARE, capture=True).splitlines()
    article, section = stories.split()
    others = others.split()
    gunicorn, varnish, workers = start()
    nginx = None
    try:
        warm = [(EDGE, article), (APP, "/"), (APP, section), *((EDGE, other) for other in others)]
        for port, path in warm:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}").read()  # warm the caches
        html = urllib.request.urlopen(f"http://127.0.0.1:{EDGE}{article}").read()
        gzipped = urllib.request.Request(
            f"http://127.0.0.1:{EDGE}{article}", headers={"Accept-Encoding": "gzip"}
        )
        packed = urllib.request.urlopen(gzipped).read()  # the bytes Varnish keeps
        nginx = start_nginx(html, packed)
        wait_for(STATIC, "/")
        runs = {
            "article via Varnish (cached)": load(EDGE, article, gzip=True),
            "article, nginx static file": load(STATIC, "/", gzip=True),
            "  the same, no gzip: Varnish": load(EDGE, article),
            "  the same, no gzip: nginx": load(STATIC, "/"),
            "  via Varnish, new fbclid each time": load(
                EDGE, article, fresh=True, gzip=True, parameter="fbclid"
            ),
            "article missing every cache (app)": load(APP, article, fresh=True),
            "home (app)": load(APP, "/"),
            "section (app)": load(APP, section),
            "search (app)": load(APP, "/search/?q=%D8%A7%D9%84%D9%83%D9%88%D9%8A%D8%AA"),
            "RSS (app)": load(APP, "/feed/"),
        }
        memory = worker_memory(gunicorn.pid)
        assert all(cache_state(EDGE, other) == "HIT" for other in others)
        visible_ms = int(manage("shell", "-c", PUBLISH % {"edge": EDGE}, capture=True).split()[-1])
        still_cached = sum(cache_state(EDGE, other) == "HIT" for other in others)
    finally:
        for process in (gunicorn, varnish, nginx):
            if process is not None:
                os.killpg(process.pid, 15)
                process.wait(20)
    print(f"\n{'':36} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for name, figures in runs.items():
        print(
            f"{name:36} {figures['per_second']:>8,} {figures['p50_ms']:>8.2f} "
            f"{figures['p95_ms']:>8.2f} {figures['p99_ms']:>8.2f} "
            f"{figures['errors'] + figures['non_2xx']:>7}"
        )
    ceiling = runs["article, nginx static file"]["per_second"]
    edge = runs["article via Varnish (cached)"]["per_second"]
    plain = runs["  the same, no gzip: Varnish"]["per_second"]
    plain_ceiling = runs["  the same, no gzip: nginx"]["per_second"]
    miss = runs["article missing every cache (app)"]["per_second"]
    summary = {
        "varnish_vs_nginx": round(edge / ceiling, 3),
        "varnish_vs_nginx_without_gzip": round(plain / plain_ceiling, 3),
        "miss_vs_wordpress_25": round(miss / 25, 1),
        "published_visible_through_varnish_ms": visible_ms,
        "newest_stories_still_cached": f"{still_cached}/{len(others)}",
        "largest_worker_mb": memory,
    }
    print(
        f"\nVarnish / nginx, asked as browsers ask (gzip): {summary['varnish_vs_nginx']:.0%} "
        f"(target ≥ 50 %); without gzip (Varnish unzips each answer): "
        f"{summary['varnish_vs_nginx_without_gzip']:.0%}\n"
        f"cache miss: {miss:,} req/s = {summary['miss_vs_wordpress_25']}× WordPress's 25 "
        f"(target ≥ 250 req/s)\npublished story on Varnish's home page {visible_ms} ms after "
        f"the save (target < 1000 ms); of the {len(others)} newest stories' cached pages, "
        f"{still_cached} stayed cached (the others' «شاهد أيضاً» boxes may show it now)\n"
        f"largest of {workers} gunicorn workers: {memory} MB (target ≤ 150 MB)"
    )
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    name = results / f"http-{database}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    name.write_text(
        json.dumps(
            {
                "database": database,
                "stories": STORIES,
                "seconds": SECONDS,
                "connections": CONNECTIONS,
                "workers": workers,
                "runs": runs,
                **summary,
            },
            indent=2,
            ensure_ascii=False,
        )  # fmt: skip
    )
    print(f"written to {name.relative_to(ROOT)}")
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
