"""The Typer app object, the global --home option, and one-line errors instead of tracebacks."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from typer.core import TyperGroup

from curator.errors import CuratorError
from curator.plain import visible
from curator.workspace import Workspace, open_workspace, private_umask

_state: dict[str, Any] = {"home": None}

# the --json flag of every command that prints a result (one definition)
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


class CuratorGroup(TyperGroup):
    """Turns a CuratorError raised by any command into `error: …` on stderr and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CuratorError as exc:
            typer.echo(f"error: {visible(exc)}", err=True)  # one line, no escape sequence from data
            raise typer.Exit(1) from None


app = typer.Typer(
    name="curator",
    cls=CuratorGroup,
    help="curator: curate, label and split text datasets, with every decision recorded in one DuckDB catalog.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)


@app.callback()
def _root(
    home: Annotated[
        Path | None, typer.Option("--home", help="Workspace folder (default ./.curator or $CURATOR_HOME).")
    ] = None,
    wait: Annotated[
        float | None,
        typer.Option(
            "--wait",
            min=0,
            metavar="SECONDS",
            help="How long a writing command waits for another writer of the workspace (default 300; $CURATOR_WAIT).",
        ),
    ] = None,
) -> None:
    _state["home"] = home
    private_umask()  # every file a command writes is 0600, every folder 0700
    if wait is not None:
        os.environ["CURATOR_WAIT"] = repr(wait)  # read by curator.catalog.lock (one writer at a time)


def set_home(home: Path | None) -> None:
    if home is not None:
        _state["home"] = home


def workspace() -> Workspace:
    """The workspace for this invocation, or a one-line hint to run `curator init`."""
    return open_workspace(_state["home"])


def sub_app(name: str, help: str) -> typer.Typer:
    """A command group (`curator NAME …`) that shares the error handling of the root app."""
    group = typer.Typer(name=name, cls=CuratorGroup, help=help, no_args_is_help=True, add_completion=False)
    app.add_typer(group, name=name)
    return group
