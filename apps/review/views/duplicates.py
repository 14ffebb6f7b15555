"""Duplicates: clusters side by side, the keeper marked."""

import streamlit as st

from curator.review import duplicates as dup
from curator.review.ui import md, needs, read, table

st.title("Duplicates")
summary = read(dup.summary)
if not summary:
    needs(dup.NEEDS)

table(summary, key="dup_summary")
kinds = ["all"] + [r["kind"] for r in summary]
c1, c2 = st.columns([1, 1])
kind = c1.selectbox("Kind", kinds, key="dup_kind")
kind_arg, page_size = (None if kind == "all" else kind), 20
n_pages = max(1, -(-sum(r["clusters"] for r in summary if kind_arg in (None, r["kind"])) // page_size))
page = c2.number_input(f"Page (of {n_pages})", min_value=1, max_value=n_pages, value=1, key="dup_page")
clusters, total = read(dup.list_clusters, kind_arg, int(page) - 1, page_size)
st.caption(f"{total:,} clusters")
table(clusters, key="dup_clusters")
if clusters:
    chosen = st.selectbox("Cluster", [c["cluster_id"] for c in clusters], key="dup_cluster")
    members = read(dup.cluster_members, chosen)
    cols = st.columns(min(4, len(members)) or 1)
    for i, m in enumerate(members):
        with cols[i % len(cols)], st.container(border=True):
            st.markdown(("**★ keeper** · " if m["is_keeper"] else "") + f"{md(m['sample_id'])} · {md(m['status'])}")
            where = f"{m['source']}:{m['source_key']} · {m['kind']}" + (f" · {m['reason']}" if m["reason"] else "")
            st.caption(md(where))
            st.text(m["text"])
