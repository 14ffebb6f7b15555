"""Data is data in the review app: every page rendered in headless Chromium with payload ids, texts and reasons
that point at a loopback HTTP listener (Markdown images and links, HTML <img>, bare URLs). The listener must
receive no request, no link to it may appear, and `?sample=[x](…)` must come back as text, not a link.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from curator.catalog import connect
from curator.plain import WORD_JOINER
from curator.review.actions import apply_action
from curator.workspace import Workspace
from tests.review.conftest import seed_other_areas
from tests.review.test_review_browser import CHROMIUM, CHROMIUM_ARGS, PAGES, open_page, review_app, shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]


class Listener:
    """A loopback HTTP server (thread) that counts every request it gets."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        hits = self.hits

        class Handler(BaseHTTPRequestHandler):
            def _hit(self) -> None:
                hits.append(f"{self.command} {self.path}")
                self.send_response(204)
                self.end_headers()

            do_GET = do_HEAD = do_POST = _hit  # noqa: N815

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    lst = Listener()
    yield lst
    lst.close()


def payload_records(url: str) -> list[dict[str, str]]:
    """Payload ids sort first (seed_other_areas puts ids[1:4] in one duplicate cluster); 10 plain ones follow."""
    ids = [f"![t]({url}/md-id.png)", f'<img src="{url}/html-id.png">', f"[x]({url}/link-id)", f"{url}/autolink-id"]
    ids += [f"plain-{i:02d}" for i in range(10)]
    text = (
        f"Ticket about billing.\n\n![t]({url}/md-text.png)\n\n<img src={url}/html-text.png> [l]({url}/link-text) "
        f"{url}/autolink-text $x^2$ :red[red]"
    )
    labels = ("billing", "shipping", "technical")
    return [{"id": key, "text": f"{text} #{i}", "label": labels[i % 3]} for i, key in enumerate(ids)]


@pytest.fixture
def payload_ws(ws: Workspace, cli, tmp_path: Path, listener: Listener) -> Workspace:
    path = tmp_path / "inj.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in payload_records(listener.url)), encoding="utf-8")
    cli("ingest", str(path), "--source", "inj")
    ids = seed_other_areas(ws)
    apply_action(ws, [ids[0], ids[1]], "drop", f"![n]({listener.url}/md-note.png) <img src={listener.url}/n.png>")
    return ws


@pytest.fixture
def app_url(payload_ws: Workspace) -> Iterator[str]:
    """`curator review` on a free port for the payload workspace."""
    with review_app(payload_ws.home) as (url, _proc):
        yield url


def links_to(page, url: str) -> list[str]:
    """hrefs and srcs in the page that point at url."""
    return page.evaluate(
        "(u) => [...document.querySelectorAll('[href],[src]')].map(e => e.getAttribute('href') || "
        "e.getAttribute('src')).filter(v => v && v.includes(u))",
        url,
    )


def test_review_pages_fetch_nothing_and_link_nothing_from_payloads(payload_ws, app_url, listener):
    from playwright.sync_api import sync_playwright

    with connect(payload_ws, read_only=True) as con:
        sids = [r[0] for r in con.execute("SELECT sample_id FROM samples ORDER BY source_key LIMIT 4").fetchall()]
    reflect = f"[x]({listener.url}/reflect)"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 2200})
        page.set_default_timeout(45_000)
        visits = [(p, t) for p, t in PAGES.items()] + [(f"samples?sample={s}", "Samples") for s in sids]
        for path, title in visits:
            open_page(page, app_url, path, title)
            assert links_to(page, listener.url) == [], f"{path}: a payload became a link or an image"
        shot(page, "injection_sample_view")
        page.goto(f"{app_url}/samples?sample={reflect.replace('(', '%28').replace(')', '%29')}")
        error = page.get_by_text("no sample '[x](", exact=False).first
        error.wait_for()
        assert reflect in error.inner_text().replace(WORD_JOINER, "")  # shown literally (an invisible joiner in http)
        assert links_to(page, listener.url) == [], "the ?sample= value came back as a live link"
        shot(page, "injection_reflected_error")
        page.wait_for_timeout(1000)
        browser.close()
    assert listener.hits == [], f"the browser fetched payload URLs: {listener.hits}"
