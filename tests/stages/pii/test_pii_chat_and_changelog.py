"""Issue 14, conversational and technical texts: names, addresses, phones and IPs in the forms chats and changelogs
carry them (speaker labels, greetings and introductions in several languages, changelog trailers and credits,
Hungarian street order, phones in parentheses on a contact line, IPv6 before a port). Each case is replaced, its
neighbours kept (exact boundaries), and ordinary text with the same shapes is left alone."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Alicia: Bonjour, comment ça va ?", "<PERSON>: Bonjour, comment ça va ?"),  # a chat speaker (lexicon)
        ("Nath Reynaud: who was the first king?", "<PERSON>: who was the first king?"),
        ("[Thierry] Salut, comment ça va ?", "[<PERSON>] Salut, comment ça va ?"),
        ("[ Lynn de Vrome ]\nWhen resizing, keep the ratio.", "[ <PERSON> ]\nWhen resizing, keep the ratio."),
        ("Salut Melissa Correia ! Quoi de neuf ?", "Salut <PERSON> ! Quoi de neuf ?"),
        ("Hoi lydia howe, hoe gaat het?", "Hoi <PERSON>, hoe gaat het?"),  # lower case, addressed
        ("Ik heet Sienna. Hoi iedereen!", "Ik heet <PERSON>. Hoi iedereen!"),
        ("O meu nome é Ruthild Nohlmans. Tudo bem?", "O meu nome é <PERSON>. Tudo bem?"),
        ("Indy Adryaens here. Hé, jij daar!", "<PERSON> here. Hé, jij daar!"),
        ("Sten de Vries here. Make sure it works.", "<PERSON> here. Make sure it works."),  # a particle inside
        ("I'm Kovács Attilané Gál Erzsébet.", "I'm <PERSON>."),  # a self-introduction of 2-4 title-case words
        ("Ik ben ook goed.\n- Josephine", "Ik ben ook goed.\n- <PERSON>"),  # a last line
        ("Qui es-tu ? ask for Danielle at reception, merci.", "Qui es-tu ? ask for <PERSON> at reception, merci."),
        ("Fix the build.\nassigned to Khatri", "Fix the build.\nassigned to <PERSON>"),
        ("Reported-by: kamila grygo <kg@example.org>", "Reported-by: <PERSON> <<EMAIL_ADDRESS>>"),
        ("Fix FTBFS.\nThanks to Kuusela for the patch.", "Fix FTBFS.\nThanks to <PERSON> for the patch."),
        ("Closes: #1006941. Tested by ticen türk.", "Closes: #1006941. Tested by <PERSON>."),
    ],
)
def test_chat_and_changelog_names(scrubber, text: str, expected: str) -> None:
    assert scrubber.scrub_many([text])[0].text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ask for Chakradev at reception, Nagykanizsai utca 186.", "ask for <PERSON> at reception, <LOCATION>."),
        ("O que acha? Moro na Trevo Fogaça, 71.", "O que acha? Moro na <LOCATION>."),
        ("Vivo en Calle Mayor 5, gracias.", "Vivo en <LOCATION>, gracias."),
        ("at reception, Studio 56y\nChristine Extensions", "at reception, <LOCATION>"),  # a UK unit first
        ("address (Level 2 5 Hobbs Tollway\nSouth Elijah)", "address (<LOCATION>\nSouth Elijah)"),  # AS 4819 type
        ("Contact: Rodrigo Matos Zapata (9548 5398)", "Contact: <PERSON> (<PHONE_NUMBER>)"),
        ("Contact: B. H. Aumann ((00439) 44498)", "Contact: <PERSON> (<PHONE_NUMBER>)"),
        ("Customer callback: 370301764", "Customer callback: <PHONE_NUMBER>"),
        ("connect to 8242:e6eb:6105:1765:b2ea:776e:a792:891b:5432 failed", "connect to <IP_ADDRESS>:5432 failed"),
    ],
)
def test_chat_and_changelog_addresses_phones_and_ips(scrubber, text: str, expected: str) -> None:
    assert scrubber.scrub_many([text])[0].text == expected


@pytest.mark.parametrize(
    "text",
    [
        "Closes: #1029114\nChanges: rebuild against the new libc.",  # changelog labels are no speakers
        "Fix FTBFS: export the build flags.",
        "The years (2019 2020) were long.",  # a parenthesized number without a contact cue
        "Thanks to the new API, the cache is faster.",
        "Hoi hoi! Hoe kan ik helpen?",
        "Level 3 of the build works; the studio 5 album.",
        "This is Debian GNU/Linux. I am Very Happy with it.",
    ],
)
def test_the_same_shapes_in_ordinary_text_are_left_alone(scrubber, text: str) -> None:
    assert scrubber.scrub_many([text])[0].text == text
