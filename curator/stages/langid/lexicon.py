"""Word frequencies of the kept languages: the third opinion of hybrid_langid_v3 on short texts.

The data is wordfreq 3.1.1's "small" lists (PyPI `wordfreq`, Apache-2.0 code, CC-BY-SA 4.0 data built from
Wikipedia, subtitles, news, books and web text; read here as data, the package is never imported): per language the
words of frequency ≥ 1e-6 in wordfreq's cBpack format — a msgpack list whose bin i holds the words of frequency
10^(-i/100). Loading the seven kept languages takes ~0.15 s and ~30 MB. A short text's words are scored per
language by their log frequency (an unknown word counts as 1e-8): "Gestor de janelas" is Portuguese because "janelas"
is a Portuguese word and no Spanish one, which character models of three words cannot tell.
"""

from __future__ import annotations

import gzip
import importlib.util
import re
from pathlib import Path

import msgpack
import numpy as np

from curator.errors import CuratorError

UNKNOWN = -8.0  # log10 frequency of a word a list does not hold (the small lists stop at 1e-6)
MAX_WORDS = 30  # a short text's words decide; longer texts are fastText's
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_LISTS: dict[str, dict[str, float] | None] = {}
_TABLES: dict[tuple[str, ...], tuple[tuple[str, ...], dict[str, np.ndarray]]] = {}


def data_dir() -> Path:
    """wordfreq's data folder inside the installed package."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        raise CuratorError("wordfreq is not installed: it ships the word lists of hybrid_langid_v3")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def word_list(lang: str) -> dict[str, float] | None:
    """word → log10 frequency for one language; None when wordfreq has no list for it."""
    if lang not in _LISTS:
        path = data_dir() / f"small_{lang}.msgpack.gz"
        if not path.is_file():
            _LISTS[lang] = None
        else:
            with gzip.open(path) as f:
                bins = msgpack.unpack(f, raw=False)[1:]  # [0] is the format header
            _LISTS[lang] = {word: -i / 100 for i, words in enumerate(bins) for word in words}
    return _LISTS[lang]


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)][:MAX_WORDS]


def table(langs: tuple[str, ...]) -> tuple[tuple[str, ...], dict[str, np.ndarray]]:
    """(the languages that have a list, word → array of its log10 frequency in each of them, UNKNOWN where a list
    lacks it): one lookup per word instead of one per word and language."""
    if langs not in _TABLES:
        have = tuple(lang for lang in langs if word_list(lang) is not None)
        rows: dict[str, np.ndarray] = {}
        for j, lang in enumerate(have):
            for word, logf in word_list(lang).items():  # type: ignore[union-attr] - None filtered above
                row = rows.get(word)
                if row is None:
                    row = rows[word] = np.full(len(have), UNKNOWN)
                row[j] = logf
        _TABLES[langs] = (have, rows)
    return _TABLES[langs]


def judge(text: str, langs: list[str]) -> tuple[dict[str, float], dict[str, float], int]:
    """(probability per language from the words' frequencies, share of the words each list knows, word count).
    Languages without a list get nothing; a text without words gets equal shares."""
    have, rows = table(tuple(langs))
    ws = words(text)
    if not ws or not have:
        return {lang: 1 / max(len(have), 1) for lang in have}, dict.fromkeys(have, 0.0), len(ws)
    unknown = np.full(len(have), UNKNOWN)
    found = np.array([rows.get(w, unknown) for w in ws])
    loglik = found.sum(axis=0)
    raw = np.power(10.0, loglik - loglik.max())
    prob, known = raw / raw.sum(), (found > UNKNOWN).mean(axis=0)
    return dict(zip(have, prob.tolist(), strict=True)), dict(zip(have, known.tolist(), strict=True)), len(ws)


def judge_lists(text: str, langs: list[str]) -> tuple[dict[str, float], dict[str, float], int]:
    """As `judge`, for any languages with a list (fastText's candidates not kept among them), looking each word up
    in each language's own list: no combined table is built (a table per set of languages would cost ~0.15 s and
    ~30 MB each); a short text has at most MAX_WORDS words, so this costs microseconds."""
    have = [lang for lang in langs if word_list(lang) is not None]
    ws = words(text)
    if not ws or not have:
        return {lang: 1 / max(len(have), 1) for lang in have}, dict.fromkeys(have, 0.0), len(ws)
    lists = [word_list(lang) for lang in have]
    found = np.array([[lst.get(w, UNKNOWN) for lst in lists] for w in ws])  # type: ignore[union-attr]
    loglik = found.sum(axis=0)
    raw = np.power(10.0, loglik - loglik.max())
    prob, known = raw / raw.sum(), (found > UNKNOWN).mean(axis=0)
    return dict(zip(have, prob.tolist(), strict=True)), dict(zip(have, known.tolist(), strict=True)), len(ws)
