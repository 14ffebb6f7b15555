"""Splits: versions, class balance per part, leakage audit, diff of two versions."""

import streamlit as st

from curator.review import splits
from curator.review.ui import bar, needs, read, table

st.title("Splits")
versions = read(splits.versions)
if not versions:
    needs(splits.NEEDS)
table(versions, key="versions")
keys = [(v["name"], v["version"]) for v in versions]
label = {k: f"{k[0]} @ {k[1][:12]}" for k in keys}
chosen = st.selectbox("Split version", keys, format_func=label.get, key="split_pick")

st.subheader("Class balance per part")
view = read(splits.version_view, *chosen)
rows = view["balance"]
bar(rows, "part", "n", color="label", sort=["train", "val", "test"])
table(rows, key="balance")

st.subheader("Leakage audit")
leak = view["leakage"]
c1, c2 = st.columns(2)
c1.metric("Texts in two parts", len(leak["exact_text"]))
c2.metric("Duplicate clusters in two parts", len(leak["dup_cluster"]))
table(leak["exact_text"] + leak["dup_cluster"], "no leakage found", key="leaks")
if leak["stored_audit"]:
    with st.expander("Audit recorded at build time"):
        st.json(leak["stored_audit"])

st.subheader("Diff of two versions")
if len(keys) < 2:
    st.caption("only one version so far: build another to compare")
else:
    c1, c2 = st.columns(2)
    a = c1.selectbox("From", keys, index=1, format_func=label.get, key="diff_a")
    b = c2.selectbox("To", keys, index=0, format_func=label.get, key="diff_b")
    d = read(splits.diff, a, b)
    cols = st.columns(len(d["counts"]))
    for col, (k, v) in zip(cols, d["counts"].items(), strict=True):
        col.metric(k, f"{v:,}")
    table(d["rows"], "identical", key="diff_rows")
