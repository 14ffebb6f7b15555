"""Trust follow-ups of issue #13: no raw text left after `purge-raw --all` (also of samples dropped before the PII
stage ran), `export` writes only the allow-listed columns, `explain` hides raw text and metadata unless asked
(and logs the reveal), `predict --out x.csv` neutralizes formula cells, `latest` is a registered model."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from curator.catalog import connect
from tests.trust.leakscan import scan_tree

ROOT = Path(__file__).resolve().parents[2]
CLEAN = [
    "Hello, my order {n} arrived with a cracked screen. Could you send a replacement as soon as possible?",
    "Hello, I was charged twice for the yearly plan {n}. Please refund the extra payment to my card.",
    "Hello, the tracking page for parcel {n} has not changed for nine days. Where is the package now?",
]
# dropped before the PII stage: by quality (a run of 16 "!") and by langid (Polish is not in the recipe's keep list)
QUALITY_EMAIL = "dana.wolfe.7731@example.net"
LANGID_EMAIL = "jan.kowalski.4411@example.pl"
EARLY_DROPS = {
    "short": f"Hello, my order is very late!!!!!!!!!!!!!!!! Please write to me at {QUALITY_EMAIL} as soon as you can.",
    "polish": f"Dzień dobry, bardzo proszę o szybki kontakt pod adresem {LANGID_EMAIL} w sprawie mojego "
    "zamówienia, które nadal nie dotarło do domu. Dziękuję bardzo za pomoc i pozdrawiam serdecznie.",
}


def _ingest_tickets(cli, tmp_path: Path, extra: dict[str, str]) -> None:
    rows = [
        {"id": f"c{i}", "text": t.format(n=4400 + i), "label": ("billing", "shipping")[i % 2]}
        for i, t in enumerate(CLEAN * 3)
    ]
    rows += [{"id": k, "text": t, "label": "billing"} for k, t in extra.items()]
    src = tmp_path / "src" / "tickets.jsonl"
    src.parent.mkdir(exist_ok=True)
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    cli("ingest", str(src), "--source", "t")


def _state(ws, keys) -> dict[str, tuple]:
    with connect(ws, read_only=True) as con:
        rows = con.execute(
            "SELECT source_key, status, status_stage, status_reason, pii_scrubbed FROM samples "
            "WHERE source_key IN (SELECT unnest(?))",
            [list(keys)],
        ).fetchall()
    return {r[0]: r[1:] for r in rows}


# --- 1. purge-raw --all scrubs what the PII stage never saw ---------------------------------------------------------


def test_purge_raw_all_scrubs_samples_dropped_before_the_pii_stage(cli, ws, tmp_path):
    _ingest_tickets(cli, tmp_path, EARLY_DROPS)
    cli("run", str(ROOT / "pipelines" / "default.yaml"), "--workers", "1")
    before = _state(ws, EARLY_DROPS)
    assert {k: (s[0], s[1], s[3]) for k, s in before.items()} == {
        "short": ("dropped", "quality", False),
        "polish": ("dropped", "langid", False),
    }
    planted = [QUALITY_EMAIL, LANGID_EMAIL]
    assert scan_tree(ws.catalog_path, planted), "the raw texts must be in the catalog before the purge"
    with connect(ws, read_only=True) as con:  # the two above and the exact duplicates dedup dropped
        (unscrubbed,) = con.execute("SELECT count(*) FROM samples WHERE NOT pii_scrubbed").fetchone()

    result = json.loads(cli("purge-raw", "--all", "--yes", "--json").output)

    assert scan_tree(ws.catalog_path, planted) == []  # the catalog FILE's bytes (and decoded tables)
    assert scan_tree(ws.home, planted) == []
    assert result["scrubbed_at_purge"] == unscrubbed > 2 and result["modified_at_purge"] == 2
    after = _state(ws, EARLY_DROPS)
    assert {k: s[:3] for k, s in after.items()} == {k: s[:3] for k, s in before.items()}  # still dropped, same reason
    assert all(s[3] for s in after.values())  # scrubbed now
    info = json.loads(cli("explain", "t:polish", "--json").output)
    purge = [h for h in info["history"] if h["run_id"] == result["run_id"]]
    assert [(h["stage"], h["step"], h["decision"]) for h in purge] == [("pii", "purge_raw", "modify")]
    assert purge[0]["reason"] == "scrubbed at purge-raw: 1 EMAIL_ADDRESS"
    assert info["sample"]["text"].count("<EMAIL_ADDRESS>") == 1 and info["sample"]["status"] == "dropped"
    with connect(ws, read_only=True) as con:
        found = con.execute("SELECT count(*) FROM pii_findings WHERE run_id = ?", [result["run_id"]]).fetchone()[0]
    assert found == 2  # one e-mail in each, offsets only
    with connect(ws, read_only=True) as con:  # the scrubber ran with the PII stage's configuration
        configs = dict(con.execute("SELECT command, config FROM runs WHERE stage = 'pii'").fetchall())
    stages = json.loads(configs["run"])["recipe"]["stages"]
    stage = [st["params"] for s in stages if s["stage"] == "pii" for st in s["steps"]][0]
    used = json.loads(configs["purge-raw"])["scrubber"]
    assert used == {k: v for k, v in stage.items() if k not in ("n_process", "batch_size")} and used["entities"]


# --- 2. export writes only the allow-listed columns, also of a version built before the allow-list --------------------

META_EMAIL = "old.build.meta.5521@corp.example"


def _as_an_old_build(ws, name: str) -> Path:
    """Add the `metadata` column the builds before the allow-list wrote to every part, and re-hash the parts into
    the manifest and the manifest into the catalog as build-split did, so that the version verifies."""
    import hashlib

    import pyarrow as pa
    import pyarrow.parquet as pq

    from curator.splits import manifest
    from curator.splits.store import sha256_file

    folder = next((ws.splits_dir / name).iterdir())
    man = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for part in ("train", "val", "test"):
        path = folder / f"{part}.parquet"
        table = pq.read_table(path)
        meta = pa.array([json.dumps({"customer_email": f"{i}.{META_EMAIL}"}) for i in range(table.num_rows)])
        pq.write_table(table.append_column("metadata", meta), path)
        man["files"][f"{part}.parquet"]["sha256"] = sha256_file(path)
    (folder / "manifest.json").write_text(manifest.dumps(man), encoding="utf-8")
    digest = hashlib.sha256(manifest.dumps(man).encode()).hexdigest()
    with connect(ws) as con:
        con.execute("UPDATE splits SET manifest_sha256 = ? WHERE name = ?", [digest, name])
    return folder


def test_export_of_a_pre_allow_list_version_leaves_its_metadata_column_behind(cli, ws, tmp_path):
    import pyarrow.parquet as pq

    from curator.catalog.outbound import SPLIT_COLUMNS

    _ingest_tickets(cli, tmp_path, {})
    with connect(ws) as con:  # stands in for the PII stage: build-split takes scrubbed samples only
        con.execute("UPDATE samples SET pii_scrubbed = true")
    cli("build-split", "old", "--label-source", "source", "--no-near-dup", "--min-per-class", "1")
    folder = _as_an_old_build(ws, "old")
    assert "metadata" in pq.read_schema(folder / "train.parquet").names and scan_tree(folder, [META_EMAIL])
    out = tmp_path / "out"
    for fmt in ("parquet", "jsonl", "hf"):
        cli("export", "old", "--out", str(out / fmt), "--format", fmt)  # verifies: the hashes are the old build's
    assert scan_tree(out, [META_EMAIL]) == []
    for part in ("train", "val", "test"):
        assert pq.read_schema(out / "parquet" / f"{part}.parquet").names == list(SPLIT_COLUMNS)
        first = (out / "jsonl" / f"{part}.jsonl").read_text(encoding="utf-8").splitlines()[0]
        assert list(json.loads(first)) == list(SPLIT_COLUMNS)


# --- 4. predict: CSV formula cells neutralized; `latest` is the newest REGISTERED model -------------------------------


def _trained(cli, ws, tmp_path: Path) -> str:
    _ingest_tickets(cli, tmp_path, {})
    with connect(ws) as con:  # stands in for the PII stage: build-split takes scrubbed samples only
        con.execute("UPDATE samples SET pii_scrubbed = true")
    cli("build-split", "p", "--label-source", "source", "--no-near-dup", "--min-per-class", "1")
    return json.loads(cli("train", "p", "--model", "fasttext", "--json").stdout)["model_id"]


def test_predict_csv_neutralizes_formula_cells_and_latest_is_the_registered_model(cli, ws, tmp_path):
    model_id = _trained(cli, ws, tmp_path)
    # a model folder that is only on disk (copied in, newest by time): `latest` must not pick it
    stray = ws.models_dir / "stray-copy"
    shutil.copytree(ws.models_dir / model_id, stray)
    card = json.loads((stray / "curator_model.json").read_text())
    (stray / "curator_model.json").write_text(json.dumps({**card, "model_id": "stray-copy"}))
    ids = ['=HYPERLINK("http://127.0.0.1/x","a")', "+1+2", "-3", "@SUM(A1)", "\tTAB", "plain-id"]
    src = tmp_path / "new.jsonl"
    src.write_text("".join(json.dumps({"id": i, "text": "my parcel never arrived"}) + "\n" for i in ids))

    res = json.loads(cli("predict", "latest", "--input", str(src), "--out", str(tmp_path / "p.csv"), "--json").output)
    assert res["model_id"] == model_id
    rows = list(csv.DictReader((tmp_path / "p.csv").open(newline="")))
    assert [r["id"] for r in rows] == ["'" + i for i in ids[:5]] + ["plain-id"]
    assert {r["model_id"] for r in rows} == {model_id}
    cli("predict", "latest", "--input", str(src), "--out", str(tmp_path / "raw.csv"), "--raw-csv")
    assert [r["id"] for r in csv.DictReader((tmp_path / "raw.csv").open(newline=""))] == ids
    cli("predict", "latest", "--input", str(src), "--out", str(tmp_path / "p.jsonl"))  # only CSV is guarded
    assert [json.loads(line)["id"] for line in (tmp_path / "p.jsonl").read_text().splitlines()] == ids


def test_latest_model_needs_a_registered_model(cli, ws, tmp_path):
    from curator.errors import CuratorError
    from curator.train.predict import resolve_model

    stray = ws.models_dir / "on-disk-only"
    stray.mkdir(parents=True)
    (stray / "curator_model.json").write_text(json.dumps({"model_id": "on-disk-only", "kind": "fasttext"}))
    try:
        resolve_model(ws, "latest")
    except CuratorError as exc:
        assert "no registered model in the catalog" in str(exc)
    else:
        raise AssertionError("`latest` resolved a model folder the catalog does not know")


# --- 3. explain: a default view; --raw --reason reveals and logs -----------------------------------------------------

RAW_EMAIL, RAW_META = "pat.raw.8812@example.com", "meta.raw.3317@corp.example"


def test_explain_hides_unscrubbed_text_and_metadata_values_unless_revealed_with_a_logged_reason(cli, ws, tmp_path):
    src = tmp_path / "one.jsonl"
    src.write_text(
        json.dumps(
            {
                "id": "k1",
                "text": f"please write to {RAW_EMAIL} about my refund",
                "label": "billing",
                "customer_email": RAW_META,
            }
        )
        + "\n"
    )
    cli("ingest", str(src), "--source", "t")
    out = cli("explain", "t:k1").output
    assert RAW_EMAIL not in out and RAW_META not in out
    assert "hidden: not PII-scrubbed yet" in out and "metadata fields: customer_email (values hidden" in out
    info = json.loads(cli("explain", "t:k1", "--json").output)
    assert info["sample"]["text"] is None and info["sample"]["metadata_fields"] == ["customer_email"]
    assert "metadata" not in info["sample"] and "raw" not in info
    assert RAW_EMAIL not in json.dumps(info) and RAW_META not in json.dumps(info)
    for args in (["--raw"], ["--raw", "--reason", "  "], ["--reason", "why"]):
        res = cli("explain", "t:k1", *args, ok=False)
        assert res.exit_code == 1 and "--raw needs --reason TEXT" in res.output
    with connect(ws, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM raw_text_views").fetchone()[0] == 0  # refused: nothing logged

    shown = cli("explain", "t:k1", "--raw", "--reason", "customer asked for a copy").output
    assert RAW_EMAIL in shown and RAW_META in shown and "this view was logged" in shown
    raw = json.loads(cli("explain", "t:k1", "--raw", "--reason", "audit 7", "--json").output)["raw"]
    assert raw["text"] == f"please write to {RAW_EMAIL} about my refund"
    assert raw["metadata"] == {"customer_email": RAW_META} and raw["state"] == "current"
    with connect(ws, read_only=True) as con:
        views = con.execute("SELECT reviewer, reason, found FROM raw_text_views ORDER BY viewed_at").fetchall()
    assert [(r.startswith("cli"), reason, found) for r, reason, found in views] == [
        (True, "customer asked for a copy", True),
        (True, "audit 7", True),
    ]


# --- 5. docs/labeling.md states the label rule the code enforces --------------------------------------------------


def _labels_section() -> str:
    text = (ROOT / "docs" / "labeling.md").read_text(encoding="utf-8")
    start = text.index("### Labels: what a label may be")
    return " ".join(text[start : text.index("\n### ", start + 1)].split())  # one line: rich and Markdown wrap


def test_labeling_doc_states_the_label_rule_that_init_and_ingest_enforce(cli, tmp_path):
    import re

    from curator.names import LABEL_CHARS, is_label

    section = _labels_section()
    valid, refused = section.split(" are labels; ", 1)
    shown = re.findall(r"`([^`]+)`", valid.split("So ", 1)[1])
    assert shown and all(is_label(label) for label in shown), shown
    bad = re.findall(r"`([^`]+)`", refused.split(" are not.", 1)[0])
    assert bad and not any(is_label(label) for label in bad), bad
    res = cli("annotate", "init", "--project", "p", "--labels", "a,b,$text", ok=False)
    line = " ".join(res.output.split())  # rich wraps long lines
    assert res.exit_code == 1 and f"invalid label (--labels) '$text': use {LABEL_CHARS}" in line
    assert f"invalid label (--labels) '$text': use {LABEL_CHARS}" in section
    src = tmp_path / "bad.jsonl"
    src.write_text(
        "".join(
            json.dumps({"id": f"r{i}", "text": "my parcel never arrived", "label": lab}) + "\n"
            for i, lab in enumerate(["billing", "$text"])
        )
    )
    out = json.loads(cli("ingest", str(src), "--source", "lab", "--json").output)
    assert out["accepted"] == 1 and "invalid_label" in json.dumps(out)
