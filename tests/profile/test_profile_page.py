"""The review app's Profile page in a real browser: the newest profile's figures and a rule's threshold chart."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("review_browser", ROOT / "tests" / "review" / "test_review_browser.py")
browser = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(browser)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not browser.CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]


def test_profile_page_shows_the_stored_profile(cli, ws, tmp_path, corpus):
    from playwright.sync_api import sync_playwright

    texts = [r["text"] for r in corpus.records("technical", limit=60)]
    cli("ingest", str(corpus.write(tmp_path / "tech.jsonl", texts)), "--source", "tech")
    run_id = cli("profile", "--json").output.split('"run_id": "')[1].split('"')[0]
    with browser.review_app(ws.home) as (url, _proc), sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(browser.CHROMIUM), headless=True, args=browser.CHROMIUM_ARGS)
        page = chromium.new_page(viewport={"width": 1400, "height": 2200})
        page.set_default_timeout(45_000)
        browser.open_page(page, url, "profile", "Profile")
        page.get_by_role("heading", name="Each rule alone").wait_for()
        page.get_by_test_id("stVegaLiteChart").first.wait_for()
        assert page.get_by_text(f"run {run_id}").count() >= 1
        assert page.get_by_text("would pick technical").count() == 1
        browser.shot(page, "profile")
        assert page.get_by_test_id("stVegaLiteChart").count() == 2  # histogram and drop share of the first rule
        chromium.close()
