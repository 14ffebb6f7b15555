"""Overview: the funnel per stage, drops by stage × reason, per source, recent runs with their config."""

import streamlit as st

from curator.review.overview import overview
from curator.review.ui import bar, read, table

st.title("Overview")
ov = read(overview)
if ov["empty"]:
    st.info("This workspace has no samples yet. To start:")
    for step in ov["next_steps"]:
        st.markdown(f"- {step}")
    st.stop()

cols = st.columns(5)
cols[0].metric("Samples", f"{ov['samples']:,}")
cols[1].metric("Active", f"{ov['by_status'].get('active', 0):,}")
cols[2].metric("Dropped", f"{ov['by_status'].get('dropped', 0):,}")
cols[3].metric("PII-scrubbed", f"{ov['scrubbed']:,}")
cols[4].metric("Reviews", f"{ov['reviews']:,}")

st.subheader("Funnel")
funnel = ov["funnel"]
bar(funnel, "stage", "remaining", sort=[r["stage"] for r in funnel])
table(funnel, key="funnel")

left, right = st.columns(2)
with left:
    st.subheader("Drops by stage × reason")
    table(ov["drops_by_stage_reason"], "no drops yet", key="drops")
with right:
    st.subheader("Per source")
    table(ov["sources"], key="sources")
    st.caption(f"{ov['rejected_at_ingest']:,} records rejected at ingest · {ov['raw_views']:,} raw-text reveals logged")

st.subheader("Recent runs")
table(ov["runs"], key="runs")
if ov["next_steps"]:
    with st.expander("What to run next"):
        for step in ov["next_steps"]:
            st.markdown(f"- {step}")
