"""curator review app: `curator review` runs `streamlit run apps/review/app.py` against CURATOR_HOME.

Thin: each page in views/ calls curator.review.* for every query and action.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from curator.review.ui import md, reviewer, workspace

HERE = Path(__file__).resolve().parent
VIEWS = (  # file, title, icon
    ("overview", "Overview", "monitoring"),
    ("samples", "Samples", "list"),
    ("duplicates", "Duplicates", "content_copy"),
    ("qa", "Annotation QA", "groups"),
    ("audit", "Rule audit", "rule"),
    ("splits", "Splits", "call_split"),
    ("models", "Models", "model_training"),
    ("learn", "Learning curves", "trending_up"),
    ("monitor", "Monitoring", "monitor_heart"),
    ("profile", "Profile", "query_stats"),
)
PAGES = [
    st.Page(HERE / "views" / f"{name}.py", title=title, icon=f":material/{icon}:", url_path=name, default=i == 0)
    for i, (name, title, icon) in enumerate(VIEWS)
]

st.set_page_config(page_title="curator review", page_icon=":material/fact_check:", layout="wide")
page = st.navigation(PAGES)
with st.sidebar:
    st.caption(f"workspace {md(workspace().home)}")
    st.text_input("Reviewer", value=reviewer(), key="reviewer", help="Recorded with every action you take.")
page.run()
