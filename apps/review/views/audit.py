"""Rule audit: each curation rule's audited precision with its 95% Wilson interval, and the audit's progress."""

import altair as alt
import streamlit as st

from curator.review import audit
from curator.review.ui import md, needs, read, table

st.title("Rule audit")
figures = read(audit.rules)
waiting = read(audit.pending)
if not figures and not waiting:
    needs(audit.NEEDS)

points = audit.chart_rows(figures)
if points:
    st.subheader("Precision of each rule's decisions (95% Wilson interval)")
    base = alt.Chart(alt.Data(values=points)).encode(y=alt.Y("rule:N", sort=None, title=None))
    bars = base.mark_rule(strokeWidth=3).encode(
        x=alt.X("low:Q", scale=alt.Scale(domain=[0, 1]), title="precision"), x2="high:Q"
    )
    dots = base.mark_point(filled=True, size=90).encode(
        x="precision:Q",
        color=alt.Color("flagged:N", scale=alt.Scale(domain=[False, True], range=["#1f77b4", "#d62728"])),
        tooltip=["rule:N", "precision:Q", "low:Q", "high:Q", "audited:Q"],
    )
    st.altair_chart((bars + dots).properties(height=40 * len(points) + 40), width="stretch")
for r in figures:
    if r["flagged"]:
        st.warning(md(f"{r['step']}: precision interval below {r['min_precision']} — change {r['parameter']}"))
if any(r["simulated"] for r in figures):
    st.caption("Includes answers of simulated auditors (`curator annotate simulate`), not people.")
st.subheader("Figures per rule")
table(figures, "no answers pulled yet", key="audit_rules")
st.subheader("Audit tasks")
table(waiting, "no audit tasks sent", key="audit_pending")
