"""`curator learn` loop parameters and their catalog state: the `learn_loops` row (fixed at the first run; a
re-run must ask for the same loop), which rounds have a learning-curve point, which have pushed their batch."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import duckdb

from curator.catalog.bulk import insert_rows
from curator.catalog.runs import utcnow
from curator.errors import CuratorError
from curator.learn.embed import EMBEDDINGS
from curator.learn.strategies import check_strategy
from curator.names import check_identifier, shown
from curator.workspace import Workspace

MODELS = ("fasttext", "minilm")
# fastText's training default (25 epochs) underfits a loop's small label sets: on 60 demo intents it fits 25% of its
# own training labels (test macro-F1 0.05); 100 epochs fit them all (0.65). Loops and the offline bench train 100.
FASTTEXT_EPOCHS = 100
# a loop's identity: a re-run may not change them
FIXED = ("project", "strategy", "model", "batch", "simulated", "holdout")


@dataclass(frozen=True, kw_only=True)
class LearnOptions:
    name: str
    project: str
    rounds: int
    batch: int
    strategy: str
    model: str = "fasttext"
    simulate: float | None = None  # simulated annotators' accuracy (demos and tests only)
    truth: Path | None = None  # the simulated annotators' answer key (else source labels)
    annotators: int = 1
    seed: int = 0
    embedding: str = "minilm"
    relabel: str = "none"
    wait_s: float = 0.0  # without --simulate: how long to wait for annotators before stopping (re-run continues)
    holdout: str | None = None  # a split NAME@VERSION whose test part scores every round and is never selected

    @property
    def simulated(self) -> bool:
        return self.simulate is not None

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "truth": str(self.truth) if self.truth else None}


def validate(opts: LearnOptions) -> LearnOptions:
    check_identifier(opts.name, "learn loop name")
    check_strategy(opts.strategy)
    if opts.model not in MODELS:
        raise CuratorError(f"--model {shown(opts.model)}: use {' or '.join(MODELS)}")
    if opts.relabel not in ("none", "activelab"):
        raise CuratorError(f"--relabel {shown(opts.relabel)}: use none or activelab")
    if opts.embedding not in EMBEDDINGS:
        raise CuratorError(f"--embedding {shown(opts.embedding)}: use {' or '.join(EMBEDDINGS)}")
    if opts.rounds < 1 or opts.batch < 1:
        raise CuratorError(f"--rounds {opts.rounds} --batch {opts.batch}: both must be at least 1")
    if opts.simulate is not None and not 0.0 <= opts.simulate <= 1.0:
        raise CuratorError(f"--simulate {opts.simulate}: an accuracy between 0 and 1")
    if opts.truth is not None and opts.simulate is None:
        raise CuratorError("--truth is the simulated annotators' answer key: it needs --simulate ACCURACY")
    if opts.truth is not None and not opts.truth.is_file():
        raise CuratorError(f"--truth {opts.truth}: no such file")
    return opts


def check_same_loop(con: duckdb.DuckDBPyConnection, opts: LearnOptions) -> bool:
    """True when the loop exists (with the same fixed parameters); a different one under that name is an error."""
    row = con.execute(
        f"SELECT {', '.join(FIXED)} FROM learn_loops WHERE name = ?",
        [opts.name],
    ).fetchall()
    if not row:
        return False
    for key, have in zip(FIXED, row[0], strict=True):
        want = getattr(opts, key)
        if have != want:
            raise CuratorError(
                f"learn loop {opts.name}: it was started with --{key} {shown(have)}, not {shown(want)}; "
                "re-run it with the same parameters to continue, or give the new loop another name"
            )
    return True


def pin_holdout(con: duckdb.DuckDBPyConnection, ws: Workspace, opts: LearnOptions) -> str | None:
    """--holdout NAME or NAME@VERSION → the registered, verified NAME@VERSION; a re-run naming the loop's holdout
    split by NAME alone keeps the version the loop started with."""
    if not opts.holdout:
        return None
    from curator.splits.verify import verified_split

    row = con.execute("SELECT holdout FROM learn_loops WHERE name = ?", [opts.name]).fetchall()
    if row and row[0][0] and "@" not in opts.holdout and row[0][0].split("@")[0] == opts.holdout:
        return row[0][0]
    split = verified_split(con, ws, opts.holdout)
    return f"{split.name}@{split.version}"


def holdout_members(con: duckdb.DuckDBPyConnection, loop: str) -> set[str]:
    """The samples of the loop's holdout test part: never selected for labeling by that loop."""
    rows = con.execute(
        "SELECT m.sample_id FROM learn_loops l JOIN split_members m ON l.holdout = m.name || '@' || m.version "
        "WHERE l.name = ? AND m.part = 'test'",
        [loop],
    ).fetchall()
    return {r[0] for r in rows}


def record_loop(con: duckdb.DuckDBPyConnection, opts: LearnOptions, run_id: str) -> None:
    row = {key: getattr(opts, key) for key in FIXED}
    insert_rows(
        con,
        "learn_loops",
        [{"name": opts.name, **row, "config": json.dumps(opts.to_dict()), "created_at": utcnow(), "run_id": run_id}],
    )


def done_rounds(con: duckdb.DuckDBPyConnection, name: str) -> list[int]:
    return [r for (r,) in con.execute("SELECT round FROM learning_curve WHERE loop = ? ORDER BY 1", [name]).fetchall()]


def pushed(con: duckdb.DuckDBPyConnection, name: str, rnd: int) -> int:
    """How many samples round `rnd` of the loop already sent (a round killed after its push is not pushed again)."""
    sql = "SELECT count(*) FROM learn_selections WHERE loop = ? AND loop_round = ?"
    return int(con.execute(sql, [name, rnd]).fetchall()[0][0])


def last_model(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    row = con.execute(
        "SELECT model_id FROM learning_curve WHERE loop = ? AND model_id IS NOT NULL ORDER BY round DESC LIMIT 1",
        [name],
    ).fetchall()
    return row[0][0] if row else None
