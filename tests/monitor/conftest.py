"""Fixtures of the monitor tests: a real workspace with a training source, a split built by build-split, a fastText
model trained and evaluated on it, and production sources ingested for real with record times."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta

import duckdb
import pytest

from curator.workspace import Workspace
from tests.label.conftest import ingest_rows, mark_scrubbed_for_test, sql
from tests.train.conftest import FILLER, TOPICS

LABELS = sorted(TOPICS)  # billing, login, shipping
DAY0 = datetime(2026, 11, 20)

__all__ = ["DAY0", "LABELS", "ingest_rows", "make_rows", "mark_scrubbed_for_test", "set_language_for_test", "sql"]


def make_rows(n: int, prefix: str, seed: int, extra_words: int = 0, ambiguous: float = 0.0, day: int = 0) -> list:
    """Tickets: 3 topic words among 5 filler words (+ extra_words more filler: longer texts); a share `ambiguous`
    mixes two topics. Record times spread over day `day` after DAY0."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        label = LABELS[i % 3]
        topics = [label, LABELS[(i + 1) % 3]] if rng.random() < ambiguous else [label]
        words = [w for t in topics for w in rng.sample(TOPICS[t], 3 if len(topics) == 1 else 2)]
        words += [rng.choice(FILLER) for _ in range(5 + extra_words)]
        rng.shuffle(words)
        ts = DAY0 + timedelta(days=day, seconds=rng.randrange(86400))
        rows.append({"id": f"{prefix}{i:05d}", "text": " ".join(words), "label": label, "created_at": ts.isoformat()})
    return rows


def set_language_for_test(
    ws: Workspace, source: str, shares: dict[str, float], prefix: str = "", seed: int = 0
) -> None:
    """TEST HELPER, not the langid stage: stores languages on a source's samples in the given shares (the langid
    stage's own tests cover detecting them; monitor reads what the catalog stores). `prefix`: of the record ids."""
    con = duckdb.connect(str(ws.catalog_path))
    try:
        query = "SELECT sample_id FROM samples WHERE source = ? AND starts_with(source_key, ?) ORDER BY 1"
        ids = [r[0] for r in con.execute(query, [source, prefix]).fetchall()]
        random.Random(seed).shuffle(ids)
        langs, start = [], 0
        for lang, share in shares.items():
            k = round(share * len(ids))
            langs += [(lang, sid) for sid in ids[start : start + k]]
            start += k
        langs += [(list(shares)[-1], sid) for sid in ids[start:]]
        con.executemany("UPDATE samples SET language = ? WHERE sample_id = ?", langs)
    finally:
        con.close()


@pytest.fixture
def trained(ws) -> str:
    """A fastText model on a real split (`tickets`) of 300 English tickets, evaluated on its test part."""
    from curator.splits.build import build_split
    from curator.splits.options import SplitOptions
    from curator.train.config import TrainOptions
    from curator.train.evaluate import evaluate
    from curator.train.runner import train

    ingest_rows(ws, make_rows(300, "t", seed=1), source="tickets")
    mark_scrubbed_for_test(ws)
    set_language_for_test(ws, "tickets", {"en": 0.95, "fr": 0.05})
    build_split(ws, SplitOptions("tickets", label_source="source", ratios=(0.7, 0.15, 0.15)))
    model_id = train(ws, "tickets", TrainOptions(model="fasttext"), log=lambda _: None, progress=False)["model_id"]
    evaluate(ws, model_id, "test")
    return model_id


def ingest_production(ws: Workspace, rows: list[dict], source: str = "production") -> None:
    """Production texts through the real ingest, then flagged scrubbed (test helper: they carry no PII)."""
    ingest_rows(ws, rows, source=source)
    con = duckdb.connect(str(ws.catalog_path))
    try:
        con.execute("UPDATE samples SET pii_scrubbed = true WHERE source = ?", [source])
    finally:
        con.close()


def windows(ws: Workspace, run_id: str) -> dict[tuple[str, str], dict]:
    """(window day, check) → stored row of a monitor run."""
    rows = sql(
        ws,
        "SELECT strftime(window_start, '%Y-%m-%d'), check_name, value, threshold, flagged, n_samples, details "
        "FROM monitor_windows WHERE run_id = ?",
        [run_id],
    )
    return {
        (d, c): {"value": v, "threshold": t, "flagged": f, "n": n, "details": json.loads(x)}
        for d, c, v, t, f, n, x in rows
    }
