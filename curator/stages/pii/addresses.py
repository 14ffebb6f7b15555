"""Street addresses in their short, European and military forms (LOCATION means a street address here).

Sources (none of them the generator that injects evaluation values): street suffixes and unit designators from
USPS Publication 28 (appendix C1/C2); the military form (PSC/UNIT … BOX … APO/FPO/DPO AA/AE/AP) from USPS
Publication 28 §225; European street words from the postal conventions of Poland, France, Germany, the
Netherlands, Italy, Spain and Portugal (UPU address formats).
"""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer

from curator.stages.pii.regex_recognizer import RegexRecognizer

# USPS Publication 28, C1 (common street suffixes and their standard abbreviations).
STREET_SUFFIXES = (
    "Street|St|Avenue|Ave|Av|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Place|Pl|Way|Terrace|Ter|Parkway|Pkwy|"
    "Circle|Cir|Highway|Hwy|Square|Sq|Trail|Trl|Loop|Alley|Aly|Plaza|Plz|Ridge|Rdg|Hill|Hl|Hills|Park|Point|Pt|"
    "View|Vw|Views|Crossing|Xing|Creek|Crk|Run|Path|Pike|Row|Walk|Green|Grn|Grove|Grv|Heights|Hts|Hollow|Holw|"
    "Meadow|Meadows|Mdws|Mill|Mills|Ranch|Shore|Shores|Springs|Spring|Spg|Station|Sta|Summit|Smt|Valley|Vly|"
    "Village|Vlg|Vista|Vis|Well|Wells|Expressway|Expy|Freeway|Fwy|Junction|Jct|Key|Knoll|Knolls|Landing|Lndg|"
    "Lake|Lakes|Manor|Mnr|Mount|Mountain|Mtn|Oval|Pass|Pine|Pines|Port|Prairie|Route|Rte|Skyway|Spur|Stream|"
    "Track|Trace|Turnpike|Tpke|Bend|Bluff|Bluffs|Branch|Brg|Bridge|Brook|Brooks|Bypass|Byp|Camp|Canyon|Cape|"
    "Causeway|Center|Ctr|Cliff|Cliffs|Common|Commons|Corner|Corners|Course|Cove|Coves|Crest|Curve|Dale|Dam|"
    "Divide|Estate|Estates|Extension|Ext|Falls|Ferry|Field|Fields|Flat|Flats|Ford|Forest|Forge|Fork|Forks|Fort|"
    "Ft|Garden|Gardens|Gdns|Gateway|Glen|Glens|Harbor|Harbors|Haven|Island|Islands|Isle|Lodge|Motorway|Neck|"
    "Orchard|Overpass|Radial|Ramp|River|Shoal|Shoals|Stravenue|Throughway|Tunnel|Underpass|Union|Unions|Viaduct|"
    "Ville|Vl|Wall|Ways|Mall|Mews|Close|Crescent|Cres|Gate|Quay|Rise|Wharf|Wynd|Crossroad|Crossroads|Xrd|"
    "Trafficway|Trfy|Passage|Psge|Anex|Arcade|Bayou|Beach|Bottom|Burg|Inlet|Land|Light|Loaf|Lock|Mission|Rapid|"
    "Rest|Trailer|Green|Greens|Centre|Drove|Grange|Parade|Esplanade|Promenade|"
    # AS/NZS 4819 road types (Australia, New Zealand) not in USPS Publication 28
    "Tollway|Circuit|Concourse|Boulevarde|Chase|Glade|Outlook|Retreat|Walkway|Cul-de-sac|Quays|Strand|Rotary"
)
# USPS Publication 28, C2 (secondary unit designators).
KEY_UNIT = r"(?:Apt|Apartment|Suite|Ste|Unit|Fl|Floor|Rm|Room|Bldg|Building|Dept|Lot|Spc|Space|Trlr|Flat)"
UNIT = rf"(?:{KEY_UNIT}|#|No)"  # "#" and "No" only after a street suffix (too common to mark an address alone)
_UNIT_PART = rf"(?:,?[ \t]+{UNIT}\.?[ \t]*#?[ \t]*[A-Za-z]?\d[\w-]{{0,5}}|,?[ \t]+{UNIT}\.?[ \t]*[A-Z]\b)"
_CAP = r"(?:[A-Z][\w'’.-]*|\d{1,3}(?:st|nd|rd|th))"  # a capitalized word or an ordinal ("5th")
_ANY = r"[^\W_][\w'’.-]*"
_CITY_STATE_ZIP = r"(?:,?[ \t\n]+[A-Z][\w'’.-]*(?:[ \t][A-Z][\w'’.-]*){0,2},?[ \t]+[A-Z]{2}[ \t]+\d{5}(?:-\d{4})?\b)?"

# "4821 Maple Ridge Suite 210", "77 W. 5th St. Apt 4", "1200 Oak Hill Rd, Boise, ID 83702", a unit before a
# slash ("4/17 Ocean Parade": unit 4, number 17)
US_SHORT = re.compile(
    rf"(?<![\w.,/-])(?:\d{{1,4}}[A-Za-z]?/)?\d{{1,6}}[A-Za-z]?[ \t]+(?:[NSEW]\.?[ \t]+)?(?:{_CAP}[ \t]+){{0,3}}"
    rf"(?:{STREET_SUFFIXES})s?\b\.?"
    rf"{_UNIT_PART}?{_CITY_STATE_ZIP}"
)
# number + capitalized words + a unit designator, no suffix: "4821 Maple Ridge Suite 210", "Markt 84 Apt. 597"
NUMBER_NAME_UNIT = re.compile(
    rf"(?<![\w.,-])\d{{1,6}}[ \t]+(?:{_CAP}[ \t]+){{1,3}}{KEY_UNIT}\.?[ \t]*#?[ \t]*[A-Za-z]?\d[\w-]{{0,5}}"
)
NAME_NUMBER_UNIT = re.compile(
    rf"\b[A-Z][\w'’-]+(?:[ \t][A-Z][\w'’-]+){{0,2}}[ \t]+\d{{1,5}}[a-z]?,?[ \t]+{KEY_UNIT}\.?[ \t]*#?[ \t]*"
    rf"(?:[A-Za-z]?\d[\w-]{{0,5}}|[A-Z]\b)"
)
# Street words that come before the name (and the number after it): "ul. Zamkowa 33", "Rue Dielhère 130",
# "Via Roma 12", "Calle Mayor 5", "Rua Augusta 10", "Avenida da Liberdade 3".
_PREFIX_WORDS = (
    r"ul\.|ulica|al\.|aleja|os\.|pl\.|Rue|rue|Avenue|avenue|Av\.|av\.|Bd|Boulevard|boulevard|Bld|Chemin|chemin|"
    r"Impasse|impasse|Allée|allée|Place|place|Quai|quai|Cours|Via|via|Viale|viale|Piazza|piazza|Corso|corso|"
    r"Largo|Calle|calle|C/|Avenida|avenida|Avda\.|Paseo|paseo|Plaza|Camino|Carrer|Carretera|Ronda|Travesía|Rua|rua|"
    r"Travessa|Praça|Estrada|Strada|Platz|Straße|Strasse|Weg|Laan|Straat|Plein|Gracht|Kade|plac|Plac|osiedle|"
    r"Osiedle|rondo|Rondo|skwer|Skwer|route|Route|Rambla|rambla|Ronda|Pasaje|pasaje|Glorieta|Alameda|Callejón|"
    r"Vicolo|vicolo|Piazzale|piazzale|Borgo|borgo|Contrada|contrada|C\.|Cl\.|Avda|Pza\.|Pl\.|Rúa|Largo"
)
EU_PREFIX = re.compile(
    rf"(?<![\w.])(?:{_PREFIX_WORDS})[ \t]+(?:(?:de|del|de la|des|du|da|do|dos|das|di|della|van|von|der|den)[ \t]+)?"
    rf"[A-ZÀ-ÖØ-Þ0-9][\w'’.-]*(?:[ \t]+[\w'’.-]+){{0,3}}?,?[ \t]+\d{{1,5}}[a-zA-Z]?\b"
    rf"(?:[ \t]*[/-][ \t]*\d{{1,4}}\b)?{_UNIT_PART}?"
)
# Compound street names with the number after them: "Hauptstraße 5", "Lindenweg 12a", "Kerkstraat 3", "Nørregade 4".
EU_COMPOUND = re.compile(
    r"\b[A-ZÀ-ÖØ-Þ][\w'’-]*(?:[ \t]+[a-z]+-[A-Z][\w'’-]*)?(?i:straße|strasse|str\.|weg|gasse|allee|platz|ring|damm|"
    r"ufer|chaussee|straat|laan|gracht|plein|kade|singel|dijk|pad|steeg|dreef|hof|markt|baan|wal|vej|gade|gatan|vägen|"
    r"veien|gata|katu|tie|utca|ulice|cesta)[ \t]+\d{1,5}[a-z]?\b(?:[ \t]*/[ \t]*\d{1,4}\b)?"
    rf"{_UNIT_PART}?"
)
# Street words that come after the name, before the number (Hungarian, Turkish): "Nagykanizsai utca 186".
# Turkish addresses write "No:" before the number and may add the flat ("Atatürk Cad. No: 15 Daire 3").
NAME_STREET_NUMBER = re.compile(
    r"\b[A-ZÀ-ÖØ-ÞŐŰİ][\w'’-]*[ \t]+(?:utca|út|útja|tér|körút|sor|köz|fasor|(?i:sokak|sokağı|sok\.|sk\.|caddesi|"
    r"cad\.|cd\.|bulvarı|blv\.))[ \t]+(?:(?i:no)[ \t]*[:.]?[ \t]*)?\d{1,5}[a-zA-Z]?\b(?:[ \t]*/[ \t]*\d{1,4}\b)?"
    r"(?:,?[ \t]+(?i:daire|d\.|kat|k\.)[ \t]*[:.]?[ \t]*\d{1,4}\b)?"
)
# India Post: house number ("14/2", "12-5-89"), locality, optional city, a 6-digit PIN and the town after it.
INDIAN_PIN = re.compile(
    r"(?<![\w.,/-])\d{1,4}[A-Za-z]?(?:[/-]\d{1,4}[A-Za-z]?){0,2},?[ \t]*\n?[ \t]*(?:[A-Z][\w'’.-]*[ \t]+){0,3}"
    r"[A-Z][\w'’.-]*,[ \t]*\n?[ \t]*(?:[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,2},?[ \t]+(?:-[ \t]*)?)?"
    r"[1-9]\d{2}[ \t]?\d{3}\b(?:[ \t]+[A-Z][\w'’-]*)?"
)
# After an address cue, a capitalized name and a number (or a number and a name): "Address: Markt 84".
ADDRESS_CUE = (
    r"(?i:address|addr\.?|adresse|dirección|direccion|indirizzo|endereço|anschrift|adres|office|home|residence|"
    r"(?:ship|send|mail|post|deliver|forward|bring)(?:[ \t]+(?:it|this|them|that|everything|the[ \t]+\w+))?[ \t]+to|"
    r"lives?[ \t]+at|living[ \t]+at|located[ \t]+at|moved[ \t]+to|staying[ \t]+at|at[ \t]+reception,|"
    r"moro[ \t]+(?:na|no|em)|vivo[ \t]+(?:en|em|na|no|a|in)|woon[ \t]+(?:op|aan|in)|wohne[ \t]+(?:in|an|am)|"
    r"abito[ \t]+(?:in|a)|j'habite(?:[ \t]+(?:au|à|a))?|j’habite(?:[ \t]+(?:au|à|a))?|mieszkam[ \t]+(?:na|w|przy))"
)
# A capitalized word, or a lower-case street word or particle ("410, rue de Barbe").
_STREET_WORD = (
    r"[A-ZÀ-ÖØ-Þ][\w'’-]*|(?:rue|chemin|boulevard|avenue|allée|impasse|place|quai|cours|route|via|viale|piazza|"
    r"corso|calle|plac|ulica|de|du|des|la|le|del|di|da|van|von|der)\b"
)
# After an address cue: name words then a number ("Ayoubsteeg 98", "plac Bema 668"), or a number then words
# ("410, rue de Barbe", "7 Bethan Courts"); any case, the line (up to a sentence end) is the address.
_NOT_STREET = (  # words that follow a cue in a sentence, never a street's name ("office is 613-…", "home on 0412 …")
    r"(?!(?i:is|are|was|were|be|am|at|on|in|to|by|for|of|from|with|the|a|an|my|our|your|his|her|their|its|and|or|"
    r"now|here|there|still|also|number|phone|tel|near|about|around)\b)"
)
CUED_ADDRESS = re.compile(
    rf"\b{ADDRESS_CUE}\b[:\t ]*\n?[ \t]*(?P<v>(?:{_NOT_STREET}[^\W\d_][\w'’.-]*,?[ \t]+){{1,4}}\d{{1,5}}[a-zA-Z]?\b"
    rf"(?:[ \t]*/[ \t]*\d{{1,4}}\b)?{_UNIT_PART}?|\d{{1,5}}[a-zA-Z]?,?[ \t]+(?:(?:{_STREET_WORD})[ \t]*){{1,4}}"
    rf"(?=[.!?,;\n]|$)(?:{_UNIT_PART})?)"
)
# Street, number (unit), postcode and town, as most of Europe writes it: "Canale Mercedes, 98 Piano 5, 33027, Paularo",
# "Lindenlaan 4, 1234 AB Utrecht", "Polna 7, 12-345 Kraków" (5-digit, Dutch and Polish postcodes).
POSTCODE = r"(?:\d{2}-\d{3}|\d{4}[ \t]?[A-Z]{2}|\d{5})"
STREET_NUMBER_POSTCODE = re.compile(
    rf"(?<![\w.])(?:[A-ZÀ-ÖØ-Þ][\w'’.-]*[ \t]+){{0,3}}[A-ZÀ-ÖØ-Þ][\w'’.-]*,?[ \t]+\d{{1,5}}[a-zA-Z]?"
    rf"(?:[ \t]*/[ \t]*\d{{1,4}})?(?:,?[ \t]+[A-Za-z]+\.?[ \t]+\d{{1,4}})?,?[ \t\n]+{POSTCODE},?[ \t]+"
    rf"[A-ZÀ-ÖØ-Þ][\w'’-]*"
)
# A unit first (UK): "Flat 98A\nWhite Stravenue", "Apartment 4, 12 Oak Close"
UNIT_FIRST = re.compile(
    rf"\b(?:Flat|Apartment|Apt\.?|Unit|Suite|Studio|Level|Floor)[ \t]+[A-Za-z]?\d{{1,5}}[A-Za-z]?,?[ \t\n]+"
    rf"(?:\d{{1,5}}[ \t]+)?"
    rf"(?:{_CAP}[ \t]+){{0,3}}(?:{STREET_SUFFIXES})s?\b"
)
# French order: "410, rue de Barbe", "4 bis avenue Foch"
FR_ORDER = re.compile(
    r"(?<![\w.,-])\d{1,5}(?:[ \t]?(?:bis|ter))?,?[ \t]+(?i:rue|avenue|av\.|boulevard|bd|chemin|impasse|allée|place|"
    r"quai|cours|route|square|passage|rond-point)[ \t]+(?:(?:de|du|des|la|le|l'|d')[ \t]*)*[A-ZÀ-ÖØ-Þ][\w'’-]*"
    r"(?:[ \t]+[A-ZÀ-ÖØ-Þ][\w'’-]*){0,2}"
)
# A street word, name words, and a postcode line: "boulevard Lemonnier\n09878 Saint Bertrand"
STREET_POSTCODE = re.compile(
    rf"(?<![\w.])(?:{_PREFIX_WORDS})[ \t]+(?:[^\W\d_][\w'’.-]*[ \t]*){{1,4}},?[ \t]*\n[ \t]*\d{{2}}[ -]?\d{{3}}"
    r"[ \t]+[A-ZÀ-ÖØ-Þ][\w'’-]*"
)
# USPS military form: "PSC 1234, Box 5678, APO AE 09876", "Unit 4526 Box 0671 DPO AP 40902", "USNS Kai, FPO AA 12345"
MILITARY = re.compile(
    r"(?i:\b(?:(?:psc|cmr|unit)[ \t]+\d{3,5},?[ \t\n]+box[ \t]+\d{1,5}|us[a-z]{1,4}[ \t]+[a-z][\w'-]*)"
    r",?[ \t\n]+(?:apo|fpo|dpo)[ \t]+(?:aa|ae|ap)[ \t]+\d{5}\b)"
)
ADDRESS_PATTERNS: tuple[tuple[str, re.Pattern[str], float], ...] = (
    ("us street", US_SHORT, 0.6),
    ("number name unit", NUMBER_NAME_UNIT, 0.6),
    ("name number unit", NAME_NUMBER_UNIT, 0.5),
    ("european street", EU_PREFIX, 0.5),
    ("european compound street", EU_COMPOUND, 0.5),
    ("name street number", NAME_STREET_NUMBER, 0.5),
    ("address after a cue", CUED_ADDRESS, 0.5),
    ("military", MILITARY, 0.6),
    ("unit first", UNIT_FIRST, 0.6),
    ("french order", FR_ORDER, 0.5),
    ("street and postcode", STREET_POSTCODE, 0.5),
    ("street, number, postcode", STREET_NUMBER_POSTCODE, 0.5),
    ("indian pin", INDIAN_PIN, 0.5),
)


def address_recognizer() -> EntityRecognizer:
    """LOCATION (a street address) from every form above."""
    return RegexRecognizer("LOCATION", "StreetAddressRecognizer", ADDRESS_PATTERNS)
