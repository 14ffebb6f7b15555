"""One test per class of failure of issue 14, on made-up examples: each failed on the scrubber before the change.

The scrubbed text must keep everything outside the entity byte for byte (exact boundaries), and the value must be
gone. Examples are ours, not the evaluation set's.
"""

from __future__ import annotations

import pytest

from curator.errors import CuratorError
from curator.stages.pii.scrubber import PiiScrubber


def _scrubbed(scrubber: PiiScrubber, text: str) -> str:
    return scrubber.scrub(text).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Send it to 4821 Maple Ridge Suite 210 please.", "Send it to <LOCATION> please."),
        ("Write to ul. Zamkowa 33, Kraków.", "Write to <LOCATION>, Kraków."),
        ("She lives at Rue Dielhère 130 now.", "She lives at <LOCATION> now."),
        ("Address: Markt 84 Apt. 597", "Address: <LOCATION>"),
        ("unit 4526 box 0671 dpo ap 40902", "<LOCATION>"),
        ("Office: 410, rue de Barbe", "Office: <LOCATION>"),
        ("Ship it to Hauptstraße 5 today.", "Ship it to <LOCATION> today."),
        ("Flat 98A\nWhite Crescent is where I stay.", "<LOCATION> is where I stay."),
        ("Write to Lindenlaan 4, 1234 AB Utrecht.", "Write to <LOCATION>."),  # street, number, postcode, town
        ("Polna 7, 12-345 Kraków", "<LOCATION>"),
    ],
)
def test_short_and_european_street_addresses(scrubber: PiiScrubber, text: str, expected: str) -> None:
    assert _scrubbed(scrubber, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call me at (275) 123-4567 tonight.", "Call me at <PHONE_NUMBER> tonight."),  # not a valid NANP number
        ("Dial 001-555-201-7788 from abroad.", "Dial <PHONE_NUMBER> from abroad."),
        ("Reach 555.201.7788x12 today", "Reach <PHONE_NUMBER> today"),
        ("Ext x4412 please", "Ext <PHONE_NUMBER> please"),
        ("Mobile: 737 219 628", "Mobile: <PHONE_NUMBER>"),
        ("Phone:\n9469 9966", "Phone:\n<PHONE_NUMBER>"),
        ("Tel 21 284 698 2548", "Tel <PHONE_NUMBER>"),
        ("Call (72) 754-186 now", "Call <PHONE_NUMBER> now"),
    ],
)
def test_phone_shaped_numbers_after_a_cue_or_in_a_phone_layout(scrubber: PiiScrubber, text: str, expected: str) -> None:
    assert _scrubbed(scrubber, text) == expected


@pytest.mark.parametrize("number", ["213100000000001", "500000000009", "621234567890123457", "6011 0009 9013 9424"])
def test_luhn_valid_cards_of_any_brand_and_length(scrubber: PiiScrubber, number: str) -> None:
    assert _scrubbed(scrubber, f"Card {number} was charged.") == "Card <CREDIT_CARD> was charged."


def test_a_luhn_invalid_long_number_is_not_a_card(scrubber: PiiScrubber) -> None:
    assert _scrubbed(scrubber, "Build 213100000000000 passed.") == "Build 213100000000000 passed."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\t-- Ada Byron", "\t-- <PERSON>"),  # the dash and the tab stay
        ("Send it to Maria Lopez.", "Send it to <PERSON>."),  # the verb before the name stays
        ("J. R. Hartley wrote a book.", "<PERSON> wrote a book."),  # initials inside the span
        ("Dear Mr. Thompson, thanks.", "Dear <PERSON>, thanks."),  # the title inside, the greeting outside
        ("Call me (+48 698 063 179) today.", "Call me (<PHONE_NUMBER>) today."),  # enclosing parentheses stay
        ("Ship it to 880 John Street please.", "Ship it to <LOCATION> please."),
        ("I live at 691 Nguyen Oval.", "I live at <LOCATION>."),  # the sentence's dot stays
        ("Send to 12 Oak St. now", "Send to <LOCATION> now"),  # an abbreviation's dot is the address's
    ],
)
def test_span_boundaries_are_exact(scrubber: PiiScrubber, text: str, expected: str) -> None:
    assert _scrubbed(scrubber, text) == expected


def test_tidy_shrinks_a_finding_to_its_entity() -> None:
    from curator.stages.pii.replace import tidy

    text = "by Eileen Lawrence\nDocBook tools (+358) 422796259) end"
    person = tidy(text, {"entity_type": "PERSON", "start": 3, "end": 26, "score": 0.85, "recognizer": "x"})
    assert person is not None and text[person["start"] : person["end"]] == "Eileen Lawrence"
    start = text.index("(+358")
    phone = tidy(text, {"entity_type": "PHONE_NUMBER", "start": start, "end": start + 17, "score": 1, "recognizer": ""})
    assert phone is not None and text[phone["start"] : phone["end"]] == "(+358) 422796259"


def test_a_lower_case_word_after_a_greeting_needs_a_name_shape(scrubber: PiiScrubber) -> None:
    for text in ("Hi all, the build is green.", "Thanks again for the patch.", "Contact support at the desk."):
        assert _scrubbed(scrubber, text) == text


@pytest.mark.parametrize(
    "text",
    [
        "The Turing machine is a model of computation.",
        "The Mars Rover landed in a crater.",
        "I write Java and Python on Linux.",
        "Angus cattle graze here.",
        "Bindings for Python, Perl, Ruby and Tcl.",  # a list, but not of names
        "Supports apples, green pears and ripe bananas.",
        "Windows 10, 2004 Update is out.",
    ],
)
def test_capitalized_common_phrases_are_not_names(scrubber: PiiScrubber, text: str) -> None:
    assert _scrubbed(scrubber, text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They had 4: Efimiya, Ariana, Isabel and Jodi", "They had 4: <PERSON>, <PERSON>, <PERSON> and <PERSON>"),
        ("Name:    Nayla Montero", "Name:    <PERSON>"),
        ("my name is jodi walker", "my name is <PERSON>"),
        ("songwriter Zoe Young sang.", "songwriter <PERSON> sang."),
        ("Thanks,\nBartek Antoń", "Thanks,\n<PERSON>"),
        ("My neighbour Calixta Montalbán waters the plants.", "My neighbour <PERSON> waters the plants."),
        ("Dear kate pratt,\nthe parcel left.", "Dear <PERSON>,\nthe parcel left."),  # lower case after a greeting
        ("It works.\n\t-- douglas salazar", "It works.\n\t-- <PERSON>"),
        ("D. A. Sondej wrote: the build is fine", "<PERSON> wrote: the build is fine"),  # a reply header
        ("They had 3: L. K. Buczma, Dr. Adam and Lauren Price.", "They had 3: <PERSON>, <PERSON> and <PERSON>."),
        ("employee María Paredes, badge 4", "employee <PERSON>, badge 4"),  # accents folded for the lexicon
        ("Ship to:\nCrawford\n600 Young Court", "Ship to:\n<PERSON>\n<LOCATION>"),  # the name line of a postal block
        ("Contact J. T. Majak at jt@example.org", "Contact <PERSON> at <EMAIL_ADDRESS>"),  # weak cue + e-mail
        ("A. Ł. Gonsior wrote: fine", "<PERSON> wrote: fine"),  # a Latin capital initial
        ("Team: L. K. Buczma, Ramirez and Ada Gumprich.", "Team: <PERSON>, <PERSON> and <PERSON>."),
        ("Team: Anneli Uotila, dominic graham and M. R. Caffarelli.", "Team: <PERSON>, <PERSON> and <PERSON>."),
    ],
)
def test_names_in_lists_after_cues_lowercase_and_non_english(scrubber: PiiScrubber, text: str, expected: str) -> None:
    assert _scrubbed(scrubber, text) == expected


def test_names_policy_private_keeps_a_quote_attribution_and_scrubs_private_roles() -> None:
    private = PiiScrubber(names="private")
    quote = '"Premature optimization is the root of all evil." -- Donald Knuth'
    assert private.scrub(quote).text == quote  # a public mention
    assert private.scrub("Dear Ada Byron, your order shipped.").text == "Dear <PERSON>, your order shipped."
    assert private.scrub("Ada Byron, ada@example.org").text == "<PERSON>, <EMAIL_ADDRESS>"  # next to an e-mail
    assert PiiScrubber(names="all").scrub(quote).text.endswith("-- <PERSON>")
    assert private.params()["names"] == "private"


def test_unknown_names_policy_is_a_one_line_error() -> None:
    with pytest.raises(CuratorError, match=r"pii: names 'some': use all or private"):
        PiiScrubber(names="some")
