"""Profile: the corpus as `curator profile` measured it, and where each rule's threshold cuts."""

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
    st.caption(
        "Texts per value of the rule's statistic (between two measured thresholds); red: what the recipe's "
        "threshold drops."
    )
    st.altair_chart(
        profile.chart(view["histograms"][rule], "bin", "texts", f"{rule} (lowest values first)"), width="stretch"
    )
    st.caption("Share of the corpus the rule alone would drop at each measured threshold; the recipe's in red.")
    st.altair_chart(
        profile.chart(view["curves"][rule], "threshold", "drop share", f"{rule} (strictest first)"), width="stretch"
    )
