"""Crash safety: each writer command SIGKILLed at each of its named points (CURATOR_FAULT_AT, curator.faults), then
run again without it: the catalog equals an uninterrupted run's (samples, decisions, labels, split versions and
members, models — ignoring run ids and timestamps), nothing is half-imported, and no temporary folder is left.

The loop is built once per module, uninterrupted, one command after another (ingest → run → purge-raw →
build-split → train fastText); each kill test copies the workspace as it was before its command.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from curator.workspace import open_workspace
from tests.engine.conftest import PROBLEMS, corpus
from tests.engine.conftest import test_recipe as recipe_file
from tests.trust.procs import child_env, curator_argv

LABELS = ("billing", "shipping", "account")
COMMANDS = {  # command → its argv after `curator --home HOME` (paths filled in by the fixture)
    "ingest": ["ingest", "{corpus}", "--source", "tickets"],
    "run": ["run", "{recipe}", "--workers", "1"],
    "purge-raw": ["purge-raw", "--yes"],
    "build-split": ["build-split", "tickets", "--label-source", "source"],
    "train": ["train", "tickets", "--model", "fasttext"],
}
ORDER = list(COMMANDS)
POINTS = {
    "ingest": ["ingest.staged", "ingest.before_commit", "ingest.committed"],
    "run": [
        "run.langid.after_export",
        "run.quality.before_import",
        "run.dedup.before_commit",
        "run.pii.before_commit",
        "run.pii.after_import",
    ],
    "purge-raw": ["purge-raw.after_commit", "purge-raw.before_swap"],
    "build-split": ["split.before_rename", "split.before_commit", "split.after_commit"],
    "train": ["train.before_record", "train.before_commit"],
}
# what a command leaves in the catalog (not `runs`/`sources`: a re-run of a command that had committed adds its own
# no-op run row and counts the records as "already present")
CONTENT = (
    "samples",
    "decisions",
    "raw_texts",
    "dup_clusters",
    "pii_findings",
    "labels",
    "annotations",
    "splits",
    "split_members",
    "models",
    "metrics",
    "predictions",
    "rejects",
    "relabel_queue",
)
# columns that differ between two equal runs: ids of runs/models, clocks, paths under a model id
VOLATILE = {
    "run_id",
    "ingest_run_id",
    "model_id",
    "search_id",
    "duration_s",
    "train_seconds",
    "seconds",
    "path",
    "config",
    "config_hash",
    "counts",
    "manifest_sha256",
    "files_sha256",  # the model folder's digest covers its card, which names the model id and time
}


def rows() -> list[dict]:
    """The engine's small realistic corpus (duplicates, other languages, junk, PII) plus more tickets, labeled."""
    base = corpus()
    extra = [
        {
            "id": f"more{i:02d}",
            "text": f"Good morning, {PROBLEMS[i % 12].format(n=7100 + i)} since last "
            f"{['Monday', 'week', 'month'][i % 3]}. Reference {9000 + 37 * i}, please look into it.",
            "created_at": f"2024-04-{1 + i % 28:02d}T10:00:00",
        }
        for i in range(36)
    ]
    return [{**r, "label": LABELS[i % 3]} for i, r in enumerate(base + extra)]


def catalog_state(home: Path) -> dict[str, list[str]]:
    """Every table's rows (volatile columns left out), each row as sorted JSON text: equal means same content."""
    import duckdb

    con = duckdb.connect(str(home / "catalog.duckdb"), read_only=True)
    try:
        cols: dict[str, list[str]] = {}
        for table, col in con.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
        ).fetchall():
            if table in CONTENT and col not in VOLATILE and not col.endswith("_at"):
                cols.setdefault(table, []).append(col)
        out = {}
        for table, names in cols.items():
            sel = ", ".join(f'"{c}"::VARCHAR' for c in names)
            out[table] = sorted(json.dumps(r) for r in con.execute(f'SELECT {sel} FROM "{table}"').fetchall())
        return out
    finally:
        con.close()


def differences(got: dict[str, list[str]], want: dict[str, list[str]]) -> dict[str, dict[str, list[str]]]:
    """Per table, the rows only in `got` / only in `want` (the first few)."""
    out = {}
    for table in sorted(set(got) | set(want)):
        a, b = got.get(table, []), want.get(table, [])
        if a != b:
            extra, missing = sorted(set(a) - set(b))[:3], sorted(set(b) - set(a))[:3]
            out[table] = {"extra": extra, "missing": missing, "counts": [len(a), len(b)]}
    return out


def orphans(home: Path) -> list[str]:
    """What a half-done command leaves: decisions without their run, temp folders, unregistered model folders."""
    import duckdb

    con = duckdb.connect(str(home / "catalog.duckdb"), read_only=True)
    try:
        bad = [
            f"decision of unrecorded run {r[0]}"
            for r in con.execute("SELECT DISTINCT run_id FROM decisions ANTI JOIN runs USING (run_id)").fetchall()
        ]
        models = {Path(r[0]).name for r in con.execute("SELECT path FROM models").fetchall()}
    finally:
        con.close()
    bad += [f"temp folder {p.relative_to(home)}" for p in (home / "splits").glob("*/.tmp-*")]
    bad += [f"staging folder {p.relative_to(home)}" for p in (home / "tmp").glob("ingest-*")]
    bad += [f"rewrite leftover {p.name}" for p in home.glob("catalog.duckdb.purge-tmp*")]
    if (home / "models").is_dir():
        bad += [f"unregistered model folder {p.name}" for p in (home / "models").iterdir() if p.name not in models]
    return bad


class Loop:
    """The uninterrupted loop: workspace copies before each command and the catalog state after it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "corpus.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows()), encoding="utf-8")
        self.fill = {"corpus": str(root / "corpus.jsonl"), "recipe": str(recipe_file(root))}
        self.before: dict[str, Path] = {}
        self.after: dict[str, dict[str, list[str]]] = {}
        home = root / "steps" / "init"
        run_cli(home, "init")
        for cmd in ORDER:
            self.before[cmd] = home
            nxt = root / "steps" / cmd
            shutil.copytree(home, nxt)
            done = run_cli(nxt, *self.argv(cmd))
            assert done.returncode == 0, f"{cmd}: {done.stderr}"
            self.after[cmd] = catalog_state(nxt)
            home = nxt

    def argv(self, cmd: str) -> list[str]:
        return [a.format(**self.fill) for a in COMMANDS[cmd]]


def run_cli(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    proc = subprocess.Popen(
        curator_argv(home, *args),
        env=child_env(**env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=300)
    finally:
        with contextlib.suppress(ProcessLookupError):  # a killed CLI's launcher and workers go with it
            os.killpg(proc.pid, signal.SIGKILL)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.fixture(scope="module")
def loop(tmp_path_factory: pytest.TempPathFactory) -> Loop:
    return Loop(tmp_path_factory.mktemp("crash"))


CASES = [(cmd, point) for cmd in ORDER for point in POINTS[cmd]]


@pytest.mark.parametrize(("cmd", "point"), CASES, ids=[p for _, p in CASES])
def test_killed_then_rerun_equals_uninterrupted(loop: Loop, tmp_path: Path, cmd: str, point: str):
    home = tmp_path / "ws"
    shutil.copytree(loop.before[cmd], home)
    before = catalog_state(home)

    killed = run_cli(home, *loop.argv(cmd), CURATOR_FAULT_AT=point)
    assert killed.returncode == -signal.SIGKILL, f"{point} was not reached: {killed.stderr[-2000:]}"
    assert not [o for o in orphans(home) if o.startswith("decision")]  # nothing half-imported
    if cmd != "run":  # one transaction: the catalog is as before the command, or as after it
        assert catalog_state(home) in (before, loop.after[cmd])

    again = run_cli(home, *loop.argv(cmd))
    assert again.returncode == 0, again.stderr
    assert differences(catalog_state(home), loop.after[cmd]) == {}
    assert orphans(home) == []
    open_workspace(home)  # still a valid workspace


# annotate pull and resolve, against the session's real Label Studio server

LS_COMMANDS = {"pull": ["annotate", "pull"], "resolve": ["annotate", "resolve", "--policy", "majority"]}
LS_POINTS = {
    "pull": ["pull.before_write", "pull.before_commit", "pull.after_commit"],
    "resolve": ["resolve.before_commit", "resolve.after_commit"],
}
LS_CASES = [(cmd, point) for cmd in LS_COMMANDS for point in LS_POINTS[cmd]]


@pytest.fixture(scope="module")
def annotated(ls_server, tmp_path_factory: pytest.TempPathFactory):
    """Tickets pushed to a project (overlap 3) and annotated by 3 simulated users; then pull and resolve, each on
    a copy of the workspace before it. Yields (workspace homes before each command, catalog state after it)."""
    from curator.catalog.init import init_workspace
    from curator.label.project import InitOptions, init_project
    from curator.label.push import PushOptions, push
    from curator.label.simulate import SimulateOptions, simulate
    from tests.label.conftest import GUIDELINES, ingest_rows, mark_scrubbed_for_test, tickets

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LABEL_STUDIO_URL", ls_server.url)
        mp.setenv("LABEL_STUDIO_API_KEY", ls_server.key)
        root = tmp_path_factory.mktemp("crash-ls")
        ws, _ = init_workspace(root / "steps" / "annotated")
        ingest_rows(ws, tickets(9))
        mark_scrubbed_for_test(ws)
        labels = ["billing", "shipping", "technical"]
        init_project(ws, InitOptions("crash", labels=labels, guidelines=GUIDELINES, overlap=3, overlap_fraction=1.0))
        push(ws, PushOptions())
        simulate(ws, SimulateOptions(annotators=3, accuracy=0.7, seed=5))
        before, after, home = {}, {}, ws.home
        for cmd, argv in LS_COMMANDS.items():
            before[cmd], nxt = home, root / "steps" / cmd
            shutil.copytree(home, nxt)
            done = run_cli(nxt, *argv)
            assert done.returncode == 0, f"{cmd}: {done.stderr}"
            after[cmd], home = catalog_state(nxt), nxt
        yield before, after


@pytest.mark.labelstudio
@pytest.mark.parametrize(("cmd", "point"), LS_CASES, ids=[p for _, p in LS_CASES])
def test_killed_label_command_then_rerun_equals_uninterrupted(annotated, tmp_path: Path, cmd: str, point: str):
    before, after = annotated
    home = tmp_path / "ws"
    shutil.copytree(before[cmd], home)
    start = catalog_state(home)

    killed = run_cli(home, *LS_COMMANDS[cmd], CURATOR_FAULT_AT=point)
    assert killed.returncode == -signal.SIGKILL, f"{point} was not reached: {killed.stderr[-2000:]}"
    assert catalog_state(home) in (start, after[cmd])  # one transaction: all of it or nothing

    again = run_cli(home, *LS_COMMANDS[cmd])
    assert again.returncode == 0, again.stderr
    assert differences(catalog_state(home), after[cmd]) == {}
    assert orphans(home) == []
