"""End to end in a real browser: `curator review` serves the app, headless Debian chromium opens every page,
applies one override on the Samples page, and the test checks it reached the catalog. Screenshots are saved
under test-artifacts/review/.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from curator.catalog import connect

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts" / "review"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGES = {
    "": "Overview",
    "samples": "Samples",
    "duplicates": "Duplicates",
    "qa": "Annotation QA",
    "splits": "Splits",
    "models": "Models",
}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (make setup-system)"
    ),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"curator review exited with {proc.returncode}: {proc.stdout.read()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"review app not up at {url} after {timeout}s")


@contextmanager
def review_app(home: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """The real `curator review --port P` for the workspace at home on a free port; stopped (Ctrl-C, then kill)."""
    port = free_port()
    cmd = [
        sys.executable,
        "-c",
        "from curator.cli import main; main()",
        "--home",
        str(home),
        "review",
        "--port",
        str(port),
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, proc)
        yield url, proc
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture
def server(seeded):
    """The review app on the seeded workspace; its first line names its URL."""
    with review_app(seeded.home) as (url, proc):
        first_line = proc.stdout.readline()
        assert url in first_line, first_line
        yield url


@pytest.fixture
def browser_page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 2200})
        page.set_default_timeout(45_000)
        yield page
        browser.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


SETTLED = """() => !document.querySelector('[data-testid="stStatusWidget"] [data-testid="stSpinner"]')
    && document.querySelectorAll('[data-stale="true"], [data-testid="stSkeleton"]').length === 0
    && !!document.querySelector('[data-testid="stMainBlockContainer"] h1')"""


def open_page(page, url: str, path: str, title: str) -> None:
    """Go to a page and wait until the script run finished (no stale elements, no spinner)."""
    page.goto(f"{url}/{path}")
    page.get_by_role("heading", name=title, exact=True).first.wait_for()
    settle(page)
    assert page.locator("[data-testid='stException']").count() == 0, f"{path or 'home'}: exception on the page"
    assert page.get_by_text("Page not found").count() == 0, f"{path}: not found"


def settle(page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_function(SETTLED)
    page.wait_for_timeout(1000)  # charts draw after the script run ends


def test_every_page_opens_and_an_override_reaches_the_catalog(seeded, server, browser_page):
    page = browser_page
    for path, title in PAGES.items():
        open_page(page, server, path, title)
        shot(page, path or "overview")
    with connect(seeded, read_only=True) as con:
        sid = con.execute("SELECT sample_id FROM samples WHERE source_key = 't020'").fetchone()[0]
    open_page(page, server, f"samples?sample={sid}", "Samples")
    form = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Apply", exact=True))
    form.get_by_text("Drop", exact=True).click()
    form.get_by_label("Note (recorded as the reason)").fill("browser test: off-topic")
    form.get_by_role("button", name="Apply", exact=True).click()
    page.get_by_text("review drop: browser test: off-topic").first.wait_for()
    settle(page)
    shot(page, "samples_after_override")
    with connect(seeded, read_only=True) as con:
        status = con.execute("SELECT status, status_reason FROM samples WHERE sample_id = ?", [sid]).fetchone()
        review = con.execute("SELECT action, note FROM reviews WHERE sample_id = ?", [sid]).fetchone()
    assert status == ("dropped", "review drop: browser test: off-topic")
    assert review == ("drop", "browser test: off-topic")
