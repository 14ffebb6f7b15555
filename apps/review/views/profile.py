"""Profile: the corpus as `curator profile` measured it, and where each rule's threshold cuts."""

import altair as alt
import streamlit as st

from curator.review import profile
from curator.review.ui import md, needs, read, table

st.title("Profile")
view = read(profile.overview)
if not view:
    needs(profile.NEEDS)
st.caption(md(f"run {view['run_id']} · {view['started_at']} · recipe {view['recipe']}"))
if view["auto"]:
    st.info(md(f"`curator run auto` would pick {view['auto']['preset']}: {view['auto']['reason']}"))
c1, c2 = st.columns(2)
with c1:
    st.subheader("Corpus")
    table(view["corpus"], key="corpus")
with c2:
    st.subheader("Drops of the recipe (first rule that fires)")
    table(view["drops"], "the recipe drops nothing", key="drops")

st.subheader("Each rule alone")
table(view["rules"], key="rules")
names = list(view["curves"])
rule = st.selectbox("Rule", names, key="rule_pick")
if rule:
    st.caption("Share of the corpus the rule alone would drop at each threshold; the recipe's threshold in red.")
    chart = (
        alt.Chart(alt.Data(values=view["curves"][rule]))
        .mark_bar()
        .encode(
            x=alt.X("threshold:N", sort=None, title=f"{rule} (strictest first)"),
            y=alt.Y("drop share:Q", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
            color=alt.Color(
                "recipe:N",
                scale=alt.Scale(domain=["the recipe's threshold", "other thresholds"], range=["#d62728", "#1f77b4"]),
            ),
            tooltip=["threshold:N", alt.Tooltip("drop share:Q", format=".1%")],
        )
    )
    st.altair_chart(chart, width="stretch")
