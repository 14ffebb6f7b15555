"""Models: metrics per split version, confusion matrix, suspected label issues with one click to relabel."""

import streamlit as st

from curator.plain import markdown as md
from curator.review import models
from curator.review.actions import apply_action
from curator.review.ui import act, flash, heatmap, needs, read, reviewer, table, workspace

st.title("Models")
flash()
ov = read(models.overview)
if not ov:
    needs(models.NEEDS)
rows = ov["models"]
table(rows, key="models")

st.subheader("Promotions")
for srv in ov["serving"]:
    st.caption(f"{md(srv['name'])} is served by {md(srv['model_id'] or 'no model (retired)')}")
table(ov["promotions"], "no promotion yet: `curator models promote NAME`", key="promotions")

st.subheader("Metrics per split version")
table(ov["metrics"], key="metrics")

model_id = st.selectbox("Model", [r["model_id"] for r in rows], key="model_pick")
view = read(models.model_view, model_id)
c1, c2 = st.columns(2)
with c1:
    st.subheader("Per class (test)")
    table(view["per_class"], key="per_class")
with c2:
    st.subheader("Confusion matrix (test)")
    cells = view["confusion"]
    if cells:
        heatmap(cells, "predicted", "label", "n")
    else:
        st.caption("no confusion matrix stored")

st.subheader("Suspected label issues")
issues = view["issues"]
table(issues, "no suspected label issues", key="issues")
if issues:
    c1, c2 = st.columns([3, 1])
    sid = c1.selectbox("Sample", [i["sample_id"] for i in issues], key="issue_pick")
    if c2.button("Send to relabel", type="primary", key="issue_relabel"):
        res = act(apply_action, workspace(), [sid], "relabel", "model disagrees", reviewer=reviewer())
        flash(f"sent {sid} to relabel (run {res.run_id})")
        st.rerun()
