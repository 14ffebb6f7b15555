"""Streamlit helpers shared by the review app's pages (apps/review/views): workspace, reads, charts, notices.

Only rendering lives here; every query and action is a function of curator.review.*.

Data is data: st.markdown, st.caption, st.subheader, st.error/success/info… all read Markdown (links, images,
HTML-like autolinks, `$` maths, `:color[…]` directives). Every id, label, source, reason, text or error message
put into one of them goes through `md` (curator.plain.markdown: punctuation escaped, control characters visible);
texts go to st.text / st.dataframe, which show plain text.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from typing import Any, TypeVar

import altair as alt
import streamlit as st

from curator.errors import CuratorError
from curator.plain import markdown as md
from curator.plain import visible
from curator.review import db
from curator.workspace import Workspace, open_workspace

T = TypeVar("T")
MARK_STYLE = "background:#ffe08a;border-radius:3px;padding:0 2px;font-weight:600"


def workspace() -> Workspace:
    """The workspace the app serves (CURATOR_HOME, set by `curator review`); stops the page when there is none."""
    try:
        return open_workspace(os.environ.get("CURATOR_HOME") or None)
    except CuratorError as exc:
        st.error(md(exc))
        st.stop()
        raise  # unreachable: st.stop raises


def read(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """A read-only query; a busy catalog or a user error stops the page with its one-line message."""
    try:
        return db.read(workspace(), fn, *args, **kwargs)
    except CuratorError as exc:
        st.error(md(exc))
        st.stop()
        raise


def needs(message: str) -> None:
    """Explain what to run first, and stop the page."""
    st.info(message)
    st.stop()


def table(rows: list[dict[str, Any]], empty: str = "nothing to show", key: str | None = None) -> None:
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch", key=key)
    else:
        st.caption(empty)


def bar(rows: list[dict[str, Any]], x: str, y: str, color: str | None = None, sort: list[str] | None = None) -> None:
    """A bar chart in the given category order (Streamlit's own charts sort categories alphabetically)."""
    if not rows:
        return
    tips = [f"{k}:{'Q' if isinstance(v, int | float) and not isinstance(v, bool) else 'N'}" for k, v in rows[0].items()]
    enc = {"x": alt.X(f"{x}:N", sort=sort or None, title=x), "y": alt.Y(f"{y}:Q", title=y), "tooltip": tips}
    if color:
        enc["color"] = alt.Color(f"{color}:N")
    st.altair_chart(alt.Chart(alt.Data(values=rows)).mark_bar().encode(**enc), width="stretch")


def heatmap(rows: list[dict[str, Any]], x: str, y: str, value: str) -> None:
    """A confusion-matrix style heatmap with the counts written in the cells."""
    if not rows:
        return
    base = alt.Chart(alt.Data(values=rows)).encode(x=alt.X(f"{x}:N", title=x), y=alt.Y(f"{y}:N", title=y))
    cells = base.mark_rect().encode(color=alt.Color(f"{value}:Q", scale=alt.Scale(scheme="blues")))
    text = base.mark_text(baseline="middle").encode(text=alt.Text(f"{value}:Q"))
    height = max(160, 40 * len({r[y] for r in rows}) + 80)
    st.altair_chart((cells + text).properties(height=height - 80), width="stretch", height=height)


def _html(text: str) -> str:
    """Text for inside the HTML block: escaped, control characters visible, and on ONE source line — a blank line
    would end the HTML block and the rest would be read as Markdown (images, links)."""
    return html.escape(visible(text, newlines=True)).replace("\n", "&#10;")


def highlighted(segments: list[tuple[str, bool]]) -> str:
    """HTML for text with PII placeholders marked (everything escaped, no Markdown can form)."""
    parts = [
        f'<mark class="pii" style="{MARK_STYLE}">{_html(t)}</mark>' if is_pii else _html(t) for t, is_pii in segments
    ]
    return '<div class="sample-text" style="white-space:pre-wrap;line-height:1.6">' + "".join(parts) + "</div>"


def flash(message: str | None = None) -> None:
    """Show (and clear) a message kept across a rerun, or keep one for the next run (shown as plain text)."""
    if message is not None:
        st.session_state["_flash"] = message
        return
    msg = st.session_state.pop("_flash", None)
    if msg:
        st.success(md(msg))


def reviewer() -> str:
    return str(st.session_state.get("reviewer") or os.environ.get("USER") or "curator")


def act(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run an action; a user error (bad input, busy catalog) is shown on one line and stops the page."""
    try:
        return fn(*args, **kwargs)
    except CuratorError as exc:
        st.error(md(exc))
        st.stop()
        raise
