"""fasttext_langid_v1 on real short texts: language + score in metadata, the reason names the rule."""

from __future__ import annotations

from datatrove.data import Document

from curator.stages.langid.fasttext_langid import FastTextLangId, model_path


def docs(*texts: str) -> list[Document]:
    return [Document(text=t, id=str(i)) for i, t in enumerate(texts)]


def test_model_is_the_local_lid176_file():
    assert model_path().name == "lid.176.ftz" and model_path().stat().st_size > 100_000


def test_language_and_score_are_set_and_kept():
    batch = docs(
        "My parcel never arrived and the tracking page has not changed for a week.",
        "Meine Bestellung ist noch nicht angekommen, können Sie bitte nachsehen?",
    )
    verdicts = FastTextLangId(keep=["en", "de"]).filter_batch(batch)
    assert verdicts == [True, True]
    assert [d.metadata["language"] for d in batch] == ["en", "de"]
    assert all(0.5 < d.metadata["language_score"] <= 1.0 for d in batch)


def test_language_not_kept_reason():
    batch = docs("你好，我的订单还没有到。请帮我查一下物流信息，谢谢。")
    ok, reason = FastTextLangId(keep=["en", "de"]).filter_batch(batch)[0]
    assert not ok
    assert reason == "fasttext_langid_v1: language zh not kept (en, de)"


def test_low_score_reason():
    batch = docs("$$$ 123 ### 456 @@@")
    ok, reason = FastTextLangId(min_score=0.99).filter_batch(batch)[0]
    assert not ok and reason.startswith("fasttext_langid_v1: language score ") and reason.endswith("< 0.99")


def test_multiline_text_is_one_prediction():
    batch = docs("First line of my question\nand the second line of the same question about my invoice.")
    assert FastTextLangId().filter_batch(batch) == [True]
    assert batch[0].metadata["language"] == "en"
