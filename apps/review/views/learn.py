"""Learning curves: the strategies of `curator learn` loops side by side (labels → macro-F1)."""

import altair as alt
import streamlit as st

from curator.review import learn
from curator.review.ui import needs, read, table

st.title("Learning curves")
data = read(learn.curves)
if not data:
    needs(learn.NEEDS)
points = data["points"]
if any(p["simulated"] for p in points):
    st.caption("Loops marked simulated were answered by simulated annotators (demo/tests), never human work.")
chart = (
    alt.Chart(alt.Data(values=points))
    .mark_line(point=True)
    .encode(
        x=alt.X("n_labels:Q", title="labels"),
        y=alt.Y("macro_f1:Q", title="macro-F1 (holdout, else test, else val)", scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("loop:N", title="loop"),
        tooltip=["loop:N", "loop_strategy:N", "round:Q", "n_labels:Q", "macro_f1:Q", "f1_part:N", "model_id:N"],
    )
)
st.altair_chart(chart, width="stretch")
st.subheader("Loops")
table(data["loops"], key="learn_loops")
st.subheader("Points")
table(points, key="learn_points")
