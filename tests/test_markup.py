"""Every public page passes the Nu Html Checker (vnu-jar from npm, `make vnu`) with 0 errors,
in both languages, the branded error pages too.

Skipped with the reason where Java or the checker is missing; under CI=true they fail."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import RequestFactory

from newsportal import views as frame_views
from tests.showcase import build_showcase, public_pages

VNU = Path(__file__).resolve().parent.parent / ".cache" / "vnu" / "vnu.jar"


@pytest.fixture
def vnu():
    java = shutil.which("java")
    if not (VNU.exists() and java):
        reason = "the Nu Html Checker needs Java and `make vnu` (npm)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)

    def check(folder):
        result = subprocess.run(
            [java, "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html",
             str(folder)],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        messages = json.loads(result.stderr or '{"messages": []}')["messages"]
        return [
            f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']} "
            f"[{m.get('extract', '').strip()[:80]}]"
            for m in messages
        ]

    return check


def test_every_public_page_is_valid_html(client, db, settings, tmp_path, vnu):
    main = build_showcase(settings)
    pages = public_pages(main)
    for language in ("", "/en"):
        for name, (address, status) in pages.items():
            response = client.get(language + address)
            assert response.status_code == status, (language, name)
            slug = f"{language.strip('/') or 'ar'}-{name.replace(' ', '-').replace(',', '')}"
            (tmp_path / f"{slug}.html").write_bytes(response.content)
    request = RequestFactory().get("/")
    (tmp_path / "csrf-403.html").write_bytes(frame_views.csrf_failure(request).content)
    (tmp_path / "error-500.html").write_bytes(frame_views.server_error(request).content)
    try:
        raise OperationalError("the database is away")
    except OperationalError:
        (tmp_path / "outage-503.html").write_bytes(frame_views.server_error(request).content)
    assert len(list(tmp_path.glob("*.html"))) == 2 * len(pages) + 3
    problems = vnu(tmp_path)
    assert not problems, "\n".join(problems)
