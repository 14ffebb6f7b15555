"""`curator serve --log-inputs`: each request's texts appended to a JSONL file in the workspace's raw zone.

`<workspace>/data/production/<name>.jsonl` (0600, opened O_APPEND: lines are only ever added; one write per
request). A line is {"id", "text", "created_at", "model_id", "predicted", "score"}: `curator ingest FILE --source
production` takes it as it is (id → the sample id, created_at → the time; the other fields are metadata), so
production texts are curated and scrubbed like any other source. The file is raw text: docs/trust.md's raw-zone
rules apply (never sent anywhere; `curator purge-raw` leaves it to you: delete it once ingested).
"""

from __future__ import annotations

import os
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path

import orjson

from curator.workspace import Workspace


def log_path(ws: Workspace, name: str) -> Path:
    return ws.data_dir / "production" / f"{name}.jsonl"


class InputLog:
    """Appends request texts; one lock so concurrent requests never interleave their lines."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._lock = threading.Lock()

    def append(self, texts: list[str], model_id: str, preds: list[tuple[str, float]]) -> None:
        now = datetime.now(UTC).isoformat(timespec="milliseconds")
        request = uuid.uuid4().hex[:12]
        lines = b"".join(
            orjson.dumps(
                {
                    "id": f"{request}-{i}",
                    "text": text,
                    "created_at": now,
                    "model_id": model_id,
                    "predicted": label,
                    "score": round(score, 6),
                }
            )
            + b"\n"
            for i, (text, (label, score)) in enumerate(zip(texts, preds, strict=True))
        )
        with self._lock:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                os.write(fd, lines)
            finally:
                os.close(fd)
