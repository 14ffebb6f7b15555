"""Trust follow-ups of issue #13: no raw text left after `purge-raw --all` (also of samples dropped before the PII
stage ran), `export` writes only the allow-listed columns, `explain` hides raw text and metadata unless asked
(and logs the reveal), `predict --out x.csv` neutralizes formula cells, `latest` is a registered model."""

from __future__ import annotations

import json
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
    rows = [{"id": f"c{i}", "text": t.format(n=4400 + i), "label": ("billing", "shipping")[i % 2]}
            for i, t in enumerate(CLEAN * 3)]  # fmt: skip
    rows += [{"id": k, "text": t, "label": "billing"} for k, t in extra.items()]
    src = tmp_path / "src" / "tickets.jsonl"
    src.parent.mkdir(exist_ok=True)
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    cli("ingest", str(src), "--source", "t")


def _state(ws, keys) -> dict[str, tuple]:
    with connect(ws, read_only=True) as con:
        rows = con.execute("SELECT source_key, status, status_stage, status_reason, pii_scrubbed FROM samples "
                           "WHERE source_key IN (SELECT unnest(?))", [list(keys)]).fetchall()  # fmt: skip
    return {r[0]: r[1:] for r in rows}


# --- 1. purge-raw --all scrubs what the PII stage never saw ---------------------------------------------------------


def test_purge_raw_all_scrubs_samples_dropped_before_the_pii_stage(cli, ws, tmp_path):
    _ingest_tickets(cli, tmp_path, EARLY_DROPS)
    cli("run", str(ROOT / "pipelines" / "default.yaml"), "--workers", "1")
    before = _state(ws, EARLY_DROPS)
    assert {k: (s[0], s[1], s[3]) for k, s in before.items()} == {
        "short": ("dropped", "quality", False), "polish": ("dropped", "langid", False)}  # fmt: skip
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
