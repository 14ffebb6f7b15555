"""Second opinion, person names: cues, titles, initials, signature lines, lists, a line above a phone or address
line, a nam_dict first name before a capitalized word, and name-shaped words left next to a `<PERSON>` placeholder.

No NER: word shapes, our own cue lists (cues.py) and the nam_dict first names (lexicon.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from curator.stages.pii.second_opinion.cues import (
    AFTER,
    CAP,
    GREETINGS,
    INITIAL,
    LOW,
    NOT_NAMES,
    PARTICLES,
    ROLES,
    STRONG,
    TITLES,
    WEAK,
)
from curator.stages.pii.second_opinion.lexicon import first_names, fold, stop_words

Span = tuple[str, int, int, str]

INITIALS = rf"(?:{INITIAL}[ \t]*)"
NAME_RUN = rf"{INITIALS}*{CAP}(?:[ \t]+(?:(?:{PARTICLES})[ \t]+)*{INITIALS}*{CAP}){{0,3}}"
ANY_RUN = rf"{INITIALS}*{LOW}(?:[ \t]+{INITIALS}*{LOW}){{0,3}}"
STRONG_RE = re.compile(rf"(?<!\w)(?i:{STRONG})(?!\w)[ \t]*\n?[ \t]*({ANY_RUN})")
GREETING_RE = re.compile(rf"(?<!\w)(?i:{GREETINGS})(?!\w)[ \t]*[,:!.]?[ \t]*\n?[ \t]*({ANY_RUN})")
WEAK_RE = re.compile(rf"(?<!\w)(?i:{WEAK})(?!\w)[ \t,:]+({ANY_RUN})")
ROLE_RE = re.compile(rf"(?<!\w)(?i:{ROLES})(?!\w)[ \t,:]+({NAME_RUN})")
BEFORE_MAIL = re.compile(rf"({NAME_RUN})[ \t]*<{{1,2}}(?:EMAIL_ADDRESS|[^<>\s@]+@)")  # "Per Johansson <per@…>"
AFTER_RE = re.compile(rf"({NAME_RUN})[ \t]+(?i:{AFTER})\b")
TITLE_RE = re.compile(rf"(?<![\w.])(?i:{TITLES})\.?[ \t]+{NAME_RUN}")
INITIALS_RE = re.compile(rf"(?<![\w.]){INITIALS}{{1,3}}{CAP}")
CAP_RUN = re.compile(rf"{CAP}(?:[ \t]+(?:(?:{PARTICLES})[ \t]+)*{CAP}){{1,3}}")
ITEM = rf"(?:(?i:{TITLES})\.?[ \t]+)?{INITIALS}*{LOW}(?:[ \t]+{INITIALS}*{LOW}){{0,4}}"
CONJ = "and|und|et|y|e|en|i|og|och|oraz"
LIST_RE = re.compile(rf"(?<!\w){ITEM}(?:,[ \t]+{ITEM})+,?[ \t]+(?:{CONJ})[ \t]+{ITEM}")
LINE_ABOVE = re.compile(rf"(?m)^[ \t]*({ANY_RUN})[ \t]*\n(?=[^\n]{{0,40}}\d)")
SIGNATURE = re.compile(
    rf"(?m)^[ \t]*(?:--|—|~)[ \t]*((?:(?i:{TITLES})\.?[ \t]+)?{ANY_RUN})[ \t]*(?:<|,|$)"
    rf"|\n[ \t]*-[ \t]*({ANY_RUN})[ \t]*\Z"
)
SPEAKER = re.compile(rf"(?m)^[ \t]*({ANY_RUN}):[ \t]|\[[ \t]*({ANY_RUN})[ \t]*\]")
NEXT_TO_PLACEHOLDER = re.compile(rf"(?:{INITIALS}+|{CAP}[ \t]+)(?=<PERSON(?:_\d+)?>)|(?<=>)[ \t]+{CAP}")
CUE_WORD = re.compile(rf"(?i:{GREETINGS}|{WEAK}|{ROLES}|{TITLES})\.?")  # "Dear <PERSON>": no partial name
SINGLE_INITIAL_AFTER = ("", "\n", ", ", ": ", "and ", "by ", "(", "\t")


def _trim(text: str, start: int, end: int, stop: bool = True) -> tuple[int, int] | None:
    """Keep the words of a run up to the first ordinary word ("ada byron and I" → "ada byron"); None if none is
    left. Without `stop`, only NOT_NAMES end a run (a capitalized run after a greeting)."""
    words = list(re.finditer(rf"{INITIALS}*{LOW}", text[start:end]))
    ordinary = stop_words() if stop else NOT_NAMES
    kept = []
    for w in words:
        known = w.group()[:1].isupper() and fold(w.group()) in first_names()
        if (w.group().lower() in ordinary and not known) or fold(w.group()) in NOT_NAMES:
            break
        kept.append(w)
    if not kept:
        return None
    return start + kept[0].start(), start + kept[-1].end()


def _capitalized(run: str, least: int) -> bool:
    """`least` to 4 words, each a capitalized word or an initial (a name-shaped run)."""
    words = run.split()
    return least <= len(words) <= 4 and all(re.fullmatch(rf"{CAP}|{INITIAL}", w) for w in words)


def _known(text: str, start: int) -> bool:
    """Is the word at `start` a nam_dict first name?"""
    m = re.match(LOW, text[start:])
    return bool(m) and fold(m.group()) in first_names()


def _cued(text: str) -> Iterator[Span]:
    for m in STRONG_RE.finditer(text):
        if (span := _trim(text, m.start(1), m.end(1))) is not None:
            yield "PERSON", *span, "strong_cue"
    for m in GREETING_RE.finditer(text):
        capitalized = m.group(1)[:1].isupper()
        addressed = len(m.group(1).split()) <= 3 and text[m.end(1) : m.end(1) + 1] in (",", "!", "\n")
        if (capitalized or addressed or _known(text, m.start(1))) and (
            span := _trim(text, m.start(1), m.end(1))
        ) is not None:
            yield "PERSON", *span, "greeting"
    for m in WEAK_RE.finditer(text):
        span = _trim(text, m.start(1), m.end(1))
        if span is not None and (_known(text, span[0]) or _capitalized(text[span[0] : span[1]], 2)):
            yield "PERSON", *span, "weak_cue"
    for m in ROLE_RE.finditer(text):
        if (span := _trim(text, m.start(1), m.end(1), stop=False)) is not None:
            yield "PERSON", *span, "role"
    for m in AFTER_RE.finditer(text):
        yield "PERSON", m.start(1), m.end(1), "name_wrote"
    for m in BEFORE_MAIL.finditer(text):
        yield "PERSON", m.start(1), m.end(1), "name_before_mail"
    for m in SIGNATURE.finditer(text):
        group = 1 if m.group(1) else 2
        if (span := _trim(text, m.start(group), m.end(group), stop=False)) is not None:
            yield "PERSON", *span, "signature_line"
    for m in SPEAKER.finditer(text):
        group = 1 if m.group(1) else 2
        span = _trim(text, m.start(group), m.end(group), stop=False)
        if span is not None and (_known(text, m.start(group)) or _capitalized(m.group(group), 2)):
            yield "PERSON", *span, "speaker"


def _shaped(text: str) -> Iterator[Span]:
    for m in TITLE_RE.finditer(text):
        yield "PERSON", m.start(), m.end(), "title"
    for m in INITIALS_RE.finditer(text):
        several = m.group().count(".") > 1
        if several or any(text[: m.start()].endswith(p) for p in SINGLE_INITIAL_AFTER if p) or m.start() == 0:
            yield "PERSON", m.start(), m.end(), "initials"
    for m in LINE_ABOVE.finditer(text):
        words = m.group(1).split()
        alone = _capitalized(m.group(1), 1) and text[m.end() : m.end() + 1].isdigit()  # "Collins\n82, rue …"
        span = _trim(text, m.start(1), m.end(1), stop=False)
        if span is not None and len(words) <= 4 and (alone or _capitalized(m.group(1), 2) or _known(text, m.start(1))):
            yield "PERSON", *span, "line_above_contact"
    if "<PERSON" in text:
        for m in NEXT_TO_PLACEHOLDER.finditer(text):
            word = m.group().strip()
            if not CUE_WORD.fullmatch(word) and word.lower() not in stop_words():
                yield "PERSON", m.start(), m.end(), "next_to_placeholder"


def _lexicon(text: str) -> Iterator[Span]:
    names = first_names()
    for m in CAP_RUN.finditer(text):
        words = list(re.finditer(CAP, m.group()))
        for w in words[:-1]:
            if fold(w.group()) in names:
                yield "PERSON", m.start() + w.start(), m.end(), "first_name_lexicon"
                break
    for m in LIST_RE.finditer(text):
        items = _items(m.start(), m.group())
        shaped = all(text[a:b][:1].isupper() or _known(text, a) for a, b in items)
        if shaped and any(fold(w) in names for a, b in items for w in re.findall(LOW, text[a:b])):
            for a, b in items:
                if (span := _trim(text, a, b, stop=False)) is not None:
                    yield "PERSON", *span, "name_list"


def _items(offset: int, listed: str) -> list[tuple[int, int]]:
    """The items of "A, B and C" as offsets."""
    items, at = [], 0
    for sep in re.finditer(rf",[ \t]+(?:(?:{CONJ})[ \t]+)?|[ \t]+(?:{CONJ})[ \t]+", listed):
        items.append((offset + at, offset + sep.start()))
        at = sep.end()
    return [*items, (offset + at, offset + len(listed))]


def names(text: str) -> Iterator[Span]:
    """Every name-shaped span of `text`, with the rule that found it."""
    yield from _cued(text)
    yield from _shaped(text)
    yield from _lexicon(text)
