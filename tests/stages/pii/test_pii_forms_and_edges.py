"""Issue 14, address and phone forms and edges.

- An address cue never makes the word between it and a phone number a street name ("my office is 613-420-8871":
  a false address "is 613" merged with the phone and ate "is").
- Turkish street forms with "No:" (postal convention: "Atatürk Cad. No: 15 Daire 3").
- Indian addresses ending in a 6-digit PIN ("14/2 Nehru Nagar, Pune 411001"; India Post's PIN format).
- A bare digit run paired with an e-mail by "or" ("…@aho.fi or 37839440259").
- Nordic national phone layouts without a cue: "070-123 45 67" (Sweden), "32 12 34 56" (Denmark, Norway); the
  examples of python-phonenumbers' metadata for SE/DK/NO were the only national layouts of the common European and
  American regions the scrubber missed without a cue.

Each case is replaced with its neighbours kept, and ordinary text of the same shapes is left alone."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a function word between an address cue and a phone is not a street name (no bleed into the phone span)
        ("You can reach our office at 613.420.8871x52 today.", "You can reach our office at <PHONE_NUMBER> today."),
        ("my office is 613-420-8871 now", "my office is <PHONE_NUMBER> now"),
        ("Call me at home on 0412 345 678 tonight.", "Call me at home on <PHONE_NUMBER> tonight."),
        ("my address is 4/17 Ocean Parade, Coogee", "my address is <LOCATION>, Coogee"),
        # Turkish: street word, then "No:" and the number (and a flat: "Daire 3")
        ("I live at Atatürk Cad. No: 15 Daire 3, Kadıköy", "I live at <LOCATION>, Kadıköy"),
        ("Adresim Bağdat Caddesi No:120, 34728 Kadıköy", "Adresim <LOCATION>, 34728 Kadıköy"),
        ("Gül Sokak No. 4 daire 2 pls", "<LOCATION> pls"),
        # Indian: house number (with "/" or "-"), locality, [city,] 6-digit PIN
        ("I live at 14/2 Nehru Nagar, Pune 411001", "I live at <LOCATION>"),
        ("I live at 66/64\nChauhan Ganj, 743085 Chandrapur", "I live at <LOCATION>"),
        ("send it to 12-5-89 Tarnaka, Hyderabad 500017 pls", "send it to <LOCATION> pls"),
    ],
)
def test_address_forms_and_edges(scrubber, text: str, expected: str) -> None:
    assert scrubber.scrub_many([text])[0].text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Contact Ana at ana.b@aho.fi or 37839440259.", "Contact <PERSON> at <EMAIL_ADDRESS> or <PHONE_NUMBER>."),
        ("reach me: 78394402591 or jo@mail.nl", "reach me: <PHONE_NUMBER> or <EMAIL_ADDRESS>"),
        ("write to ops@host.io / 99182736450 (desk)", "write to <EMAIL_ADDRESS> / <PHONE_NUMBER> (desk)"),
        # a short number after the pair is not a phone (6-15 digits)
        ("Mail lists@debian.org or 2 maintainers miss it.", "Mail <EMAIL_ADDRESS> or 2 maintainers miss it."),
    ],
)
def test_digit_run_paired_with_an_email(scrubber, text: str, expected: str) -> None:
    assert scrubber.scrub_many([text])[0].text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Fix the crash (reported by Dana Whitfield, 070-123 45 67).",
            "Fix the crash (reported by <PERSON>, <PHONE_NUMBER>).",
        ),
        (
            "Escalated to the on-call engineer at 32 12 34 56 after the outage.",
            "Escalated to the on-call engineer at <PHONE_NUMBER> after the outage.",
        ),
        ("Vagthavende i dag: Mette Lund, 21 23 45 67.", "Vagthavende i dag: <PERSON>, <PHONE_NUMBER>."),
    ],
)
def test_nordic_phone_layouts(scrubber, text: str, expected: str) -> None:
    assert scrubber.scrub_many([text])[0].text == expected


@pytest.mark.parametrize(
    "text",
    [
        "The office is 300 metres from the station, on the left.",
        "Version 2.4, Build 123456 fixed the crash.",
        "Room 12, Level 3, 250 people attended the talk.",
        "No: 15 entries were found in the log.",
        "Scores were 12 15 18 20 in the four rounds.",
        "dump: 0c 91 93 06 79 a3 ff",
    ],
)
def test_same_shapes_in_ordinary_text_are_kept(scrubber, text: str) -> None:
    assert scrubber.scrub_many([text])[0].text == text
