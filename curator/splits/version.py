"""The version id: sha256 over the members' sorted "sample_id\\ttext_hash\\tlabel\\tpart\\n" lines (first 12 hex)."""

from __future__ import annotations

import hashlib

import pyarrow as pa
import pyarrow.compute as pc

VERSION_CHARS = 12


def content_hash(members: pa.Table) -> str:
    """Hash of a table with columns sample_id, text_hash, label, part — independent of its row order."""
    if members.num_rows == 0:
        return hashlib.sha256(b"").hexdigest()
    order = pc.sort_indices(members, sort_keys=[("sample_id", "ascending"), ("part", "ascending")])
    t = members.take(order)
    cols = [t.column(c).combine_chunks().cast(pa.large_string()) for c in ("sample_id", "text_hash", "label", "part")]
    tab, nl, empty = (pa.scalar(x, pa.large_string()) for x in ("\t", "\n", ""))
    line = pc.binary_join_element_wise(*cols, tab)
    line = pc.binary_join_element_wise(line, empty, nl)
    _, offsets, data = line.buffers()
    start = line.offset
    n = len(line)
    offs = memoryview(offsets).cast("q")
    return hashlib.sha256(memoryview(data)[offs[start] : offs[start + n]]).hexdigest()


def version_id(full_hash: str) -> str:
    return full_hash[:VERSION_CHARS]
