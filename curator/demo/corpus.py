"""Deterministic synthetic customer-support corpus: labeled tickets with PII, dups, junk, foreign text.

    python -m curator.demo.corpus --n 10000 --out tickets.jsonl [--seed 13] [--target-chars 400]
    python -m curator.demo.corpus --demo data/demo

Everything derives from one ``random.Random(seed)``; records stream from a generator. Mix (defaults): ~6%
exact duplicates and ~5% near duplicates of earlier texts (new ids), ~4% junk, ~5% German/French/Spanish,
~30% of the rest with injected fake PII, 4% wrong labels; labels billing/shipping/technical/account/returns/
feedback at ~25/20/18/15/12/10%; created_at rises with the id across 2024-01-01..2025-12-31.
"""

from __future__ import annotations

import argparse
import calendar
import csv
import gzip as _gzip
import io
import json
import time
import unicodedata
from bisect import bisect
from collections.abc import Iterable, Iterator
from itertools import accumulate, islice
from pathlib import Path
from random import Random
from typing import Any

from curator.demo import templates as T

_START = calendar.timegm((2024, 1, 1, 0, 0, 0))
_END = calendar.timegm((2025, 12, 31, 23, 59, 0))


def _thresholds(weights: tuple[int, ...]) -> tuple[float, ...]:
    """Cumulative shares minus the final 1.0, so ``items[bisect(cum, rng.random())]`` picks by weight."""
    total = sum(weights)
    return tuple(x / total for x in accumulate(weights))[:-1]


_LABEL_CUM = _thresholds(T.LABEL_WEIGHTS)
_CHANNEL_CUM = _thresholds(T.CHANNEL_WEIGHTS)
_TIER_CUM = _thresholds(T.TIER_WEIGHTS)
_PII_CUM = _thresholds(T.PII_WEIGHTS)
_POOL_SIZE = 4096  # recent clean messages that (near-)duplicates copy from
_OTHER_DETAILS = {lab: tuple(s for o in T.LABELS if o != lab for s in T.DETAILS[o]) for lab in T.LABELS}
_AMBIG = {lab: tuple(s for labs, s in T.AMBIGUOUS if lab in labs) for lab in T.LABELS}
_LANGS = tuple(T.FOREIGN)
_N_ORDERS = 512  # precomputed detail orderings per label (one random draw per message instead of a sample)


def _orders(label: str, seed: int = 0) -> tuple[tuple[str, ...], ...]:
    """Random orderings of label + generic details, label-specific ones weighted 2:1 toward the front."""
    rng = Random(f"{seed}:{label}")
    weighted = [(s, 2.0) for s in T.DETAILS[label]] + [(s, 1.0) for s in T.GENERIC_DETAILS]
    return tuple(
        tuple(s for _key, s in sorted(((rng.random() ** (1 / w), s) for s, w in weighted), reverse=True))
        for _ in range(_N_ORDERS)
    )


def _estimated_lengths() -> dict[str, int]:
    """Typical formatted length of every English sentence template (for length control without formatting)."""
    rng = Random(0)
    mean_len = {k: sum(len(make(rng)) for _ in range(50)) / 50 for k, make in T.SLOT_MAKERS.items()}
    typical = {k: "x" * round(length) for k, length in mean_len.items()}
    sentences = {*T.OPENINGS, *T.CLOSINGS, *T.GENERIC_DETAILS, *(s for _labs, s in T.AMBIGUOUS)}
    for bank in (T.PROBLEMS, T.DETAILS, T.ASKS):
        sentences.update(s for group in bank.values() for s in group)
    return {s: len(s.format_map(typical)) + 1 if s else 0 for s in sentences}


_ORDERS = {lab: _orders(lab) for lab in T.LABELS}
_EST = _estimated_lengths()
_FIELDS = ("id", "text", "label", "created_at", "channel", "customer_tier")


class _Slots(dict):
    """Format values drawn lazily: a slot gets one value per message, on first use."""

    def __init__(self, rng: Random) -> None:
        super().__init__()
        self.rng = rng

    def __missing__(self, key: str) -> str:
        value = self[key] = T.SLOT_MAKERS[key](self.rng)
        return value


def _pii_piece(rng: Random, etype: str) -> tuple[str, str, str, str]:
    prefix, suffix = rng.choice(T.PII_TEMPLATES[etype])
    return etype, prefix, T.PII_MAKERS[etype](rng), suffix


def _insert_at(rng: Random, items: list[Any], piece: Any) -> None:
    """Insert between the first and the last sentence; sign-offs ("Best regards, X.") go last."""
    last = isinstance(piece, tuple) and piece[1].startswith("Best regards")
    items.insert(len(items) if last else 1 + int(rng.random() * max(len(items) - 1, 1)), piece)


# ---------------------------------------------------------------- message bodies
def _compose(rng: Random, label: str, target: int) -> tuple[list[str], bool]:
    """Sentence templates of one English message about ``label``, ~``target`` characters on average."""
    rnd = rng.random
    goal = target * (0.5 + rnd()) - 35  # uniform around target; the last sentence overshoots ~35 chars
    ambiguous = rnd() < 0.08
    problems = _AMBIG[label] if ambiguous else T.PROBLEMS[label]
    opening, asks = T.OPENINGS[int(rnd() * len(T.OPENINGS))], T.ASKS[label]
    tail = [asks[int(rnd() * len(asks))], T.CLOSINGS[int(rnd() * len(T.CLOSINGS))]]
    body = [problems[int(rnd() * len(problems))]]
    size = _EST[opening] + _EST[body[0]] + _EST[tail[0]] + _EST[tail[1]]
    orders = _ORDERS[label]
    details = orders[int(rnd() * len(orders))]
    if rnd() < 0.12:
        other = _OTHER_DETAILS[label]
        details = (other[int(rnd() * len(other))], *details)
    cap = max(6, target // 45)
    for detail in details:
        if size >= goal or len(body) >= cap:
            break
        body.append(detail)
        size += _EST[detail]
    if rnd() < 0.15:
        rng.shuffle(body)
    return [s for s in (opening, *body, *tail) if s], ambiguous


def _foreign(rng: Random, label: str) -> tuple[str, str]:
    lang = rng.choice(_LANGS)
    bank = T.FOREIGN[lang]
    parts = [rng.choice(bank["open"])] + rng.sample(bank[label], 1 + int(rng.random() * 2))
    if rng.random() < 0.6:
        parts.append(rng.choice(bank["generic"]))
    parts += [rng.choice(bank["ask"]), rng.choice(bank["close"])]
    return lang, " ".join(parts).format_map(_Slots(rng))


def _junk(rng: Random) -> str:
    kind, k = int(rng.random() * 6), int(rng.random() * 20)
    if kind == 0:
        return rng.choice(T.JUNK_SHORT)
    if kind == 1:
        return " ".join(rng.choice(T.JUNK_SYMBOLS) for _ in range(8 + k))
    if kind == 2:
        return rng.choice((" ", "\n")).join([rng.choice(T.JUNK_WORDS)] * (10 + 2 * k))
    if kind == 3:
        return " ".join(T.digits(rng, 1 + int(rng.random() * 8)) for _ in range(6 + k))
    if kind == 4:
        return " ".join("".join(rng.choices(T.KEYBOARD, k=3 + int(rng.random() * 8))) for _ in range(3 + k))
    return " ".join(rng.choice(T.JUNK_HTML) for _ in range(1 + k % 3))


def _near_dup(rng: Random, text: str) -> str:
    """One-word edit that keeps 5-gram word-shingle Jaccard above ~0.8 for texts of >= 20 words."""
    words = text.split(" ")
    r = rng.random()
    if r < 0.4:
        if words[0] in T.GREETING_SWAP:
            words[0] = T.GREETING_SWAP[words[0]]
        else:
            words.insert(0, "Hi,")
    elif r < 0.8 or len(words) < 60:
        words.append(rng.choice(T.NEAR_SUFFIXES))
    else:
        i = 10 + int(rng.random() * (len(words) - 20))
        swap = next((j for j in range(i, len(words) - 10) if words[j] in T.WORD_SWAP), None)
        if swap is None:
            words.insert(i, "really")
        else:
            words[swap] = T.WORD_SWAP[words[swap]]
    return " ".join(words)


def _clean(rng: Random, target: int, pii_rate: float) -> tuple[str, str, tuple[str, ...], bool]:
    label = T.LABELS[bisect(_LABEL_CUM, rng.random())]
    templates, ambiguous = _compose(rng, label, target)
    if rng.random() >= pii_rate:
        return " ".join(templates).format_map(_Slots(rng)), label, (), ambiguous
    sentences: list[Any] = "\x1f".join(templates).format_map(_Slots(rng)).split("\x1f")
    pii = []
    for _ in range(1 if rng.random() < 0.75 else 2):
        piece = _pii_piece(rng, T.PII_TYPES[bisect(_PII_CUM, rng.random())])
        _insert_at(rng, sentences, piece)
        pii.append(piece[0])
    text = " ".join(s if isinstance(s, str) else "".join(s[1:]) for s in sentences)
    return text, label, tuple(pii), ambiguous


# ---------------------------------------------------------------- records
# A message: (text, true_label, pii types, lang, ambiguous, kind, source id).
_Message = tuple[str, str, tuple[str, ...], str | None, bool, str, str | None]


def generate_with_truth(
    n: int,
    seed: int = 13,
    *,
    pii_rate: float = 0.3,
    dup_rate: float = 0.06,
    near_dup_rate: float = 0.05,
    junk_rate: float = 0.04,
    foreign_rate: float = 0.05,
    label_noise: float = 0.04,
    target_chars: int = 400,
) -> Iterator[tuple[dict[str, str], dict[str, Any]]]:
    """Yield ``(record, truth)``.

    truth: true_label, kind (clean|dup|near_dup|junk|foreign), noisy_label, pii (injected entity types),
    lang (en|de|fr|es, None for junk), ambiguous (problem statement fits two labels), source (id of the
    record a dup/near_dup copies, else None).
    """
    rates = (pii_rate, dup_rate, near_dup_rate, junk_rate, foreign_rate, label_noise)
    for record, msg, noisy in _stream(n, seed, rates, target_chars):
        _text, label, pii, lang, ambiguous, kind, source = msg
        truth = {"true_label": label, "kind": kind, "noisy_label": noisy, "pii": list(pii), "lang": lang}
        yield record, {**truth, "ambiguous": ambiguous, "source": source}


def generate_records(
    n: int,
    seed: int = 13,
    *,
    pii_rate: float = 0.3,
    dup_rate: float = 0.06,
    near_dup_rate: float = 0.05,
    junk_rate: float = 0.04,
    foreign_rate: float = 0.05,
    label_noise: float = 0.04,
    target_chars: int = 400,
) -> Iterator[dict[str, str]]:
    """Stream ``n`` records ``{id, text, label, created_at, channel, customer_tier}`` (mix: module doc)."""
    rates = (pii_rate, dup_rate, near_dup_rate, junk_rate, foreign_rate, label_noise)
    for record, _msg, _noisy in _stream(n, seed, rates, target_chars):
        yield record


def _stream(
    n: int, seed: int, rates: tuple[float, ...], target: int
) -> Iterator[tuple[dict[str, str], _Message, bool]]:
    rng = Random(seed)
    rnd = rng.random
    pii_rate, label_noise = rates[0], rates[5]
    cuts = tuple(accumulate(rates[1:5]))
    pool: list[tuple[str, _Message]] = []  # (id, message) of recent clean messages, copied by dups
    step, days = (_END - _START) / max(n, 1), {}
    for i in range(n):
        rid = f"tkt-{i + 1:06d}"
        channel, tier = T.CHANNELS[bisect(_CHANNEL_CUM, rnd())], T.TIERS[bisect(_TIER_CUM, rnd())]
        msg = _draw(rng, cuts, pool, rid, channel, target, pii_rate)
        label = msg[1]
        noisy = rnd() < label_noise
        if noisy:
            label = T.LABELS[(T.LABELS.index(label) + 1 + int(rnd() * 5)) % len(T.LABELS)]
        day, sec = divmod(_START + int((i + rnd()) * step), 86400)
        if day not in days:
            days[day] = time.strftime("%Y-%m-%dT", time.gmtime(day * 86400))
        stamp = f"{days[day]}{sec // 3600:02d}:{sec // 60 % 60:02d}:00Z"
        record = {
            "id": rid,
            "text": msg[0],
            "label": label,
            "created_at": stamp,
            "channel": channel,
            "customer_tier": tier,
        }
        yield record, msg, noisy


def _draw(
    rng: Random,
    cuts: tuple[float, ...],
    pool: list[tuple[str, _Message]],
    rid: str,
    channel: str,
    target: int,
    pii_rate: float,
) -> _Message:
    """One message; feeds and reads the duplicate pool."""
    r = rng.random()
    if r < cuts[1] and pool:
        src_id, src = pool[int(rng.random() * len(pool))]
        if r < cuts[0]:
            return (*src[:5], "dup", src_id)
        return (_near_dup(rng, src[0]), *src[1:5], "near_dup", src_id)
    if cuts[1] <= r < cuts[3]:
        label = T.LABELS[bisect(_LABEL_CUM, rng.random())]
        if r < cuts[2]:
            return _junk(rng), label, (), None, False, "junk", None
        lang, text = _foreign(rng, label)
        return text, label, (), lang, False, "foreign", None
    text, label, pii, ambiguous = _clean(rng, target, pii_rate)
    if channel == "chat" and not pii and rng.random() < 0.2:
        text = text.lower()  # chat users often skip capitals
    msg = (text, label, pii, "en", ambiguous, "clean", None)
    if text.count(" ") >= 20:  # long enough for a one-word edit to stay a near duplicate
        if len(pool) < _POOL_SIZE:
            pool.append((rid, msg))
        else:
            pool[int(rng.random() * _POOL_SIZE)] = (rid, msg)
    return msg


def pii_fixture(n: int = 300, seed: int = 7) -> list[dict[str, Any]]:
    """PII-evaluation examples ``{"text", "entities": [{"type", "start", "end"}]}`` (~60% with PII)."""
    rng = Random(seed)
    examples = []
    for _ in range(n):
        slots = _Slots(rng)
        templates = _compose(rng, T.LABELS[bisect(_LABEL_CUM, rng.random())], 260)[0]
        pieces: list[Any] = [s.format_map(slots) for s in templates]
        if rng.random() < 0.6:
            for _ in range(1 + int(rng.random() * 3)):
                _insert_at(rng, pieces, _pii_piece(rng, rng.choice(T.PII_TYPES)))
        else:
            for _ in range(1 + int(rng.random() * 2)):
                _insert_at(rng, pieces, rng.choice(T.TRICKY_CLEAN).format_map(slots))
        examples.append(_join_pieces(pieces))
    return examples


def _join_pieces(pieces: list[Any]) -> dict[str, Any]:
    parts: list[str] = []
    entities: list[dict[str, Any]] = []
    pos = 0
    for piece in pieces:
        if parts:
            parts.append(" ")
            pos += 1
        if isinstance(piece, tuple):
            etype, prefix, value, suffix = piece
            start = pos + len(prefix)
            entities.append({"type": etype, "start": start, "end": start + len(value)})
            piece = prefix + value + suffix
        parts.append(piece)
        pos += len(piece)
    text = "".join(parts)
    for ent, value in zip(entities, (p[2] for p in pieces if isinstance(p, tuple)), strict=True):
        if text[ent["start"] : ent["end"]] != value:
            raise AssertionError(f"bad offsets for {ent}")
    return {"text": text, "entities": entities}


# ---------------------------------------------------------------- writers
def write_jsonl(path: str | Path, records: Iterable[dict[str, Any]], *, gzip: bool | None = None) -> int:
    """Write one JSON object per line (UTF-8); gzip (mtime 0, reproducible) when asked or path ends in .gz."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    use_gzip = path.suffix == ".gz" if gzip is None else gzip
    encode, count, it = json.JSONEncoder(ensure_ascii=False).encode, 0, iter(records)
    with open(path, "wb") as raw:
        # no file name and mtime 0 in the gzip header: same records, same bytes
        stream = _gzip.GzipFile("", "wb", 6, raw, mtime=0) if use_gzip else raw
        with io.TextIOWrapper(stream, encoding="utf-8", newline="\n") as fh:
            while batch := list(islice(it, 4096)):
                fh.write("\n".join(map(encode, batch)) + "\n")
                count += len(batch)
    return count


def write_parquet(path: str | Path, records: Iterable[dict[str, Any]], *, batch_size: int = 50_000) -> int:
    """Parquet output (string columns); needs the optional pyarrow package."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError("parquet output needs pyarrow: pip install pyarrow") from exc
    schema = pa.schema([(name, pa.string()) for name in _FIELDS])
    count, it = 0, iter(records)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with pq.ParquetWriter(str(path), schema) as writer:
        while batch := list(islice(it, batch_size)):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


# ---------------------------------------------------------------- shipped demo corpus
def write_demo_corpus(out_dir: str | Path) -> dict[str, str]:
    """Write support_tickets.jsonl, forum_posts.csv, messy.jsonl and the answer key truth.jsonl; {stem: path}."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "support_tickets": out / "support_tickets.jsonl",
        "forum_posts": out / "forum_posts.csv",
        "messy": out / "messy.jsonl",
    }
    write_jsonl(paths["support_tickets"], generate_records(3000, seed=13, target_chars=350))
    with open(paths["forum_posts"], "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["post_id", "body", "category", "posted_at", "channel"])
        for rec in generate_records(600, seed=29, target_chars=300):
            post_id = rec["id"].replace("tkt-", "post-")
            writer.writerow([post_id, rec["text"], rec["label"], rec["created_at"], rec["channel"]])
    paths["messy"].write_bytes(b"\n".join(_messy_lines()) + b"\n")
    paths["truth"] = out / "truth.jsonl"
    write_answer_key(paths["truth"])
    return {name: str(path) for name, path in paths.items()}


def write_answer_key(path: Path) -> None:
    """The demo's answer key: the TRUE label of every ticket and forum post (the shipped files carry ~4% flipped
    labels). Simulated annotators answer from it (`curator annotate simulate --truth`), as careful humans would;
    refs use the source names the demo ingests under (tickets, forum)."""
    with open(path, "w", encoding="utf-8") as fh:
        for source, n, seed, chars, prefix in (("tickets", 3000, 13, 350, "tkt-"), ("forum", 600, 29, 300, "post-")):
            for rec, truth in generate_with_truth(n, seed=seed, target_chars=chars):
                ref = f"{source}:{rec['id'].replace('tkt-', prefix)}"
                fh.write(json.dumps({"ref": ref, "label": truth["true_label"]}) + "\n")


def _long_text(chars: int) -> str:
    rng, text = Random(5), ""
    while len(text) < chars:
        text += (" " if text else "") + _clean(rng, 1000, 0.0)[0]
    return text[: text.rindex(". ", 0, chars) + 1]


def _messy_lines() -> list[bytes]:
    """~40 JSONL lines: good records interleaved with the hazards an importer must survive."""
    records = generate_records(24, seed=101, target_chars=250, dup_rate=0, near_dup_rate=0, junk_rate=0)
    good = [dict(r, id=r["id"].replace("tkt-", "msy-")) for r in records]
    base = {
        "label": "returns",
        "created_at": "2025-06-01T12:00:00Z",
        "channel": "email",
        "customer_tier": "pro",
    }

    def enc(id_: str, **fields: Any) -> bytes:
        return json.dumps({"id": id_, **fields, **base}, ensure_ascii=False).encode("utf-8")

    hazards = [
        b'{"id": "msy-h01", "text": "My order never arrived and',  # truncated JSON
        b"{'id': 'msy-h02', 'text': 'single quotes are not JSON'}",
        b'{"id": "msy-h03", "text": "Caf\xe9 mug arrived chipped \xff\xfe, refund?", "label": "returns"}',
        b'[{"id": "msy-h04", "text": "An object wrapped in a JSON array."}]',
        b"42",
        enc("msy-h05"),  # no "text" field
        enc("msy-h06", text=None),
        enc("msy-h07", text="   "),
        enc("msy-h08", text="Order #A-10293\u0000 arrived\u0000 damaged, please help."),
        enc("msy-h09", text="Hello team,   \r\nMy parcel is late again.  \r\nThanks   \r\n"),
        enc("msy-h10", text=unicodedata.normalize("NFD", "Café crème kettle: in résumé, it leaks.")),
        enc("msy-h11", text=_long_text(5000)),
        json.dumps(good[3], ensure_ascii=False).encode("utf-8"),  # duplicate id, same text
        json.dumps(dict(good[7], text="Different text, reused id."), ensure_ascii=False).encode("utf-8"),
        b"",
        b"   ",
        b"\t",
        enc("msy-h12", text=12345),
        enc("msy-h13", text="CafÃ© order arrived, itâ€™s broken and the lid doesnâ€™t close."),  # mojibake
        enc("msy-h14", text="Love the new lamp 😍👍 but the box was soaked 💧"),
        enc("msy-h15", text="First line of the note\u2028second line after a Unicode line separator."),
    ]
    lines = [json.dumps(r, ensure_ascii=False).encode("utf-8") for r in good]
    for k, hazard in enumerate(hazards):
        lines.insert(1 + 2 * k, hazard)
    return lines


# ---------------------------------------------------------------- CLI
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m curator.demo.corpus", description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="number of records (default 10000)")
    parser.add_argument("--out", help="output file: .jsonl, .jsonl.gz or .parquet (needs pyarrow)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--target-chars", type=int, default=400, help="average text length (default 400)")
    parser.add_argument("--demo", metavar="DIR", help="write the shipped demo corpus into DIR instead")
    args = parser.parse_args(argv)
    if args.demo:
        for path in write_demo_corpus(args.demo).values():
            print(f"{path}\t{Path(path).stat().st_size} bytes")
        return 0
    if not args.out:
        parser.error("one of --out or --demo is required")
    records = generate_records(args.n, args.seed, target_chars=args.target_chars)
    writer = write_parquet if args.out.endswith(".parquet") else write_jsonl
    print(f"wrote {writer(args.out, records)} records to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
