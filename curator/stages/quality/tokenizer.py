"""A regex word/sentence tokenizer for datatrove's stock filters (tokenizer: "fast", the default).

datatrove tokenizes English with spaCy (`spacy.blank("en")`): importing spaCy costs 5-30 s per worker process
here and tokenizing short texts is slower than the filters themselves. This tokenizer splits words and
punctuation like spaCy's blank tokenizer does on ordinary prose (words, numbers, contractions and hyphenated
words stay whole; each punctuation mark is a token) and sentences on terminal punctuation or newlines.
`tokenizer: spacy` in a recipe uses datatrove's own. `words.doc_words` tokenizes a document once per stage.
"""

from __future__ import annotations

import re
from typing import Any

from datatrove.utils.word_tokenizers import WordTokenizer

WORDS = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")
SENTENCES = re.compile(r"[^\n.!?…]*(?:[.!?…]+[\"')\]]*|\n|$)")


class FastTokenizer(WordTokenizer):
    def __init__(self, language: str = "en") -> None:
        super().__init__(language)

    def word_tokenize(self, text: str) -> list[str]:
        """WORDS.findall(text), faster: no token spans whitespace, so each whitespace-separated chunk is
        tokenized alone (a chunk of letters and digits only is one token, \\w+, without the regex), and
        chunks repeat across documents, so their tokens are remembered (per process, bounded)."""
        out: list[str] = []
        extend, known = out.extend, _CHUNKS.get
        for chunk in text.split():
            tokens = known(chunk)
            if tokens is None:
                tokens = _tokenize_chunk(chunk)
            extend(tokens)
        return out

    def span_tokenize(self, text: str) -> list[tuple[int, int]]:
        spans = []
        for m in SENTENCES.finditer(text):
            start, end = m.span()
            while start < end and text[start].isspace():
                start += 1
            stripped_end = end
            while stripped_end > start and text[stripped_end - 1].isspace():
                stripped_end -= 1
            if stripped_end > start:
                spans.append((start, stripped_end))
        return spans or [(0, len(text))]

    def sent_tokenize(self, text: str) -> list[str]:
        return [text[a:b] for a, b in self.span_tokenize(text)]


_CHUNKS: dict[str, tuple[str, ...]] = {}


def _tokenize_chunk(chunk: str) -> tuple[str, ...]:
    if len(_CHUNKS) > 1_000_000:
        _CHUNKS.clear()
    tokens = _CHUNKS[chunk] = (chunk,) if chunk.isalnum() else tuple(WORDS.findall(chunk))
    return tokens


def pick_tokenizer(name: str, language: str = "en") -> Any:
    """ "fast" → FastTokenizer; "spacy" → datatrove's default for the language (a language code)."""
    if name == "fast":
        return FastTokenizer(language)
    if name == "spacy":
        return language
    raise ValueError(f"tokenizer {name!r}: use fast or spacy")
