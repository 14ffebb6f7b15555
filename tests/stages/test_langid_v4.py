"""hybrid_langid_v4 (issue 15; the default recipe's and the presets' language ID): v3 with fastText's share among
the kept languages no longer inflated, and fastText's "another language" checked with that language's own word
list. Each case is a real text of data/eval/dev that v3 gets wrong (asserted), with the reason v4 gives."""

from __future__ import annotations

import pytest
import yaml
from datatrove.data import Document

from curator.engine.recipe import DEFAULT_RECIPE, PRESETS_DIR
from curator.stages.langid import lexicon
from curator.stages.langid.hybrid_langid import FLAG
from curator.stages.langid.lexicon_langid import HOW, LexiconLangId
from curator.stages.langid.wordlist_langid import HOW_OTHER_LIST, HOW_OTHERS, WordListLangId
from curator.stages.registry import build, resolve_params

KEEP = ["en", "de", "fr", "es", "it", "nl", "pt"]
NOT_KEPT = "language {} not kept (en, de, fr, es, it, nl, pt)"
POLISH = ["Dziękuję bardzo za pomoc", "Dzisiaj rano poszedłem do sklepu, żeby kupić chleb i mleko dla całej rodziny."]
OTHER = ["Tack så mycket för hjälpen!", "Большое спасибо за помощь", "Çok teşekkür ederim, yardımın için"]


def docs(*texts: str) -> list[Document]:
    return [Document(text=t, id=str(i)) for i, t in enumerate(texts)]


@pytest.fixture(scope="module")
def v3() -> LexiconLangId:
    return LexiconLangId(keep=KEEP, min_score=0.4)


@pytest.fixture(scope="module")
def v4() -> WordListLangId:
    step = WordListLangId(keep=KEEP, min_score=0.4)
    step.warm_up()
    return step


def test_default_recipe_and_presets_use_v4():
    recipes = [DEFAULT_RECIPE, *(PRESETS_DIR / f"{name}.yaml" for name in ("short_text", "technical", "chat"))]
    for path in recipes:
        stages = yaml.safe_load(path.read_text())["stages"]
        assert stages[0]["steps"][0]["step"] == "hybrid_langid_v4", path


def test_kept_share_floor_is_opt_in_because_junk_would_pass(v3, v4):
    text = "Add a --full mode to apt show"  # fastText: tt 0.24, de 0.13, en 0.0004; every word is English
    fast = v4.top_k([text], k=10)[0]
    assert "en" not in fast and fast["de"] < 0.2  # renormalized over the kept languages in its top 10: de ~1.0
    assert v3.predict_docs([text])[0][0] == v4.predict_docs([text])[0][0] == "de"  # default: as v3
    floor = WordListLangId(keep=KEEP, min_score=0.4, kept_mass_floor=0.5)
    assert floor.predict_docs([text])[0][:3:2] == ("en", HOW)
    art = (  # junk of data/eval/dev (q-ascii_art-0055), 118 chars
        "{']}^^\\}\\*<[o>.*}>-{<.\\`(\n"
        ".=*<{^<>~']/|)[|o></~/()\\{\n"
        "}_[_\\'|(>[.^<.(o  {/-'_(\n"
        "/o}+}|- =}^^~<{{>+>`')|\\\\\n"
        "}o^(}.'+-] {'="
    )
    assert len(art) >= 100 and v4.filter_batch(docs(art))[0][0] is False  # v3/v4: a language score under 0.4
    kept = docs(art)
    assert floor.filter_batch(kept) == [True] and kept[0].metadata["language_score"] >= 0.4  # "pt" by its o's


def test_another_language_is_checked_by_its_own_word_list(v3, v4):
    text = "nem tanto"  # Portuguese chat turn; fastText: Hungarian 0.996 (Hungarian has "nem", not "tanto")
    assert v3.filter_batch(docs(text)) == [(False, "hybrid_langid_v3: " + NOT_KEPT.format("hu"))]
    probs, known, _ = lexicon.judge_lists(text, ["pt", "hu"])
    assert known == {"pt": 1.0, "hu": 0.5} and probs["pt"] > 0.9
    batch = docs(text)
    assert v4.filter_batch(batch) == [True]
    assert batch[0].metadata["language"] == "pt" and FLAG not in batch[0].metadata
    assert v4.predict_docs([text])[0][2] == HOW_OTHER_LIST


def test_rival_languages_not_kept_are_weighed_by_their_lists(v3, v4):
    texts = ["Хто твоя мати?", "Чи живий Гал?"]  # Ukrainian chat turns; fastText: Russian 0.75 / 0.49
    assert [lang for lang, _, _ in v3.predict_docs(texts)] == ["ru", "ru"]
    batch = docs(*texts)
    assert v4.filter_batch(batch) == [(False, "hybrid_langid_v4: " + NOT_KEPT.format("uk"))] * 2
    assert [d.metadata["language"] for d in batch] == ["uk", "uk"]
    assert {how for _, _, how in v4.predict_docs(texts)} == {HOW_OTHERS}


def test_other_languages_stay_other_and_short_english_stays_english(v4):
    batch = docs(*POLISH, *OTHER, "Build-depend on libzstd-dev.", "I am a die hard fan of Barcelona.")
    verdicts = v4.filter_batch(batch)
    assert [d.metadata["language"] for d in batch] == ["pl", "pl", "sv", "ru", "tr", "en", "en"]
    for doc, verdict in zip(batch[:5], verdicts[:5], strict=True):
        assert verdict == (False, "hybrid_langid_v4: " + NOT_KEPT.format(doc.metadata["language"]))
    assert verdicts[5:] == [True, True]


def test_registry_builds_v4_with_its_params():
    params = resolve_params("hybrid_langid_v4", {"keep": KEEP, "min_score": 0.4, "kept_mass_floor": 0.3})
    assert params["other_sure"] == 0.99 and params["other_known"] == 0.9  # v3's params and v4's, by name
    step = build("hybrid_langid_v4", params)
    assert isinstance(step, WordListLangId) and step.kept_mass_floor == 0.3 and step.min_score == 0.4
