"""hybrid_langid_v2 and v3 (issue 15; v3 is the default recipe's language ID): where fastText is unsure, the kept
languages are weighed (v2: lingua over them; v3: word frequencies, lingua on close calls only when asked); a text
fastText clearly sees in another language is still that language (dropped); a short unsure text is kept with a
flag decision and its reason, also through `curator run` with the default recipe."""

from __future__ import annotations

import json

import pytest
import yaml
from datatrove.data import Document

from curator.catalog import connect
from curator.engine.recipe import DEFAULT_RECIPE
from curator.errors import BadInput
from curator.stages.langid import lexicon
from curator.stages.langid.hybrid_langid import FLAG
from curator.stages.langid.kept_langid import KeptLangId
from curator.stages.langid.lexicon_langid import LexiconLangId

KEEP = ["en", "de", "fr", "es", "it", "nl", "pt"]
SHORT_EN = ["Build-depend on libzstd-dev.", "Install pkgconfig file"]  # Debian changelog items; v1 dropped both
POLISH = ["Dziękuję bardzo za pomoc", "Dzisiaj rano poszedłem do sklepu, żeby kupić chleb i mleko dla całej rodziny."]
OTHER = ["Tack så mycket för hjälpen!", "Большое спасибо за помощь", "Çok teşekkür ederim, yardımın için"]


def docs(*texts: str) -> list[Document]:
    return [Document(text=t, id=str(i)) for i, t in enumerate(texts)]


@pytest.fixture(scope="module")
def step() -> KeptLangId:
    step = KeptLangId(keep=KEEP, min_score=0.4)
    step.warm_up()
    return step


@pytest.fixture(scope="module")
def v3() -> LexiconLangId:
    step = LexiconLangId(keep=KEEP, min_score=0.4)
    step.warm_up()
    return step


def test_the_default_recipe_uses_v4():  # v3's successor (tests/stages/test_langid_v4.py)
    stages = yaml.safe_load(DEFAULT_RECIPE.read_text())["stages"]
    assert stages[0]["steps"][0]["step"] == "hybrid_langid_v4"


def test_short_english_lines_are_english_and_flagged_not_dropped(step):
    batch = docs(*SHORT_EN)
    assert step.filter_batch(batch) == [True, True]
    for doc in batch:
        assert doc.metadata["language"] == "en"
        reason = doc.metadata[FLAG]
        assert reason.startswith(f"hybrid_langid_v2: short text ({len(doc.text)} chars), language unsure: en ")
        assert reason.endswith("< 0.4 (fastText+lingua over kept languages); kept, not dropped as unknown")


def test_other_languages_are_still_recognized_as_other(step):
    batch = docs(*POLISH, *OTHER)
    verdicts = step.filter_batch(batch)
    assert [d.metadata["language"] for d in batch] == ["pl", "pl", "sv", "ru", "tr"]
    for doc, verdict in zip(batch, verdicts, strict=True):
        lang = doc.metadata["language"]
        assert verdict == (False, f"hybrid_langid_v2: language {lang} not kept (en, de, fr, es, it, nl, pt)")


def test_lingua_runs_only_where_fasttext_is_unsure(step):
    clear = "My parcel never arrived and the tracking page has not changed for a week, so I am asking for a refund."
    got = step.predict_docs([clear, "Hallo zusammen", SHORT_EN[0]])
    assert got[0] == ("en", pytest.approx(got[0][1]), "fastText") and got[0][1] >= 0.7
    assert got[2][0] == "en" and got[2][2] == "fastText+lingua over kept languages"


def test_fasttext_alone_dropped_these_lines(step):
    from curator.stages.langid.fasttext_langid import FastTextLangId

    old = FastTextLangId(keep=KEEP, min_score=0.4)  # the old default recipe's step
    for verdict in old.filter_batch(docs(*SHORT_EN)):
        assert verdict[0] is False and verdict[1].startswith("fasttext_langid_v1: language score ")
    lang, _, how = KeptLangId().predict_docs([SHORT_EN[0]])[0]
    assert how == "fastText"  # without a keep list there is nothing to choose among: fastText alone


def test_unsure_drop_and_a_long_unsure_text_are_dropped(step):
    strict = KeptLangId(keep=KEEP, min_score=0.4, unsure="drop")
    ok, reason = strict.filter_batch(docs(SHORT_EN[0]))[0]
    assert not ok and reason.startswith("hybrid_langid_v2: language score ") and reason.endswith("< 0.4")
    with pytest.raises(BadInput, match=r"hybrid_langid_v2: unsure must be 'flag' or 'drop', not 'maybe'"):
        KeptLangId(unsure="maybe")


def test_default_recipe_keeps_short_english_flags_unsure_drops_polish(cli, ws, tmp_path):
    doc = yaml.safe_load(DEFAULT_RECIPE.read_text())
    doc["stages"] = [s for s in doc["stages"] if s["stage"] == "langid"]
    recipe = tmp_path / "langid.yaml"
    recipe.write_text(yaml.safe_dump(doc, sort_keys=False))
    rows = [{"id": f"en{i}", "text": t} for i, t in enumerate(SHORT_EN)] + [{"id": "pl", "text": POLISH[1]}]
    rows.append({"id": "cve", "text": "CVE-2023-25433"})
    src = tmp_path / "t.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    cli("ingest", str(src), "--source", "t")
    cli("run", str(recipe))
    with connect(ws, read_only=True) as con:
        got = con.execute(
            "SELECT s.source_key, s.status, s.language, d.decision, d.reason FROM samples s "
            "JOIN decisions d USING (sample_id) WHERE d.stage = 'langid' ORDER BY 1"
        ).fetchall()
    by = {key: rest for key, *rest in got}
    for key in ("en0", "en1"):  # fastText alone dropped both as "language score < 0.4"
        assert by[key][:3] == ["active", "en", "keep"], by[key]
    status, _, decision, reason = by["cve"]
    assert (status, decision) == ("active", "flag")
    assert (
        reason.startswith("hybrid_langid_v4: short text (14 chars), language unsure") and "kept, not dropped" in reason
    )
    assert by["pl"] == ["dropped", "pl", "drop", "hybrid_langid_v4: language pl not kept (en, de, fr, es, it, nl, pt)"]


# v2 (lingua over the kept languages) gets these wrong; the word lists know "janelas" is Portuguese, "gracias" Spanish
WORDS_DECIDE = [
    ("Gestor de janelas Virtual Tab Window Manager", "pt"),
    ("Conversor de mail para HTML", "pt"),
    ("Vertel me over relaties.", "nl"),
]


def test_v3_word_frequencies_decide_where_character_models_fail(step, v3):
    texts = [t for t, _ in WORDS_DECIDE]
    assert [lang for lang, _, _ in step.predict_docs(texts)] != [lang for _, lang in WORDS_DECIDE]
    got = v3.predict_docs(texts)
    assert [lang for lang, _, _ in got] == [lang for _, lang in WORDS_DECIDE]
    assert {how for _, _, how in got} == {"fastText+word frequencies over kept languages"}


def test_v3_overrules_fasttexts_other_language_only_when_the_words_are_known(v3):
    batch = docs("I am a die hard fan of Barcelona.", "Document parameter for checkname function", *POLISH, *OTHER)
    verdicts = v3.filter_batch(batch)
    assert [d.metadata["language"] for d in batch] == ["en", "en", "pl", "pl", "sv", "ru", "tr"]
    assert verdicts[:2] == [True, True]
    for doc, verdict in zip(batch[2:], verdicts[2:], strict=True):
        lang = doc.metadata["language"]
        assert verdict == (False, f"hybrid_langid_v3: language {lang} not kept (en, de, fr, es, it, nl, pt)")


def test_v3_flags_short_unsure_lines_with_its_reason(v3):
    batch = docs("CVE-2023-25433")  # no word a list knows, fastText unsure: kept, flagged
    assert v3.filter_batch(batch) == [True]
    reason = batch[0].metadata[FLAG]
    assert reason.startswith("hybrid_langid_v3: short text (14 chars), language unsure: ")
    assert reason.endswith("(fastText+word frequencies over kept languages); kept, not dropped as unknown")


def test_v3_loads_lingua_only_when_asked(v3):
    from curator.stages.langid import lingua_model

    assert v3.lingua_margin == 0.0 and lingua_model.kept_confidences(tuple(KEEP), []) == []
    close = LexiconLangId(keep=KEEP, min_score=0.4, lingua_margin=1.0)  # every unsure text is a close call
    got = close.predict_docs(["Conversor de mail para HTML"])
    assert got[0][0] == "pt" and got[0][2] == "fastText+lingua+word frequencies over kept languages"


def test_word_lists_score_and_know_words():
    prob, known, n = lexicon.judge("Gestor de janelas", ["es", "pt"])
    assert n == 3 and prob["pt"] > 0.9 and known == {"es": pytest.approx(2 / 3), "pt": 1.0}
    assert lexicon.judge("1984", KEEP)[2] == 0
