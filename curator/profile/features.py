"""The shape of a corpus: lengths, tokens and lines, as shares a user (and `--recipe auto`) can read.

Tokens are whitespace-separated words. A token is
- `code`: inline code or an identifier — `backticks`, snake_case, camelCase, dotted.names, call(), a::b, a->b;
- `reference`: an issue or PR reference (#123, GH-12), a version (1.2.3, v2.0, 2.1.0rc1) or a path (a/b, ./x, file.py);
- `url`: http(s):// or www.;
- `number`: digits only (with . , : - /);
- `symbol`: no letter and no digit (punctuation, emoji, box drawing).
A line is a `chat turn` when it starts with a speaker (`Name:`, `<nick>`, `[12:01]`, `>`, `- A:`) followed by text.
Shares of tokens are over all tokens; `docs_with_*` are shares of texts with at least one such token.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import numpy as np

CODE = re.compile(
    r"`[^`]+`?|^`|[A-Za-z]+_[A-Za-z0-9_]+|[a-z]+[A-Z][A-Za-z0-9]*|\w+\(\)?|\w+(::|->)\w+|[a-z]\w*\.[a-z_]\w*\.\w+"
)
REFERENCE = re.compile(
    r"^[(\[]?(#\d+|[A-Z]+-\d+|v?\d+\.\d+(\.\d+)*([-.]?(rc|a|b|dev|post)\d*)?|\.{0,2}/?[\w.-]+/[\w./-]+|[\w-]+\.(py|js|ts|"
    r"c|h|cc|cpp|go|rs|java|rb|sh|md|txt|json|ya?ml|toml|cfg|ini|xml|html|css|sql|lock|so|dll|exe))[)\],.:;]?$"
)
URL = re.compile(r"^[(<]?(https?://|www\.)", re.IGNORECASE)
NUMBER = re.compile(r"^[-+]?\d[\d.,:/-]*%?$")
HAS_ALNUM = re.compile(r"[^\W_]")
CHAT_TURN = re.compile(
    r"^\s*(-\s*)?(\[\d{1,2}:\d{2}(:\d{2})?\]\s*)?(<[^>\s]{1,30}>|[A-Z][\w .'-]{0,24}:|>)\s*\S", re.UNICODE
)
PERCENTILES = (5, 25, 50, 75, 95)
KINDS = ("code", "reference", "url", "number", "symbol")
TECHNICAL = frozenset(("code", "reference", "url"))  # a text with one of these is a technical text


def token_kind(token: str) -> str | None:
    """The kind of one whitespace token (first match: url, reference, number, code, symbol), or None (a word)."""
    if URL.match(token):
        return "url"
    if REFERENCE.match(token):
        return "reference"
    if NUMBER.match(token):
        return "number"
    if CODE.search(token):
        return "code"
    if not HAS_ALNUM.search(token):
        return "symbol"
    return None


def distribution(values: list[int]) -> dict[str, float]:
    """Mean, max and percentiles of a list of counts."""
    if not values:
        return {"mean": 0.0, "max": 0, **{f"p{p}": 0.0 for p in PERCENTILES}}
    arr = np.asarray(values, dtype=np.float64)
    cuts = np.percentile(arr, PERCENTILES)
    return {
        "mean": round(float(arr.mean()), 2),
        "max": int(arr.max()),
        **{f"p{p}": float(c) for p, c in zip(PERCENTILES, cuts, strict=True)},
    }


def _text_counts(text: str) -> tuple[Counter, int, int, int]:
    """(token kinds, tokens, lines, chat-turn lines) of one text."""
    tokens = text.split()
    kinds = Counter(k for k in map(token_kind, tokens) if k)
    lines = [line for line in text.split("\n") if line.strip()]
    turns = sum(1 for line in lines if CHAT_TURN.match(line))
    return kinds, len(tokens), len(lines), turns


def corpus_features(texts: list[str]) -> dict[str, Any]:
    """Lengths (chars, words, lines), token kinds and line structure of `texts`."""
    n = max(1, len(texts))
    totals, docs_with = Counter(), Counter()
    words, lines, chat_docs, multi, turns_total, lines_total, technical = [], [], 0, 0, 0, 0, 0
    for text in texts:
        kinds, n_tokens, n_lines, turns = _text_counts(text)
        totals.update(kinds)
        docs_with.update(kinds.keys())
        words.append(n_tokens)
        lines.append(n_lines)
        multi += n_lines > 1
        technical += bool(TECHNICAL.intersection(kinds))
        turns_total, lines_total = turns_total + turns, lines_total + n_lines
        chat_docs += n_lines >= 2 and turns >= max(2, n_lines / 2)
    all_tokens = max(1, sum(words))
    return {
        "texts": len(texts),
        "chars": distribution([len(t) for t in texts]),
        "words": distribution(words),
        "lines": distribution(lines),
        "token_share": {k: round(totals[k] / all_tokens, 4) for k in KINDS},
        "docs_with": {k: round(docs_with[k] / n, 4) for k in KINDS},
        "technical_docs": round(technical / n, 4),
        "multi_line_docs": round(multi / n, 4),
        "chat_turn_lines": round(turns_total / max(1, lines_total), 4),
        "chat_docs": round(chat_docs / n, 4),
        "exact_duplicates": round(1 - len(set(texts)) / n, 4) if texts else 0.0,
    }
