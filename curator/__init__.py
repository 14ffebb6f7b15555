"""curator: data-centric dataset curation and labeling, one DuckDB catalog for every decision.

In Python (a notebook): `ws = curator.open("./ws")`, then `ws.samples()`, `ws.explain(id)`, `ws.runs()`,
`ws.splits()`, `ws.split("name@version")`, `ws.query(sql)` (see docs/python-api.md and curator/api.py).
The API loads on first use, so `import curator.<module>` (the CLI, datatrove workers) does not pay for it.
"""

from typing import Any

from curator.version import __version__

__all__ = ["CuratorWorkspace", "__version__", "open"]


def __getattr__(name: str) -> Any:
    if name in ("open", "CuratorWorkspace"):
        from curator import api

        return getattr(api, name)
    raise AttributeError(f"module 'curator' has no attribute {name!r}")
