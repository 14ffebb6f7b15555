"""Trust: bad input is never swallowed. Each bad record is a reject with file, line and reason (the rest kept), an
unreadable file is a one-line error naming it (the other files ingested, the run partial), and nothing is merged,
followed or changed silently."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from curator.catalog import connect
from curator.catalog.ids import make_sample_id
from curator.errors import BadInput
from curator.ingest import IngestOptions, ingest
from tests.ingest.hazards import write_jsonl


def _rows(ws, sql: str, params: list | None = None) -> list[tuple]:
    with connect(ws, read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def _keys(ws) -> list[str]:
    return [k for (k,) in _rows(ws, "SELECT source_key FROM samples ORDER BY source_key")]


def _write_csv(path: Path, header: list[str], lines: list[str]) -> Path:
    path.write_text(",".join(header) + "\n" + "".join(line + "\n" for line in lines), encoding="utf-8")
    return path


# 1. CSV parsed strictly


def test_csv_stray_quote_does_not_swallow_the_next_records(ws, tmp_path):
    path = _write_csv(
        tmp_path / "posts.csv",
        ["id", "text", "label"],
        [
            'p1,"fine, quoted",billing',
            'p2,"a stray quote,billing',
            "p3,third post,shipping",
            "p4,fourth,returns",
            'p5,"fifth, quoted",account',
        ],
    )
    report = ingest(ws, [path], IngestOptions(source="forum"))
    assert _keys(ws) == ["p1", "p3", "p4", "p5"]
    assert (report.accepted, report.rejected) == (4, {"bad_csv_row": 1})
    ((line, reason, detail),) = _rows(ws, "SELECT line, reason, detail FROM rejects")
    assert (line, reason) == (3, "bad_csv_row") and detail.startswith(
        "unclosed quote: the quoted field opened on line 3"
    )


AT_EOF = "open at the end of the file"


def test_csv_quote_open_at_end_of_file_and_wrong_field_count_are_rejects(ws, tmp_path):
    path = _write_csv(
        tmp_path / "posts.csv",
        ["id", "text", "label"],
        ["p1,first,billing", "p2,too,many,fields", 'p3,"multi', 'line, quoted",shipping', 'p4,"never closed'],
    )
    report = ingest(ws, [path], IngestOptions(source="forum"))
    assert _keys(ws) == ["p1", "p3"]
    assert report.read == 4 and report.accepted == 2
    rejects = _rows(ws, "SELECT file, line, reason, detail FROM rejects ORDER BY line")
    assert rejects == [
        (str(path), 3, "bad_csv_row", "4 fields, header has 3"),
        (
            str(path),
            6,
            "bad_csv_row",
            "unclosed quote: the quoted field opened on line 6 is open at the end of the file",
        ),
    ]


def test_csv_fields_up_to_max_chars(ws, tmp_path):
    long = "word " * 40_000  # 200,000 characters: over Python's csv default field limit (131,072)
    path = tmp_path / "long.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["id", "text"], ["long", long], ["short", "a short one"]])
    report = ingest(ws, [path], IngestOptions(source="long"))
    assert (report.accepted, report.rejected) == (2, {})
    assert _rows(ws, "SELECT n_chars FROM samples WHERE source_key = 'long'") == [(len(long.strip()),)]


# 2. Unreadable files: one line naming the file, the others ingested, the run partial, exit 1


def _truncated_gz(path: Path) -> None:
    data = gzip.compress(b"".join(b'{"id": "z%d", "text": "zipped %d"}\n' % (i, i) for i in range(2000)))
    path.write_bytes(data[: len(data) // 2])


def _truncated_csv_gz(path: Path) -> None:
    data = gzip.compress(b"id,text\n" + b"".join(b"z%d,zipped row %d\n" % (i, i) for i in range(3000)))
    path.write_bytes(data[: len(data) // 2])  # cut inside a line: its first half must not become a record


def _corrupt_parquet(path: Path) -> None:
    pq.write_table(pa.Table.from_pylist([{"id": "q", "text": "parquet"}]), path)
    data = path.read_bytes()
    path.write_bytes(data[:8] + b"\x00" * (len(data) - 16) + data[-8:])


BROKEN = {
    "truncated.jsonl.gz": (_truncated_gz, "truncated gzip file: the compressed data ends before its end-of-stream"),
    "truncated.csv.gz": (_truncated_csv_gz, "truncated gzip file: the compressed data ends before its end-of-stream"),
    "fake.jsonl.gz": (lambda p: p.write_text('{"id": "f", "text": "not zipped"}\n'), "not a gzip file"),
    "corrupt.parquet": (_corrupt_parquet, "not a readable Parquet file"),
    "garbage.parquet": (lambda p: p.write_bytes(b"PAR1 not really"), "not a readable Parquet file"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_unreadable_file_is_named_and_the_others_are_ingested(ws, cli, tmp_path, name):
    folder = tmp_path / "in"
    folder.mkdir()
    write_jsonl(folder / "a.jsonl", [{"id": "a", "text": "first file"}])
    make, why = BROKEN[name]
    make(folder / name)
    write_jsonl(folder / "z.jsonl", [{"id": "z", "text": "last file"}])
    result = cli("ingest", str(folder), "--source", "s", ok=False)
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()  # one line, no traceback, no bare "Aborted."
    assert line.startswith("error: partial ingest: 1 of 3 file(s) could not be read") and str(folder / name) in line
    assert why in line, line
    assert "read 3 · accepted 2" in result.stdout
    assert _keys(ws) == ["a", "z"]  # nothing from the broken file, even the lines before the damage
    ((file, line_no, reason, detail),) = _rows(ws, "SELECT file, line, reason, detail FROM rejects")
    assert (file, line_no, reason) == (str(folder / name), None, "unreadable_file") and why in detail
    ((status, error),) = _rows(ws, "SELECT status, error FROM runs")
    assert status == "partial" and str(folder / name) in error


def test_unreadable_file_drops_its_rows_already_staged_in_shared_parts(ws, tmp_path):
    """Parts flushed while reading the broken file also hold the previous file's rows: only the broken file's go."""
    folder = tmp_path / "in"
    folder.mkdir()
    write_jsonl(folder / "a.jsonl", [{"id": f"a{i}", "text": f"first file {i}"} for i in range(150)])
    _truncated_gz(folder / "b.jsonl.gz")  # ~1,000 good lines before the damage: flushed in parts of 100
    write_jsonl(folder / "c.jsonl", [{"id": f"c{i}", "text": f"last file {i}"} for i in range(30)])
    report = ingest(ws, [folder], IngestOptions(source="s", batch_rows=100))
    assert (report.accepted, report.rejected, report.status) == (180, {"unreadable_file": 1}, "partial")
    assert _rows(ws, "SELECT count(*) FROM samples WHERE source_key LIKE 'z%'") == [(0,)]
    assert _rows(ws, "SELECT count(*) FROM samples") == [(180,)]


# 3. .txt ids and symlinks


def test_txt_ids_are_paths_inside_the_folder(ws, tmp_path):
    for label in ("pos", "neg"):
        (tmp_path / "docs" / label).mkdir(parents=True)
        (tmp_path / "docs" / label / "review-1.txt").write_text(f"A {label} review.", encoding="utf-8")
    report = ingest(ws, [tmp_path / "docs"], IngestOptions(source="reviews"))
    assert (report.accepted, report.rejected) == (2, {})
    rows = _rows(ws, "SELECT source_key, metadata FROM samples ORDER BY 1")
    assert [(k, json.loads(m)) for k, m in rows] == [
        ("neg/review-1", {"folder": "neg"}),
        ("pos/review-1", {"folder": "pos"}),
    ]


def test_symlinks_leaving_the_folder_are_rejected_not_followed(ws, tmp_path):
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text("SECRET outside the folder", encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ok.txt").write_text("an ordinary document", encoding="utf-8")
    (docs / "leak.txt").symlink_to(tmp_path / "outside" / "secret.txt")
    (docs / "elsewhere").symlink_to(tmp_path / "outside", target_is_directory=True)
    report = ingest(ws, [docs], IngestOptions(source="docs"))
    assert _keys(ws) == ["ok"]
    assert not _rows(ws, "SELECT 1 FROM samples WHERE text LIKE '%SECRET%'")
    rejects = _rows(ws, "SELECT file, reason, detail FROM rejects ORDER BY file")
    assert [(f, r) for f, r, _ in rejects] == [
        (str(docs / "elsewhere"), "symlink_outside"),
        (str(docs / "leak.txt"), "symlink_outside"),
    ]
    assert all("outside" in d and "not followed" in d for _, _, d in rejects)
    assert report.rejected == {"symlink_outside": 2}


# 4. Typed ids


def test_typed_ids_are_not_merged(ws, tmp_path):
    path = write_jsonl(
        tmp_path / "ids.jsonl",
        [
            {"id": 1, "text": "number one"},
            {"id": "1", "text": "string one"},
            {"id": True, "text": "boolean true"},
            {"id": "True", "text": "string True"},
            {"id": 1.5, "text": "a float id"},
        ],
    )
    report = ingest(ws, [path], IngestOptions(source="t"))
    assert (report.accepted, report.rejected) == (5, {})
    assert _keys(ws) == ["1", "True", "bool:true", "float:1.5", "int:1"]
    sid = _rows(ws, "SELECT sample_id FROM samples WHERE text = 'string one'")[0][0]
    assert sid == make_sample_id("t", "1")  # a string id keeps the sample_id it always had


def test_number_ids_of_an_older_catalog_are_still_recognized(ws, tmp_path):
    """Before ids kept their type, the number 7 was stored under the key "7": a re-ingest must not duplicate it."""
    ingest(ws, [write_jsonl(tmp_path / "old.jsonl", [{"id": "7", "text": "seven", "label": "a"}])], IngestOptions("t"))
    again = write_jsonl(tmp_path / "new.jsonl", [{"id": 7, "text": "seven", "label": "b"}, {"id": 8, "text": "eight"}])
    report = ingest(ws, [again], IngestOptions(source="t"))
    assert (report.accepted, report.updated, report.present) == (1, 1, 0)
    assert _rows(ws, "SELECT source_key, label FROM samples ORDER BY 1") == [("7", "b"), ("int:8", None)]


# 5. Unparseable time


def test_unparseable_time_is_kept_with_a_warning(ws, cli, tmp_path):
    path = write_jsonl(
        tmp_path / "t.jsonl",
        [
            {"id": "a", "text": "fine", "created_at": "yesterday-ish"},
            {"id": "b", "text": "ok", "created_at": "2024-05-01"},
        ],
    )
    rep = json.loads(cli("ingest", str(path), "--source", "t", "--json").output)
    ((meta, created),) = _rows(ws, "SELECT metadata, created_at FROM samples WHERE source_key = 'a'")
    assert json.loads(meta) == {"created_at_raw": "yesterday-ish"} and created is None
    assert rep["warnings"] == {"unparseable_created_at": 1} and rep["accepted"] == 2
    out = cli(
        "ingest", str(write_jsonl(tmp_path / "u.jsonl", [{"id": "c", "text": "x", "created_at": "?"}])), "--source", "t"
    ).output
    assert "warnings 1" in out and "unparseable_created_at" in out


# 6. Changed label or metadata under the same id and text


def test_changed_label_or_metadata_is_an_update_with_a_decision(ws, cli, tmp_path):
    first = [
        {"id": "a", "text": "same text", "label": "billing", "channel": "email", "tier": "free"},
        {"id": "b", "text": "other", "label": "returns", "channel": "chat", "tier": "plus"},
    ]
    ingest(ws, [write_jsonl(tmp_path / "v1.jsonl", first)], IngestOptions(source="t"))
    second = [
        {"id": "a", "text": "same text", "label": "shipping", "channel": "phone", "tier": "free"},
        {"id": "b", "text": "other", "label": "returns", "tier": "plus", "channel": "chat"},
    ]
    report = ingest(ws, [write_jsonl(tmp_path / "v2.jsonl", second)], IngestOptions(source="t"))
    now = _rows(ws, "SELECT label, metadata->>'channel' FROM samples WHERE source_key = 'a'")
    assert now == [("shipping", "phone")]
    assert (report.accepted, report.updated, report.present) == (0, 1, 1)  # b: keys reordered, not a change
    history = json.loads(cli("explain", "t:a", "--json").output)["history"]
    assert [(h["stage"], h["decision"]) for h in history] == [("ingest", "keep"), ("ingest", "modify")]
    assert history[1]["reason"] == "label changed: billing -> shipping; metadata changed: channel"
    assert "phone" not in history[1]["details"]  # metadata values are raw zone: only keys are named
    out = cli("ingest", str(write_jsonl(tmp_path / "v3.jsonl", [{**second[0], "label": "account"}])), "--source", "t")
    assert "updated 1" in out.output


def test_reingest_never_brings_purged_metadata_back(ws, tmp_path):
    from curator.stages.pii.purge import purge_raw

    path = write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": "hello", "label": "billing", "email": "x@y.z"}])
    ingest(ws, [path], IngestOptions(source="t"))
    purge_raw(ws, all_=True, compact=False)
    assert _rows(ws, "SELECT metadata::VARCHAR FROM samples") == [("{}",)]
    again = ingest(ws, [path], IngestOptions(source="t"))
    assert (again.present, again.updated) == (1, 0) and _rows(ws, "SELECT metadata::VARCHAR FROM samples") == [("{}",)]
    relabeled = write_jsonl(tmp_path / "b.jsonl", [{"id": "a", "text": "hello", "label": "refund", "email": "x@y.z"}])
    assert ingest(ws, [relabeled], IngestOptions(source="t")).updated == 1
    assert _rows(ws, "SELECT label, metadata::VARCHAR FROM samples") == [("refund", "{}")]
    assert _rows(ws, "SELECT reason FROM decisions WHERE decision = 'modify' AND stage = 'ingest'") == [
        ("label changed: billing -> refund",)
    ]


def test_same_id_twice_in_one_ingest_with_another_label_is_a_conflict(ws, tmp_path):
    path = write_jsonl(
        tmp_path / "dup.jsonl",
        [{"id": "a", "text": "same", "label": "billing"}, {"id": "a", "text": "same", "label": "shipping"}],
    )
    report = ingest(ws, [path], IngestOptions(source="t"))
    assert (report.accepted, report.present, report.rejected) == (1, 0, {"id_conflict": 1})
    ((line, detail),) = _rows(ws, "SELECT line, detail FROM rejects")
    assert line == 2 and f"id a appears earlier in this ingest ({path}:1) with the same text but" in detail


# 7. A record the catalog cannot store


def _nested(depth: int) -> str:
    """JSON of an object nested `depth` levels deep (json.dumps itself stops near 1,000)."""
    return '{"k": ' * depth + '{"leaf": 1}' + "}" * depth


@pytest.mark.parametrize("depth", [255, 600, 1020])
def test_deeply_nested_record_is_a_reject_and_the_file_is_kept(ws, tmp_path, depth):
    path = tmp_path / "deep.jsonl"
    deep = '{"id": "deep", "text": "nested", "meta": ' + _nested(depth) + "}"
    path.write_text(f'{{"id": "a", "text": "before"}}\n{deep}\n{{"id": "b", "text": "after"}}\n', encoding="utf-8")
    report = ingest(ws, [path], IngestOptions(source="t"))
    assert _keys(ws) == ["a", "b"]
    ((line, reason, detail),) = _rows(ws, "SELECT line, reason, detail FROM rejects")
    assert (line, reason) == (2, "unserializable") and "metadata cannot be stored as JSON" in detail
    assert report.rejected == {"unserializable": 1}


def test_too_large_record_is_a_reject(ws, tmp_path):
    records = [{"id": "big", "text": "small text", "blob": "x" * (17 << 20)}, {"id": "ok", "text": "fine"}]
    report = ingest(ws, [write_jsonl(tmp_path / "big.jsonl", records)], IngestOptions(source="t"))
    assert _keys(ws) == ["ok"] and report.rejected == {"too_large": 1}


# 8. Names and labels


@pytest.mark.parametrize("name", ["..", "a..b", "tickets\n", "x\u202eevil", "-rf"])
def test_source_names_are_validated(ws, tmp_path, name):
    path = write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": "x"}])
    with pytest.raises(BadInput, match="invalid --source name"):
        ingest(ws, [path], IngestOptions(source=name))
    assert not _rows(ws, "SELECT * FROM sources")


def test_invalid_labels_are_rejects_and_the_demo_labels_pass(ws, tmp_path, demo_dir):
    bad = ["$text", "[b]x[/b]", "![t](http://127.0.0.1/t.png)", "billing\n", " billing", "<script>"]
    records = [{"id": f"b{i}", "text": f"text {i}", "label": label} for i, label in enumerate(bad)]
    records += [{"id": "ok", "text": "fine", "label": "Billing & Payments (EU)"}, {"id": "n", "text": "no label"}]
    report = ingest(
        ws, [write_jsonl(tmp_path / "labels.jsonl", records)], IngestOptions(source="t", max_reject_rate=1.0)
    )
    assert _keys(ws) == ["n", "ok"] and report.rejected == {"invalid_label": len(bad)}
    details = [d for (d,) in _rows(ws, "SELECT detail FROM rejects ORDER BY line")]
    assert details[0].startswith("'label' is '$text': a label uses letters and digits")
    assert "\n" not in "".join(details)
    demo = ingest(ws, [demo_dir / "support_tickets.jsonl"], IngestOptions(source="tickets"))
    assert (demo.accepted, demo.rejected) == (3000, {})


# 9. Nothing kept: an error, and no empty source left behind


def test_every_record_rejected_is_an_error_and_writes_nothing(ws, cli, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [{"id": f"r{i}", "text": f"text {i}"} for i in range(3)])
    result = cli("ingest", str(path), "--source", "s", "--text-field", "description", ok=False)
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: every record was rejected (3: missing_text 3), nothing written; first: ")
    assert f"{path}:1: missing_text (no field 'description'; the record has: id, text)" in line
    for table in ("sources", "samples", "rejects", "runs"):
        assert not _rows(ws, f"SELECT * FROM {table}"), table
