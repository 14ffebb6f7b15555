"""Tests for the deterministic synthetic corpus generator (curator.demo.corpus)."""

from __future__ import annotations

import csv
import gzip
import ipaddress
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path
from random import Random

import pytest

from curator.demo import templates
from curator.demo.corpus import (
    generate_records,
    generate_with_truth,
    main,
    pii_fixture,
    write_demo_corpus,
    write_jsonl,
)

LABEL_SHARES = {
    "billing": 0.25,
    "shipping": 0.20,
    "technical": 0.18,
    "account": 0.15,
    "returns": 0.12,
    "feedback": 0.10,
}
PII_TYPES = set(templates.PII_TEMPLATES)
assert {"EMAIL_ADDRESS", "PHONE_NUMBER", "PERSON", "US_SSN", "CREDIT_CARD", "IBAN_CODE"} < PII_TYPES
assert {"IP_ADDRESS", "LOCATION"} < PII_TYPES and len(PII_TYPES) == 8
REPO = Path(__file__).resolve().parents[2]


def luhn_ok(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def iban_ok(iban: str) -> bool:
    compact = iban.replace(" ", "")
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def shingles(text: str, k: int = 5) -> set[tuple[str, ...]]:
    words = text.split()
    return {tuple(words[i : i + k]) for i in range(max(1, len(words) - k + 1))}


def jaccard(a: str, b: str) -> float:
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb)


@pytest.fixture(scope="module")
def sample() -> list[tuple[dict, dict]]:
    return list(generate_with_truth(6000, seed=3))


@pytest.fixture(scope="module")
def fixture_examples() -> list[dict]:
    return pii_fixture()


# ---------------------------------------------------------------- corpus records
def test_deterministic_for_a_seed() -> None:
    first = list(generate_records(800, seed=11))
    assert first == list(generate_records(800, seed=11))
    assert first != list(generate_records(800, seed=12))
    assert pii_fixture(50, seed=1) == pii_fixture(50, seed=1)


def test_generate_records_matches_truth_stream() -> None:
    assert list(generate_records(300, seed=5)) == [rec for rec, _ in generate_with_truth(300, seed=5)]


def test_record_shape(sample: list[tuple[dict, dict]]) -> None:
    records = [rec for rec, _ in sample]
    for i, rec in enumerate(records, 1):
        assert list(rec) == ["id", "text", "label", "created_at", "channel", "customer_tier"]
        assert rec["id"] == f"tkt-{i:06d}"
        assert isinstance(rec["text"], str) and rec["text"]
        assert rec["label"] in LABEL_SHARES
        assert rec["channel"] in {"email", "chat", "web"}
        assert rec["customer_tier"] in {"free", "plus", "pro"}
        assert re.fullmatch(r"202[45]-\d\d-\d\dT\d\d:\d\d:00Z", rec["created_at"])
    stamps = [rec["created_at"] for rec in records]
    assert stamps == sorted(stamps)  # time rises with the id, so time-based splits make sense
    assert stamps[0].startswith("2024-01") and stamps[-1].startswith("2025-12")
    assert len({rec["id"] for rec in records}) == len(records)


def test_label_distribution(sample: list[tuple[dict, dict]]) -> None:
    counts = Counter(truth["true_label"] for _, truth in sample)
    for label, share in LABEL_SHARES.items():
        assert abs(counts[label] / len(sample) - share) < 0.025, (label, counts)


def test_kind_mix_and_label_noise(sample: list[tuple[dict, dict]]) -> None:
    n = len(sample)
    kinds = Counter(truth["kind"] for _, truth in sample)
    for kind, rate in {"dup": 0.06, "near_dup": 0.05, "junk": 0.04, "foreign": 0.05}.items():
        assert abs(kinds[kind] / n - rate) < 0.015, kinds
    noisy = [(rec, truth) for rec, truth in sample if truth["noisy_label"]]
    assert abs(len(noisy) / n - 0.04) < 0.012
    for rec, truth in sample:
        assert (rec["label"] != truth["true_label"]) == truth["noisy_label"]
    clean = [truth for _, truth in sample if truth["kind"] == "clean"]
    with_pii = [truth for truth in clean if truth["pii"]]
    assert abs(len(with_pii) / len(clean) - 0.3) < 0.03
    assert {t for truth in with_pii for t in truth["pii"]} == PII_TYPES
    assert any(truth["ambiguous"] for truth in clean)


def test_exact_duplicates_copy_an_earlier_text(sample: list[tuple[dict, dict]]) -> None:
    by_id = {rec["id"]: rec for rec, _ in sample}
    dups = [(rec, truth) for rec, truth in sample if truth["kind"] == "dup"]
    assert dups
    for rec, truth in dups:
        source = by_id[truth["source"]]
        assert source["id"] < rec["id"] and source["text"] == rec["text"]


def test_near_duplicates_are_near(sample: list[tuple[dict, dict]]) -> None:
    by_id = {rec["id"]: rec for rec, _ in sample}
    near = [(rec, truth) for rec, truth in sample if truth["kind"] == "near_dup"]
    assert near
    scores = []
    for rec, truth in near:
        source = by_id[truth["source"]]
        assert source["id"] < rec["id"] and source["text"] != rec["text"]
        scores.append(jaccard(source["text"], rec["text"]))
    assert min(scores) > 0.7, min(scores)
    assert sum(scores) / len(scores) > 0.85


def test_clean_texts_are_not_accidental_near_duplicates(sample: list[tuple[dict, dict]]) -> None:
    sets = [shingles(rec["text"]) for rec, truth in sample if truth["kind"] == "clean"][:400]
    close = sum(len(a & b) / len(a | b) > 0.7 for i, a in enumerate(sets) for b in sets[i + 1 :])
    assert close <= 2


def test_junk_and_foreign(sample: list[tuple[dict, dict]]) -> None:
    junk = [rec["text"] for rec, truth in sample if truth["kind"] == "junk"]
    assert all(truth["lang"] is None for _, truth in sample if truth["kind"] == "junk")
    assert any(len(t) <= 6 for t in junk) and any("<" in t for t in junk)
    foreign = [(rec["text"], truth["lang"]) for rec, truth in sample if truth["kind"] == "foreign"]
    assert {lang for _, lang in foreign} == {"de", "fr", "es"}
    markers = {
        "de": {"ich", "sie", "mein", "meine", "die", "der", "das", "und", "ist", "bitte"},
        "fr": {"je", "mon", "ma", "le", "la", "de", "vous", "est", "merci"},
        "es": {"mi", "el", "la", "de", "que", "no", "es", "por", "gracias"},
    }
    for text, lang in foreign:
        words = set(re.findall(r"\w+", text.lower()))
        assert words & markers[lang] and not words & {"the", "my", "and", "please"}, (lang, text)


@pytest.mark.parametrize(("target", "low", "high"), [(400, 340, 460), (1000, 880, 1120)])
def test_target_chars_sets_average_length(target: int, low: int, high: int) -> None:
    stream = generate_with_truth(2000, seed=9, target_chars=target)
    texts = [rec["text"] for rec, truth in stream if truth["kind"] == "clean"]
    assert low < sum(map(len, texts)) / len(texts) < high


def test_rates_can_be_switched_off() -> None:
    kinds = Counter(
        truth["kind"]
        for _, truth in generate_with_truth(
            500, seed=2, pii_rate=0, dup_rate=0, near_dup_rate=0, junk_rate=0, foreign_rate=0, label_noise=0
        )
    )
    assert kinds == {"clean": 500}


# ---------------------------------------------------------------- fake PII values
def test_generated_ibans_have_valid_check_digits() -> None:
    assert templates.iban_check_digits("DE", "370400440532013000") == "89"  # the textbook example
    rng = Random(0)
    lengths = {"DE": 22, "GB": 22, "FR": 27, "ES": 24, "NL": 18}
    for _ in range(500):
        iban = templates.PII_MAKERS["IBAN_CODE"](rng)
        compact = iban.replace(" ", "")
        assert iban_ok(iban), iban
        assert len(compact) == lengths[compact[:2]]


def test_generated_cards_are_luhn_valid() -> None:
    rng = Random(0)
    for _ in range(500):
        card = templates.PII_MAKERS["CREDIT_CARD"](rng)
        digits = re.sub(r"\D", "", card)
        assert luhn_ok(digits) and len(digits) in (15, 16), card
    assert not luhn_ok("4111111111111112")


def _value_ok(etype: str, value: str) -> bool:
    checks = {
        "EMAIL_ADDRESS": lambda v: re.fullmatch(r"[a-z0-9._]+@[a-z0-9.-]+\.[a-z]{2,}", v),
        "PHONE_NUMBER": lambda v: re.fullmatch(r"\+?[\d(][\d ().-]{8,}\d", v),
        "PERSON": lambda v: len(v.split(" ")) == 2 and v.split(" ")[0] in templates.FIRST_NAMES,
        "US_SSN": lambda v: re.fullmatch(r"\d{3}([- ])\d{2}\1\d{4}", v) and not v.startswith(("000", "666")),
        "CREDIT_CARD": lambda v: re.fullmatch(r"[\d -]{15,19}", v) and luhn_ok(v),
        "IBAN_CODE": lambda v: re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9 ]+", v) and iban_ok(v),
        "IP_ADDRESS": lambda v: isinstance(ipaddress.ip_address(v), ipaddress.IPv4Address),
        "LOCATION": lambda v: re.fullmatch(r"\d+ [\w ]+(, Apt \w+)?, [\w ]+, [A-Z]{2} \d{5}", v),
    }
    return bool(checks[etype](value))


def test_pii_fixture_offsets_are_exact(fixture_examples: list[dict]) -> None:
    assert len(fixture_examples) == 300
    with_pii = [ex for ex in fixture_examples if ex["entities"]]
    assert 0.5 < len(with_pii) / len(fixture_examples) < 0.7
    assert {ent["type"] for ex in with_pii for ent in ex["entities"]} == PII_TYPES
    for ex in with_pii:
        text, spans = ex["text"], sorted((e["start"], e["end"]) for e in ex["entities"])
        assert 1 <= len(spans) <= 3
        assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:], strict=False))
        for ent in ex["entities"]:
            assert set(ent) == {"type", "start", "end"}
            assert 0 < ent["start"] < ent["end"] <= len(text)
            value = text[ent["start"] : ent["end"]]
            assert value == value.strip() and _value_ok(ent["type"], value), (ent, value)
            assert not text[ent["start"] - 1].isalnum()
            assert ent["end"] == len(text) or not text[ent["end"]].isalnum()


def test_pii_fixture_clean_texts_have_no_pii(fixture_examples: list[dict]) -> None:
    values = {ex["text"][e["start"] : e["end"]] for ex in fixture_examples for e in ex["entities"]}
    clean = [ex["text"] for ex in fixture_examples if not ex["entities"]]
    assert clean
    for text in clean:
        assert not any(v in text for v in values), text
        assert "@" not in text and not re.search(r"\b\d{3}-\d{2}-\d{4}\b|\b\d{1,3}(\.\d{1,3}){3}\b", text)
        assert not any(f"{first} " in text for first in templates.FIRST_NAMES)
    tricky = " ".join(clean)
    assert re.search(r"#[A-Z]-\d{5}", tricky) and re.search(r"\b\d\.\d\.\d\b", tricky) and "$" in tricky


# ---------------------------------------------------------------- writers and shipped files
def test_write_jsonl_plain_and_gzip(tmp_path: Path) -> None:
    records = list(generate_records(120, seed=4))
    assert write_jsonl(tmp_path / "a.jsonl", records) == 120
    assert write_jsonl(tmp_path / "b.jsonl.gz", records) == 120
    assert write_jsonl(tmp_path / "c.jsonl.gz", records) == 120
    plain = (tmp_path / "a.jsonl").read_bytes()
    assert [json.loads(line) for line in plain.decode("utf-8").splitlines()] == records
    assert gzip.decompress((tmp_path / "b.jsonl.gz").read_bytes()) == plain
    assert (tmp_path / "b.jsonl.gz").read_bytes() == (tmp_path / "c.jsonl.gz").read_bytes()
    assert write_jsonl(tmp_path / "d.jsonl", iter(records), gzip=True) == 120
    assert gzip.decompress((tmp_path / "d.jsonl").read_bytes()) == plain


def test_cli_writes_jsonl(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "t.jsonl"
    assert main(["--n", "50", "--out", str(out), "--seed", "3", "--target-chars", "1000"]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == list(generate_records(50, seed=3, target_chars=1000))


def test_parquet_output(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "t.parquet"
    assert main(["--n", "30", "--out", str(out)]) == 0
    assert pq.read_table(out).to_pylist() == list(generate_records(30))


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    paths = write_demo_corpus(out)
    assert paths == {
        name: str(out / file)
        for name, file in [
            ("support_tickets", "support_tickets.jsonl"),
            ("forum_posts", "forum_posts.csv"),
            ("messy", "messy.jsonl"),
            ("truth", "truth.jsonl"),
        ]
    }
    return out


def test_demo_corpus_files(demo_dir: Path) -> None:
    tickets = (demo_dir / "support_tickets.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in tickets] == list(generate_records(3000, seed=13, target_chars=350))
    with open(demo_dir / "forum_posts.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 600 and list(rows[0]) == ["post_id", "body", "category", "posted_at", "channel"]
    assert rows[0]["post_id"] == "post-000001" and all(row["category"] in LABEL_SHARES for row in rows)
    assert sum(p.stat().st_size for p in demo_dir.iterdir()) < 2_000_000


def test_demo_corpus_is_deterministic(demo_dir: Path, tmp_path: Path) -> None:
    write_demo_corpus(tmp_path)
    for name in ("support_tickets.jsonl", "forum_posts.csv", "messy.jsonl", "truth.jsonl"):
        assert (tmp_path / name).read_bytes() == (demo_dir / name).read_bytes(), name


def test_answer_key_holds_the_true_labels_of_both_demo_sources(demo_dir: Path) -> None:
    key = [json.loads(line) for line in (demo_dir / "truth.jsonl").read_text().splitlines()]
    assert len(key) == 3600 and key[0]["ref"] == "tickets:tkt-000001" and key[-1]["ref"] == "forum:post-000600"
    truth = [t["true_label"] for _, t in generate_with_truth(3000, seed=13, target_chars=350)]
    assert [k["label"] for k in key[:3000]] == truth
    shipped = [json.loads(line)["label"] for line in (demo_dir / "support_tickets.jsonl").read_text().splitlines()]
    assert 0 < sum(a != b for a, b in zip(shipped, truth, strict=True)) < 200  # the flipped (noisy) labels


def test_messy_hazards(demo_dir: Path) -> None:
    raw_lines = (demo_dir / "messy.jsonl").read_bytes().split(b"\n")[:-1]
    assert 35 <= len(raw_lines) <= 50
    texts, invalid_utf8, broken, non_objects, ids = [], 0, 0, 0, Counter()
    for raw in raw_lines:
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            invalid_utf8 += 1
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            broken += 1
            continue
        if not isinstance(obj, dict):
            non_objects += 1
            continue
        ids[obj["id"]] += 1
        texts.append(obj.get("text", "<missing>"))
    assert invalid_utf8 == 1 and broken == 2 and non_objects == 2
    assert sum(1 for raw in raw_lines if not raw.strip()) == 3
    assert "<missing>" in texts and None in texts and "   " in texts and 12345 in texts
    strings = [t for t in texts if isinstance(t, str)]
    assert any("\x00" in t for t in strings) and any("\r\n" in t and " \r\n" in t for t in strings)
    assert any(not unicodedata.is_normalized("NFC", t) for t in strings)
    assert any(4000 < len(t) <= 5000 for t in strings) and max(map(len, strings)) <= 5000
    dup_ids = [i for i, c in ids.items() if c > 1]
    assert len(dup_ids) == 2
    by_id: dict[str, set[str]] = {}
    for raw in raw_lines:
        try:
            obj = json.loads(raw)
        except ValueError:
            continue
        if isinstance(obj, dict) and obj["id"] in dup_ids:
            by_id.setdefault(obj["id"], set()).add(obj["text"])
    assert sorted(len(v) for v in by_id.values()) == [1, 2]  # one same-text, one different-text duplicate id
    good = sum(1 for t in strings if t.strip() and t.isprintable() and len(t) < 4000)
    assert good >= 20


def test_shipped_demo_files_are_current(demo_dir: Path) -> None:
    shipped = REPO / "data" / "demo"
    if not shipped.is_dir():
        pytest.skip("data/demo not generated in this checkout")
    for name in ("support_tickets.jsonl", "forum_posts.csv", "messy.jsonl", "truth.jsonl"):
        assert (shipped / name).read_bytes() == (demo_dir / name).read_bytes(), f"regenerate {name}"
