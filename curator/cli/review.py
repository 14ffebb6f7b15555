"""`curator review`: the curators' Streamlit review app (apps/review), bound to 127.0.0.1."""

from __future__ import annotations

from typing import Annotated

import typer

from curator.cli.app import app, workspace
from curator.cli.render import console
from curator.review import server


@app.command()
def review(port: Annotated[int, typer.Option(help="Port to serve on (loopback only).")] = 8501) -> None:
    """Open the review app. Example: `curator review --port 8501`, then browse http://127.0.0.1:8501."""
    ws = workspace()
    proc = server.start(ws, port)
    console.print(
        f"review app: [bold]{server.url(port)}[/]  (workspace {ws.home}; Ctrl-C stops it)",
        highlight=False,
        soft_wrap=True,
    )
    console.file.flush()
    raise typer.Exit(server.wait(proc))
