"""Names found by their context, not by NER: after a cue, in a list of names, as a lexicon pair.

Cues (our own lists): form labels ("Name:", "Customer:"), self-introductions ("my name is", "je m'appelle", "ich
heiße"), greetings ("Dear", "Hi"), sign-offs ("Thanks,\\nX"), relations ("my neighbour X"), a reply header ("X
wrote:"), contact and role words ("ask X", "employee X"), credits ("packaged by X") and "-- X" attributions. After a
strong cue a name may be lower-case ("my name is jodi walker"); weak cues (contact, role, credit) need a lexicon name.
"""

from __future__ import annotations

import re
from typing import Any

from curator.stages.pii.name_lexicon import (
    CAP_WORD,
    EDGE_WORDS,
    INITIALS,
    THING_WORDS,
    TITLE,
    WORD,
    is_first,
    is_surname,
    known,
    plausible,
)

LABEL_CUE = (
    r"(?:^|\n)[ \t]*(?i:full[ \t]+name|name|customer|client|contact|patient|applicant|recipient|cardholder|"
    r"account[ \t]+holder|sender|from|to|attn|attention|signed|nom|nombre|nome|imię)[ \t]*[:=][ \t]*"
)
INTRO_CUE = (
    r"\b(?i:my[ \t]+name[ \t]+is|my[ \t]+name's|name's|i[ \t]+am[ \t]+called|they[ \t]+call[ \t]+me|"
    r"je[ \t]+m'appelle|me[ \t]+llamo|mi[ \t]+nombre[ \t]+es|ich[ \t]+heiße|ich[ \t]+heisse|mein[ \t]+name[ \t]+ist|"
    r"mi[ \t]+chiamo|ik[ \t]+heet|mijn[ \t]+naam[ \t]+is|o[ \t]+meu[ \t]+nome[ \t]+é|meu[ \t]+nome[ \t]+é|"
    r"me[ \t]+chamo|chamo-me|il[ \t]+mio[ \t]+nome[ \t]+è|mon[ \t]+nom[ \t]+est|nazywam[ \t]+się)[ \t]+"
)
GREETING_CUE = (
    r"(?:^|(?<=[\s,.!]))(?i:dear|hi|hello|hey|greetings|attn\.?|bonjour|hola|hallo|ciao|cher|chère|salut|hoi|olá|"
    r"hej|moin|servus|buongiorno|bom[ \t]+dia|buenos[ \t]+días|cześć|witam|salve)[ \t]+"
)
RELATION_CUE = (
    r"\b(?i:my|our|his|her|their)[ \t]+(?i:neighbou?r|friend|wife|husband|son|daughter|mother|father|mom|mum|dad|"
    r"brother|sister|colleague|coworker|co-worker|boss|manager|landlord|landlady|tenant|doctor|partner|cousin|"
    r"uncle|aunt|grandmother|grandfather|grandma|grandpa|roommate|flatmate|nephew|niece|fiancée?|girlfriend|"
    r"boyfriend|lawyer|accountant|teacher|student|child|kid|baby|assistant|agent)[ \t]*,?[ \t]+"
)
CONTACT_CUE = (
    r"(?:^|(?<=[\s,.!(]))(?i:contact|ask|email|e-mail|call|cc|ping|message|tell|thank|thanks[ \t]+to|i'm|i’m|"
    r"i[ \t]+am|this[ \t]+is|it's|ask[ \t]+for|speak[ \t]+to|talk[ \t]+to|meet|met|visit)[ \t]+"
)
ROLE_CUE = (
    r"\b(?i:employee|user|customer|client|patient|member|applicant|student|tenant|guest|passenger|driver|"
    r"technician|engineer|songwriter|author|artist|writer|singer|player|director|actor|actress|officer|agent)[ \t]+"
)
CREDIT_CUE = (
    r"\b(?i:by|from|maintainer|author|authors|maintained[ \t]+by|packaged[ \t]+by|written[ \t]+by|"
    r"reported[ \t]+by|created[ \t]+by|developed[ \t]+by|uploaded[ \t]+by|translated[ \t]+by|"
    r"copyright(?:[ \t]+\(c\))?[ \t]+\d{4})[ \t:]*"
)
SIGNOFF = (
    r"\b(?i:regards|best[ \t]+regards|kind[ \t]+regards|warm[ \t]+regards|sincerely|yours[ \t]+truly|yours|thanks|"
    r"thank[ \t]+you|many[ \t]+thanks|cheers|best|all[ \t]+the[ \t]+best|cordially|respectfully|love|xoxo|"
    r"cordialement|saludos|grüße|gruß|mvg|groeten|pozdrawiam)[ \t]*[,.!]?[ \t]*(?:\n[ \t]*|[ \t]+)"
)
ANY_NAME = rf"{TITLE}?(?:{INITIALS})?{WORD}(?:[ \t]+(?:{INITIALS})?{WORD}){{0,3}}"
CAP_NAME = rf"{TITLE}?(?:{INITIALS})?{CAP_WORD}(?:[ \t]+(?:{INITIALS})?{CAP_WORD}){{0,2}}"
SPEAKER_WORD = r"[A-ZÀ-ÖØ-ÞĀ-Ž][a-zß-öø-ÿā-ž]+"  # title case, no hyphen: not "FTBFS", not "Reported-by"
TWO_CAPS = rf"{SPEAKER_WORD}(?:[ \t]+(?:(?:de|da|van|von|der|den|del|di|du|dos|le|la)[ \t]+)*{SPEAKER_WORD}){{1,3}}"
# Chat and changelog forms: "[Thierry] Salut", "[ Lynn de Vrome ]", "Nath Reynaud: who …", "Sten de Vries here.",
# "…\n- Tecla" (a last line), "ask for Danielle at reception", "Reported-by: X", "Thanks to X for the patch".
TRAILER = (
    r"(?:^|\n)[ \t]*(?i:signed-off-by|reported-by|tested-by|reviewed-by|acked-by|co-authored-by|suggested-by|"
    r"on-call|assigned[ \t]+to|assignee|reporter)[ \t]*:?[ \t]*"
)
THANKS = (
    r"\b(?i:thanks[ \t]+to|thanks|tested[ \t]+by|patch[ \t]+by|reported[ \t]+by|suggested[ \t]+by|fixed[ \t]+by)[ \t]+"
)
CLEAN_AFTER = r"(?=[ \t]*(?:for\b|[.,;:)<!?]|$))"
STRONG, WEAK = "strong", "weak"  # after a weak cue the name must be in the lexicon
FIRST = "first"  # one word, a lexicon first name, whatever else the text holds ("Alicia: …", not "Address: …")
CUES: tuple[tuple[str, re.Pattern[str], str], ...] = (  # (role, regex with group v, strength)
    ("form label", re.compile(rf"{LABEL_CUE}(?P<v>{ANY_NAME})"), STRONG),
    ("introduction", re.compile(rf"{INTRO_CUE}(?P<v>{ANY_NAME})"), STRONG),
    ("greeting", re.compile(rf"{GREETING_CUE}(?P<v>{ANY_NAME})"), STRONG),
    ("relation", re.compile(rf"{RELATION_CUE}(?P<v>{ANY_NAME})"), STRONG),
    ("sign-off", re.compile(rf"{SIGNOFF}(?P<v>{ANY_NAME})"), STRONG),
    ("reply header", re.compile(rf"(?:^|\n)[ \t]*(?P<v>{ANY_NAME})[ \t]+(?i:wrote|writes|said|says)[ \t]*:"), STRONG),
    ("attribution", re.compile(rf"(?:^|(?<=\s))(?:--|—|–|~)[ \t]*(?P<v>{ANY_NAME})"), STRONG),
    ("contact", re.compile(rf"{CONTACT_CUE}(?P<v>{ANY_NAME})"), WEAK),
    ("role", re.compile(rf"{ROLE_CUE}(?P<v>{CAP_NAME})"), WEAK),
    ("speaker", re.compile(rf"(?:^|\n)[ \t]*\[[ \t]*(?P<v>{ANY_NAME})[ \t]*\]"), STRONG),
    ("speaker", re.compile(rf"(?:^|\n)[ \t]*(?P<v>{TWO_CAPS})[ \t]*:[ \t]"), STRONG),
    ("speaker", re.compile(rf"(?:^|\n)[ \t]*(?P<v>{SPEAKER_WORD})[ \t]*:[ \t]"), FIRST),
    (
        "self",
        re.compile(rf"\b(?i:i'm|i’m|i[ \t]+am|this[ \t]+is)[ \t]+(?P<v>{TWO_CAPS})(?=[ \t]*(?:[,.!;]|$))"),
        STRONG,
    ),
    ("here", re.compile(rf"(?:^|\n)[ \t]*(?P<v>{ANY_NAME})[ \t]+here\b(?=[ \t]*[.!,])"), STRONG),
    ("last line", re.compile(rf"\n[ \t]*-[ \t]*(?P<v>{ANY_NAME})[ \t]*\Z"), STRONG),
    ("ask for", re.compile(rf"\b(?i:ask(?:ed)?[ \t]+for)[ \t]+(?P<v>{ANY_NAME})(?=[ \t]+at\b)"), STRONG),
    ("trailer", re.compile(rf"{TRAILER}(?P<v>{ANY_NAME})"), STRONG),
    ("thanks", re.compile(rf"{THANKS}(?P<v>{ANY_NAME}){CLEAN_AFTER}"), STRONG),
    ("credit", re.compile(rf"{CREDIT_CUE}(?P<v>{CAP_NAME})"), WEAK),
)
PUBLIC_ROLES = ("NameCue:attribution", "NameCue:credit", "NameCue:role", "NameCue:thanks")
# Substrings (lower case) a cue's regex cannot match without: a cheap test before the regex runs.
_KEYS: dict[str, tuple[str, ...]] = {
    "form label": (":", "="),
    "introduction": (
        "name",
        "call",
        "appelle",
        "llamo",
        "heiße",
        "heisse",
        "chiamo",
        "heet",
        "naam",
        "nome",
        "chamo",
        "nom",
        "nazywam",
    ),
    "sign-off": (
        "regard",
        "sincerely",
        "yours",
        "thank",
        "cheers",
        "best",
        "cordially",
        "respectfully",
        "love",
        "xoxo",
        "cordialement",
        "saludos",
        "grüße",
        "gruß",
        "mvg",
        "groeten",
        "pozdrawiam",
    ),
    "greeting": (
        "dear",
        "hi",
        "hello",
        "hey",
        "greetings",
        "attn",
        "bonjour",
        "hola",
        "hallo",
        "ciao",
        "cher",
        "salut",
        "hoi",
        "olá",
        "hej",
        "moin",
        "servus",
        "buongiorno",
        "bom",
        "buenos",
        "cześć",
        "witam",
        "salve",
    ),
    "speaker": ("[", ":"),
    "here": ("here",),
    "self": ("i'm", "i’m", "i am", "this is"),
    "last line": ("-",),
    "ask for": ("ask",),
    "trailer": ("-by", "on-call", "assign", "reporter"),
    "thanks": ("thank", "by"),
    "contact": (
        "contact",
        "ask",
        "mail",
        "call",
        "cc",
        "ping",
        "message",
        "tell",
        "thank",
        "i'm",
        "i’m",
        "i am",
        "this is",
        "it's",
        "speak",
        "talk",
        "meet",
        "met",
        "visit",
    ),
    "reply header": ("wrote", "writes", "said", "says"),
    "attribution": ("--", "—", "–", "~"),
    "role": (
        "employee",
        "user",
        "customer",
        "client",
        "patient",
        "member",
        "applicant",
        "student",
        "tenant",
        "guest",
        "passenger",
        "driver",
        "technician",
        "engineer",
        "songwriter",
        "author",
        "artist",
        "writer",
        "singer",
        "player",
        "director",
        "actor",
        "actress",
        "officer",
        "agent",
    ),
    "credit": ("by", "from", "maintainer", "author", "copyright"),
}
_ITEM = rf"{TITLE}?(?:{INITIALS})?{CAP_WORD}(?:[ \t]+(?:(?:de|da|van|von|der|del|la|le|di)[ \t]+)?{CAP_WORD}){{0,2}}"
_LOWER_ITEM = r"(?<![\w'’-])[^\W\d_A-Z]{2,}[ \t]+[^\W\d_A-Z]{2,}(?![\w'’-])"  # "dominic graham"
_ANY_ITEM = rf"(?:{_ITEM}|{_LOWER_ITEM})"
_AND = r"(?:and|&|und|et|y|e|en|och|og|i|or)"
LIST = re.compile(rf"{_ANY_ITEM}(?:[ \t]*,[ \t]*{_ANY_ITEM})+,?[ \t]+{_AND}[ \t]+{_ANY_ITEM}")
_CONJ = re.compile(rf"[ \t]+{_AND}[ \t]+")
_SEPARATOR = re.compile(rf"[ \t]*,[ \t]*(?:{_AND}[ \t]+)?|[ \t]+{_AND}[ \t]+")
PAIR = re.compile(rf"(?<![\w'’-]){TITLE}?(?:{CAP_WORD}[ \t]+(?:{INITIALS})?|{INITIALS}){CAP_WORD}(?![\w'’-])")
_PARTICLES = frozenset("de da van von der den del la le di du dos das ten ter".split())  # noqa: SIM905
_TOKEN = re.compile(rf"{TITLE}|{INITIALS}|{WORD}")
_CLEAN_END = re.compile(r"[ \t]*(?:[,.;:!?\n)<]|$|(?i:at|about|for|says|said|wrote|on|via)\b)")


def finding(start: int, end: int, score: float, recognizer: str) -> dict[str, Any]:
    return {"entity_type": "PERSON", "start": start, "end": end, "score": score, "recognizer": recognizer}


def name_at(text: str, start: int, end: int, strength: str) -> tuple[int, int] | None:
    """The name at the start of text[start:end]: titles, initials and words up to the first ordinary one. A
    lower-case name needs a lexicon word, or (after a strong cue) two words and a clean end ("Dear kate pratt,")."""
    words, last = [], None
    for m in _TOKEN.finditer(text, start, end):
        if re.fullmatch(TITLE, m.group()) or re.fullmatch(INITIALS, m.group()):
            last = m.end()
            continue
        low = m.group().lower()
        if low in EDGE_WORDS or low in THING_WORDS:
            break
        if low == m.group() and any(w[0].isupper() for w in words) and low not in _PARTICLES:
            break  # "Calixta Montalbán waters …": a lower-case word after a capitalized name ends it
        words.append(m.group())
        last = m.end()
    if not words or last is None:
        return None
    stop = start + len(text[start:last].rstrip(" \t"))
    if strength == FIRST:
        return (start, stop) if len(words) == 1 and is_first(words[0]) else None
    if all(w[0].isupper() or w in _PARTICLES for w in words):  # "Sten de Vries"
        return (start, stop) if strength == STRONG or known(" ".join(words)) else None
    lexical = is_first(words[0]) or is_surname(words[-1])
    clean = strength == STRONG and len(words) >= 2 and _CLEAN_END.match(text, stop) is not None
    return (start, stop) if lexical or clean else None


def cued(text: str, identified: bool = False) -> list[dict[str, Any]]:
    """Names after a cue, in a list of names, and first-name + surname / initials + surname pairs. In a text that
    also holds an e-mail, phone, address or other identifier (`identified`), every cue is strong ("Contact J. T.
    Majak at …@…", "employee Naide Tarhan, SSN …")."""
    out, low = [], text.lower()
    for role, pattern, strength in CUES:
        if role in _KEYS and not any(k in low for k in _KEYS[role]):
            continue
        for m in pattern.finditer(text):
            span = name_at(text, *m.span("v"), STRONG if identified and strength == WEAK else strength)
            if span and plausible(text, *span, cue=True):
                out.append(finding(*span, 0.7 if strength == STRONG else 0.6, f"NameCue:{role}"))
    for m in _lists(text):
        out += _list_names(text, m)
    for m in PAIR.finditer(text):
        words = re.findall(CAP_WORD, m.group())
        first_ok = bool(re.match(rf"{TITLE}|{INITIALS}", m.group())) or is_first(words[0])
        if first_ok and is_surname(words[-1]) and plausible(text, *m.span(), cue=False):
            out.append(finding(*m.span(), 0.6, "NameLexicon:pair"))
    return out


def _lists(text: str) -> list[re.Match[str]]:
    """LIST matches, searched only around a conjunction with a comma before it on its line (a whole-text scan
    tries the list pattern at every word)."""
    found: list[re.Match[str]] = []
    for c in _CONJ.finditer(text):
        if found and c.start() < found[-1].end():
            continue
        lo = max(text.rfind("\n", 0, c.start()) + 1, c.start() - 160)
        if text.find(",", lo, c.start()) >= 0 and (m := LIST.search(text, lo, min(len(text), c.end() + 80))):
            found.append(m)
    return found


def _list_names(text: str, m: re.Match[str]) -> list[dict[str, Any]]:
    """Every item of a list of 3+ that holds names: two thirds (at least two) look like names (title, initials, a
    first name, two words ending in a surname), or one is titled/initialled and all but one hold a lexicon word."""
    items, pos = [], m.start()
    for part in _SEPARATOR.split(m.group()):
        start = text.index(part, pos)
        items.append((start, start + len(part), part))
        pos = start + len(part)
    if len(items) < 3 or any(p.split()[0].lower() in EDGE_WORDS for _, _, p in items):
        return []
    named = titled = lexical = 0
    for _, _, part in items:
        words = part.replace(".", " ").split()
        has_title = re.match(rf"{TITLE}|{INITIALS}", part) is not None
        titled += has_title
        named += has_title or is_first(words[0]) or (len(words) >= 2 and is_surname(words[-1]))
        lexical += has_title or any(is_first(w) or is_surname(w) for w in words)
    if named < max(2, -(-2 * len(items) // 3)) and not (titled and lexical >= len(items) - 1):
        return []
    return [finding(s, e, 0.6, "NameLexicon:list") for s, e, _ in items if plausible(text, s, e, cue=True)]
