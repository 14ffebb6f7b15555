"""build-split end to end on real catalogs: candidates, versions, files, manifest, card, leakage, runs."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curator.catalog import connect
from curator.catalog.init import init_workspace
from curator.errors import CuratorError
from curator.splits import SplitOptions, build_split, diff_splits, list_splits
from curator.splits.manifest import validate
from tests.splits.conftest import ingest_records, make_records, mark_curated, sid


def _parts(path: Path) -> dict[str, set[str]]:
    return {
        p: set(pq.read_table(path / f"{p}.parquet").column("sample_id").to_pylist()) for p in ("train", "val", "test")
    }


def test_build_writes_parts_manifest_card_and_run(curated):
    ws = curated["ws"]
    res = build_split(ws, SplitOptions("tickets", label_source="source"))
    path = Path(res["path"])
    parts = _parts(path)
    assert sum(len(s) for s in parts.values()) == 120
    assert not (parts["train"] & parts["val"] or parts["train"] & parts["test"] or parts["val"] & parts["test"])
    dup_texts = {sid(f"k000{i}") for i in range(5)}
    assert sum(bool(dup_texts & s) for s in parts.values()) == 1, "exact duplicates share one part"
    assert sum(bool({sid("k0010"), sid("k0011")} & s) for s in parts.values()) == 1, "a dup cluster shares one part"
    manifest = json.loads((path / "manifest.json").read_text())
    validate(manifest)
    assert manifest["leakage"]["exact_pairs_across_parts"] == 0
    assert manifest["leakage"]["near_duplicate"]["links_across_parts"] == 0
    assert manifest["lineage"]["runs"][0]["command"] == "ingest"
    assert manifest["counts"]["parts"] == {"train": 96, "val": 12, "test": 12}
    card = (path / "README.md").read_text()
    for section in (
        "## Motivation",
        "## Composition",
        "## Collection and preprocessing",
        "## Labeling",
        "## Uses",
        "## Distribution",
        "## Maintenance",
    ):
        assert section in card, f"dataset card lacks {section}"
    assert manifest["content_hash"] in card and "| billing | 32 | 4 | 4 | 40 |" in card
    train = pq.read_table(path / "train.parquet")
    assert {"sample_id", "text", "label", "source", "created_at"} <= set(train.column_names)
    assert "metadata" not in train.column_names  # the record's free-text fields never leave (docs/pii.md)
    with connect(ws, read_only=True) as con:
        run = con.execute("SELECT command, status, n_kept FROM runs WHERE run_id = ?", [res["run_id"]]).fetchall()
        members = con.execute("SELECT count(*) FROM split_members WHERE version = ?", [res["version"]]).fetchall()
    assert run == [("build-split", "succeeded", 120)] and members == [(120,)]


def test_rebuild_reports_existing_version_and_changes_make_a_child(curated):
    ws = curated["ws"]
    first = build_split(ws, SplitOptions("tickets", label_source="source"))
    again = build_split(ws, SplitOptions("tickets", label_source="source"))
    assert again["version"] == first["version"] and not again["created"]
    mark_curated(ws, dropped=["k0100"])
    child = build_split(ws, SplitOptions("tickets", label_source="source"))
    assert child["created"] and child["parent_version"] == first["version"]
    with connect(ws, read_only=True) as con:
        assert [r["version"] for r in list_splits(con, "tickets")] == [child["version"], first["version"]]
        d = diff_splits(con, f"tickets@{first['version']}", f"tickets@{child['version']}")
        reused = con.execute("SELECT count(*) FROM runs WHERE command = 'build-split' AND counts->>'reused' = 'true'")
        assert reused.fetchall() == [(1,)], "the no-op rebuild is recorded as a run that reused the version"
    assert d["removed"] == 1 and d["examples"][0]["sample_id"] == sid("k0100")


def test_only_active_scrubbed_labeled_samples_and_where(curated):
    ws = curated["ws"]
    mark_curated(ws, dropped=["k0001"], unscrubbed=["k0002"])
    res = build_split(ws, SplitOptions("t", label_source="source", where="s.n_chars > 0 AND s.label <> 'bug'"))
    assert res["funnel"] == {
        "samples": 120,
        "active": 119,
        "active_scrubbed": 118,
        "labeled": 118,
        "matching_where": 79,
    }
    assert res["counts"]["labels"] == ["billing", "feature"]
    ids = set().union(*_parts(Path(res["path"])).values())
    assert sid("k0001") not in ids and sid("k0002") not in ids, "dropped and unscrubbed samples never reach a split"


def test_resolved_labels_by_default_with_a_clear_error_when_none(curated):
    ws = curated["ws"]
    with pytest.raises(CuratorError, match="--label-source resolved_or_source"):
        build_split(ws, SplitOptions("t"))
    mark_curated(ws, labels={f"k{i:04d}": ("spam" if i % 2 else "ham") for i in range(40)})
    res = build_split(ws, SplitOptions("t"))
    assert res["counts"]["labels"] == ["ham", "spam"] and sum(res["counts"]["parts"].values()) == 40
    manifest = json.loads((Path(res["path"]) / "manifest.json").read_text())
    assert manifest["labels_qa"]["methods"] == {"majority": 40} and manifest["labels_qa"]["mean_agreement"] == 0.9


def test_small_classes_are_excluded_and_reported(ws, tmp_path):
    recs = make_records(60, labels=("a", "b"))
    recs[0]["label"] = recs[1]["label"] = "rare"
    ingest_records(ws, recs, tmp_path)
    mark_curated(ws)
    res = build_split(ws, SplitOptions("t", label_source="source", min_per_class=3))
    assert res["excluded"] == [{"reason": "class_too_small (< --min-per-class 3)", "label": "rare", "samples": 2}]
    assert "rare" not in res["counts"]["labels"]
    assert "class_too_small" in (Path(res["path"]) / "README.md").read_text()


def test_no_grouping_reports_leaks_grouping_removes_them(ws, tmp_path):
    recs = make_records(200)
    for i in range(0, 200, 10):  # 20 exact copies of one text, across every class
        recs[i]["text"] = recs[0]["text"]
    for i in range(1, 200, 10):  # and 20 near copies of another
        recs[i]["text"] = recs[1]["text"] + f" (copy {i})"
    ingest_records(ws, recs, tmp_path)
    mark_curated(ws)
    loose = build_split(ws, SplitOptions("loose", label_source="source", group_by="none"))
    assert loose["leakage"]["exact_pairs_across_parts"] > 0
    assert loose["leakage"]["near_duplicate"]["links_across_parts"] > 0
    tight = build_split(ws, SplitOptions("tight", label_source="source"))
    assert tight["leakage"]["exact_pairs_across_parts"] == 0
    assert tight["leakage"]["near_duplicate"]["links_across_parts"] == 0
    assert tight["groups"]["samples_in_groups"] >= 40


def test_stratify_by_metadata_and_time_mode(curated):
    ws = curated["ws"]
    res = build_split(ws, SplitOptions("s", label_source="source", stratify=("label", "channel"), group_by="none"))
    assert all("/" in k for k in res["balance"]["per_stratum"]) and res["balance"]["max_abs_deviation"] < 1
    res = build_split(ws, SplitOptions("t", label_source="source", by_time="created_at", group_by="none"))
    with connect(ws, read_only=True) as con:
        rows = con.execute(
            "SELECT m.part, min(s.created_at), max(s.created_at) FROM split_members m JOIN samples s USING (sample_id) "
            "WHERE m.name = 't' GROUP BY 1"
        ).fetchall()
    span = {p: (lo, hi) for p, lo, hi in rows}
    assert span["train"][1] < span["val"][0] and span["val"][1] < span["test"][0], f"time order broken: {span}"


def test_bad_options_are_one_line_errors(curated):
    ws = curated["ws"]
    for opts, msg in [
        (SplitOptions("t", label_source="source", where="nonsense ="), "check --where"),
        (SplitOptions("t/x", label_source="source"), "split name"),
        (SplitOptions("t", label_source="source", stratify=("label", "no such")), "column"),
        (SplitOptions("t", label_source="source", cutoffs=("2024-01-01", "2024-02-01")), "--by-time"),
    ]:
        with pytest.raises(CuratorError, match=msg):
            build_split(ws, opts)


def _insert_random_catalog(home: Path, labels: list[int], clusters: list[int]) -> None:
    """A catalog with len(labels) curated samples, inserted in bulk by SQL (no ingest, for speed)."""
    ws, _ = init_workspace(home)
    con = duckdb.connect(str(ws.catalog_path))
    con.execute(
        "INSERT INTO samples (sample_id, source, source_key, text, text_hash, label, dup_cluster, pii_scrubbed, "
        "ingested_at) SELECT 's' || i, 'r', 'k' || i, 'text ' || i, md5('t' || i), 'c' || ($1)[i + 1], "
        "CASE WHEN ($2)[i + 1] >= 0 THEN 'g' || ($2)[i + 1] END, true, now() FROM range(?) t(i)",
        [labels, clusters, len(labels)],
    )
    con.close()


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_catalogs_disjoint_complete_grouped_and_reproducible(data):
    n = data.draw(st.integers(3, 80))
    labels = data.draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))
    clusters = data.draw(st.lists(st.integers(-1, 8), min_size=n, max_size=n))
    with tempfile.TemporaryDirectory() as tmp:
        _insert_random_catalog(Path(tmp) / "ws", labels, clusters)
        ws, _ = init_workspace(Path(tmp) / "ws")
        opts = SplitOptions("r", label_source="source", min_per_class=1, near_dup=False)
        res = build_split(ws, opts)
        parts = _parts(Path(res["path"]))
        assert sum(len(s) for s in parts.values()) == n and len(set().union(*parts.values())) == n
        where = {sample: p for p, ids in parts.items() for sample in ids}
        for g in set(clusters) - {-1}:
            members = {where[f"s{i}"] for i, c in enumerate(clusters) if c == g}
            assert len(members) == 1, f"cluster g{g} straddles {members}"
        assert build_split(ws, opts)["version"] == res["version"]
        loose = build_split(ws, SplitOptions("u", label_source="source", min_per_class=1, group_by="none"))
        assert loose["balance"]["max_abs_deviation"] < 1, "ungrouped: every class within one sample of its share"


def test_resolved_or_source_prefers_resolved_labels(curated):
    ws = curated["ws"]
    mark_curated(ws, labels={"k0020": "refund", "k0021": "refund", "k0022": "refund"})
    res = build_split(ws, SplitOptions("t", label_source="resolved_or_source"))
    assert sum(res["counts"]["parts"].values()) == 120  # every sample: resolved where there is one, else source
    members = {}
    for part in ("train", "val", "test"):
        rows = pq.read_table(Path(res["path"]) / f"{part}.parquet", columns=["sample_id", "label"]).to_pylist()
        members.update({r["sample_id"]: r["label"] for r in rows})
    assert [members[sid(k)] for k in ("k0020", "k0021", "k0022")] == ["refund"] * 3
    assert {members[sid("k0030")], members[sid("k0031")]} <= {"billing", "bug", "feature"}
    manifest = json.loads((Path(res["path"]) / "manifest.json").read_text())
    assert manifest["params"]["label_source"] == "resolved_or_source"
    assert manifest["labels_qa"]["methods"] == {"majority": 3}
    assert "resolved_or_source" in (Path(res["path"]) / "README.md").read_text()


def test_part_files_hold_the_catalog_text_in_sample_id_order_and_a_changed_text_fails_the_build(curated):
    """Parts are streamed from the catalog after planning; a text changed in between must not slip in."""
    ws = curated["ws"]
    res = build_split(ws, SplitOptions("tickets", label_source="source"))
    with connect(ws, read_only=True) as con:
        texts = dict(con.execute("SELECT sample_id, text FROM samples").fetchall())
    for part in ("train", "val", "test"):
        rows = pq.read_table(Path(res["path"]) / f"{part}.parquet").to_pylist()
        assert [r["sample_id"] for r in rows] == sorted(r["sample_id"] for r in rows)
        assert all(r["text"] == texts[r["sample_id"]] for r in rows)

    def edit_between_plan_and_write(phase: str) -> None:
        if phase == "writing parts and manifest":
            with connect(ws) as con:
                con.execute(
                    "UPDATE samples SET text = text || ' edited', text_hash = 'changed' "
                    "WHERE sample_id = (SELECT min(sample_id) FROM samples WHERE pii_scrubbed)"
                )

    with pytest.raises(CuratorError, match="planned samples changed in the catalog during the build"):
        build_split(ws, SplitOptions("tickets2", label_source="source", seed=7), step=edit_between_plan_and_write)
    with connect(ws, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM splits WHERE name = 'tickets2'").fetchone()[0] == 0
    assert not (ws.splits_dir / "tickets2").exists() or not any((ws.splits_dir / "tickets2").iterdir())
