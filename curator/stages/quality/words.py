"""A document's words for the quality rules, computed once per document and shared by the stage's steps.

`Words` holds what the fast rules need: the number of words, Gopher's word classes (symbol words and their
characters, words with a letter) and word ids + lengths for the n-gram rules. ASCII text with the "fast"
tokenizer gets all of it from one compiled pass over its bytes (`kernels.ascii_words`); other text (or the
"spacy" tokenizer) is tokenized in Python and classified word by word. The token strings themselves are only
built when a rule needs them (Gopher's stop words).
"""

from __future__ import annotations

import numpy as np
from datatrove.data import Document
from datatrove.utils.text import PUNCTUATION_SET

from curator.stages.quality import kernels
from curator.stages.quality.tokenizer import FastTokenizer, pick_tokenizer

PUNCT = frozenset(PUNCTUATION_SET)
_FAST = FastTokenizer()


class Words:
    """The words of `text` by `tokenizer` ("fast" or "spacy"). `len(words)` is the number of words."""

    __slots__ = ("text", "tokenizer", "_tokens", "n_non_symbol", "non_symbol_chars", "n_alpha", "ids", "lens")

    def __init__(self, text: str, tokenizer: str = "fast", tokens: list[str] | None = None) -> None:
        self.text, self.tokenizer, self._tokens = text, tokenizer, tokens
        if tokens is None and tokenizer == "fast" and text.isascii():
            buf = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
            self.ids, self.lens, n_symbol, symbol_chars, self.n_alpha = kernels.ascii_words(buf)
            self.n_non_symbol = len(self.ids) - n_symbol
            self.non_symbol_chars = int(self.lens.sum()) - symbol_chars
            return
        tokens = self.tokens()
        self.n_non_symbol, self.non_symbol_chars, self.n_alpha = word_classes(tokens)
        self.ids, self.lens = kernels.word_ids(tokens)

    def __len__(self) -> int:
        return len(self.ids)

    def tokens(self) -> list[str]:
        if self._tokens is None:
            if self.tokenizer == "fast":
                self._tokens = _FAST.word_tokenize(self.text)
            else:
                from datatrove.utils.text import split_into_words

                self._tokens = split_into_words(self.text, pick_tokenizer(self.tokenizer))
        return self._tokens


def doc_words(doc: Document, tokenizer: str) -> Words:
    """The Words of doc.text, computed once per text (cached in the document's metadata)."""
    cached = doc.metadata.get("_words")
    if cached is not None and cached.text is doc.text and cached.tokenizer == tokenizer:
        return cached
    words = doc.metadata["_words"] = Words(doc.text, tokenizer)
    return words


def word_classes(words: list[str]) -> tuple[int, int, int]:
    """(non-symbol words, their characters, words with an alphabetic character). A word is a symbol word when
    all its characters are in datatrove's punctuation set; an ASCII word has a letter exactly when its upper and
    lower case differ (str.isalpha otherwise, as datatrove). Each distinct word is classified once per process
    (words repeat across documents), and the occurrences are counted in C."""
    new = set(words).difference(_SEEN)
    if new:
        _classify(new)
    n_alpha = sum(map(_ALPHA.__contains__, words))
    hits = list(filter(_SYMBOLS.__contains__, words))
    if not hits:
        return len(words), sum(map(len, words)), n_alpha
    return len(words) - len(hits), sum(map(len, words)) - sum(map(len, hits)), n_alpha


_SEEN: set[str] = set()  # classified words (this process), and those among them that are symbols / alphabetic
_SYMBOLS: set[str] = set()
_ALPHA: set[str] = set()


def _classify(new: set[str]) -> None:
    if len(_SEEN) > 1_000_000:  # bounded memory on corpora with huge vocabularies
        _SEEN.clear(), _SYMBOLS.clear(), _ALPHA.clear()
    for w in new:
        if PUNCT.issuperset(w):
            _SYMBOLS.add(w)
        if w.lower() != w.upper() if w.isascii() else any(map(str.isalpha, w)):
            _ALPHA.add(w)
    _SEEN.update(new)
