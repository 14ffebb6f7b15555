"""Second opinion, street addresses: a house number next to a street word of one of many languages, an address
cue followed by a digit on the same line, postcode shapes, and US military forms.

Our own word lists: English street suffixes, street words that come before the name (ul., rue, via, calle, rua,
…), compound endings (-straße, -weg, -straat, -laan, …) and unit words (Apt, Suite, Flat, Wohnung, piso, …).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

Span = tuple[str, int, int, str]

WORD = r"[^\W\d_][\w'’.-]*"
SUFFIX_WORDS = (
    r"street|st|avenue|ave|av|road|rd|lane|ln|drive|dr|court|ct|boulevard|blvd|way|place|pl|square|sq|terrace|"
    r"ter|crescent|cres|close|row|parkway|pkwy|highway|hwy|circle|cir|trail|trl|path|walk|alley|plaza|ridge|"
    r"hill|hills|park|grove|gardens|gdns|mews|green|view|point|pt|loop|pass|run|crossing|xing|heights|hts|"
    r"estate|estates|villas|fields|meadow|meadows|rise|vale|wharf|quay|expressway|expy|freeway|fwy|turnpike|"
    r"pike|route|rte|center|ctr|junction|jct|harbor|harbour|port|station|sta|summit|valley|vly|creek|mall|"
    r"shore|shores|spring|springs|manor|mill|mills|falls|forest|glen|island|isle|key|knoll|lake|lakes|landing|"
    r"lodge|mount|mountain|orchard|oval|parade|ranch|stream|track|tunnel|union|village|ville|vista|well|wells|"
    r"bypass|causeway|common|commons|cove|dale|dam|divide|extension|ext|fork|forks|ford|fort|gateway|haven|"
    r"chowk|nagar|marg|gali|utca|út|tér|körút|sokak|sokağı|caddesi|cad|ulitsa|prospekt"
)
PREFIX_WORDS = (
    r"ul|ulica|al|aleja|pl|plac|os|osiedle|rue|avenue|av|bd|boulevard|chemin|allée|allee|impasse|place|quai|"
    r"cours|route|rte|via|viale|piazza|p\.za|corso|largo|vicolo|strada|calle|c/|avenida|avda|paseo|plaza|"
    r"camino|carrer|carretera|ronda|travesía|rua|travessa|praça|estrada|largo|alameda|am|an der|auf der|im|"
    r"straße|strasse|platz|rynek|piazzale|lungomare|contrada|passeig|rambla|vía|borgo|canale|salita|traversa|"
    r"galleria|rotonda|vicolo|fondamenta|h\.?\s?no|house no|plot no"
)
COMPOUND_ENDINGS = (
    r"straße|strasse|str|weg|allee|platz|gasse|ring|damm|ufer|chaussee|steig|pfad|markt|graben|"
    r"straat|laan|plein|gracht|kade|singel|dijk|steeg|hof|park|dreef|wal|pad|erf|veld|stieg|berg|tor|brücke|"
    r"boulevard|utca|út|tér"
)
UNIT = (
    r"(?:,?[ \t]*(?i:apt|apartment|suite|ste|unit|flat|fl|floor|room|rm|#|no|nr|wohnung|whg|app|appt|piso|"
    r"puerta|dept|depto|lok|m|interno|int|esc|bus|box)\.?[ \t]*#?[ \t]*\w{1,6})?"
)
NUMBER = r"\d{1,6}[A-Za-z]?(?:[-/]\d{1,4}[A-Za-z]?)?"

NUMBER_FIRST = re.compile(
    rf"(?<![\w.,-]){NUMBER},?[ \t]+(?:{WORD}[ \t]+){{0,4}}(?i:{SUFFIX_WORDS})\b\.?{UNIT}", re.UNICODE
)
PREFIX_FIRST = re.compile(rf"(?<!\w)(?i:{PREFIX_WORDS})\.?[ \t]+(?:{WORD},?[ \t]+){{0,4}}?{NUMBER}\b{UNIT}", re.UNICODE)
NAME_STREET_NUMBER = re.compile(  # "Nagykanizsai utca 186", "Lanka Street 16"
    rf"(?<!\w)(?:[A-ZÀ-Ž][\w'’.-]*[ \t]+){{1,3}}(?i:{SUFFIX_WORDS})\.?,?[ \t]+{NUMBER}\b{UNIT}"
)
NUMBER_THEN_PREFIX = re.compile(
    rf"(?<![\w.,-]){NUMBER},?[ \t]+(?i:{PREFIX_WORDS})\.?[ \t]+{WORD}(?:[ \t]+{WORD}){{0,3}}"
)
COMPOUND = re.compile(rf"(?<!\w)[^\W\d_]*(?i:{COMPOUND_ENDINGS})\.?[ \t]+{NUMBER}\b{UNIT}", re.UNICODE)
MILITARY = re.compile(
    r"(?i:\b(?:psc|unit|cmr|uss|usns|usnv|usv|uscgc)\b[^\n]{0,40}?\b(?:box[ \t]+\d{1,5}[ \t,]*)?"
    r"(?:apo|fpo|dpo)[ \t]+a[aep][ \t]+\d{5})"
)
CUES = (
    r"address|addr|adresse|anschrift|dirección|direccion|indirizzo|adres|endereço|morada|domicilio|"
    r"ship(?:ped)? (?:it )?to|deliver(?:ed)? (?:it )?to|send (?:it )?to|mail (?:it )?to|i live at|living at|"
    r"lives at|i live on|located at|moved to|wohne in|wohnhaft|j'habite|j’habite|vivo en|abito in|mieszkam|"
    r"woon op|ik woon|moro na|resido en"
)
CUE_LINE = re.compile(rf"(?i:\b(?:{CUES}))\b[ \t]*:?[ \t]*\n?[ \t]*([^\n]{{3,80}})")
US_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|"
    "OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC|PR|GU|VI|AS|MP|AA|AE|AP"
)
POSTCODE = re.compile(
    r"\b[A-Z]{1,2}\d[A-Z\d]?[ \t]*\d[A-Z]{2}\b"  # GB
    rf"|\b(?:{US_STATES})[ \t]+\d{{5}}(?:-\d{{4}})?\b"  # US state + ZIP
    r"|(?:(?<=, )|(?<=^)|(?<=\n))\d{2}-?\d{3}[ \t]+[A-ZÀ-Ž][^\W\d_]+"  # 00-950 Warszawa, 75001 Paris
    r"|(?:(?<=, )|(?<=^)|(?<=\n))\d{4,5}[ \t]+[A-ZÀ-Ž][^\W\d_]+"
)


def addresses(text: str) -> Iterator[Span]:
    """Every address-shaped span of `text` (only texts with a digit can hold one)."""
    if not any(ch.isdigit() for ch in text):
        return
    for rule, regex in (
        ("number_street_word", NUMBER_FIRST),
        ("street_word_number", PREFIX_FIRST),
        ("name_street_word_number", NAME_STREET_NUMBER),
        ("number_street_prefix", NUMBER_THEN_PREFIX),
        ("street_compound_number", COMPOUND),
        ("military", MILITARY),
        ("postcode", POSTCODE),
    ):
        for m in regex.finditer(text):
            yield "STREET_ADDRESS", m.start(), m.end(), rule
    for m in CUE_LINE.finditer(text):
        value = m.group(1).split(". ")[0].rstrip(" .,;!?")
        if any(ch.isdigit() for ch in value):
            yield "STREET_ADDRESS", m.start(1), m.start(1) + len(value), "address_cue"
