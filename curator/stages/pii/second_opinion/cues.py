"""Second opinion, the word lists of person names: titles, particles and cues in eight languages (our own lists).

English, German, French, Spanish, Italian, Dutch, Polish and Portuguese. Nothing here comes from the scrubber's
lists (curator/stages/pii/name_lexicon.py, name_cues.py) or from Faker.
"""

from __future__ import annotations

UP = "A-ZÀ-ÖØ-ÞĀ-ŽȘȚА-ЯЁ"
LO = "a-zß-öø-ÿĀ-ɏа-яё"
# A capitalized word with lower-case letters after its capital ("Ada", "O'Brien", "Jean-Luc"; not "GNOME").
CAP = rf"[{UP}](?:[{LO}]+|(?=['’]))(?:['’-][{UP}{LO}]+)*"
LOW = r"[^\W\d_]+(?:['’-][^\W\d_]+)*"  # any word
INITIAL = rf"[{UP}]\."


def words(spaced: str) -> frozenset[str]:
    """The words of a space-separated list."""
    return frozenset(spaced.split())


TITLES = (
    r"mr|mrs|ms|mx|miss|dr|dra|prof|sir|dame|rev|herr|frau|hr|fr|mme|mlle|sr|sra|srta|sig|sig\.ra|dott|dott\.ssa|"
    r"avv|ing|dhr|mevr|pan|pani|señor|señora|signor|signora|monsieur|madame|doktor|mevrouw|meneer|senhor|senhora"
)
PARTICLES = r"de|da|do|dos|das|del|della|di|du|des|van|von|der|den|ten|ter|le|la|el|al|bin|ben|zu|af|y|e"

# Cues after which the next one to three words are a name, whatever their case ("my name is ada byron").
STRONG = (
    r"my name is|my name's|(?:full |first |last |sur)?name\s*:|contact\s*:|customer\s*:|signed\s*:|from\s*:|"
    r"je m'appelle|je m’appelle|mon nom est|nom\s*:|ich heiße|ich heisse|mein name ist|name ist|"
    r"me llamo|mi nombre es|nombre\s*:|mi chiamo|il mio nome è|nome\s*:|mijn naam is|naam\s*:|"
    r"nazywam się|mam na imię|imię i nazwisko\s*:|o meu nome é|meu nome é|chamo-me|i am called|call me|ik heet|"
    r"je suis|me chamo|(?:signed-off|reported|reviewed|acked|tested|co-authored|suggested|requested)-by\s*:|"
    r"on-call\s*:|assignee\s*:|author\s*:|owner\s*:|reporter\s*:|assigned to|reported by|thanks to|patch by|"
    r"tested by|fixed by|written by|ask for|ping|cc\s*:|attn\.?|to\s*:"
)
# Greetings, closings and signatures: capitalized words after them are a name; lower-case ones when the first of
# them is a known first name ("Hi tola pikula,").
GREETINGS = (
    r"best regards|kind regards|warm regards|best wishes|many thanks|thank you|"
    r"dear|hi|hello|hey|thanks|regards|best|cheers|sincerely|yours|love|cc|attn|hallo|liebe|lieber|"
    r"sehr geehrte|sehr geehrter|grüße|gruß|viele grüße|danke|bonjour|salut|cher|chère|merci|cordialement|"
    r"amitiés|hola|estimado|estimada|querido|querida|saludos|gracias|ciao|caro|cara|gentile|grazie|saluti|"
    r"beste|groeten|bedankt|dzień dobry|szanowny|szanowna|pozdrawiam|dziękuję|olá|obrigado|obrigada|"
    r"atenciosamente|hoi"
)
# Weaker cues (a name or a thing may follow): the words after them count only with a known first name.
WEAK = r"by|ask|call|contact|met|i am|i'm|this is|c'est|ich bin|soy|sono|ik ben|jestem|sou|reported by|assigned to"
# People's roles: a capitalized word after one is a name ("my neighbour Walker", "employee Patel").
ROLES = (
    r"neighbou?r|employee|colleague|friend|wife|husband|son|daughter|brother|sister|mother|father|"
    r"boss|manager|landlord|tenant|patient|client|nachbar|nachbarin|voisin|voisine|vecino|vecina|vicino|vicina|"
    r"buurman|buurvrouw|sąsiad|sąsiadka|vizinho|vizinha|kollege|kollegin|collègue|compañero|collega|collega"
)
# Words right after a name that make it one ("Ada Byron wrote:", "Özdil Seven says hi").
AFTER = (
    r"wrote|writes|said|says|asked|replied|schrieb|schreibt|sagt|a écrit|écrit|dit|escribió|escribe|dice|"
    r"ha scritto|scrive|schreef|schrijft|zegt|napisał|napisała|pisze|escreveu|diz|here|hier|ici|aquí|qui|aqui|tutaj"
)
NOT_NAMES = words(
    "the a an and or of in on at for with this that it we you they he she i our my your team support "
    "everyone all there sir madam customer service"
)
