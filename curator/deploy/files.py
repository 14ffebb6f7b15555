"""A model folder's digest: what `train` records in `models.files_sha256` and `promote` checks again.

Every file under the folder counts (path and bytes), the card included except its `model_id` (a random search
renames the chosen trial's folder and rewrites that one field). `eval/` is left out: `curator evaluate` writes its
reports there after the model is registered.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from curator.train.card import CARD

EVAL_DIR = "eval"  # curator.train.evaluate's reports


def _card_bytes(path: Path) -> bytes:
    try:
        card = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return path.read_bytes()
    card.pop("model_id", None) if isinstance(card, dict) else None
    return json.dumps(card, sort_keys=True, default=str).encode()


def files_digest(folder: Path) -> str:
    """sha256 over every regular file under `folder` (relative path, size and content, in path order)."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if rel.startswith(EVAL_DIR + "/"):
            continue
        data = _card_bytes(path) if rel == CARD else path.read_bytes()
        h.update(f"{rel}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()
