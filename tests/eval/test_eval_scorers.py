"""Each scorer on a tiny hand-made truth with a known answer: the exact figures of docs/eval.md."""

from __future__ import annotations

from curator.eval import dedup, langid, pii, quality
from curator.eval.align import changed
from curator.eval.common import rule_of
from curator.eval.outcome import Outcome


def active(text: str = "", language: str | None = "en", findings: list | None = None) -> Outcome:
    return Outcome("active", None, language, text, [], findings or [])


def dropped(stage: str, step: str, reason: str, language: str | None = "en") -> Outcome:
    return Outcome("dropped", stage, language, "", [(stage, step, reason)])


A = "Call Ada Byron at 555-201-7788 now."  # PERSON 5:14, PHONE 18:30
C = "Hi\n\t-- Ada Byron"  # PERSON 7:16
PII_TRUTH = [
    {
        "id": "a",
        "text": A,
        "pii": [
            {"type": "PERSON", "value": "Ada Byron", "start": 5, "end": 14},
            {"type": "PHONE_NUMBER", "value": "555-201-7788", "start": 18, "end": 30},
        ],
    },
    {"id": "b", "text": "The quick brown fox jumps.", "pii": []},
    {"id": "c", "text": C, "pii": [{"type": "PERSON", "value": "Ada Byron", "start": 7, "end": 16}]},
    {"id": "d", "text": "Mail x@y.org", "pii": [{"type": "EMAIL_ADDRESS", "value": "x@y.org", "start": 5, "end": 12}]},
]


def test_alignment_counts_removed_and_replaced_original_characters_not_placeholders():
    assert sum(changed("The quick brown fox jumps.", "The quick brown <PERSON> jumps.")) == 3
    assert sum(changed("a, b", "a b")) == 1  # a removed comma counts
    assert sum(changed("ab", "a<X>b")) == 0  # an insertion changes no original character


def test_pii_recall_over_redaction_boundary_and_precision():
    outcomes = {
        "a": active("Call <PERSON> at 555-201-7788 now.", findings=[("PERSON", 5, 14), ("LOCATION", 0, 4)]),
        "b": active("The quick brown <PERSON> jumps.", findings=[("PERSON", 16, 19)]),  # "fox" replaced
        "c": active("Hi\n\t<PERSON>", findings=[("PERSON", 4, 16)]),  # the name, and "-- " before it (bleed)
        "d": dropped("quality", "outliers_v1", "outliers_v1: too_short (12 < 20 chars)"),  # not scored
    }
    m = pii.score(PII_TRUTH, outcomes)
    assert (m["texts"], m["scored"], m["dropped_by_recipe"], m["values"]) == (4, 3, 1, 3)
    assert m["recall"] == round(2 / 3, 4)
    assert m["per_type"] == {
        "PERSON": {"values": 2, "recalled": 2, "recall": 1.0},
        "PHONE_NUMBER": {"values": 1, "recalled": 0, "recall": 0.0},
    }
    assert m["missed"] == [{"id": "a", "type": "PHONE_NUMBER", "value": "555-201-7788"}]
    assert m["over_redaction"] == round(3 / 26, 4)  # "fox" of 26 clean characters
    assert (m["clean_texts"], m["clean_texts_changed"]) == (1, 1)
    # outside the true spans: A has 35 - 21 = 14 characters, C 16 - 9 = 7; only C's "-- " changed
    assert (m["boundary_error_chars"], m["boundary_adjacent_chars"], m["texts_with_boundary_errors"]) == (3, 3, 1)
    assert m["boundary_error_rate"] == round(3 / 21, 4)
    assert m["char_precision"] == round(18 / 24, 4)  # 9 + 9 name characters of 9 + 3 + 12 changed
    # findings overlapping a true span (any type): a's PERSON and c's PERSON; a's LOCATION and b's PERSON are not
    assert m["finding_precision"] == 0.5
    assert m["per_finding_type"]["LOCATION"] == {"findings": 1, "on_truth": 0, "precision": 0.0}
    assert m["per_finding_type"]["PERSON"] == {"findings": 3, "on_truth": 2, "precision": round(2 / 3, 4)}


def test_langid_accuracy_per_language_and_length():
    long_de = "Dies ist ein langer deutscher Text. " * 3
    truth = [
        {"id": "1", "text": "hello there", "lang": "en"},
        {"id": "2", "text": long_de, "lang": "de"},
        {"id": "3", "text": "bonjour", "lang": "fr"},
        {"id": "4", "text": "olá", "lang": "pt"},
    ]
    outcomes = {
        "1": active(language="en"),
        "2": dropped("quality", "x", "x", language="de"),
        "3": active(language="it"),
        "4": dropped("langid", "lid", "low", language=None),
    }
    m = langid.score(truth, outcomes)
    assert m["accuracy"] == 0.5  # a dropped sample's stored language counts too
    assert m["per_language"]["de"] == {"texts": 1, "correct": 1, "accuracy": 1.0}
    assert m["per_language"]["fr"]["accuracy"] == 0.0
    assert m["per_length"] == {
        "< 100 chars": {"texts": 3, "correct": 1, "accuracy": round(1 / 3, 4)},
        ">= 100 chars": {"texts": 1, "correct": 1, "accuracy": 1.0},
    }
    assert m["confusions"] == {"fr -> it": 1, "pt -> none": 1}


def test_quality_clean_drop_and_junk_catch_per_rule():
    truth = [
        {"id": "c1", "text": "x", "class": "clean"},
        {"id": "c2", "text": "x", "class": "clean"},
        {"id": "j1", "text": "x", "class": "junk", "junk_kind": "symbol_noise"},
        {"id": "j2", "text": "x", "class": "junk", "junk_kind": "keyboard_mash"},
        {"id": "j3", "text": "x", "class": "junk", "junk_kind": "keyboard_mash"},
    ]
    outcomes = {
        "c1": active(),
        "c2": dropped("quality", "outliers_v1", "outliers_v1: too_short (17 < 20 chars)"),
        "j1": dropped("quality", "gopher_quality_v1", "gopher_quality_v1: gopher_below_alpha_threshold"),
        "j2": active(),
        "j3": dropped("dedup", "exact_dup_v1", "exact duplicate of s1"),  # a dedup drop is no catch
    }
    m = quality.score(truth, outcomes)
    assert (m["clean_drop_rate"], m["junk_catch_rate"]) == (0.5, round(1 / 3, 4))
    assert m["per_junk_kind"]["keyboard_mash"] == {"texts": 2, "caught": 0, "catch_rate": 0.0}
    assert m["per_rule"] == {
        "gopher_quality_v1: gopher_below_alpha_threshold": {"clean_dropped": 0, "junk_caught": 1},
        "outliers_v1: too_short": {"clean_dropped": 1, "junk_caught": 0},
    }


def test_rule_names_drop_numbers_and_language_codes():
    assert rule_of("fasttext_langid_v1", "fasttext_langid_v1: language score 0.16 < 0.4") == (
        "fasttext_langid_v1: language score"
    )
    assert rule_of("fasttext_langid_v1", "fasttext_langid_v1: language tr not kept (en, de)") == (
        "fasttext_langid_v1: language not kept"
    )
    assert rule_of("learned_quality_v1", "learned_quality_v1: p(drop)=0.91 ≥ 0.80 (filter tickets)") == (
        "learned_quality_v1: p_drop"
    )


def test_dedup_pair_recall_and_precision():
    truth = [{"id": i, "text": "x", "dup_of": None} for i in ("a1", "a2", "a3", "a4", "s1", "s2")]
    truth += [
        {"id": f"b{n}", "text": "x", "dup_of": f"a{n}", "edit": "exact" if n < 3 else "punct_case"}
        for n in (1, 2, 3, 4)
    ]
    q = ("quality", "outliers_v1", "outliers_v1: too_short")
    outcomes = {
        "a1": active(),
        "b1": dropped("dedup", "exact_dup_v1", "dup"),  # caught
        "a2": active(),
        "b2": active(),  # missed
        "a3": dropped(*q),
        "b3": dropped(*q),  # both dropped by quality: not counted
        "a4": dropped(*q),
        "b4": dropped("dedup", "minhash_dup_v1", "dup"),  # none left active
        "s1": dropped("dedup", "minhash_dup_v1", "dup"),
        "s2": active(),  # a false drop
    }
    m = dedup.score(truth, outcomes)
    assert (m["pairs"], m["pairs_counted"], m["pairs_not_counted"], m["pairs_caught"]) == (4, 3, 1, 1)
    assert m["recall"] == round(1 / 3, 4)
    assert m["per_edit"] == {
        "exact": {"pairs": 2, "caught": 1, "recall": 0.5},
        "punct_case": {"pairs": 1, "caught": 0, "recall": 0.0},
    }
    assert (m["dropped_by_dedup"], m["dropped_in_true_pairs"], m["precision"]) == (3, 2, round(2 / 3, 4))


def test_every_figure_is_given_per_kind_as_well_as_overall():
    from curator.eval.kinds import per_kind

    truth = [
        {"id": "p1", "text": "x", "class": "clean", "kind": "prose"},
        {"id": "p2", "text": "x", "class": "junk", "junk_kind": "symbol_noise", "kind": "prose"},
        {"id": "t1", "text": "x", "class": "clean", "kind": "technical"},
        {"id": "t2", "text": "x", "class": "clean", "kind": "technical"},
        {"id": "u1", "text": "x", "class": "clean"},
    ]
    outcomes = {
        "p1": active(),
        "p2": dropped("quality", "outliers_v1", "outliers_v1: mostly_non_letters"),
        "t1": dropped("langid", "fasttext_langid_v1", "fasttext_langid_v1: language score 0.16 < 0.4"),
        "t2": active(),
        "u1": active(),
    }
    split = per_kind(quality.score, truth, outcomes)
    assert list(split) == ["prose", "technical", "unspecified"]  # a record without kind is not dropped silently
    assert (split["prose"]["clean_drop_rate"], split["prose"]["junk_catch_rate"]) == (0.0, 1.0)
    assert (split["technical"]["clean_drop_rate"], split["technical"]["junk_catch_rate"]) == (0.5, None)
    assert split["technical"]["per_rule"] == {
        "fasttext_langid_v1: language score": {"clean_dropped": 1, "junk_caught": 0}
    }
    assert split["unspecified"]["clean_texts"] == 1
    assert quality.score(truth, outcomes)["clean_drop_rate"] == 0.25  # overall unchanged
    assert per_kind(quality.score, [{**r, "kind": None} for r in truth], outcomes) == {}  # an old file: no split


def test_per_kind_pii_figures_keep_the_values_out():
    from curator.eval.kinds import per_kind

    truth = [{**PII_TRUTH[0], "kind": "conversational"}, {**PII_TRUTH[1], "kind": "prose"}]
    outcomes = {"a": active("Call Ada Byron at <PHONE> now."), "b": active("The quick brown fox jumps.")}
    split = per_kind(pii.score, truth, outcomes)
    assert split["conversational"]["per_type"]["PERSON"] == {"values": 1, "recalled": 0, "recall": 0.0}
    assert split["conversational"]["recall"] == 0.5 and split["prose"]["over_redaction"] == 0.0
    assert all("missed" not in figures for figures in split.values())
    missed = pii.score(truth, outcomes)["missed"]  # overall, printed only on request, names the kind
    assert missed == [{"id": "a", "type": "PERSON", "value": "Ada Byron", "kind": "conversational"}]
