"""Production samples of a source, cut into windows: only curated and scrubbed ones (status active, pii_scrubbed),
like everything else downstream of the PII stage. A sample's time is its record time (`--time-field` at ingest),
else when it was ingested. Windows are aligned on the epoch (1d windows are UTC days).

The model's predictions on production samples are kept in `predictions` (part 'production'): a later monitor run
predicts only the samples it has not seen."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import duckdb
import polars as pl
import pyarrow as pa

from curator.catalog import utcnow
from curator.train.predict import Predictor

PREDICT_BATCH = 4096

ROWS_SQL = """
SELECT s.sample_id, epoch(coalesce(s.created_at, s.ingested_at)) AS ts, coalesce(s.language, 'und') AS language,
       length(s.text) AS n_chars, l.label AS resolved, p.predicted, p.score AS confidence
FROM samples s
LEFT JOIN labels l USING (sample_id)
LEFT JOIN (SELECT sample_id, arg_max(predicted, created_at) AS predicted, arg_max(score, created_at) AS score
           FROM predictions WHERE model_id = ? AND part = 'production' GROUP BY 1) p USING (sample_id)
WHERE s.source = ? AND s.status = 'active' AND s.pii_scrubbed
  AND coalesce(s.created_at, s.ingested_at) >= coalesce(?::TIMESTAMP, TIMESTAMP '1970-01-01')
"""


def production_rows(
    con: duckdb.DuckDBPyConnection, source: str, model_id: str, since: datetime | None, window_s: int
) -> pl.DataFrame:
    """One row per production sample in range: sample_id, window (its start, epoch seconds), language, n_chars,
    resolved label (or null), the model's cached prediction and confidence (null when not predicted yet)."""
    df = con.sql(ROWS_SQL, params=[model_id, source, since]).pl()
    return df.with_columns(((pl.col("ts") // window_s) * window_s).cast(pl.Int64).alias("window")).drop("ts")


def predict_missing(
    con: duckdb.DuckDBPyConnection, df: pl.DataFrame, predictor: Predictor
) -> tuple[pl.DataFrame, pa.Table | None]:
    """Predict the rows without a cached prediction (texts read here, current = scrubbed text); the filled frame
    and the new `predictions` rows (None when every row was cached)."""
    todo = df.filter(pl.col("predicted").is_null()).get_column("sample_id").to_list()
    if not todo:
        return df, None
    texts = dict(
        con.execute(
            "SELECT sample_id, text FROM samples WHERE sample_id IN (SELECT unnest(?::VARCHAR[]))", [todo]
        ).fetchall()
    )
    labels: list[str] = []
    scores: list[float] = []
    for start in range(0, len(todo), PREDICT_BATCH):
        proba = predictor.predict_proba([texts[s] for s in todo[start : start + PREDICT_BATCH]])
        best = proba.argmax(axis=1)
        labels += [predictor.labels[int(j)] for j in best]
        scores += proba.max(axis=1).astype(float).tolist()
    new = pl.DataFrame({"sample_id": todo, "new_predicted": labels, "new_confidence": scores})
    filled = (
        df.join(new, on="sample_id", how="left")
        .with_columns(
            pl.coalesce("predicted", "new_predicted").alias("predicted"),
            pl.coalesce("confidence", "new_confidence").alias("confidence"),
        )
        .drop("new_predicted", "new_confidence")
    )
    return filled, _prediction_rows(todo, labels, scores, predictor.model_id, df)


def _prediction_rows(ids: list[str], labels: list[str], scores: list[float], model_id: str, df: pl.DataFrame) -> Any:
    resolved = dict(df.filter(pl.col("predicted").is_null()).select("sample_id", "resolved").iter_rows())
    now = utcnow()
    return pa.table(
        {
            "run_id": [""] * len(ids),  # set by the caller to the monitor run
            "model_id": [model_id] * len(ids),
            "sample_id": ids,
            "part": ["production"] * len(ids),
            "label": [resolved.get(s) for s in ids],
            "predicted": labels,
            "score": pa.array(scores, type=pa.float64()),
            "created_at": [now] * len(ids),
        }
    )


def window_bounds(start: int, window_s: int) -> tuple[datetime, datetime]:
    """A window's start and end as naive UTC times."""
    begin = datetime.fromtimestamp(start, UTC).replace(tzinfo=None)
    end = datetime.fromtimestamp(start + window_s, UTC).replace(tzinfo=None)
    return begin, end
