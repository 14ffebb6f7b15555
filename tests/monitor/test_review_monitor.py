"""The Monitoring page: its data (curator.review.monitor) after a real monitor run, and the page in a real browser
(`curator review` + headless Debian chromium: the series chart draws, runs and checks are listed)."""

from __future__ import annotations

import pytest

from curator.monitor.options import MonitorOptions
from curator.monitor.run import monitor
from curator.review import monitor as page
from curator.review.db import read
from tests.review.test_review_browser import CHROMIUM, CHROMIUM_ARGS, open_page, review_app

from .conftest import ingest_production, make_rows


@pytest.fixture
def monitored(ws, trained):
    ingest_production(ws, make_rows(120, "a", seed=7, day=0))
    ingest_production(ws, make_rows(120, "b", seed=8, day=1, extra_words=12))
    return monitor(ws, MonitorOptions(name="tickets", model=trained, embedding="tfidf"))


def test_page_data_is_the_series_per_window_and_check(ws, monitored):
    data = read(ws, page.monitoring)
    series = [s for s in data["series"] if s["check_name"] == "length"]
    assert [s["window_start"] for s in series] == ["2026-11-20 00:00", "2026-11-21 00:00"]
    assert [s["flagged"] for s in series] == [False, True]
    assert data["runs"][0]["run_id"] == monitored["run_id"] and data["runs"][0]["n_flagged"] == 1


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_monitoring_page_draws_the_series(ws, monitored):
    from playwright.sync_api import sync_playwright

    with review_app(ws.home) as (url, _), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        page_ = browser.new_page(viewport={"width": 1400, "height": 2600})
        page_.set_default_timeout(45_000)
        open_page(page_, url, "monitor", "Monitoring")
        chart = page_.locator("[data-testid='stVegaLiteChart']")
        chart.first.locator("canvas, svg").first.wait_for()
        assert chart.count() == 1
        assert page_.locator("[data-testid='stDataFrame']").count() >= 2  # runs, checks per window
        browser.close()
