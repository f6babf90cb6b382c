"""Settings read from the environment."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load_settings(**env):
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import newsportal.settings as s; print(s.DATABASES['default']"
         "['ENGINE'], s.CACHES['default']['BACKEND'], s.DEBUG)"],
        cwd=ROOT, env=environment, capture_output=True, text=True,
    )  # fmt: skip


def test_production_without_secret_key_stops_with_a_clear_message():
    result = _load_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_database_and_cache_come_from_urls():
    result = _load_settings(
        DEBUG="0",
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://u@db:5432/news",
        CACHE_URL="redis://cache:6379/1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "newsportal.cache.ResilientRedisCache",  # Django's Redis backend, failing soft
        "False",
    ]


def test_embedded_defaults_need_no_service():
    result = _load_settings(DATABASE_URL="", CACHE_URL="")
    environment_free = _load_settings()
    assert environment_free.returncode == 0 or result.returncode == 0


def test_production_settings_pass_the_deploy_check():
    # DJANGO_ALLOW_ASYNC_UNSAFE belongs to the browser tests' harness, not to a deployment.
    harness = ("SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    environment = {k: v for k, v in os.environ.items() if k not in harness}
    environment.update(
        DEBUG="0",
        SECRET_KEY="a-long-random-secret-key-for-this-test-" * 2,
        ALLOWED_HOSTS="news.example.com",
        CACHE_URL="redis://127.0.0.1:6379/1",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=environment, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_probes_reach_the_health_check_over_plain_http():
    """Behind TLS everything else is redirected to https; the probes on the private network
    are not, and Varnish's probe names a host the app answers to."""
    environment = {k: v for k, v in os.environ.items() if k not in ("DEBUG",)}
    environment.update(
        DEBUG="0",
        SECRET_KEY="a-long-random-secret-key-for-this-test-" * 2,
        ALLOWED_HOSTS="news.example.com,.example.com",
        CACHE_URL="redis://127.0.0.1:6379/1",
        DATABASE_URL="",
    )
    script = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'newsportal.settings');"
        " django.setup(); from django.test import Client; from newsportal import varnish;"
        " c = Client(HTTP_HOST='news.example.com');"
        " print(c.get('/healthz').status_code, c.get('/').status_code);"
        " print([l.strip() for l in varnish.render_vcl('10.0.0.5:8000').splitlines()"
        " if 'Host:' in l or '.host' in l])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    statuses, vcl = result.stdout.splitlines()[-2:]
    assert statuses.split()[1] == "301"  # readers go to https
    assert statuses.split()[0] != "301"  # the probe answers (200, or 503 without its database)
    assert vcl == """['.host = "10.0.0.5";', '"Host: news.example.com"']"""


def test_check_warns_when_several_app_servers_keep_media_on_local_disk(settings):
    from django.core.checks import run_checks

    def warnings():
        return [message.id for message in run_checks() if message.id.startswith("newsportal")]

    assert warnings() == []  # one server: its own disk is fine
    settings.APP_SERVERS = 3
    assert warnings() == ["newsportal.W001"]
    settings.MEDIA_SHARED = True  # a shared mount
    assert warnings() == []


def test_prepared_statements_are_on_for_postgresql_unless_turned_off():
    script = (
        "import newsportal.settings as s; o = s.DATABASES['default'].get('OPTIONS', {});"
        " print(o.get('server_side_binding'), o.get('prepare_threshold'))"
    )
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    environment.update(
        DEBUG="0", SECRET_KEY="x" * 50, DATABASE_URL="postgres://u@db:5432/news",
        CACHE_URL="redis://cache:6379/1",
    )  # fmt: skip
    run = [sys.executable, "-c", script]
    on = subprocess.run(run, cwd=ROOT, env=environment, capture_output=True, text=True)
    assert on.stdout.split() == ["True", "2"], on.stderr
    environment["DATABASE_PREPARED_STATEMENTS"] = "0"
    off = subprocess.run(run, cwd=ROOT, env=environment, capture_output=True, text=True)
    assert off.stdout.split() == ["None", "None"], off.stderr


def test_the_sign_in_lockout_lasts_minutes_and_zero_means_until_an_editor_lifts_it():
    def lockout(minutes):
        return subprocess.run(
            [sys.executable, "-c", "import newsportal.settings as s; print(s.AXES_COOLOFF_TIME)"],
            cwd=ROOT, env={**os.environ, "LOGIN_LOCKOUT_MINUTES": minutes},
            capture_output=True, text=True,
        )  # fmt: skip

    assert lockout("30").stdout.strip() == "0:30:00"
    assert lockout("0").stdout.strip() == "None"  # django-axes: never expires by itself
    refused = lockout("-5")
    assert refused.returncode != 0 and "LOGIN_LOCKOUT_MINUTES" in refused.stderr


# How the site's code reads a variable: env.str("NAME", …), os.environ["NAME"],
# os.environ.get("NAME"), os.getenv("NAME"), "NAME" in env.
ENVIRONMENT_READ = re.compile(
    r'\benv(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]*)"'
    r'|\bos\.environ(?:\.get)?[\[(]\s*"([A-Z][A-Z0-9_]*)"'
    r'|\bos\.getenv\(\s*"([A-Z][A-Z0-9_]*)"'
    r'|"([A-Z][A-Z0-9_]*)" in (?:env|os\.environ)\b'
)


def test_every_variable_the_site_reads_is_in_the_readmes_table():
    read = {}
    for folder in ("newsportal", "articles", "comments"):
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" not in path.parts:
                for match in ENVIRONMENT_READ.finditer(path.read_text()):
                    read.setdefault(next(filter(None, match.groups())), path.relative_to(ROOT))
    readme = (ROOT / "README.md").read_text()
    rows = re.findall(r"^\| ((?:`[A-Z][A-Z0-9_]*`(?:, )?)+) \|", readme, re.MULTILINE)
    documented = {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", row)}
    assert len(read) > 60  # the pattern still finds the settings' variables
    assert {name: str(path) for name, path in read.items() if name not in documented} == {}
