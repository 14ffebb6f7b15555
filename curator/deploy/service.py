"""What `curator serve` serves: the model (loaded once), its registry facts, the limits, the token, the input log.

`load_service(ws, ref)` resolves NAME (the model promoted for that task name) or MODEL_ID (any registered model),
checks the folder still hashes to the digest train recorded, and loads the predictor once.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from curator.catalog import connect
from curator.deploy.files import files_digest
from curator.deploy.inputlog import InputLog, log_path
from curator.deploy.protocol import Limits
from curator.deploy.registry import model_folder, model_row, serving
from curator.errors import CuratorError
from curator.names import shown
from curator.train.predict import Predictor, load_predictor
from curator.workspace import Workspace


@dataclass
class Service:
    ws: Workspace
    name: str
    model_id: str
    model_version: str  # the first 12 hex digits of the model folder's digest
    predictor: Predictor
    row: dict[str, Any]
    limits: Limits = field(default_factory=Limits)
    token: str | None = None
    inputs: InputLog | None = None
    retrain_after: int | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def predict(self, texts: list[str]) -> list[tuple[str, float, dict[str, float]]]:
        """One batch: (label, score, scores per label) per text, in order."""
        with self.lock:
            proba = self.predictor.predict_proba(texts)
        labels = self.predictor.labels
        out = []
        for row in proba:
            best = int(row.argmax())
            scores = {lab: round(float(p), 6) for lab, p in zip(labels, row, strict=True)}
            out.append((labels[best], float(row[best]), scores))
        return out


def resolve_ref(ws: Workspace, ref: str | None) -> tuple[str, str, dict[str, Any]]:
    """(task name, model_id, registry row) of NAME, MODEL_ID, or (no ref) the only name with a promoted model."""
    with connect(ws, read_only=True) as con:
        if ref is None:
            names = [n for (n,) in con.execute("SELECT DISTINCT name FROM model_promotions ORDER BY 1").fetchall()]
            live = [n for n in names if serving(con, n)]
            if len(live) != 1:
                have = ", ".join(live) or "none"
                raise CuratorError(f"name what to serve: NAME or MODEL_ID (names with a promoted model: {have})")
            ref = live[0]
        if con.execute("SELECT 1 FROM models WHERE model_id = ?", [ref]).fetchone():
            row = model_row(con, ref)
            return row["name"], ref, row
        model_id = serving(con, ref)
        if model_id is None:
            raise CuratorError(
                f"no model serves {shown(ref)} and no model has that id: `curator models promote {ref}` first"
            )
        return ref, model_id, model_row(con, model_id)


def load_service(
    ws: Workspace,
    ref: str | None,
    limits: Limits | None = None,
    token: str | None = None,
    log_inputs: bool = False,
    retrain_after: int | None = None,
) -> Service:
    name, model_id, row = resolve_ref(ws, ref)
    folder = model_folder(ws, model_id)
    digest = files_digest(folder)
    with connect(ws, read_only=True) as con:
        (recorded,) = con.execute("SELECT files_sha256 FROM models WHERE model_id = ?", [model_id]).fetchone()
    if recorded is not None and recorded != digest:
        raise CuratorError(f"model {model_id}: its files no longer match what train recorded: refusing to serve it")
    return Service(
        ws=ws,
        name=name,
        model_id=model_id,
        model_version=digest[:12],
        predictor=load_predictor(folder),
        row=row,
        limits=limits or Limits(),
        token=token,
        inputs=InputLog(log_path(ws, name)) if log_inputs else None,
        retrain_after=retrain_after,
    )
