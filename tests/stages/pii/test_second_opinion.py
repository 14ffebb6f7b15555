"""The PII audit's independent second opinion: what it flags (each construction a case), what it leaves, that it
shows masked previews only, that it shares no code with the scrubber, and that `curator audit pii` reports it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import curator.cli.pii  # noqa: F401  (registers `audit pii`)
from curator.catalog import connect, transaction
from curator.stages.pii.audit import audit
from curator.stages.pii.second_opinion import detect, mask


def _flagged(text: str) -> list[tuple[str, str]]:
    return [(f.entity_type, text[f.start : f.end]) for f in detect(text)]


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("Phone:\n9469 9966", "PHONE_NUMBER", "9469 9966"),  # a phone cue on the line above
        ("Mobile: 737 219 628", "PHONE_NUMBER", "737 219 628"),
        ("call (72) 754-186 now", "PHONE_NUMBER", "(72) 754-186"),
        ("call (0216)-630944.", "PHONE_NUMBER", "(0216)-630944"),
        ("dial 001-555-201-7788 today", "PHONE_NUMBER", "001-555-201-7788"),
        ("or 555.201.7788x12 at night", "PHONE_NUMBER", "555.201.7788x12"),  # dots and an extension
        ("Call me at (275) 123-4567 tonight.", "PHONE_NUMBER", "(275) 123-4567"),  # not a valid NANP number
        ("card 6011 0009 9013 9424 ok", "CREDIT_CARD", "6011 0009 9013 9424"),  # Luhn-valid, grouped
        ("card 213112345678904 ok", "CREDIT_CARD", "213112345678904"),
        ("SSN 123 45 6789.", "US_SSN", "123 45 6789"),
        ("write to ada@lovelace", "EMAIL_ADDRESS", "ada@lovelace"),  # any @ between word characters
        ("host 192.168.10.4 down", "IP_ADDRESS", "192.168.10.4"),
        ("connect to 2001:db8::8a2e:370:7334 failed", "IP_ADDRESS", "2001:db8::8a2e:370:7334"),
        ("IBAN DE89 3704 0044 0532 0130 00 thanks", "IBAN_CODE", "DE89 3704 0044 0532 0130 00"),
    ],
)
def test_machine_shaped_values_are_flagged_by_layout(text: str, kind: str, value: str) -> None:
    assert (kind, value) in _flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "Fixes a crash (Closes: #1029114).",  # a bug number
        "Update to the gdb-10-branch 20210103 snapshot.",  # a YYYYMMDD date
        "Released on 2026-12-01 at 12:30.",
        "version 1.2.3 and 4.5.6",
        "card 1234 5678 9012 3456 is not Luhn-valid, but 16 digits are no phone either",
    ],
)
def test_numbers_that_are_no_personal_data_are_left_alone(text: str) -> None:
    assert _flagged(text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Send it to ul. Zamkowa 33 please", "ul. Zamkowa 33"),
        ("Adresse : Rue Dielhère 130", "Rue Dielhère 130"),
        ("Markt 84 Apt. 597", "Markt 84 Apt. 597"),
        ("Send it to 4821 Maple Ridge Suite 210 please.", "4821 Maple Ridge Suite 210"),
        ("chez 410, rue de Barbe", "410, rue de Barbe"),
        ("Hauptstraße 5, Berlin", "Hauptstraße 5"),
        ("unit 4526 box 0671 dpo ap 40902", "unit 4526 box 0671 dpo ap 40902"),
        ("ask at reception, Nagykanizsai utca 186.", "Nagykanizsai utca 186"),
        ("I live at Canale Mercedes, 98", "Canale Mercedes, 98"),
    ],
)
def test_street_addresses_in_many_languages(text: str, value: str) -> None:
    found = _flagged(text)
    assert any(kind == "STREET_ADDRESS" and value in span for kind, span in found), found


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Name:    Nayla Montero", "Nayla Montero"),
        ("my name is ada byron and I need help", "ada byron"),  # lower case after a strong cue
        ("Je m'appelle Élodie Marchand.", "Élodie Marchand"),
        ("Ich heiße Jürgen Weiß.", "Jürgen Weiß"),
        ("Me llamo Lucía Fernández", "Lucía Fernández"),
        ("Mi chiamo Giampiero", "Giampiero"),
        ("Ik heet Sienna. Hoi iedereen!", "Sienna"),
        ("Hi tola pikula,\nthe build fails", "tola pikula"),  # an unknown lower-case name addressed
        ("Best regards,\nNicuță Aanei\n40450280", "Nicuță Aanei"),
        ("Fix the build\n\t-- amanda jackson", "amanda jackson"),  # a signature line
        (" -- Halme <someone@example.org>", "Halme"),  # a changelog trailer
        ("Alicia: Bonjour, comment ça va ?", "Alicia"),  # a chat speaker
        ("[Chaaya Saha] A game played with", "Chaaya Saha"),
        ("Rose Cherry here. Red meat", "Rose Cherry"),
        ("They had 3: Anneli Uotila, dominic graham and M. R. Caffarell.", "dominic graham"),  # a list
        ("my neighbour Özdil Seven says hi", "Özdil Seven"),
        ("employee Patel, SSN withheld", "Patel"),
        ("Signed-off-by: Nieminen", "Nieminen"),
        ("Thanks to I. A. ter Waarbeek for the patch.", "I. A. ter Waarbeek"),
        ("I spoke with Miss Annette Hall today", "Miss Annette Hall"),
        ("Collins\n82, rue de Laine", "Collins"),  # a name line above an address line
        ("the songwriter Marika Kunc", "Marika Kunc"),  # a nam_dict first name + a capitalized word
        ("(thanks Per Johansson-Andersson <<EMAIL_ADDRESS>>)", "Per Johansson-Andersson"),  # a name before a mail
    ],
)
def test_person_names_after_cues_in_many_languages(text: str, value: str) -> None:
    found = _flagged(text)
    assert ("PERSON", value) in found or any(k == "PERSON" and value in s for k, s in found), found


PARTIAL = "The author is J. R. <PERSON>, see <EMAIL_ADDRESS>."  # initials a scrubber left: its re-scan sees nothing


def test_a_partial_leak_next_to_a_placeholder_is_flagged_but_never_the_placeholder() -> None:
    found = _flagged(PARTIAL)
    assert found == [("PERSON", "J. R.")]
    assert _flagged("Dear <PERSON>, your <PHONE_NUMBER> was removed.") == []


@pytest.mark.parametrize(
    "text",
    [
        "The Turing machine and the Mars Rover are things.",
        "GNU Emacs is an extensible editor written in C and Lisp.",
        "It supports GTK, Qt and Tk front-ends.",
        "This package provides the Python bindings.",
    ],
)
def test_capitalized_things_are_not_names(text: str) -> None:
    assert _flagged(text) == []


def test_previews_are_masked() -> None:
    assert mask("Ada Byron") == "A** B****"
    assert mask("555-201-7788") == "###-###-####"
    assert mask("ada@example.org") == "a**@e******.o**"
    flag = detect("call me at 555-201-7788")[0]
    assert flag.preview == "###-###-####" and "555" not in json.dumps(flag.to_dict())


def test_it_shares_no_code_with_the_scrubber() -> None:
    code = (
        "import sys; from curator.stages.pii.second_opinion import detect; detect('Name: Ada Byron, 555-201-7788'); "
        "bad = [m for m in sys.modules if m.startswith(('presidio', 'phonenumbers', 'names', 'faker')) or m in "
        "('curator.stages.pii.recognizers', 'curator.stages.pii.name_lexicon', 'curator.stages.pii.numbers', "
        "'curator.stages.pii.addresses', 'curator.stages.pii.name_cues', 'curator.stages.pii.scrubber')]; print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


MISSED = "Sten de Vries here. The mirror is down; reach the desk on 37839440259 or write to tola@"


def test_audit_reports_what_the_scrubber_missed_with_type_place_and_masked_preview(ws, scrubber, scrubbed_catalog):
    ids = scrubbed_catalog
    with connect(ws) as con, transaction(con):  # residue a scrubber left (blind spots it had on 2026-12-01)
        con.execute("UPDATE samples SET text = ? WHERE sample_id = ?", [MISSED, ids["t2"]])
    report = audit(ws, "catalog", scrubber)
    second = report["second_opinion"]
    flags = [(f["id"], f["entity_type"], MISSED[f["start"] : f["end"]]) for f in second["items"]]
    assert (ids["t2"], "PERSON", "Sten de Vries") in flags and (ids["t2"], "PHONE_NUMBER", "37839440259") in flags
    assert (ids["t2"], "EMAIL_ADDRESS", "tola@") not in flags  # needs a word character after the @
    assert second["by_type"]["PERSON"] >= 1 and second["with_flags"] >= 1
    saved = (ws.reports_dir / report["report_path"].rsplit("/", 1)[1]).read_text()
    for text in (saved, json.dumps(report)):
        assert "Vries" not in text and "37839440259" not in text  # masked previews, never the value
        assert "S*** d* V****" in text and "###########" in text
    assert report["ok"] is (report["with_pii"] == 0)  # advisory: the exit status stays the scrubber's
    assert audit(ws, "catalog", scrubber, strict=True)["ok"] is False


def test_cli_prints_the_second_opinion_and_strict_fails_on_it(cli, ws, scrubbed_catalog) -> None:
    ids = scrubbed_catalog
    with connect(ws) as con, transaction(con):
        con.execute("UPDATE samples SET text = ? WHERE sample_id = ?", [PARTIAL, ids["t2"]])
    out = cli("audit", "pii", "--target", "catalog", "--json")  # exit 0: the scrubber sees nothing
    second = json.loads(out.output)["second_opinion"]
    assert second["by_type"] == {"PERSON": 1} and second["items"][0]["preview"] == "J. R."
    strict = cli("audit", "pii", "--target", "catalog", "--strict", ok=False)
    assert strict.exit_code == 1 and "second opinion" in strict.output and "PERSON" in strict.output
