"""Load a saved model (transformers or fastText) and predict: `load_predictor(path).predict(texts)`.

A model folder holds `curator_model.json` (kind, label list, split reference, training config; curator.train.card)
next to the model files. The labeling area calls `load_predictor` for Label Studio pre-annotations; `curator predict`
runs it on files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

import numpy as np

from curator.catalog import connect
from curator.errors import CuratorError
from curator.names import check_identifier
from curator.plain import FORMULA_LEADS
from curator.train.card import CARD, read_model_card
from curator.train.fasttext_model import fasttext_proba, load_fasttext
from curator.workspace import Workspace


class Predictor(Protocol):
    model_id: str
    labels: list[str]
    card: dict[str, Any]

    def predict_proba(self, texts: list[str]) -> np.ndarray: ...

    def predict(self, texts: list[str]) -> list[tuple[str, float]]: ...


def top_labels(labels: list[str], proba: np.ndarray) -> list[tuple[str, float]]:
    """The most probable label of each row and its probability."""
    best = proba.argmax(1)
    return [(labels[int(j)], float(proba[i, j])) for i, j in enumerate(best)]


class TransformerPredictor:
    """A fine-tuned sequence classifier from its folder (safetensors + config + tokenizer)."""

    def __init__(self, path: Path, card: dict[str, Any]) -> None:
        self.path, self.card = path, card
        self.model_id, self.labels = card["model_id"], list(card["labels"])
        self.max_length = int(card.get("config", {}).get("max_length", 128))
        self.batch_size = int(card.get("config", {}).get("eval_batch_size", 64))
        from curator.train.transformer import load_checkpoint  # torch only for a transformer (fastText: ~6 s less)

        self.tokenizer, self.model = load_checkpoint(path)

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        from curator.train.transformer import encode, predict_proba

        data = encode(self.tokenizer, list(texts), [0] * len(texts), self.max_length)
        return predict_proba(self.model, data, self.batch_size)

    def predict(self, texts: list[str]) -> list[tuple[str, float]]:
        return top_labels(self.labels, self.predict_proba(texts))


class FastTextPredictor:
    """A supervised fastText model (`model.bin`)."""

    def __init__(self, path: Path, card: dict[str, Any]) -> None:
        self.path, self.card = path, card
        self.model_id, self.labels = card["model_id"], list(card["labels"])
        self.model = load_fasttext(path)

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        return fasttext_proba(self.model, self.labels, texts)

    def predict(self, texts: list[str]) -> list[tuple[str, float]]:
        return top_labels(self.labels, self.predict_proba(texts))


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
        return latest_model(ws)
    for cand in (Path(ref).expanduser(), ws.models_dir / ref):
        if (cand / CARD).exists():
            return cand.resolve()
    raise CuratorError(f'no model {ref!r}: give a model_id (see `curator query "SELECT * FROM models"`) or a folder')


def latest_model(ws: Workspace) -> Path:
    """The folder of the newest model registered in the catalog's `models` table (never a folder that is merely
    on disk: a copied-in or half-written one is not a model of this workspace)."""
    with connect(ws, read_only=True) as con:
        row = con.execute("SELECT model_id FROM models ORDER BY created_at DESC, model_id DESC LIMIT 1").fetchone()
    if row is None:
        raise CuratorError("no registered model in the catalog: train one with `curator train`")
    path = ws.models_dir / check_identifier(row[0], "model_id")
    if not (path / CARD).is_file():
        raise CuratorError(f"latest model {row[0]!r}: its folder {path} is missing or has no {CARD}")
    return path.resolve()


def csv_guarded(df: Any) -> Any:
    """`df` with every text cell a spreadsheet would run as a formula (starting with = + - @, tab or CR) prefixed
    with ' (as `curator samples --format csv` does); other columns unchanged."""
    import polars as pl

    leads = list(FORMULA_LEADS)
    return df.with_columns(
        pl.when(pl.col(c).str.slice(0, 1).is_in(leads)).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c, kind in df.schema.items()
        if kind == pl.Utf8
    )


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


def predict_file(
    ws: Workspace,
    model_ref: str,
    input_path: Path,
    out_path: Path,
    text_field: str = "text",
    id_field: str = "id",
    batch_size: int = 1024,
    csv_guard: bool = True,
) -> dict[str, Any]:
    """Batch inference: one output row per input record (its id if any, predicted label, score, model_id).
    A .csv output has formula-leading text cells neutralized unless `csv_guard` is False (`--raw-csv`)."""
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
    kept = csv_guarded(out) if csv_guard and out_path.suffix.lower() == ".csv" else out
    writers = {".jsonl": kept.write_ndjson, ".csv": kept.write_csv, ".parquet": kept.write_parquet}
    writer = writers.get(out_path.suffix.lower())
    if writer is None:
        raise CuratorError(f"--out {out_path}: use a .jsonl, .csv or .parquet file")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    writer(out_path)
    counts = out.get_column("label").value_counts(sort=True).rows()
    return {"model_id": predictor.model_id, "n": len(texts), "out": str(out_path), "by_label": dict(counts)}
