"""hybrid_langid_v4: hybrid_langid_v3 with two fixes found on data/eval/dev (docs/curation.md, "Language ID").

1. **fastText's share among the kept languages, optionally not inflated** (`kept_mass_floor`, default 0: off).
   v3 renormalizes fastText's probabilities over the kept languages among its 10 best; when fastText gives the kept
   languages almost nothing, one kept language in its top 10 gets ~1.0 and outweighs the word lists: "Add a --full
   mode to apt show" (fastText: tt 0.24, de 0.13, en 0.0004) is German. With a floor (0.5) fastText's vote is
   divided by max(kept share, floor) and that line is English — but junk then passes: ascii art, base64 and hex
   blobs get a word-list language at score ~0.5 (their one-letter "words" are Portuguese or Italian), where v3's
   low score dropped them (dev: 9 junk texts of quality.jsonl). So it is off unless a recipe asks.
2. **fastText's "another language" is checked with that language's own word list** (wordfreq has ~40 lists):
   - a kept language's list knows every word (≥ `known_words`), the other language's list does not, and the word
     frequencies of the two give the kept one ≥ `other_known`: the kept language ("nem tanto" is Portuguese, not
     Hungarian 0.996: Hungarian has "nem" but not "tanto"). v3's rule without a list stays (and its `other_sure`);
   - where fastText is unsure (< `unsure_score`) among languages not kept, its candidates with a list (≥
     `other_min`) are weighed like the kept ones (fastText renormalized over them + word frequencies): "Хто твоя
     мати?" is Ukrainian (fastText: ru 0.75, uk 0.16; "хто" is no Russian word). The text is dropped either way;
     the language it is stored with is right more often.
"""

from __future__ import annotations

from curator.stages.langid import lexicon
from curator.stages.langid.lexicon_langid import HOW, LexiconLangId

OTHER = "fastText: another language"
HOW_OTHER_LIST = f"{HOW}, against the other language's own list"
HOW_OTHERS = "fastText+word frequencies over languages not kept"


class WordListLangId(LexiconLangId):
    name = "hybrid_langid_v4"

    def __init__(
        self,
        keep: list[str] | None = None,
        min_score: float = 0.0,
        model: str | None = None,
        max_chars: int = 300,
        unsure_score: float = 0.9,
        other_score: float = 0.5,
        other_ratio: float = 3.0,
        other_floor: float = 0.0,
        other_sure: float = 0.99,
        known_words: int = 2,
        known_share: float = 0.75,
        fasttext_weight: float = 0.5,
        lingua_weight: float = 0.5,
        lexicon_weight: float = 0.5,
        lingua_margin: float = 0.0,
        short_chars: int = 100,
        unsure: str = "flag",
        kept_mass_floor: float = 0.0,
        other_min: float = 0.05,
        other_known: float = 0.9,
    ) -> None:
        v3 = dict(locals())
        for name in ("self", "__class__", "kept_mass_floor", "other_min", "other_known"):
            v3.pop(name, None)
        super().__init__(**v3)
        self.kept_mass_floor, self.other_min, self.other_known = kept_mass_floor, other_min, other_known

    def predict_docs(self, texts: list[str]) -> list[tuple[str, float, str]]:
        """v3's verdicts, then each "another language" verdict checked with the word lists (2. above)."""
        fast = self.top_k(texts, k=10)
        out = self.decide(texts, fast)
        for i, verdict in enumerate(out):
            if verdict[2] == OTHER:
                out[i] = self.other_checked(self.head(texts[i]), fast[i], verdict)
        return out

    def other_checked(self, text: str, fast: dict[str, float], verdict: tuple) -> tuple[str, float, str]:
        """fastText's other language `verdict[0]` against the kept lists and its own, then among its rivals."""
        lang, keep = verdict[0], list(self.keep or ())
        if keep and lexicon.word_list(lang) is not None:
            probs, known, n = lexicon.judge_lists(text, [*keep, lang])
            best = max(keep, key=lambda k: probs.get(k, 0.0))
            if n >= self.known_words and known[best] >= 1.0 and known[lang] < 1.0 and probs[best] >= self.other_known:
                return best, self.blend(fast.get(best, 0.0), probs[best]), HOW_OTHER_LIST
        rivals = [k for k, p in fast.items() if k not in keep and p >= self.other_min]
        rivals = [k for k in rivals if lexicon.word_list(k) is not None]
        if max(fast.values()) >= self.unsure_score or len(rivals) < 2 or lang not in rivals:
            return verdict
        probs = lexicon.judge_lists(text, rivals)[0]
        total = sum(fast[k] for k in rivals)
        best = max(rivals, key=lambda k: self.blend(fast[k] / total, probs.get(k, 0.0)))
        return verdict if best == lang else (best, fast[best], HOW_OTHERS)

    def blend(self, fast: float, words: float) -> float:
        """fastText and the word lists weighed as in v3 (`fasttext_weight`, `lexicon_weight`)."""
        total = (self.fasttext_weight + self.lexicon_weight) or 1.0
        return (self.fasttext_weight * fast + self.lexicon_weight * words) / total

    def weighted(self, fast: dict, second: dict | None, third: dict, normalized: bool) -> dict[str, float]:
        """v3's weighted sum, fastText divided by max(its kept share, `kept_mass_floor`) when `normalized` (1.)."""
        keep = sorted(self.keep or ())
        ft = [fast.get(k, 0.0) for k in keep]
        mass = (max(sum(ft), self.kept_mass_floor) or 1.0) if normalized else 1.0
        scale = self.fasttext_weight / mass
        b, c = self.lingua_weight if second is not None else 0.0, self.lexicon_weight
        second = second or {}
        return {k: scale * f + b * second.get(k, 0.0) + c * third.get(k, 0.0) for k, f in zip(keep, ft, strict=True)}
