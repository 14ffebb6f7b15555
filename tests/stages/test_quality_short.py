"""The v2 quality steps (issue 15) on real short and technical texts: what the v1 rules dropped (with the v1 reason,
so each test fails on the old rules) now passes; every junk kind is still dropped, with the rule that sees it.

Clean examples are Debian package summaries and Debian changelog items (public text installed from the registry;
never the reserved sources), and chat lines of the kind a labeling dataset holds."""

from __future__ import annotations

import pytest
import yaml
from datatrove.data import Document

from curator.engine.recipe import DEFAULT_RECIPE
from curator.stages import registry
from curator.stages.quality.datatrove_filters import C4Quality, FineWebQuality, GopherQuality
from curator.stages.quality.outliers import OutlierRules
from curator.stages.quality.short_rules import blob_share, hashes, is_diff, mash_share
from curator.stages.quality.short_steps import FineWebQualityV2, GopherQualityV2, OutlierRulesV2


def doc(text: str) -> Document:
    return Document(text=text, id="x", metadata={"language": "en"})


def recipe_steps() -> list:
    """The default recipe's quality steps, built with its params."""
    stages = yaml.safe_load(DEFAULT_RECIPE.read_text())["stages"]
    steps = next(s["steps"] for s in stages if s["stage"] == "quality")
    return [registry.build(s["step"], registry.resolve_params(s["step"], s.get("params"))) for s in steps]


def first_drop(text: str) -> str | None:
    for step in recipe_steps():
        verdict = step.judge_batch([doc(text)])[0]
        if verdict is not True:
            return verdict[1]
    return None


# (text, the v1 step and its params in the old default recipe, the reason it dropped the text with)
V1_DROPS = [
    ("ok thanks", OutlierRules(), "outliers_v1: too_short (9 < 20 chars)"),
    ("Add retry flag", GopherQuality(min_doc_words=5), "gopher_quality_v1: gopher_short_doc"),
    ("Fix crash on start, closes #512", GopherQuality(), "gopher_quality_v1: gopher_too_many_hashes"),
    ("## Install\nRun the installer, then restart.", GopherQuality(), "gopher_quality_v1: gopher_too_many_hashes"),
    ("GCC support library (mips64) (n32)", GopherQuality(), "gopher_quality_v1: gopher_below_alpha_threshold"),
    ("Loading the data… please wait", GopherQuality(), "gopher_quality_v1: gopher_too_many_ellipsis"),
    ("Video player with JACK sync", FineWebQuality(), "fineweb_quality_v1: short_line_ratio"),
    ("Use `opts[key]` instead of `{key}` in <config>", OutlierRules(), "outliers_v1: symbol_word_ratio (1.43 > 0.3)"),
    (
        "debian/control\n- Bump python{,3}-urllib3 Builds-Depends and Depends to << 1.26.",
        C4Quality(),
        "c4_quality_v1: curly_bracket",
    ),
]


@pytest.mark.parametrize(("text", "old", "reason"), V1_DROPS, ids=[t[:20] for t, _, _ in V1_DROPS])
def test_v1_dropped_these_clean_texts_the_default_recipe_keeps_them(text, old, reason):
    assert old.filter(doc(text)) == (False, reason)
    assert first_drop(text) is None


CLEAN = [
    "Update Lintian overrides",
    "control: Drop python3-libxml2 from build-depends, it's not used.\n(Closes: #981417)",
    "d/p/pam_env-allow-environment-files-without-EOL-at-EOF.patch:\nAllow /etc/environment files without EOL at EOF.",
    "Rebuild for bookworm-security",
    "New upstream version 2.1.0rc1 (LP: #1953201)",
    "Fixed trailing whitespaces in debian/{changelog,control,rules}",
    "Here's FizzBuzz:\n\n```\nfor (let i = 1; i <= 15; i++) {\n    if (i % 15 === 0) console.log('FizzBuzz');\n}\n```",
    "Here's a closure:\n\n```\ndef outer():\n    count = 0\n    def inner():\n        return count\n"
    "    return inner\n```",
    "Yes",
    "What?  Me worry?",
    "1984",
    "Wait for it…",
]


@pytest.mark.parametrize("text", CLEAN, ids=[t[:20] for t in CLEAN])
def test_short_and_technical_texts_pass_the_default_recipe(text):
    assert first_drop(text) is None


JUNK = [
    ("+------------+\n|  WILDCARD  |\n+------------+", "outliers_v2: mostly_non_letters"),
    ("~_?%>.~<~ ^; <;*;!;#: ^^ ~$^~* ./|//~ @+..^*-\\ *|%^ #%=%<_~>@", "outliers_v2: mostly_non_letters"),
    ("homebanking checking Rogues MSL\n" * 6, "outliers_v2: repeated_words"),
    ("The package was updated to the new upstream release\n" * 2, "fineweb_quality_v2: char_dup_ratio"),
    ("sdfghjksdfghjksdfghjk ghjklghjklghjkl tiyoup 786 73892546", "outliers_v2: keyboard_mash"),
    ("zxcvbn tiyrue hjkl", "outliers_v2: keyboard_mash"),
    (
        "--- a/setup.py\n+++ b/setup.py\n@@ -1,3 +1,3 @@\n-version = '1.0'\n+version = '1.1'\n import os",
        "outliers_v2: pasted_diff",
    ),
    ("-    return x\n+    return y\n-    x = 1\n+    x = 2", "outliers_v2: pasted_diff"),
    (
        "key: " + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3ODk",
        "outliers_v2: encoded_blob",
    ),
    ("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "outliers_v2: encoded_blob"),
    (
        "00000000  69 7e b0 61 b8 bc ff 75 e9 1a f8 52 cd bb 0b c6  |i~.a...u...R....|\n"
        "00000010  29 41 99 d0 60 07 98 40 45 d6 d6 b2 da ef 5a a8  |)A..`..@E.....Z.|",
        "outliers_v2: hex_dump",
    ),
    (
        "#0 0x77c2ad9806de in handler () from /usr/lib/lib0.so\n#1 0x5d5af634b878 in main () from /usr/lib/lib1.so\n"
        "#2 0x965dc67eab1b in _start () from /usr/lib/lib2.so",
        "outliers_v2: address_dump",
    ),
]


@pytest.mark.parametrize(("text", "reason"), JUNK, ids=[r for _, r in JUNK])
def test_junk_is_dropped_by_the_rule_that_sees_it(text, reason):
    got = first_drop(text)
    assert got is not None and got.startswith(reason), got


def test_new_junk_rules_see_what_v1_let_through():
    """Diffs, blobs, backtraces and keyboard mash passed outliers_v1: the new rules are what drops them."""
    for text, reason in [JUNK[i] for i in (4, 5, 7, 8, 11)]:  # the first diff, digest and hex dump v1 dropped too
        assert OutlierRules(min_chars=1, min_words=1).filter(doc(text)) is True, text
        assert OutlierRulesV2().filter(doc(text))[1].startswith(reason)


def test_references_headings_and_code_are_not_symbols():
    assert hashes("closes #512, see owner/repo#12 and LP: #1953201") == 0
    assert hashes("## Install\n### Usage\nbuy #now #deal") == 2  # heading markers no, hashtags yes
    assert OutlierRulesV2().filter(doc("Bump `[tool.ruff]` and `{extras}` in pyproject <3.12>")) is True


def test_rule_helpers_do_not_fire_on_technical_prose():
    assert not is_diff("Changes:\n- add a flag\n- remove the old one\n+ more tests")  # bullets, not a diff
    assert blob_share("Add upstream-0001-doc-improve-GREP_COLORS-doc-Bug-57696.patch") == 0.0
    assert blob_share("Revert 1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b, it broke the build") == 0.0  # 40 hex
    assert mash_share("Add dpkg, HTML and gcc to Build-Depends")[0] < 0.4


def test_length_aware_rules_still_judge_long_texts():
    long_ellipsis = " ".join(["This line trails off..."] * 12)
    assert GopherQualityV2().filter(doc(long_ellipsis)) == (False, "gopher_quality_v2: gopher_too_many_ellipsis")
    lines = "\n".join(["short", "lines", "only", "here"])
    assert FineWebQualityV2().filter(doc(lines)) == (False, "fineweb_quality_v2: short_line_ratio")


def test_v2_steps_are_registered_with_their_version():
    for name in ("outliers_v2", "gopher_quality_v2", "fineweb_quality_v2"):
        assert registry.get_step(name).version == 2


def test_fineweb_v2_without_its_length_rule_is_datatroves_filter():
    """min_lines 0 turns the one change off: on texts without ``` code, v2's verdicts are datatrove's, reason for
    reason (the shipped tickets, generated documents with junk, and the short texts above)."""
    from tests.stages.test_fast_rules import TEXTS, verdicts

    texts = [t for t in TEXTS + CLEAN + [t for t, _ in JUNK] if "```" not in t]
    stock = [
        v if v is True else (v[0], v[1].replace("_v1", "_v2")) for v in verdicts(FineWebQuality(impl="stock"), texts)
    ]
    assert verdicts(FineWebQualityV2(min_lines=0), texts) == stock
    assert sum(v is not True for v in stock) >= 20  # not vacuous: the rules fire
