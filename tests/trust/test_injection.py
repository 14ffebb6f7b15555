"""Data is data: payload ids, labels, reasons and texts (Markdown images and links, HTML, rich markup, ANSI/OSC
escapes, formula cells) go through a real ingest and come out of explain / status / query, the samples CSV, the
dataset card and the Label Studio config as plain text — never interpreted. The review app's pages are checked
in a real browser in test_injection_browser.py.
"""

from __future__ import annotations

import csv
import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from curator.catalog import connect
from curator.catalog.ids import make_sample_id
from curator.errors import CuratorError
from curator.label.project import InitOptions, init_project, label_config
from curator.plain import FORMULA_LEADS, WORD_JOINER, visible
from curator.review.actions import apply_action
from curator.splits import SplitOptions, build_split
from curator.splits.options import validate
from curator.workspace import Workspace

SOURCE = "inj"
URL = "http://127.0.0.1:9"  # nothing listens there; the browser test uses a live listener instead
ESCAPES = ("\x1b", "\x07", "\x9b", "\u202e")
IDS = [
    f"![t]({URL}/id.png)",
    "[/oops]",
    f"[link={URL}/l]click[/link]",
    f"<img src={URL}/i.png>",
    f'=HYPERLINK("{URL}/h","y")',
    "+1",
    "@SUM(A1:A2)",
    "-2+3",
    "\x1b[31mred\x1b[0m",
    f"\x1b]8;;{URL}/o\x07osc\x1b]8;;\x07",
    "plain-1",
    "plain-2",
]
TEXTS = [
    f"\x1b[31mRED\x1b[0m \x1b]8;;{URL}/t\x07link\x1b]8;;\x07 [/oops] [link={URL}/x]y[/link] ![t]({URL}/t.png)",
    f'=HYPERLINK("{URL}/t","click") and a C1 CSI \x9b31m and a bidi override \u202eevil',
    "+1 then @SUM(A1) then -5",
]
LABELS = ["billing", "spam _x_ eggs", "shipping"]  # valid labels (curator.names) that Markdown would still read
NOTE = f"x | y ![t]({URL}/card.png) <img src={URL}/c.png> *b* _i_ `c` [l]({URL}/l) [/b]\nsecond line"


def sid(key: str) -> str:
    return make_sample_id(SOURCE, key)


def records() -> list[dict[str, Any]]:
    return [
        {"id": key, "text": f"{TEXTS[i % len(TEXTS)]} (record {i})", "label": LABELS[i % len(LABELS)]}
        for i, key in enumerate(IDS)
    ]


@pytest.fixture
def payload_ws(ws: Workspace, cli, tmp_path: Path) -> Workspace:
    """The payload records ingested (source 'inj'), all marked PII-scrubbed, and one review drop with a payload note."""
    path = tmp_path / "inj.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records()), encoding="utf-8")
    cli("ingest", str(path), "--source", SOURCE)
    with connect(ws) as con:
        con.execute("UPDATE samples SET pii_scrubbed = true")  # stands in for the PII stage (tested elsewhere)
    apply_action(ws, [sid("plain-2")], "drop", NOTE, reviewer="tester")
    return ws


def flat(text: str) -> str:
    """Output without whitespace (rich wraps long lines)."""
    return "".join(text.split())


def assert_inert(output: str) -> None:
    for ch in ESCAPES:
        assert ch not in output, f"raw {ch!r} reached the terminal: {output!r}"


# --- CLI -------------------------------------------------------------------------------------------------------------


def test_explain_shows_ids_and_texts_literally_without_escape_sequences(payload_ws, cli):
    for i, key in enumerate(IDS):
        out = cli("explain", sid(key)).output  # `[/oops]` used to crash with rich's MarkupError
        assert_inert(out)
        assert flat(visible(key)) in flat(out), f"id {key!r} not shown literally:\n{out}"
        assert flat(visible(TEXTS[i % len(TEXTS)], newlines=True)) in flat(out)
    out = cli("explain", sid(IDS[2])).output
    assert f"[link={URL}/l]click[/link]" in flat(out)  # markup shown, not turned into a terminal hyperlink
    assert "\\u001b]8;;" in cli("explain", sid(IDS[0])).output  # the text's OSC 8 hyperlink shown as text


def test_explain_json_escapes_c1_and_bidi_controls_but_keeps_the_value(payload_ws, cli):
    out = cli("explain", sid(IDS[1]), "--json").output
    assert_inert(out)
    assert json.loads(out)["sample"]["text"] == f"{TEXTS[1]} (record 1)"


def test_status_and_query_tables_show_reasons_and_values_as_text(payload_ws, cli):
    out = cli("status").output  # the review drop's note is in "drops by stage and reason"
    assert_inert(out)
    assert "[/b]" in out and "\\u000asecond" in flat(out)  # a closing tag crashed rich before; newline visible
    out = cli("query", "SELECT source_key AS \"[/h]\" FROM samples WHERE source_key IN ('[/oops]', '+1')").output
    assert "[/h]" in out and "[/oops]" in out  # header and cell: both crashed rich's markup parser before


def test_an_error_message_with_escapes_is_one_inert_line(payload_ws, cli):
    res = cli("query", f"SELECT CAST('\x1b]8;;{URL}/e\x07x' AS INTEGER)", ok=False)
    assert res.exit_code == 1
    assert_inert(res.output)
    assert res.output.startswith("error: ") and res.output.count("\n") == 1, res.output
    assert "\\u001b]8;;" in res.output  # DuckDB's message quotes the string: its escape is made visible


# --- CSV -------------------------------------------------------------------------------------------------------------


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_samples_csv_neutralizes_formula_cells_and_raw_csv_turns_it_off(payload_ws, cli, tmp_path):
    guarded, raw = tmp_path / "s.csv", tmp_path / "raw.csv"
    cli("samples", "--status", "all", "--format", "csv", "--out", str(guarded))
    rows = read_csv(guarded)
    assert len(rows) == len(IDS)
    for row in rows:
        for col, cell in row.items():
            assert not cell.startswith(FORMULA_LEADS), f"{col} cell {cell!r} would run as a formula"
    keys = {r["source_key"] for r in rows}
    assert {f"'{k}" for k in ('=HYPERLINK("' + URL + '/h","y")', "+1", "@SUM(A1:A2)", "-2+3")} <= keys
    assert "'" + TEXTS[1] + " (record 1)" in {r["text"] for r in rows}
    assert "plain-1" in keys and "[/oops]" in keys  # other cells unchanged
    cli("samples", "--status", "all", "--format", "csv", "--raw-csv", "--out", str(raw))
    assert {"+1", "@SUM(A1:A2)", "-2+3"} <= {r["source_key"] for r in read_csv(raw)}


# --- dataset card ----------------------------------------------------------------------------------------------------


def card_html(ws: Workspace) -> tuple[str, str]:
    res = build_split(ws, SplitOptions("inj", label_source="source", near_dup=False, min_per_class=2))
    text = (Path(res["path"]) / "README.md").read_text(encoding="utf-8")
    return text, MarkdownIt("commonmark").enable("table").render(text)


def test_dataset_card_escapes_labels_and_reasons_in_its_tables(payload_ws):
    text, page = card_html(payload_ws)
    assert "<img" not in page and "<a " not in page and "<em>" not in page and "<code>c</code>" not in page, page
    drop_rows = [r for r in re.findall(r"<tr>(.*?)</tr>", page, re.S) if "review drop" in r]
    assert len(drop_rows) == 1 and drop_rows[0].count("<td") == 3, drop_rows  # the | did not split the cell
    cell = html.unescape(re.sub(r"<[^>]+>", "", drop_rows[0])).replace(WORD_JOINER, "")  # (breaks autolinks)
    assert visible(NOTE) in cell  # the whole note, newline made visible, shown literally
    label_rows = [r for r in re.findall(r"<tr>(.*?)</tr>", page, re.S) if "spam" in r]
    assert label_rows and all("spam _x_ eggs" in html.unescape(r) for r in label_rows)
    assert "spam \\_x\\_ eggs" in text  # escaped in the README source as well


# --- Label Studio config, names --------------------------------------------------------------------------------------


def test_label_studio_config_refuses_field_labels_and_escapes_the_rest():
    with pytest.raises(CuratorError, match=r"invalid label .*'\$text'"):
        label_config("text_classification", ["billing", "$text"])
    for bad in ('a"b', "<b>", "x\ny"):
        with pytest.raises(CuratorError, match="invalid label"):
            label_config("text_classification", ["billing", bad])
    labels = ["billing", "spam _x_ eggs", "R&D (team's)"]
    root = ET.fromstring(label_config("text_classification", labels))
    assert [c.get("value") for c in root.iter("Choice")] == labels
    assert [t.get("value") for t in root.iter("Text")] == ["$text"]  # the only field reference is the text


def test_annotate_init_refuses_a_dollar_label_before_contacting_label_studio(ws, cli):
    res = cli("annotate", "init", "--project", "p", "--labels", "billing,$text", ok=False)
    assert res.exit_code == 1 and "invalid label" in res.output and "$text" in res.output
    with pytest.raises(CuratorError, match="invalid project name"):
        init_project(ws, InitOptions("../p", labels=["a", "b"]))
    with connect(ws, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM ls_projects").fetchone()[0] == 0


def test_a_split_name_with_a_trailing_newline_is_refused():
    assert validate(SplitOptions("main.v2_x-1")).name == "main.v2_x-1"
    with pytest.raises(CuratorError, match=r"invalid split name 'main\\u000a'"):  # `^…$` matched before the \n
        validate(SplitOptions("main\n"))


def test_split_stratify_columns_are_matched_whole():
    with pytest.raises(CuratorError, match="a plain column or metadata field name"):
        validate(SplitOptions("main", stratify=("label", "source\n")))


def test_cli_table_titles_are_plain_text(capsys):
    from curator.cli.render import table

    table(f"curator run [/x][link={URL}]r.yaml\x1b[2J", ["[b]"], [["[/b]"]])  # `run` puts the recipe path here
    out = capsys.readouterr().out
    assert_inert(out)
    assert "[/x]" in flat(out) and "[b]" in out and "[/b]" in out


def test_payload_labels_and_sources_are_refused_at_ingest_with_their_reason(ws, cli, tmp_path):
    bad = ["$text", f"[x]({URL}/l)", f"<img src={URL}/i.png>", "a|b", "x\x1b[31m"]
    path = tmp_path / "labels.jsonl"
    rows = [{"id": f"k{i}", "text": f"text {i}", "label": lab} for i, lab in enumerate([*bad, "billing"])]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = cli("ingest", str(path), "--source", "labels", "--max-reject-rate", "1").output
    assert "accepted 1" in out and f"rejected {len(bad)}" in out and "invalid_label" in out
    with connect(ws, read_only=True) as con:
        details = [r[0] for r in con.execute("SELECT detail FROM rejects ORDER BY line").fetchall()]
        assert con.execute("SELECT list(label) FROM samples").fetchone()[0] == ["billing"]
    assert all("a label uses" in d for d in details) and "'x\\u001b[31m'" in details[-1]
    res = cli("ingest", str(path), "--source", "[/oops]", ok=False)
    assert res.exit_code == 1 and "invalid --source name '[/oops]'" in res.output
