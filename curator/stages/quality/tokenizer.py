"""A regex word/sentence tokenizer for datatrove's stock filters (tokenizer: "fast", the default).

datatrove tokenizes English with spaCy (`spacy.blank("en")`): importing spaCy costs 5-30 s per worker process
here and tokenizing short texts is slower than the filters themselves. This tokenizer splits words and
punctuation like spaCy's blank tokenizer does on ordinary prose (words, numbers, contractions and hyphenated
words stay whole; each punctuation mark is a token) and sentences on terminal punctuation or newlines.
`tokenizer: spacy` in a recipe uses datatrove's own.
"""

from __future__ import annotations

from typing import Any

import regex
from datatrove.utils.word_tokenizers import WordTokenizer

WORDS = regex.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")
SENTENCES = regex.compile(r"[^\n.!?…]*(?:[.!?…]+[\"')\]]*|\n|$)")


class FastTokenizer(WordTokenizer):
    def __init__(self, language: str = "en") -> None:
        super().__init__(language)

    def word_tokenize(self, text: str) -> list[str]:
        return WORDS.findall(text)

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


def pick_tokenizer(name: str, language: str = "en") -> Any:
    """ "fast" → FastTokenizer; "spacy" → datatrove's default for the language (a language code)."""
    if name == "fast":
        return FastTokenizer(language)
    if name == "spacy":
        return language
    raise ValueError(f"tokenizer {name!r}: use fast or spacy")
