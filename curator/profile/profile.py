"""`curator profile`: what a corpus looks like and what each rule of a recipe would drop from it; stored as a run.

The texts are the workspace's active samples (optionally of one source); above `sample` texts a seeded sample of that
size is profiled (the samples with the smallest `hash(sample_id, seed)`: the same sample every time), and the result
says so. The profile holds figures only, never a text: it is stored as a `runs` row (command `profile`, `config` = the
source, sample size, seed and resolved recipe; `counts` = the profile) that `curator profile --last`, the review
app's Profile page and `curator query` read back.
"""

from __future__ import annotations

import json
import time
from typing import Any

from curator.catalog.connection import connect, migrate
from curator.catalog.lock import writer_lock
from curator.catalog.runs import Run
from curator.engine.recipe import PRESETS_DIR, Recipe, load_recipe
from curator.errors import BadInput
from curator.names import check_identifier
from curator.profile.auto import choose
from curator.profile.features import corpus_features
from curator.profile.measure import measure_recipe
from curator.workspace import Workspace

DEFAULT_SAMPLE = 5000
SEED = 15


def read_texts(
    ws: Workspace, source: str | None, sample: int, seed: int = SEED, every: bool = False
) -> tuple[list[str], int]:
    """(the texts to profile, how many samples there are): the active samples (`every`: all of them, dropped ones
    too); a seeded sample when there are more than `sample`."""
    if sample < 1:
        raise BadInput(f"--sample {sample}: must be at least 1")
    migrate(ws)  # profile, calibrate and `run auto` write (a run row): like every writer, they migrate first
    where, args = ("true" if every else "status = 'active'"), []
    if source is not None:
        check_identifier(source, "source")
        where, args = where + " AND source = ?", [source]
    with connect(ws, read_only=True) as con:
        total = int(con.execute(f"SELECT count(*) FROM samples WHERE {where}", args).fetchone()[0])
        if total > sample:
            sql = f"SELECT text FROM samples WHERE {where} ORDER BY hash(sample_id, {int(seed)}) LIMIT {int(sample)}"
        else:
            sql = f"SELECT text FROM samples WHERE {where} ORDER BY sample_id"
        texts = [row[0] for row in con.execute(sql, args).fetchall()]
    if not texts:
        scope = f"source {source}" if source else "the workspace"
        raise BadInput(f"nothing to profile: {scope} has no {'' if every else 'active '}samples")
    return texts, total


def profile_texts(texts: list[str], recipe: Recipe) -> dict[str, Any]:
    """The corpus features and the recipe's per-rule statistics of `texts` (no storage)."""
    t0 = time.perf_counter()
    corpus = corpus_features(texts)
    out = {"corpus": corpus, "auto": choose(corpus), **measure_recipe(recipe, texts)}
    out["seconds"] = round(time.perf_counter() - t0, 2)
    return out


def profile(ws: Workspace, recipe: Recipe, source: str | None = None, sample: int = DEFAULT_SAMPLE) -> dict[str, Any]:
    """Profile the active samples with `recipe`, store the run, return {run_id, config, profile}."""
    texts, total = read_texts(ws, source, sample)
    config = {"source": source, "sample": sample, "seed": SEED, "recipe": recipe.resolved()}
    run = Run("profile", config)
    result = profile_texts(texts, recipe)
    result["active"], result["profiled"], result["sampled"] = total, len(texts), total > len(texts)
    with writer_lock(ws, "profile"), connect(ws) as con:
        run.record(con, status="succeeded", counts=result, n_in=len(texts))
    return {"run_id": run.run_id, "config": config, "profile": result}


def last_profile(ws: Workspace, run_id: str | None = None) -> dict[str, Any] | None:
    """The newest stored profile (or the one of `run_id`), as `profile` returned it; None when there is none."""
    sql = "SELECT run_id, config, counts FROM runs WHERE command = 'profile'"
    args: list[Any] = []
    if run_id:
        sql, args = sql + " AND run_id = ?", [run_id]
    with connect(ws, read_only=True) as con:
        row = con.execute(sql + " ORDER BY started_at DESC LIMIT 1", args).fetchone()
    if row is None:
        return None
    return {"run_id": row[0], "config": json.loads(row[1]), "profile": json.loads(row[2])}


def auto_recipe(ws: Workspace, source: str | None = None) -> Recipe:
    """The preset `choose` picks for the workspace's samples, loaded, with the choice in `recipe.auto` (so every
    stage run records it in its config). Every sample counts, dropped ones too: a second `curator run auto` picks
    what the first picked (a pick made on the survivors of the first would change the recipe and re-judge them)."""
    texts, total = read_texts(ws, source, DEFAULT_SAMPLE, every=True)
    choice = choose(corpus_features(texts))
    choice["figures"].update(samples=total, sampled=total > len(texts))
    recipe = load_recipe(PRESETS_DIR / f"{choice['preset']}.yaml")
    recipe.auto = choice
    return recipe
