"""hybrid_langid_v1: fastText lid.176 for every text, lingua as a second opinion where fastText is unsure or the
text is short; a short text whose language stays unsure is kept with a `flag` decision (not dropped).

Tuned on data/eval/dev/langid.jsonl (docs/curation.md, "Language ID"): the candidates' scores are
`fasttext_weight * fastText + (1 - fasttext_weight) * lingua`, multiplied by `keep_weight` for the recipe's kept
languages (weighing, not restricting: lingua runs over all its languages, so a Polish text is still Polish).
"""

from __future__ import annotations

from datatrove.data import Document

from curator.errors import BadInput
from curator.names import shown
from curator.stages.langid import lingua_model
from curator.stages.langid.fasttext_langid import FastTextLangId

FLAG = "langid_flag"  # metadata key: the reason of a keep that becomes a `flag` decision (LangIdStage.keep_row)


class HybridLangId(FastTextLangId):
    """`short_chars`: texts shorter than this always get lingua's opinion; `unsure_score`: so do texts whose
    fastText score is below it. `unsure`: what a short text with a combined score below `min_score` gets —
    `flag` (kept, a flag decision with the reason) or `drop` (the old 'language score' drop)."""

    name = "hybrid_langid_v1"

    def __init__(
        self,
        keep: list[str] | None = None,
        min_score: float = 0.0,
        model: str | None = None,
        max_chars: int = 300,
        short_chars: int = 100,
        unsure_score: float = 0.9,
        fasttext_weight: float = 0.3,
        keep_weight: float = 2.0,
        unsure: str = "flag",
    ) -> None:
        super().__init__(keep=keep, min_score=min_score, model=model, max_chars=max_chars)
        if unsure not in ("flag", "drop"):
            raise BadInput(f"{self.name}: unsure must be 'flag' or 'drop', not {shown(unsure)}")
        self.short_chars, self.unsure_score, self.unsure = short_chars, unsure_score, unsure
        self.fasttext_weight, self.keep_weight = fasttext_weight, keep_weight

    def warm_up(self) -> None:
        """Load fastText and lingua now (once per launcher; forked workers share them)."""
        super().warm_up()
        lingua_model.detector()

    def combine(self, fast: dict[str, float], second: dict[str, float]) -> tuple[str, float]:
        """The language with the best weighted combined score, and its unweighted combined score."""
        a = self.fasttext_weight
        score = {lang: a * fast.get(lang, 0.0) + (1 - a) * second.get(lang, 0.0) for lang in {*fast, *second}}
        kept = set(self.keep or ())
        best = max(sorted(score), key=lambda lang: score[lang] * (self.keep_weight if lang in kept else 1.0))
        return best, score[best]

    def predict_docs(self, texts: list[str]) -> list[tuple[str, float, bool]]:
        """(language, score, lingua consulted) per text."""
        fast = self.top_k(texts)
        unsure = [
            i
            for i, (t, f) in enumerate(zip(texts, fast, strict=True))
            if len(t) < self.short_chars or max(f.values()) < self.unsure_score
        ]
        second = dict(
            zip(unsure, lingua_model.confidences([texts[i][: self.max_chars or None] for i in unsure]), strict=True)
        )
        out = []
        for i, f in enumerate(fast):
            if i in second:
                out.append((*self.combine(f, second[i]), True))
            else:
                lang = max(f, key=f.get)
                out.append((lang, f[lang], False))
        return out

    def filter_batch(self, batch: list[Document]) -> list[bool | tuple[bool, str]]:
        out: list[bool | tuple[bool, str]] = []
        for doc, (lang, score, both) in zip(batch, self.predict_docs([d.text for d in batch]), strict=True):
            doc.metadata["language"], doc.metadata["language_score"] = lang, round(score, 4)
            out.append(self.judge(doc, lang, score, both))
        return out

    def judge(self, doc: Document, lang: str, score: float, both: bool) -> bool | tuple[bool, str]:
        short = len(doc.text) < self.short_chars
        if short and score < self.min_score and self.unsure == "flag":
            how = "fastText+lingua" if both else "fastText"
            doc.metadata[FLAG] = (
                f"{self.name}: short text ({len(doc.text)} chars), language unsure: {lang} {score:.2f} < "
                f"{self.min_score} ({how}); kept, not dropped as unknown"
            )
            return True
        return self.verdict(lang, score)
