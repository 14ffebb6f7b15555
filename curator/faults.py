"""Named kill points for crash-safety tests: ``CURATOR_FAULT_AT=name[,name…]`` makes the process SIGKILL itself there.

Writer commands call ``fault_point("ingest.before_commit")`` and the like at the moments a crash could hurt (after
staging, inside an import transaction, before a file swap). Unset, a call costs one dict lookup. Tests use it to
kill a command at each point, re-run it, and compare the catalog with an uninterrupted run's.
"""

from __future__ import annotations

import os
import signal

ENV = "CURATOR_FAULT_AT"


def fault_point(name: str) -> None:
    """SIGKILL this process when ``name`` is listed in $CURATOR_FAULT_AT (no cleanup, no atexit: a real crash)."""
    wanted = os.environ.get(ENV)
    if wanted and name in wanted.split(","):
        os.kill(os.getpid(), signal.SIGKILL)
