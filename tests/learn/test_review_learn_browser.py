"""The Learning curves page in a real browser: `curator review` serves it, headless Debian chromium draws both
loops' curves (a Vega-Lite chart) and lists their points."""

from __future__ import annotations

import pytest

from tests.review.test_review_browser import CHROMIUM, CHROMIUM_ARGS, open_page, review_app

from .test_review_learn import seed_curves

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]


def test_learning_curves_page_draws_the_loops(ws):
    from playwright.sync_api import sync_playwright

    seed_curves(ws)
    with review_app(ws.home) as (url, _), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 2200})
        page.set_default_timeout(45_000)
        open_page(page, url, "learn", "Learning curves")
        chart = page.locator("[data-testid='stVegaLiteChart']")
        chart.first.locator("canvas, svg").first.wait_for()  # the chart component loads after the script run
        assert chart.count() == 1
        assert page.get_by_text("simulated annotators", exact=False).count() >= 1
        frames = page.locator("[data-testid='stDataFrame']")
        assert frames.count() == 2  # loops and points
        browser.close()
