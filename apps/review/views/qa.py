"""Annotation QA: alpha / kappa, per-annotator table, confusion heatmap, the disagreement / relabel queue."""

import streamlit as st

from curator.review import qa
from curator.review.ui import heatmap, read, table

st.title("Annotation QA")
summary = read(qa.qa_summary)
if not summary["available"]:
    st.info(qa.NEEDS)
else:
    alpha = summary["alpha"]
    c = st.columns(4)
    c[0].metric("Krippendorff's alpha", "n/a" if alpha is None else f"{alpha:.3f}", help="nominal, overlap samples")
    c[1].metric("Annotations", f"{summary['annotations']:,}")
    c[2].metric("Annotators", f"{summary['annotators']:,}")
    c[3].metric("Samples annotated", f"{summary['samples']:,}")
    st.subheader("Cohen's kappa per annotator pair")
    table(summary["kappa"], "no pair of annotators shares enough samples", key="kappa")
    st.subheader("Per annotator")
    table(summary["per_annotator"], key="per_annotator")
    st.subheader("Annotated vs resolved label")
    if summary["confusion"]:
        heatmap(summary["confusion"], "annotated", "resolved", "n")
    else:
        st.caption("no resolved labels yet (`curator annotate resolve`)")

stored = summary.get("stored")
if stored:
    st.subheader("Latest `curator annotate qa` run")
    r = stored["run"]
    c = st.columns(3)
    c[0].metric("Fleiss' kappa", "n/a" if r["fleiss_kappa"] is None else f"{r['fleiss_kappa']:.3f}")
    c[1].metric("Overlap coverage", "n/a" if r["overlap_coverage"] is None else f"{r['overlap_coverage']:.0%}")
    c[2].metric("Simulated annotations", "yes" if r["simulated"] else "no")
    table(stored["annotators"], key="stored_annotators")
    table(stored["pairs"], key="stored_pairs")

st.subheader("Disagreement / relabel queue")
queue = summary["queue"]
if not queue["counts"]:
    st.caption("the relabel queue is empty")
else:
    table(queue["counts"], key="queue_counts")
    table(queue["rows"], "nothing pending", key="queue_rows")
