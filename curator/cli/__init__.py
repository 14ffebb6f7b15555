"""`curator` command line. Thin: parse, call `curator.*`, render.

Each area registers its commands on the shared app in its own module.
"""

# noqa: F401 below: each module registers its commands on import
from curator.cli import (  # noqa: F401
    audit_decisions,
    core,
    eval,
    filters,
    labelstudio,
    learn,
    models,
    monitor,
    pii,
    profile,
    revert,
    review,
    run,
    splits,
    train,
)
from curator.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
