"""hybrid_langid_v3: hybrid_langid_v2 plus a third opinion from word frequencies (curator.stages.langid.lexicon).

Where fastText is unsure (best probability < `unsure_score: 0.9`), the kept language is chosen by
`fasttext_weight` × fastText (renormalized over the kept languages) + `lexicon_weight` × the word-frequency
probability, and, only where those two leave the best two kept languages within `lingua_margin` (~6% of the unsure
texts on the evaluation set), + `lingua_weight` × lingua (kept languages); the score is the same sum with fastText's
own probability, divided by the weights used.

fastText's "another language" (its best language is not kept and has ≥ `other_score`, or ≥ `other_ratio` × the best
kept one) stands unless every word of the text (at least `known_words` of them) is in a kept language's list and
fastText is below `other_sure` (or `known_share` of ≥ 3 words, where the other language came from the ratio rule
alone): "I am a die hard fan of Barcelona." is not Frisian, "Document parameter for checkname function" not Kannada;
"Dziękuję bardzo za pomoc" is still Polish. Tuned on data/eval/dev (docs/curation.md, "Short and technical texts").
"""

from __future__ import annotations

from curator.stages.langid import lexicon, lingua_model
from curator.stages.langid.fasttext_langid import FastTextLangId
from curator.stages.langid.kept_langid import KeptLangId

HOW = "fastText+word frequencies over kept languages"
HOW_LINGUA = "fastText+lingua+word frequencies over kept languages"


class LexiconLangId(KeptLangId):
    name = "hybrid_langid_v3"

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
    ) -> None:
        super().__init__(
            keep,
            min_score,
            model,
            max_chars,
            unsure_score,
            other_score,
            other_ratio,
            other_floor,
            fasttext_weight,
            short_chars,
            unsure,
        )
        self.other_sure, self.known_words, self.known_share = other_sure, known_words, known_share
        self.lingua_weight, self.lexicon_weight, self.lingua_margin = lingua_weight, lexicon_weight, lingua_margin

    def warm_up(self) -> None:
        """fastText, the kept languages' word lists and (unless `lingua_margin` is 0) lingua, once per launcher."""
        FastTextLangId.warm_up(self)
        if self.keep and self.lingua_margin > 0:  # lingua's seven models: ~2-5 s, only when it may be asked
            lingua_model.kept_detector(tuple(self.keep))
        lexicon.table(tuple(self.keep or ()))

    def settled(self, fast: dict[str, float]) -> tuple[str, float, str] | None:
        """As v2, except that a sure fastText verdict for a language not kept may still be overruled (`known`)."""
        best = max(fast, key=fast.get)
        if self.keep and best not in self.keep and fast[best] >= self.unsure_score:
            return best, fast[best], "fastText: another language"
        return super().settled(fast)

    def head(self, text: str) -> str:
        return text[: self.max_chars or None]

    def predict_docs(self, texts: list[str]) -> list[tuple[str, float, str]]:
        """(language, score, how it was decided) per text: the word lists only where fastText is unsure (or says
        "another language" of a text a word list knows), lingua only where those two leave two languages close."""
        return self.decide(texts, self.top_k(texts, k=10))

    def decide(self, texts: list[str], fast: list[dict[str, float]]) -> list[tuple[str, float, str]]:
        """predict_docs on fastText's 10 best languages per text (`fast`)."""
        keep = list(self.keep or ())
        out: list[tuple[str, float, str] | None] = [self.settled(f) for f in fast]
        words = {}
        for i, o in enumerate(out):
            if o is None or o[2] != "fastText":
                judged = lexicon.judge(self.head(texts[i]), keep)
                if o is None or self.known(fast[i], judged):
                    out[i], words[i] = None, judged
        close = [i for i in sorted(words) if self.margin(fast[i], words[i][0]) < self.lingua_margin]  # 0: never
        confs = lingua_model.kept_confidences(tuple(keep), [self.head(texts[i]) for i in close])
        second = dict(zip(close, confs, strict=True))
        for i, judged in words.items():
            out[i] = (*self.combine3(fast[i], second.get(i), judged[0]), HOW_LINGUA if i in second else HOW)
        return out  # type: ignore[return-value] - every None was filled

    def known(self, fast: dict[str, float], judged: tuple[dict[str, float], dict[str, float], int]) -> bool:
        """Whether a kept language's word list knows the text well enough to overrule fastText's "another language":
        every word (≥ `known_words` words) under `other_sure`, or ≥ `known_share` of ≥ 3 words when fastText only
        had the ratio rule (its best < `other_score`)."""
        best, (_, known, n) = max(fast.values()), judged
        if not self.keep or best >= self.other_sure:
            return False
        share = max(known.values(), default=0.0)
        return (n >= self.known_words and share >= 1.0) or (
            best < self.other_score and n >= 3 and share >= self.known_share
        )

    def margin(self, fast: dict[str, float], third: dict[str, float]) -> float:
        """How far the best kept language is ahead of the second by fastText and the word lists alone."""
        scores = sorted(self.weighted(fast, None, third, True).values(), reverse=True)
        total = (self.fasttext_weight + self.lexicon_weight) or 1.0
        return (scores[0] - scores[1]) / total if len(scores) > 1 else 1.0

    def weighted(self, fast: dict, second: dict | None, third: dict, normalized: bool) -> dict[str, float]:
        """The weighted sum per kept language; fastText renormalized over the kept languages when `normalized`."""
        keep = sorted(self.keep or ())
        ft = [fast.get(k, 0.0) for k in keep]
        scale = self.fasttext_weight / ((sum(ft) or 1.0) if normalized else 1.0)
        b, c = self.lingua_weight if second is not None else 0.0, self.lexicon_weight
        second = second or {}
        return {k: scale * f + b * second.get(k, 0.0) + c * third.get(k, 0.0) for k, f in zip(keep, ft, strict=True)}

    def combine3(self, fast: dict[str, float], second: dict[str, float] | None, third: dict[str, float]) -> tuple:
        """The kept language of the best weighted sum (fastText renormalized over the kept languages), and its score:
        the same sum with fastText's own probability, divided by the weights used (lingua's only when asked)."""
        scores = self.weighted(fast, second, third, True)
        best = max(scores, key=scores.get)
        weights = self.fasttext_weight + self.lexicon_weight + (self.lingua_weight if second is not None else 0.0)
        return best, self.weighted(fast, second, third, False)[best] / (weights or 1.0)
