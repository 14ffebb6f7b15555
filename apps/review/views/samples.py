"""Samples: filter and page through samples; open one to see its text, lineage, duplicates, labels; act on it."""

import streamlit as st

from curator.review.actions import ACTIONS, apply_action
from curator.review.detail import reveal_raw_text, sample_detail
from curator.review.samples import PAGE_SIZES, SampleFilter, filter_options, list_samples
from curator.review.ui import act, flash, highlighted, md, needs, read, reviewer, table, workspace

ANY = "(any)"
ACTION_NAMES = {"keep": "Keep", "drop": "Drop", "relabel": "Send to relabel", "set_label": "Set label"}


def filters(opts: dict[str, list[str]]) -> SampleFilter:
    with st.expander("Filters", expanded=True):
        c = st.columns(4)
        picked = {
            name: c[i % 4].selectbox(name.capitalize(), [ANY, *opts[name]], key=f"f_{name}")
            for i, name in enumerate(("status", "stage", "reason", "source", "language", "label"))
        }
        cluster = c[2].text_input("Cluster id", key="f_cluster")
        search = c[3].text_input("Search scrubbed text", key="f_search")
    values = {k: (None if v == ANY else v) for k, v in picked.items()}
    return SampleFilter(**values, cluster=cluster.strip() or None, search=search.strip() or None)


def action_form(sample_ids: list[str], key: str = "action", button: str = "Apply") -> None:
    """Keep / drop / send to relabel / set label, with a note: a `reviews` row and a `decisions` row per sample."""
    with st.form(f"{key}_form", clear_on_submit=True):
        action = st.radio("Action", list(ACTIONS), format_func=ACTION_NAMES.get, horizontal=True, key=f"{key}_kind")
        c1, c2 = st.columns(2)
        label = c1.text_input("New label (for Set label)", key=f"{key}_label")
        note = c2.text_input("Note (recorded as the reason)", key=f"{key}_note")
        submitted = st.form_submit_button(button, type="primary")
    if submitted:
        res = act(apply_action, workspace(), sample_ids, action, note, label=label or None, reviewer=reviewer())
        flash(f"{ACTION_NAMES[action]} ({res.n} sample{'s' if res.n > 1 else ''}): {res.reason} (run {res.run_id})")
        st.rerun()


def raw_text(sample_id: str, available: bool, note: str) -> None:
    """Raw text stays hidden; revealing it needs a reason and is logged in raw_text_views."""
    with st.expander("Raw text (hidden: revealing it is logged)"):
        st.caption(note)
        if not available:
            return
        reason = st.text_input("Why do you need the raw text?", key="raw_reason")
        if st.button("Reveal raw text", key="raw_reveal", disabled=not reason.strip()):
            text = act(reveal_raw_text, workspace(), sample_id, reviewer(), reason)
            st.warning("Raw text (this view was logged)")
            st.text(text if text is not None else "(purged)")


def sample_view(ref: str) -> None:
    d = read(sample_detail, ref)
    s = d["sample"]
    v = {k: md(x) for k, x in s.items()}  # ids, labels, sources, reasons: plain text in Markdown
    st.subheader(f"{v['source']}:{v['source_key']}")
    st.caption(
        f"{v['sample_id']} · status **{v['status']}**"
        + (f" at {v['status_stage']}: {v['status_reason']}" if s["status_stage"] else "")
        + f" · language {v['language']} · source label {v['label']} · cluster {v['dup_cluster']} · {v['n_chars']} chars"
    )
    st.markdown(highlighted(d["segments"]), unsafe_allow_html=True)
    raw_text(s["sample_id"], d["raw_available"], d["raw_note"])
    action_form([s["sample_id"]])
    tabs = st.tabs(["Lineage", "Duplicates", "Annotations & label", "PII findings", "Reviews"])
    with tabs[0]:
        table(d["history"], key="history")
    sections = [
        ("duplicates", "no duplicates"),
        ("annotations", "no annotations"),
        ("pii", "no PII findings"),
        ("reviews", "no reviews"),
    ]
    for tab, (name, empty) in zip(tabs[1:], sections, strict=True):
        with tab:
            if name == "annotations" and d["label"]:
                resolved = d["label"][0]
                st.markdown(f"Resolved label: **{md(resolved['label'])}** ({md(resolved.get('method'))})")
            if d[name] is None:
                st.caption(f"{empty} (that stage has not run yet)")
            else:
                table(d[name], empty, key=f"t_{name}")


st.title("Samples")
flash()
opts = read(filter_options)
if not opts["n_samples"]:
    needs("No samples yet: run `curator ingest FILE --source NAME` first.")
f = filters(opts)
c1, c2 = st.columns([1, 3])
size = c1.selectbox("Per page", PAGE_SIZES, index=1, key="page_size")
rows, total = read(list_samples, f, int(st.session_state.get("page", 1)) - 1, size)
n_pages = max(1, -(-total // size))
if st.session_state.get("page", 1) > n_pages:  # the filters changed under a later page: back to the first
    st.session_state["page"] = 1
    rows, total = read(list_samples, f, 0, size)
c2.number_input(f"Page (of {n_pages:,}; {total:,} samples match)", 1, n_pages, key="page")
clicked = None
if rows:
    event = st.dataframe(rows, hide_index=True, on_select="rerun", selection_mode="single-row", key="sample_list")
    clicked = next((rows[i]["sample_id"] for i in event.selection.rows), None)
    st.caption("click a row to open that sample")
else:
    st.caption("no sample matches these filters")
if rows:
    with st.expander(f"Act on all {len(rows)} samples of this page (one review run)"):
        action_form([r["sample_id"] for r in rows], key="bulk", button="Apply to this page")

ids = [r["sample_id"] for r in rows]
c1, c2 = st.columns(2)
picked = c1.selectbox("Open a sample of this page", ids, index=None, placeholder="choose…", key="open_pick")
typed = c2.text_input("…or a sample id / SOURCE:KEY", key="open_typed")
ref = typed.strip() or picked or clicked or st.query_params.get("sample")
if ref:
    st.query_params["sample"] = ref
    st.divider()
    sample_view(ref)
