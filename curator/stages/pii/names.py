"""Person names beyond spaCy's small model: a lexicon, name cues, exact span edges, and the `names` policy.

Lexicon: the 1990 US Census name files (first names: 5,494; surnames: 88,799) shipped by the `names` package on
PyPI (MIT). Cues are our own lists (form labels, greetings, sign-offs, relations). Nothing here comes from the
generator that injects evaluation values.

What this layer does to PERSON findings (offsets always in the text it was given):
- edges: a span starts and ends on a letter (or an initial's dot): "\\t-- Ada Byron" keeps "\\t-- "; a leading
  ordinary word ("Send", "Dear") is cut off; titles and initials before a name join it ("Mr. J. R. Hartley").
- drops: a single word that is in no name lexicon and has no cue ("Java", "Linux"), and capitalized
  common phrases ("Turing machine", "Mars Rover": a name followed by a lower-case or a thing word).
- adds: names after a cue ("Name: nayla montero", "my name is …", "Dear …", a sign-off line, "my neighbour …"),
  names in a list where most items are first names, and first-name + capitalized word / initials + surname pairs.
- policy `private` keeps only names in a private role (a cue, or a text that also holds an e-mail, phone or
  address); `all` keeps every name.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

NAME_POLICIES = ("all", "private")
TITLES = (
    "mr|mrs|ms|miss|mx|dr|prof|professor|sir|madam|dame|lord|lady|rev|sra|srta|herr|frau|mme|mlle|pan|pani|don|doña|"
    "dona|signor|signora|sig|dott|dhr|mevr|mevrouw|meneer"
)
_TITLE = rf"(?:(?<![\w'’])(?i:{TITLES})\.?[ \t]+)"
_INITIALS = r"(?:[A-Z]\.[ \t]*){1,3}"
_WORD = r"[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)?"
_CAP_WORD = r"[A-ZÀ-ÖØ-Þ][^\W\d_'’-]*(?:['’-][^\W\d_]+)?"
# Private roles: form labels, self-introductions, greetings, relations (the name follows the cue).
_LABEL_CUE = (
    r"(?:^|\n)[ \t]*(?i:full[ \t]+name|name|customer|client|contact|patient|applicant|recipient|cardholder|"
    r"account[ \t]+holder|sender|from|to|attn|attention|signed|nom|nombre|nome|imię)[ \t]*[:=][ \t]*"
)
_INTRO_CUE = (
    r"\b(?i:my[ \t]+name[ \t]+is|my[ \t]+name's|name's|i[ \t]+am[ \t]+called|they[ \t]+call[ \t]+me|"
    r"je[ \t]+m'appelle|me[ \t]+llamo|mi[ \t]+nombre[ \t]+es|ich[ \t]+heiße|ich[ \t]+heisse|mein[ \t]+name[ \t]+ist|"
    r"mi[ \t]+chiamo)[ \t]+"
)
_GREETING_CUE = r"(?:^|(?<=[\s,.!]))(?i:dear|hi|hello|hey|greetings|attn\.?|bonjour|hola|hallo|ciao|cher|chère)[ \t]+"
_RELATION_CUE = (
    r"\b(?i:my|our|his|her|their)[ \t]+(?i:neighbou?r|friend|wife|husband|son|daughter|mother|father|mom|mum|dad|"
    r"brother|sister|colleague|coworker|co-worker|boss|manager|landlord|landlady|tenant|doctor|partner|cousin|"
    r"uncle|aunt|grandmother|grandfather|grandma|grandpa|roommate|flatmate|nephew|niece|fiancée?|girlfriend|"
    r"boyfriend|lawyer|accountant|teacher|student|child|kid|baby|assistant|agent)[ \t]*,?[ \t]+"
)
# Cues before a capitalized name: someone to contact, or who did something (a credit: a public role).
_CONTACT_CUE = (
    r"(?:^|(?<=[\s,.!(]))(?:(?i:contact|ask|email|e-mail|call|cc|ping|message|tell|thank|thanks[ \t]+to|i'm|i’m|"
    r"i[ \t]+am|this[ \t]+is|it's|ask[ \t]+for|speak[ \t]+to|talk[ \t]+to|meet|met|visit))[ \t]+"
)
_CREDIT_CUE = (
    r"\b(?i:by|from|maintainer|author|authors|maintained[ \t]+by|packaged[ \t]+by|written[ \t]+by|"
    r"reported[ \t]+by|created[ \t]+by|developed[ \t]+by|uploaded[ \t]+by|translated[ \t]+by|"
    r"copyright(?:[ \t]+\(c\))?[ \t]+\d{4})[ \t:]*"
)
_SIGNOFF = (
    r"(?i:regards|best[ \t]+regards|kind[ \t]+regards|warm[ \t]+regards|sincerely|yours[ \t]+truly|yours|thanks|"
    r"thank[ \t]+you|many[ \t]+thanks|cheers|best|all[ \t]+the[ \t]+best|cordially|respectfully|love|xoxo|"
    r"cordialement|saludos|grüße|gruß|mvg|groeten|pozdrawiam)[ \t]*[,.!]?[ \t]*(?:\n|[ \t](?=[A-Z]))[ \t]*"
)
_ANY_NAME = rf"{_TITLE}?(?:{_INITIALS})?{_WORD}(?:[ \t]+(?:{_INITIALS})?{_WORD}){{0,3}}"
_CAP_NAME = rf"{_TITLE}?(?:{_INITIALS})?{_CAP_WORD}(?:[ \t]+(?:{_INITIALS})?{_CAP_WORD}){{0,2}}"
CUES: tuple[tuple[str, re.Pattern[str], bool], ...] = (  # (role, regex with group v, any case allowed)
    ("form label", re.compile(rf"{_LABEL_CUE}(?P<v>{_ANY_NAME})"), True),
    ("introduction", re.compile(rf"{_INTRO_CUE}(?P<v>{_ANY_NAME})"), True),
    ("greeting", re.compile(rf"{_GREETING_CUE}(?P<v>{_CAP_NAME})"), False),
    ("relation", re.compile(rf"{_RELATION_CUE}(?P<v>{_CAP_NAME})"), False),
    ("sign-off", re.compile(rf"{_SIGNOFF}(?P<v>{_ANY_NAME})"), True),
    ("contact", re.compile(rf"{_CONTACT_CUE}(?P<v>{_CAP_NAME})"), False),
    ("credit", re.compile(rf"{_CREDIT_CUE}(?P<v>{_CAP_NAME})"), False),
)
ATTRIBUTION = re.compile(rf"(?:^|(?<=\s))(?:--|—|–|~)[ \t]*(?P<v>{_CAP_NAME})")
_LIST = re.compile(rf"{_CAP_WORD}(?:[ \t]*,[ \t]*{_CAP_WORD}){{1,}},?[ \t]+(?:and|&|or|und|et|y|e)[ \t]+{_CAP_WORD}")
_PAIR = re.compile(rf"(?<![\w'’-]){_TITLE}?(?:{_CAP_WORD}[ \t]+(?:{_INITIALS})?|{_INITIALS}){_CAP_WORD}(?![\w'’-])")
_EDGE_WORDS = frozenset(STOP_WORDS) | frozenset(
    [
        "send",
        "call",
        "ship",
        "text",
        "email",
        "mail",
        "ask",
        "tell",
        "thank",
        "thanks",
        "contact",
        "reply",
        "write",
        "met",
        "meet",
        "see",
        "saw",
        "visit",
        "please",
        "hi",
        "hello",
        "hey",
        "dear",
        "regards",
        "cheers",
        "sincerely",
        "best",
        "yes",
        "no",
        "ok",
        "okay",
        "signed",
        "from",
        "to",
        "attn",
        "name",
        "customer",
        "said",
        "says",
        "told",
    ]
)
# Words after a capitalized word that make a thing, not a person ("Turing machine", "Mars Rover").
_THING_WORDS = frozenset(
    [
        "machine",
        "machines",
        "test",
        "award",
        "prize",
        "rover",
        "mission",
        "probe",
        "telescope",
        "theorem",
        "law",
        "equation",
        "effect",
        "principle",
        "algorithm",
        "conjecture",
        "number",
        "numbers",
        "constant",
        "distribution",
        "transform",
        "function",
        "series",
        "paradox",
        "problem",
        "engine",
        "language",
        "compiler",
        "kernel",
        "project",
        "foundation",
        "institute",
        "university",
        "college",
        "school",
        "hall",
        "street",
        "avenue",
        "road",
        "bridge",
        "river",
        "lake",
        "mountain",
        "island",
        "county",
        "park",
        "museum",
        "library",
        "hospital",
        "station",
        "airport",
        "cattle",
        "breed",
        "disease",
        "syndrome",
        "scale",
        "index",
        "model",
        "method",
        "process",
        "cycle",
        "system",
        "protocol",
        "format",
        "package",
    ]
)


@lru_cache(maxsize=1)
def lexicon() -> tuple[frozenset[str], frozenset[str]]:
    """(first names, surnames), lower-cased, from the US Census files of the `names` package."""
    root = resources.files("names")

    def read(name: str) -> set[str]:
        return {line.split()[0].lower() for line in root.joinpath(name).read_text().splitlines() if line.strip()}

    return frozenset(read("dist.male.first") | read("dist.female.first")), frozenset(read("dist.all.last"))


def is_first(word: str) -> bool:
    return word.lower() in lexicon()[0]


def is_surname(word: str) -> bool:
    return word.lower() in lexicon()[1]


def _finding(start: int, end: int, score: float, recognizer: str) -> dict[str, Any]:
    return {"entity_type": "PERSON", "start": start, "end": end, "score": score, "recognizer": recognizer}


def _name_words(text: str, start: int, end: int, any_case: bool) -> tuple[int, int] | None:
    """The name at the start of text[start:end]: words up to the first ordinary one (a lower-case word must be a
    lexicon name unless it is the first word after a strong cue)."""
    last = None
    for i, m in enumerate(re.finditer(rf"{_TITLE}|{_INITIALS}|{_WORD}", text[start:end])):
        word = m.group().rstrip(". \t")
        low = word.lower()
        if re.fullmatch(_TITLE, m.group()) or re.fullmatch(_INITIALS, m.group()):
            last = m.end()
            continue
        if low in _EDGE_WORDS or low in _THING_WORDS:
            break
        if not word[0].isupper() and not (any_case and (i == 0 or is_first(word) or is_surname(word))):
            break
        last = m.end()
    return None if last is None else (start, start + len(text[start : start + last].rstrip(" \t")))


def cued(text: str) -> list[dict[str, Any]]:
    """Names after a cue (private role), in a list of first names, and first name + surname pairs."""
    out = []
    for role, pattern, any_case in CUES:
        for m in pattern.finditer(text):
            span = _name_words(text, *m.span("v"), any_case)
            if span and _plausible(text, *span, cue=True) and (role not in _WEAK or _known(text[span[0] : span[1]])):
                out.append(_finding(*span, 0.7, f"NameCue:{role}"))
    for m in ATTRIBUTION.finditer(text):
        span = _name_words(text, *m.span("v"), False)
        if span and _plausible(text, *span, cue=True):
            out.append(_finding(*span, 0.6, "NameCue:attribution"))
    for m in _LIST.finditer(text):
        items = [w for w in re.finditer(_CAP_WORD, m.group()) if w.group().lower() not in _EDGE_WORDS]
        if len(items) >= 3 and sum(is_first(w.group()) for w in items) * 2 >= len(items):
            out += [_finding(m.start() + w.start(), m.start() + w.end(), 0.6, "NameLexicon:list") for w in items]
    for m in _PAIR.finditer(text):
        words = re.findall(_CAP_WORD, m.group())
        first_ok = bool(re.match(rf"{_TITLE}|{_INITIALS}", m.group())) or is_first(words[0])
        if first_ok and is_surname(words[-1]) and _plausible(text, *m.span(), cue=False):
            out.append(_finding(*m.span(), 0.6, "NameLexicon:pair"))
    return out


_WEAK = ("contact", "credit")  # cues that also precede products and projects: the name must be in the lexicon


def _known(value: str) -> bool:
    words = re.findall(_CAP_WORD, value)
    if not words or (len(words) == 1 and is_common(words[0])):
        return False
    return is_first(words[0]) or is_surname(words[-1])


def is_common(word: str) -> bool:
    """A lexicon name that is also an everyday English word ("Will", "May", "Long"): a stop word."""
    return word.lower() in STOP_WORDS


def _plausible(text: str, start: int, end: int, cue: bool) -> bool:
    """Not a capitalized common phrase: no thing word in or right after it; a lone unknown word needs a cue."""
    words = re.findall(_WORD, text[start:end])
    if not words or any(w.lower() in _THING_WORDS for w in words):
        return False
    after = re.match(r"[ \t]+([^\W\d_]+)", text[end : end + 40])
    if after and after.group(1).lower() in _THING_WORDS:
        return False
    if cue or len(words) > 1:
        return True
    return is_first(words[0]) or is_surname(words[0])


def edges(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A PERSON span trimmed to its name (letters at both ends, no leading ordinary word) and grown over the
    titles and initials right before it."""
    while start < end and not text[start].isalpha():
        start += 1
    while end > start and not text[end - 1].isalpha() and not _initial_dot(text, start, end):
        end -= 1
    while (m := re.match(rf"({_WORD})[ \t,]+(?=\S)", text[start:end])) and m.group(1).lower() in _EDGE_WORDS:
        if is_first(m.group(1)):
            break
        start += m.end()
    if start >= end:
        return None
    before = re.search(rf"(?:{_TITLE}|{_INITIALS}[ \t]*)+$", text[max(0, start - 40) : start])
    return (start - len(before.group()), end) if before else (start, end)


def _initial_dot(text: str, start: int, end: int) -> bool:
    initial = end - 2 >= start and text[end - 2].isupper() and not text[end - 3 : end - 2].isalpha()
    return text[end - 1] == "." and initial


_PRIVATE_BEFORE = re.compile(
    rf"(?:{_LABEL_CUE}|{_INTRO_CUE}|{_GREETING_CUE}|{_RELATION_CUE}|{_SIGNOFF}|"
    rf"\b(?i:to|for|attn|contact|call|email|e-mail|text|ask[ \t]+for|cc|from|signed|customer|cardholder|recipient)"
    rf"[ \t:,]+){_TITLE}?$"
)


def private_role(text: str, finding: dict[str, Any], others: bool) -> bool:
    """A name in a private role: found by a cue other than attribution, after a private cue, or in a text that
    also holds an e-mail, phone, address or other identifier."""
    rec = str(finding.get("recognizer", ""))
    if others or (rec.startswith("NameCue:") and rec not in ("NameCue:attribution", "NameCue:credit")):
        return True
    return _PRIVATE_BEFORE.search(text[max(0, finding["start"] - 80) : finding["start"]]) is not None


def refine(text: str, findings: list[dict[str, Any]], policy: str = "all") -> list[dict[str, Any]]:
    """`findings` with PERSON spans given exact edges, false positives dropped, cued and lexicon names added, and
    the policy applied (see the module docstring)."""
    people, others = [], [f for f in findings if f["entity_type"] != "PERSON"]
    for f in findings:
        if f["entity_type"] == "PERSON" and (span := edges(text, f["start"], f["end"])):
            if any(o["start"] < span[1] and span[0] < o["end"] for o in others):
                continue  # a pattern entity (address, phone, …) is more specific than a name-shaped span
            cue = _PRIVATE_BEFORE.search(text[max(0, span[0] - 80) : span[0]]) is not None
            if _plausible(text, *span, cue=cue):
                people.append({**f, "start": span[0], "end": span[1]})
    people += [p for p in cued(text) if not any(o["start"] < p["end"] and p["start"] < o["end"] for o in others)]
    if policy == "private":
        people = [p for p in people if private_role(text, p, bool(others))]
    return others + people
