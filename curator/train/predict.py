"""Load a saved model (transformers or fastText) and predict: `load_predictor(path).predict(texts)`.

A model folder holds `curator_model.json` (kind, label list, split reference, training config) next to the model
files. The labeling area calls `load_predictor` for Label Studio pre-annotations; `curator predict` runs it on files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from curator.errors import CuratorError
from curator.workspace import Workspace

CARD = "curator_model.json"
FASTTEXT_FILE = "model.bin"


class Predictor(Protocol):
    model_id: str
    labels: list[str]
    card: dict[str, Any]

    def predict_proba(self, texts: list[str]) -> np.ndarray: ...

    def predict(self, texts: list[str]) -> list[tuple[str, float]]: ...


def write_model_card(out_dir: Path, card: dict[str, Any]) -> None:
    card = {"model_id": out_dir.name, **card}
    (out_dir / CARD).write_text(json.dumps(card, indent=2, default=str), encoding="utf-8")


def read_model_card(path: Path) -> dict[str, Any]:
    card_path = path / CARD
    if not card_path.exists():
        raise CuratorError(f"{path} is not a curator model folder (no {CARD})")
    return json.loads(card_path.read_text(encoding="utf-8"))


def _top(labels: list[str], proba: np.ndarray) -> list[tuple[str, float]]:
    best = proba.argmax(1)
    return [(labels[int(j)], float(proba[i, j])) for i, j in enumerate(best)]


class TransformerPredictor:
    """A fine-tuned sequence classifier from its folder (safetensors + config + tokenizer)."""

    def __init__(self, path: Path, card: dict[str, Any]) -> None:
        self.path, self.card = path, card
        self.model_id, self.labels = card["model_id"], list(card["labels"])
        self.max_length = int(card.get("config", {}).get("max_length", 128))
        self.batch_size = int(card.get("config", {}).get("eval_batch_size", 64))
        self.tokenizer, self.model = build_tokenizer_and_model(path)

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        from curator.train.finetune import encode, predict_proba

        data = encode(self.tokenizer, list(texts), [0] * len(texts), self.max_length)
        return predict_proba(self.model, data, self.batch_size)

    def predict(self, texts: list[str]) -> list[tuple[str, float]]:
        return _top(self.labels, self.predict_proba(texts))


class FastTextPredictor:
    """A supervised fastText model (`model.bin`)."""

    def __init__(self, path: Path, card: dict[str, Any]) -> None:
        import fasttext

        self.path, self.card = path, card
        self.model_id, self.labels = card["model_id"], list(card["labels"])
        self.model = fasttext.load_model(str(path / FASTTEXT_FILE))

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        from curator.train.fasttext_baseline import fasttext_proba

        return fasttext_proba(self.model, self.labels, texts)

    def predict(self, texts: list[str]) -> list[tuple[str, float]]:
        return _top(self.labels, self.predict_proba(texts))


def build_tokenizer_and_model(path: Path) -> tuple[Any, Any]:
    """A saved fine-tuned checkpoint, as is (eval mode)."""
    from transformers import AutoModelForSequenceClassification

    from curator.train.finetune import load_tokenizer, quiet_transformers

    quiet_transformers()
    model = AutoModelForSequenceClassification.from_pretrained(str(path), local_files_only=True)
    return load_tokenizer(path), model.eval()


def load_predictor(path: str | Path) -> Predictor:
    """The predictor saved in a model folder (`<workspace>/models/<model_id>`)."""
    path = Path(path)
    card = read_model_card(path)
    card.setdefault("model_id", path.name)
    if card.get("kind") == "fasttext":
        return FastTextPredictor(path, card)
    return TransformerPredictor(path, card)


def resolve_model(ws: Workspace, ref: str) -> Path:
    """A model folder path, a model_id under the workspace, or `latest` → the model folder."""
    if ref == "latest":
        found = [p for p in ws.models_dir.glob("*") if (p / CARD).exists()]
        if not found:
            raise CuratorError(f"no models in {ws.models_dir}: train one with `curator train`")
        return max(found, key=lambda p: (p / CARD).stat().st_mtime)
    for cand in (Path(ref).expanduser(), ws.models_dir / ref):
        if (cand / CARD).exists():
            return cand.resolve()
    raise CuratorError(f'no model {ref!r}: give a model_id (see `curator query "SELECT * FROM models"`) or a folder')


def read_records(path: Path, text_field: str) -> Any:
    """A polars DataFrame from JSONL/CSV/Parquet, with the text field present."""
    import polars as pl

    if not path.exists():
        raise CuratorError(f"--input {path}: no such file")
    readers = {".jsonl": pl.read_ndjson, ".json": pl.read_ndjson, ".csv": pl.read_csv, ".parquet": pl.read_parquet}
    reader = readers.get(path.suffix.lower())
    if reader is None:
        raise CuratorError(f"--input {path}: use a .jsonl, .csv or .parquet file")
    try:
        df = reader(path)
    except Exception as exc:  # polars raises many kinds for bad files
        raise CuratorError(f"--input {path}: cannot read it ({str(exc).splitlines()[0]})") from exc
    if text_field not in df.columns:
        raise CuratorError(f"--input {path}: no field {text_field!r} (fields: {', '.join(df.columns)})")
    return df


def predict_file(ws: Workspace, model_ref: str, input_path: Path, out_path: Path, text_field: str = "text",
                 id_field: str = "id", batch_size: int = 1024) -> dict[str, Any]:  # fmt: skip
    """Batch inference: one output row per input record (its id if any, predicted label, score, model_id)."""
    import polars as pl

    predictor = load_predictor(resolve_model(ws, model_ref))
    df = read_records(input_path, text_field)
    texts = [t or "" for t in df.get_column(text_field).cast(pl.Utf8).to_list()]
    preds: list[tuple[str, float]] = []
    for start in range(0, len(texts), batch_size):
        preds += predictor.predict(texts[start : start + batch_size])
    out = pl.DataFrame({"label": [p for p, _ in preds], "score": [s for _, s in preds]})
    if id_field in df.columns:
        out = out.insert_column(0, df.get_column(id_field))
    out = out.with_columns(pl.lit(predictor.model_id).alias("model_id"))
    writers = {".jsonl": out.write_ndjson, ".csv": out.write_csv, ".parquet": out.write_parquet}
    writer = writers.get(out_path.suffix.lower())
    if writer is None:
        raise CuratorError(f"--out {out_path}: use a .jsonl, .csv or .parquet file")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    writer(out_path)
    counts = out.get_column("label").value_counts(sort=True).rows()
    return {"model_id": predictor.model_id, "n": len(texts), "out": str(out_path), "by_label": dict(counts)}


def verify_reload(out_dir: Path, texts: list[str], expected: np.ndarray, atol: float = 1e-4) -> None:
    """Load the saved checkpoint from disk and check it reproduces `expected` (probabilities on val)."""
    got = load_predictor(out_dir).predict_proba(texts)
    if got.shape != expected.shape or not np.array_equal(got.argmax(1), expected.argmax(1)):
        raise CuratorError(f"saved checkpoint {out_dir} does not reproduce the validation predictions")
    if not np.allclose(got, expected, atol=atol):
        diff = float(np.abs(got - expected).max())
        raise CuratorError(f"saved checkpoint {out_dir}: validation probabilities differ by up to {diff:.2e}")
