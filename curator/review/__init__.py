"""The review app's library: every query and action the Streamlit pages (and the CLI) call.

All aggregation runs in DuckDB over short read-only connections; only one page of rows ever reaches Python.
"""
