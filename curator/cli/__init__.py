"""`curator` command line. Thin: parse, call `curator.*`, render.

Each area registers its commands on the shared app in its own module.
"""

from curator.cli import core, eval, labelstudio, pii, revert, review, run, splits, train  # noqa: F401  (registers commands)
from curator.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
