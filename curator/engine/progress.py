"""`curator run`'s progress where no bar can be drawn (a log, a pipe, CI): one line per stage every few seconds.

The runner calls the progress callback every POLL_S (curator.engine.process) with the datatrove tasks done so far
(one task per shard and phase). On a terminal the CLI draws a rich bar; otherwise `LogProgress` prints
"langid: 3/8 tasks done, 12 s" (a task is one shard in one phase) when a stage starts, when it finishes,
and every `every` seconds in between ($CURATOR_PROGRESS_EVERY, default 5) — cheap: a clock read per poll.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

DEFAULT_EVERY_S = 5.0


def progress_interval() -> float:
    """Seconds between progress lines: $CURATOR_PROGRESS_EVERY, default 5."""
    try:
        return max(0.0, float(os.environ.get("CURATOR_PROGRESS_EVERY", DEFAULT_EVERY_S)))
    except ValueError:
        return DEFAULT_EVERY_S


class LogProgress:
    """A progress callback (stage, tasks done, tasks total) that writes plain lines to `out` (stderr by default)."""

    def __init__(self, out: TextIO | None = None, every: float | None = None) -> None:
        self.out = out or sys.stderr
        self.every = progress_interval() if every is None else every
        self.started: dict[str, float] = {}
        self.last: dict[str, tuple[float, int]] = {}  # stage -> (time of its last line, tasks done then)

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        first = stage not in self.started
        if first:
            self.started[stage] = now
        last_t, last_done = self.last.get(stage, (now, -1))
        finished = done >= total and last_done < total
        if first or finished or now - last_t >= self.every:  # a heartbeat too: a slow shard is not a hang
            self.last[stage] = (now, done)
            self.out.write(f"{stage}: {done}/{total} tasks done, {now - self.started[stage]:.0f} s\n")
            self.out.flush()
