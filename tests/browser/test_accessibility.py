"""axe-core finds no violations on every kind of public page, in both languages: WCAG 2.x A/AA
and axe's best-practice rules (unique landmark labels, one main, heading order…)."""

import os
from pathlib import Path

import pytest

from tests.showcase import PAGE_NAMES, build_showcase, public_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = Path(__file__).resolve().parents[2] / ".cache" / "axe-core" / "axe.min.js"


@pytest.fixture
def axe_path():
    if not AXE.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{AXE} is missing: `make axe` should have fetched axe-core from npm")
        pytest.skip("axe-core not installed (run `make axe`; needs npm)")
    return str(AXE)


@pytest.fixture
def site(db, settings):
    return build_showcase(settings)


@pytest.mark.parametrize("language", ["", "/en"])
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_no_axe_violations(live_server, browser, axe_path, site, name, language):
    url = public_pages(site)[name][0]
    # The site's CSP rightly refuses injected scripts; the audit context lets axe in.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(live_server.url + language + url)
    page.add_script_tag(path=axe_path)
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: "tag", values: [
                "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"
            ]}
        })"""
    )
    context.close()
    problems = [
        f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]
    assert problems == []
