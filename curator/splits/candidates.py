"""The samples a split may take: active, PII-scrubbed, labeled, matching --where; loaded as columns, not rows.

Labels come from the resolved `labels` table (labeling area) or from the source's own `samples.label`.
Extra stratification columns and the time field are samples columns or, failing that, metadata fields.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from curator.catalog.outbound import opaque
from curator.catalog.queries import table_exists
from curator.errors import CuratorError
from curator.splits.left_out import describe, left_out, other_source_count
from curator.splits.options import SplitOptions

BASE = "s.status = 'active' AND s.pii_scrubbed"
# written to the part files (with sample_id, text_hash, label, dup_cluster); text is the scrubbed current text
# the text itself is not loaded: the audit and the part writer read it from the catalog in batches (bounded memory).
# Only allow-listed columns (curator.catalog.outbound): metadata fields may be READ (strata, time) but never written.
PAYLOAD = "s.source, s.source_key, s.language, s.created_at, s.n_chars"


@dataclass
class Candidates:
    """Column arrays, one entry per candidate sample, ordered by sample_id."""

    table: pa.Table  # sample_id, text_hash, label, dup_cluster, time, payload (+ strata columns x_*)
    labels: list[str]  # sorted class names; label_code indexes into it
    label_code: np.ndarray  # int32
    stratum_code: np.ndarray  # int32, the combination of label and the extra stratify columns
    strata: list[tuple[str, ...]]  # stratum_code -> (label, extra values...)
    funnel: dict[str, int]  # how many samples each condition left
    left_out: list[dict[str, Any]]  # what the conditions left out, by reason, with the option that includes it

    @property
    def n(self) -> int:
        return self.table.num_rows


def column_expr(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """A samples column, or the metadata field of that name, as SQL over alias s."""
    cols = {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'samples'"
        ).fetchall()
    }
    return f's."{name}"' if name in cols else f"json_extract_string(s.metadata, '$.{name}')"


def label_sql(con: duckdb.DuckDBPyConnection, label_source: str) -> tuple[str, str]:
    """(JOIN clause, label expression) for --label-source."""
    if label_source == "source":
        return "", "s.label"
    if not table_exists(con, "labels"):
        raise CuratorError(
            "no resolved labels in this catalog yet (labels table missing): "
            "use --label-source source to split on the source's labels"
        )
    join = "LEFT JOIN labels l ON l.sample_id = s.sample_id"
    # resolved_or_source: the resolved label where annotation (or a curator) settled one, else the source's own
    return join, "coalesce(l.label, s.label)" if label_source == "resolved_or_source" else "l.label"


def _funnel(con: duckdb.DuckDBPyConnection, join: str, label: str, where: str) -> dict[str, int]:
    row = con.execute(
        f"SELECT count(*), count(*) FILTER (s.status = 'active'), count(*) FILTER ({BASE}), "
        f"count(*) FILTER ({BASE} AND {label} IS NOT NULL), "
        f"count(*) FILTER ({BASE} AND {label} IS NOT NULL AND ({where})) FROM samples s {join}"
    ).fetchall()[0]
    keys = ("samples", "active", "active_scrubbed", "labeled", "matching_where")
    return dict(zip(keys, (int(v) for v in row), strict=True))


def funnel_words(funnel: dict[str, int], label_source: str) -> str:
    """The candidate funnel in words: '3,000 samples · 2,334 active · … · 0 with a resolved label · 0 match --where'."""
    parts = [
        f"{funnel['samples']:,} samples",
        f"{funnel['active']:,} active",
        f"{funnel['active_scrubbed']:,} active and PII-scrubbed",
        f"{funnel['labeled']:,} of those with a {label_source.replace('_', ' ')} label",
        f"{funnel['matching_where']:,} matching --where",
    ]
    return " · ".join(parts)


def load(con: duckdb.DuckDBPyConnection, opts: SplitOptions) -> Candidates:
    """Run the candidate query; raises a one-line error on a bad --where or when nothing qualifies."""
    join, label = label_sql(con, opts.label_source)
    where = opts.where or "true"
    extra = [f'CAST({column_expr(con, c)} AS VARCHAR) AS "x_{c}"' for c in opts.stratify[1:]]
    time = f"TRY_CAST({column_expr(con, opts.by_time)} AS TIMESTAMP)" if opts.by_time else "NULL::TIMESTAMP"
    sql = (
        f"SELECT s.sample_id, s.text_hash, CAST({label} AS VARCHAR) AS label, s.dup_cluster, {time} AS time, {PAYLOAD}"
        + "".join(", " + e for e in extra)
        + f" FROM samples s {join} WHERE {BASE} AND {label} IS NOT NULL AND ({where}) ORDER BY s.sample_id"
    )
    try:
        funnel = _funnel(con, join, label, where)
        table = con.sql(sql).to_arrow_table()
    except duckdb.Error as exc:
        raise CuratorError(f"candidate query failed (check --where / --stratify): {str(exc).splitlines()[0]}") from None
    lost = left_out(funnel, opts.label_source, other_source_count(con, opts.label_source, BASE))
    if table.num_rows == 0:
        raise CuratorError(f"no candidates: {funnel_words(funnel, opts.label_source)}; left out: {describe(lost)}")
    labels, label_code = encode(table.column("label"))
    strata, stratum_code = _strata(table, opts, labels, label_code)
    return Candidates(table, labels, label_code, stratum_code, strata, funnel, lost)


def codes(col: pa.ChunkedArray) -> np.ndarray:
    """Integer codes of a string column in first-seen order, -1 for null (no Python objects: for hashes, ids)."""
    idx = pc.dictionary_encode(col.combine_chunks()).indices
    out = np.frombuffer(idx.buffers()[1], dtype=np.int32, count=len(idx) + idx.offset)[idx.offset :].astype(np.int64)
    if idx.null_count:
        out[np.asarray(idx.is_null())] = -1
    return out


def encode(col: pa.ChunkedArray) -> tuple[list[str], np.ndarray]:
    """Dictionary-encode a string column with the dictionary sorted; nulls become code -1."""
    enc = pc.dictionary_encode(col.combine_chunks())
    values = enc.dictionary.to_pylist()
    order = sorted(range(len(values)), key=lambda i: values[i])
    rank = np.empty(len(values) + 1, dtype=np.int32)
    rank[np.array(order, dtype=np.int64)] = np.arange(len(values), dtype=np.int32)
    rank[-1] = -1
    idx = enc.indices.to_numpy(zero_copy_only=False)  # float with NaN where null
    idx = np.where(np.isnan(idx), len(values), idx).astype(np.int64) if idx.dtype.kind == "f" else idx.astype(np.int64)
    return [values[i] for i in order], rank[idx]


def _strata(table: pa.Table, opts: SplitOptions, labels: list[str], code: np.ndarray) -> tuple[list, np.ndarray]:
    if len(opts.stratify) == 1:
        return [(lab,) for lab in labels], code.astype(np.int32)
    parts, names = [code.astype(np.int64)], [labels]
    for col in opts.stratify[1:]:
        vals, c = encode(table.column(f"x_{col}"))
        parts.append(np.where(c < 0, len(vals), c).astype(np.int64))
        names.append([*(opaque(col, v) for v in vals), "(missing)"])  # a metadata value never goes into reports
    keys = np.stack(parts, axis=1)
    uniq, inverse = np.unique(keys, axis=0, return_inverse=True)
    strata = [tuple(names[j][int(row[j])] for j in range(len(names))) for row in uniq]
    return strata, inverse.reshape(-1).astype(np.int32)


def text_chunks(
    con: duckdb.DuckDBPyConnection, sample_ids: pa.ChunkedArray, size: int
) -> Iterator[tuple[np.ndarray, pa.Array]]:
    """(positions in sample_ids, texts) of these samples, read from the catalog `size` at a time, in the
    catalog's order (no sort of the texts: the positions say where each belongs)."""
    ids = pa.table({"sample_id": sample_ids, "idx": pa.array(np.arange(len(sample_ids)), pa.int64())})
    con.register("_split_text_ids", ids)
    try:
        reader = con.sql(
            "SELECT i.idx, s.text FROM _split_text_ids i JOIN samples s USING (sample_id)"
        ).to_arrow_reader(size)
        for batch in reader:
            yield batch.column(0).to_numpy(), batch.column(1)
    finally:
        con.unregister("_split_text_ids")
