"""Output that reads anywhere: without a terminal (a log, a pipe) tables keep ids and headers on one line; every
listing command takes --json; explain says where it cut a text (--full shows all) and which sample a duplicate's
drop kept."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from curator.catalog import connect, transaction
from curator.catalog.init import init_workspace
from curator.cli import app
from curator.splits import SplitOptions, build_split
from tests.ingest.hazards import write_jsonl
from tests.splits.conftest import ingest_records, make_records, mark_curated, sid

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace with three ingest runs (sources t, u, v), scrubbed samples and two versions of split tickets."""
    tmp = tmp_path_factory.mktemp("output")
    ws, _ = init_workspace(tmp / "ws")
    for source in ("t", "u", "v"):
        ingest_records(ws, make_records(30, seed=len(source)), tmp, source=source)
    mark_curated(ws)
    build_split(ws, SplitOptions("tickets", label_source="source", near_dup=False))
    build_split(ws, SplitOptions("tickets", label_source="source", near_dup=False, seed=7))
    return ws.home


def run_logged(home: Path, *args: str) -> str:
    """`curator ARGS` in its own process as a log sees it: stdout a pipe, COLUMNS=80."""
    env = {**os.environ, "COLUMNS": "80", "CURATOR_HOME": str(home)}
    env.pop("FORCE_COLOR", None), env.pop("FORCE_TERMINAL", None), env.pop("TTY_COMPATIBLE", None)
    done = subprocess.run(
        [sys.executable, "-m", "curator.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def cli_json(home: Path, *args: str) -> object:
    result = CliRunner().invoke(app, ["--home", str(home), *args, "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_a_listing_without_a_terminal_keeps_each_id_and_header_on_one_line(home):
    runs = cli_json(home, "runs")
    versions = [s["version"] for s in cli_json(home, "splits", "list")]
    assert len(runs) == 5 and len(versions) == 2
    for args, ids, headers in (
        (("runs",), [r["run_id"] for r in runs], ["run_id", "started_at", "n_dropped", "config_hash"]),
        (("status",), [r["run_id"] for r in runs], ["n_dropped", "remaining"]),
        (("splits", "list"), versions, ["parent_version", "n_excluded"]),
    ):
        out = run_logged(home, *args)
        lines = out.splitlines()
        for ident in ids:
            assert any(ident in line for line in lines), f"{' '.join(args)}: {ident} is not on one line:\n{out}"
        for header in headers:
            assert any(f" {header} " in line for line in lines), f"{' '.join(args)}: header {header} split:\n{out}"
        assert max(map(len, lines)) > 80  # the width of the content, not of $COLUMNS


LISTINGS = {
    "status": ["status"],
    "sources": ["sources"],
    "runs": ["runs"],
    "explain": ["explain", "t:k0001"],
    "query": ["query", "SELECT count(*) AS n FROM samples"],
    "splits list": ["splits", "list"],
    "splits show": ["splits", "show", "tickets"],
    "splits diff": ["splits", "diff", "{v0}", "{v1}"],
    "labelstudio status": ["labelstudio", "status"],
}


@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_every_listing_command_prints_json(home, name):
    refs = [f"tickets@{s['version']}" for s in cli_json(home, "splits", "list")]
    args = [a.format(v0=refs[0], v1=refs[1]) for a in LISTINGS[name]]
    out = cli_json(home, *args)
    assert out is not None and out != ""


def _commands(group: object, prefix: tuple[str, ...] = ()) -> dict[str, object]:
    found: dict[str, object] = {}
    for name, cmd in getattr(group, "commands", {}).items():
        if hasattr(cmd, "commands"):
            found |= _commands(cmd, (*prefix, name))
        else:
            found[" ".join((*prefix, name))] = cmd
    return found


def test_every_command_that_lists_or_reports_has_the_shared_json_option():
    commands = _commands(typer.main.get_command(app))
    reporting = set(LISTINGS) | {
        "evaluate",
        "annotate qa",
        "annotate audit",
        "audit pii",
        "eval",
        "ingest",
        "run",
        "build-split",
        "train",
        "predict",
        "find-label-issues",
        "export",
    }
    missing = sorted(c for c in reporting if not any("--json" in p.opts for p in commands[c].params))
    assert missing == []


LONG = "".join(f"Line {i}: the mirror keeps every package of the stable release.\n" for i in range(20))


def test_explain_says_where_it_cut_the_text_and_full_shows_all(cli, ws, tmp_path):
    cli("ingest", str(write_jsonl(tmp_path / "long.jsonl", [{"id": "l1", "text": LONG}])), "--source", "docs")
    with connect(ws) as con, transaction(con):
        con.execute("UPDATE samples SET pii_scrubbed = true")  # the PII stage's mark: the text may be shown
    text = json.loads(cli("explain", "docs:l1", "--json").output)["sample"]["text"]  # JSON is never cut
    assert len(text) == 1249 and text == LONG.strip()
    out = cli("explain", "docs:l1").output
    assert text[:500] in out and text[500:520] not in out
    assert "… (749 more characters; --full shows all)" in out
    full = cli("explain", "docs:l1", "--full").output
    assert text in full and "more characters" not in full


def test_explain_of_a_duplicate_names_the_kept_sample_and_its_cluster(cli, ws, tmp_path):
    text = (
        "The mirror of the Debian archive keeps every package for the stable release, updated twice a day by volunteers"
    )
    records = [
        {"id": "keep", "text": text},
        {"id": "near", "text": text + " and mirrors."},
        {"id": "same", "text": text},
        {"id": "other", "text": "A completely different note about growing tomatoes in the summer heat of Spain."},
    ]
    cli("ingest", str(write_jsonl(tmp_path / "d.jsonl", records)), "--source", "d")
    cli("run", "--stages", "dedup", "--workers", "1")
    keeper = sid("keep", "d")
    near = cli("explain", "d:near").output
    assert (
        f"near duplicate of: {keeper} (status active) — the kept sample of cluster near:{keeper} (2 members, "
        "similarity 0.920, Jaccard of character 5-gram sets)" in near
    )
    same = cli("explain", "d:same").output
    assert f"exact duplicate of: {keeper} (status active)" in same and "identical normalized text" in same
    kept = cli("explain", "d:keep").output
    assert "near duplicates: this sample is the one kept of cluster" in kept
    dup = json.loads(cli("explain", "d:near", "--json").output)["duplicates"]
    assert dup[0].pop("similarity") == pytest.approx(0.92, abs=5e-4)
    assert dup == [
        {
            "cluster_id": f"near:{keeper}",
            "kind": "near",
            "is_keeper": False,
            "size": 2,
            "keeper": keeper,
            "keeper_status": "active",
            "keeper_first_line": None,  # not PII-scrubbed: nothing of the kept text
            "measure": "char_5gram",  # the default minhash_dup_v3, as v2 (v1 stored none)
        }
    ]


def write_many_class_split(home: Path, n_classes: int = 12) -> None:
    """A registered split `many@v1` with n_classes topics; in test, 3 samples of c03 are written like c04."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from tests.train.conftest import register_split

    path = home / "splits" / "many" / "v1"
    path.mkdir(parents=True)
    for part, per_class in (("train", 12), ("val", 3), ("test", 5)):
        rows = [
            (f"c{k:02d}", f"c{(4 if part == 'test' and k == 3 and i < 3 else k):02d}")
            for k in range(n_classes)
            for i in range(per_class)
        ]
        texts = [f"about topic{t} and topic{t} words {t}x {t}y {i}" for i, (_, t) in enumerate(rows)]
        ids = [f"{part}-{i:04d}" for i in range(len(rows))]
        pq.write_table(
            pa.table({"sample_id": ids, "text": texts, "label": [lab for lab, _ in rows]}), path / f"{part}.parquet"
        )
    register_split(home, path)


def test_evaluate_with_many_classes_lists_top_confusions_and_writes_the_png(cli, ws):
    write_many_class_split(ws.home)
    cli("train", "many@v1", "--model", "fasttext", "--quiet")
    out = cli("evaluate", "latest").output
    assert "confusion matrix: 12 classes, too many for a table: see the PNG below" in out
    assert "true \\ predicted" not in out  # no 12 x 12 grid
    lines = out.splitlines()
    assert any("top confusions (" in line for line in lines)
    assert any(line.count("c03") == 1 and "c04" in line and " 3 " in line and "60.0%" in line for line in lines), out
    res = json.loads(cli("evaluate", "latest", "--json").output)
    assert res["top_confusions"][0] == {"true": "c03", "predicted": "c04", "samples": 3, "share_of_true": 0.6}
    png = Path(res["confusion_png"])
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and str(png) in out.replace("\n", "")
    assert "- c03 → c04: 3 (60.0% of c03)" in Path(res["report"]).read_text()


def test_a_terminal_keeps_its_width():
    import io

    from curator.cli.render import LOG_WIDTH, LogConsole

    assert LogConsole(file=io.StringIO(), width=80).width == LOG_WIDTH  # a log: $COLUMNS does not narrow it
    assert LogConsole(file=io.StringIO(), width=80, force_terminal=True).width == 80  # a terminal: its own width


def test_explain_of_a_duplicate_restored_by_revert_says_it_was_one(cli, ws, tmp_path):
    text = "The mirror of the Debian archive keeps every package for the stable release, updated twice a day"
    records = [{"id": "keep", "text": text}, {"id": "near", "text": text + " by volunteers and mirrors."}]
    cli("ingest", str(write_jsonl(tmp_path / "d.jsonl", records)), "--source", "d")
    cli("run", "--stages", "dedup", "--workers", "1")
    dropped = [k for k in ("keep", "near") if "status dropped" in cli("explain", f"d:{k}").output]
    assert len(dropped) == 1
    before = cli("explain", f"d:{dropped[0]}").output
    assert "near duplicate of: " in before and "was a near duplicate" not in before
    run_id = json.loads(cli("runs", "--json").output)
    dedup_run = next(r["run_id"] for r in run_id if r.get("stage") == "dedup" and r.get("command") == "run")
    cli("revert", dedup_run)
    after = cli("explain", f"d:{dropped[0]}").output
    assert "status active" in after and "was a near duplicate of: " in after
    assert "active again since (the history above says which decision restored it)" in after
