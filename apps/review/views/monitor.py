"""Monitoring: production drift per window against the monitored model's training split (`curator monitor`)."""

import altair as alt
import streamlit as st

from curator.review import monitor
from curator.review.ui import needs, read, table

st.title("Monitoring")
data = read(monitor.monitoring)
if not data:
    needs(monitor.NEEDS)
names = sorted({r["name"] for r in data["series"]})
name = st.selectbox("Monitored name", names) if len(names) > 1 else names[0]
points = [p for p in data["series"] if p["name"] == name and p["value"] is not None]
st.caption("Each check's statistic per window (the newest run's figure); a window above its threshold is drift.")
base = alt.Chart(alt.Data(values=points)).encode(x=alt.X("window_start:N", title="window"))
lines = base.mark_line(point=True).encode(
    y=alt.Y("value:Q", title="statistic"),
    color=alt.Color("flagged:N", title="over threshold"),
    tooltip=["check_name:N", "statistic:N", "window_start:N", "value:Q", "threshold:Q", "n_samples:Q"],
)
limits = base.mark_line(strokeDash=[4, 4], color="gray").encode(y="threshold:Q")
chart = (lines + limits).facet(facet=alt.Facet("check_name:N", title=None), columns=3).resolve_scale(y="independent")
st.altair_chart(chart)
st.subheader("Runs")
table([r for r in data["runs"] if r["name"] == name], key="monitor_runs")
st.subheader("Checks per window")
table([p for p in data["series"] if p["name"] == name], key="monitor_series")
st.subheader("Compare and promote")
table(data["comparisons"], empty="no comparison yet: `curator monitor-compare NAME NEW_MODEL`", key="monitor_cmp")
