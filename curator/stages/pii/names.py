"""Person names beyond spaCy's small model: exact span edges, false positives dropped, names found by context
(curator.stages.pii.name_cues, lexicon in name_lexicon), and the `names` policy.

What this layer does to PERSON findings (offsets always in the text it was given):
- edges: a span starts and ends on a letter (or an initial's dot): "\\t-- Ada Byron" keeps "\\t-- "; a leading
  ordinary word ("Send", "Dear") is cut off; titles and initials before a name join it ("Mr. J. R. Hartley").
- drops: a single word in no name lexicon without a cue ("Java", "Linux"); a capitalized phrase with a thing word
  in or after it ("Turing machine", "Mars Rover"); a name-shaped span over an address, phone or other pattern entity.
- adds: names after cues, in lists, lexicon pairs (name_cues), and the name line right above a street address.
- policy `private` keeps only names in a private role (a private cue, or a text that also holds an e-mail, phone,
  address or other identifier); `all` keeps every name.
"""

from __future__ import annotations

import re
from typing import Any

from curator.stages.pii.name_cues import (
    CONTACT_CUE,
    GREETING_CUE,
    INTRO_CUE,
    LABEL_CUE,
    PUBLIC_ROLES,
    RELATION_CUE,
    SIGNOFF,
    cued,
    finding,
)
from curator.stages.pii.name_lexicon import CAP_WORD, EDGE_WORDS, INITIALS, TITLE, WORD, is_first, plausible

NAME_POLICIES = ("all", "private")
_PRIVATE_BEFORE = re.compile(
    rf"(?:{LABEL_CUE}|{INTRO_CUE}|{GREETING_CUE}|{RELATION_CUE}|{SIGNOFF}|{CONTACT_CUE}|"
    rf"\b(?i:to|for|attn|cc|from|signed|customer|cardholder|recipient)[ \t:,]+){TITLE}?$"
)
_NAME_LINE = re.compile(
    rf"(?:^|\n)[ \t]*((?:{INITIALS})?{CAP_WORD}(?:[ \t]+(?:{INITIALS})?{CAP_WORD}){{0,3}})[ \t]*,?\n[ \t]*$"
)


def edges(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A PERSON span trimmed to its name (letters at both ends, no leading ordinary word) and grown over the
    titles and initials right before it."""
    while start < end and not text[start].isalpha():
        start += 1
    if cut := re.search(r"[\[\](){}<>|]", text[start:end]):  # no name holds a bracket: "Thierry] Salut"
        end = start + cut.start()
    while end > start and not text[end - 1].isalpha() and not _initial_dot(text, start, end):
        end -= 1
    while (m := re.match(rf"({WORD})[ \t,]+(?=\S)", text[start:end])) and m.group(1).lower() in EDGE_WORDS:
        if is_first(m.group(1)):
            break
        start += m.end()
    if start >= end:
        return None
    before = re.search(rf"(?:{TITLE}|{INITIALS}[ \t]*)+$", text[max(0, start - 40) : start])
    return (start - len(before.group()), end) if before else (start, end)


def _initial_dot(text: str, start: int, end: int) -> bool:
    initial = end - 2 >= start and text[end - 2].isupper() and not text[end - 3 : end - 2].isalpha()
    return text[end - 1] == "." and initial


def private_role(text: str, person: dict[str, Any], others: bool) -> bool:
    """A name in a private role: found by a private cue, after one, or in a text that also holds an e-mail,
    phone, address or other identifier."""
    rec = str(person.get("recognizer", ""))
    if others or (rec.startswith("NameCue:") and rec not in PUBLIC_ROLES):
        return True
    return _PRIVATE_BEFORE.search(text[max(0, person["start"] - 80) : person["start"]]) is not None


def _address_names(text: str, others: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The name line of a postal block: 1-4 capitalized words alone on the line right above a street address."""
    out = []
    for o in others:
        if o["entity_type"] == "LOCATION" and (m := _NAME_LINE.search(text[max(0, o["start"] - 80) : o["start"]])):
            start = max(0, o["start"] - 80) + m.start(1)
            out.append(finding(start, start + len(m.group(1)), 0.6, "NameCue:address block"))
    return out


def _overlaps(a: dict[str, Any], spans: list[dict[str, Any]]) -> bool:
    return any(o["start"] < a["end"] and a["start"] < o["end"] for o in spans)


def refine(text: str, findings: list[dict[str, Any]], policy: str = "all") -> list[dict[str, Any]]:
    """`findings` with PERSON spans given exact edges, false positives dropped, names found by context added, and
    the policy applied (see the module docstring)."""
    people, others = [], [f for f in findings if f["entity_type"] != "PERSON"]
    for f in findings:
        if f["entity_type"] == "PERSON" and (span := edges(text, f["start"], f["end"])):
            person = {**f, "start": span[0], "end": span[1]}
            cue = _PRIVATE_BEFORE.search(text[max(0, span[0] - 80) : span[0]]) is not None
            if not _overlaps(person, others) and plausible(text, *span, cue=cue):
                people.append(person)
    found = cued(text, identified=bool(others)) + _address_names(text, others)
    people += [p for p in found if not _overlaps(p, others)]
    if policy == "private":
        people = [p for p in people if private_role(text, p, bool(others))]
    return others + people
