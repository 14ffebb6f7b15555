"""An independent second opinion for the PII audit: a recall-first detector that shares none of the scrubber's code.

The scrubber (curator/stages/pii: Presidio, spaCy NER, the US Census name lexicon, our address and phone
recognizers) decides what is replaced. The audit used to re-run that same scrubber on what left the raw zone, so
whatever it misses it also misses on re-reading. This package looks again with other means: its own regexes of a
different construction (any digit run in a phone-like layout, any `@` token, Luhn runs, number + words + street word
in many languages), its own cue lists in eight languages, and a first-name lexicon from another source (Jörg
Michael's nam_dict of 48,000 first names of 55 countries, shipped by the `gender-guesser` package; never Faker, which
injects the evaluation values, nor the scrubber's Census files). It imports nothing from the scrubber's recognizers.

It is recall-first: it flags what might be personal data and leaves the judgement to a person. A flag carries its
type, its offsets and a masked preview (`mask`) — never the value.
"""

from __future__ import annotations

from curator.stages.pii.second_opinion.detect import Flag, detect, detect_many, mask

__all__ = ["Flag", "detect", "detect_many", "mask"]
