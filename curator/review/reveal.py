"""A sample's raw zone values on request, logged: `curator explain SAMPLE --raw --reason TEXT`.

Default views (explain, the review app) show a text only once the PII stage scrubbed it and a record's metadata
only by field name. Revealing the raw text and the metadata values is an explicit action with a reason, logged
in `raw_text_views` (by curator.review.detail.reveal_raw_text, under the writer lock) before anything is read.
"""

from __future__ import annotations

import getpass
import json
from typing import Any

from curator.catalog import connect
from curator.review.detail import raw_text_state, reveal_raw_text
from curator.workspace import Workspace


def cli_viewer() -> str:
    """Who revealed, as the log records it for the CLI: `cli:<login name>`."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no login name for this uid
        return "cli"


def reveal_sample(ws: Workspace, sample_id: str, reason: str, viewer: str | None = None) -> dict[str, Any]:
    """The raw text (None when purged) and the metadata values of one sample; the reveal is logged first."""
    text = reveal_raw_text(ws, sample_id, viewer or cli_viewer(), reason)
    with connect(ws, read_only=True) as con:
        (meta,) = con.execute("SELECT metadata FROM samples WHERE sample_id = ?", [sample_id]).fetchone()
        state = raw_text_state(con, sample_id)
    return {
        "text": text,
        "metadata": json.loads(meta) if meta else {},
        "state": state["raw_state"],
        "note": state["raw_note"],
        "logged": True,
    }
