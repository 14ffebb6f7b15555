"""Helpers every kind's pool uses: the seeded order key and the filter of near-duplicates among the sources."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict

TOKEN = re.compile(r"\w+")


def folded(text: str) -> str:
    """The text as the near-duplicate filter of short kinds sees it: lowercase, no accents, every number 0
    ("En quelle annee le president …" = "En quelle année le président …"; "version 2.25.0" = "version 2.26.1")."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return re.sub(r"\d+", "0", "".join(c for c in decomposed if not unicodedata.combining(c)))


def key(seed: int, *parts: str) -> str:
    return hashlib.sha256(":".join([str(seed), *parts]).encode()).hexdigest()


class NearDupFilter:
    """Accepts a text unless it shares most of its word 3-grams with one accepted before (Jaccard > 0.3)."""

    def __init__(self) -> None:
        self.index: dict[tuple, list[int]] = defaultdict(list)
        self.sizes: list[int] = []

    def accept(self, text: str) -> bool:
        tokens = TOKEN.findall(text.lower())
        grams = {tuple(tokens[i : i + 3]) for i in range(max(1, len(tokens) - 2))}
        shared = Counter(doc for g in grams for doc in self.index.get(g, ()))
        if any(n / (len(grams) + self.sizes[doc] - n) > 0.3 for doc, n in shared.items()):
            return False
        for g in grams:
            self.index[g].append(len(self.sizes))
        self.sizes.append(len(grams))
        return True
