"""What production is compared with: the monitored model (the one promoted for NAME, or --model) and its training
split — the train part's languages, lengths and label prior, and the model's confidence on the held-out parts
(val + test: training rows would make the baseline look more confident than any new data)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import duckdb
import numpy as np

from curator.catalog import connect
from curator.errors import CuratorError
from curator.names import shown
from curator.train.data import Part, load_part, resolve_split
from curator.train.predict import Predictor, load_predictor, resolve_model
from curator.workspace import Workspace


@dataclass
class Reference:
    model_id: str
    model_from: str  # promoted | --model
    split_name: str
    split_version: str
    languages: Counter[str]
    lengths: np.ndarray
    prior: Counter[str]
    confidence: np.ndarray
    test_macro_f1: float | None
    texts: list[str] = field(default_factory=list)  # a seeded sample of train texts, for embedding drift


def monitored_model(ws: Workspace, name: str, model: str | None) -> tuple[str, str]:
    """(model_id, how it was chosen): --model when given, else the model the registry promoted for `name`."""
    if model is not None:
        return resolve_model(ws, model).name, "--model"
    with connect(ws, read_only=True) as con:
        served = _serving(con, name)
    if served is None:
        raise CuratorError(
            f"no model serves {shown(name)}: promote one (`curator models promote {shown(name)}`) or give --model"
        )
    return served, "promoted"


def _serving(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    try:
        from curator.deploy.registry import serving
    except ImportError:  # the registry (issue 19, part 1) is not installed
        return None
    has = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'model_promotions'").fetchone()[0]
    return serving(con, name) if has else None


def load_reference(ws: Workspace, predictor: Predictor, model_from: str, sample: int, seed: int) -> Reference:
    """The reference figures of `predictor`'s training split (a seeded `sample` of the held-out rows predicted)."""
    split_info = predictor.card.get("split") or {}
    if not split_info.get("name"):
        raise CuratorError(f"model {shown(predictor.model_id)}: its card names no training split to compare with")
    split = resolve_split(ws, "{name}@{version}".format(**split_info))
    train = load_part(split, "train")
    held = _held_out(split).subsample(sample, seed)
    if len(held) < 10:  # too few held-out rows for a baseline: the train part's confidence (optimistic)
        held = train.subsample(sample, seed)
    confidence = predictor.predict_proba(held.texts).max(axis=1) if len(held) else np.zeros(0)
    return Reference(
        model_id=predictor.model_id,
        model_from=model_from,
        split_name=split.name,
        split_version=split.version,
        languages=_languages(ws, train.sample_ids),
        lengths=np.array([len(t) for t in train.texts], dtype=np.float64),
        prior=Counter(train.labels),
        confidence=np.asarray(confidence, dtype=np.float64),
        test_macro_f1=_test_f1(ws, predictor.model_id),
        texts=train.subsample(sample, seed + 1).texts,
    )


def _held_out(split: Any) -> Part:
    parts = [load_part(split, p) for p in ("val", "test")]
    return Part(*([x for p in parts for x in getattr(p, col)] for col in ("sample_ids", "texts", "labels")))


def _languages(ws: Workspace, sample_ids: list[str]) -> Counter[str]:
    """Languages of the train part's samples as the catalog stores them (none known: an empty counter)."""
    with connect(ws, read_only=True) as con:
        rows = con.execute(
            "SELECT language, count(*) FROM samples WHERE sample_id IN (SELECT unnest(?::VARCHAR[])) "
            "AND language IS NOT NULL GROUP BY 1",
            [sample_ids],
        ).fetchall()
    return Counter({lang: int(n) for lang, n in rows})


def _test_f1(ws: Workspace, model_id: str) -> float | None:
    with connect(ws, read_only=True) as con:
        row = con.execute(
            "SELECT arg_max(value, created_at) FROM metrics WHERE model_id = ? AND part = 'test' "
            "AND metric = 'macro_f1' AND label IS NULL",
            [model_id],
        ).fetchone()
    return None if row is None or row[0] is None else float(row[0])


def predictor_for(ws: Workspace, model_id: str) -> Predictor:
    return load_predictor(resolve_model(ws, model_id))
