"""ResultWriter's rows → Arrow conversion (orjson + Arrow's JSON reader, no pandas in the workers)."""

from __future__ import annotations

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.stages.pii.stage import FINDING_SCHEMA
from curator.stages.pipeline import RESULT_SCHEMA, to_table

TEXT = st.one_of(st.none(), st.text(max_size=50))
FLOAT = st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False, width=64))
RESULT_ROW = st.fixed_dictionaries(
    {
        "sample_id": st.text(min_size=1, max_size=20),
        "decision": st.sampled_from(["keep", "drop", "modify"]),
        "step": st.text(max_size=20),
        "reason": st.text(max_size=60),
        "score": FLOAT,
        "details": st.just("{}"),
        "language": TEXT,
        "language_score": FLOAT,
        "new_text": TEXT,
    }
)


@settings(max_examples=150, deadline=None)
@given(st.lists(RESULT_ROW, max_size=20))
def test_result_rows_convert_like_pyarrow(rows):
    """Same table as pyarrow's own conversion: values, nulls, unicode, float bits, schema, empty input."""
    got = to_table(rows, RESULT_SCHEMA)
    assert got.schema == RESULT_SCHEMA
    assert got.equals(pa.Table.from_pylist(rows, schema=RESULT_SCHEMA))


def test_findings_and_a_text_larger_than_arrows_default_block():
    big = "naïve " * 400_000  # 2.8 MB in one row: the reader gets one block, no row straddles two
    rows = [
        {
            "sample_id": "s1",
            "decision": "modify",
            "step": "presidio_pii_v1",
            "reason": "r",
            "score": 1.0,
            "details": "{}",
            "language": "en",
            "language_score": None,
            "new_text": big,
        }
    ]
    assert to_table(rows, RESULT_SCHEMA).column("new_text")[0].as_py() == big
    finding = [
        {
            "sample_id": "s1",
            "entity_type": "EMAIL_ADDRESS",
            "start": 3,
            "end": 20,
            "score": 0.85,
            "recognizer": "EmailRecognizer",
        }
    ]
    assert to_table(finding, FINDING_SCHEMA).equals(pa.Table.from_pylist(finding, schema=FINDING_SCHEMA))
    assert to_table([], FINDING_SCHEMA).num_rows == 0
