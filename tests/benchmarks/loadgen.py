"""A bounded local load generator for HTTP JSON services, and a server child process to drive.

`drive(port, bodies, concurrency)`: `concurrency` threads, each with one keep-alive `http.client` connection, send
the pre-encoded bodies (POST /predict) until all are sent — never more than `concurrency` requests in flight;
returns each request's latency. Only the stdlib on the client side, so the client costs little of the 2 cores.
"""

from __future__ import annotations

import http.client
import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass
class Load:
    latencies_s: list[float]
    wall_s: float
    errors: int


def drive(port: int, bodies: list[bytes], concurrency: int, path: str = "/predict") -> Load:
    """Send every body once with at most `concurrency` in flight; a non-200 answer counts as an error."""
    latencies: list[float] = []
    errors = [0]
    lock, it = threading.Lock(), iter(bodies)
    headers = {"Content-Type": "application/json"}

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        own: list[float] = []
        bad = 0
        while True:
            with lock:
                body = next(it, None)
            if body is None:
                break
            t0 = time.perf_counter()
            conn.request("POST", path, body=body, headers=headers)
            resp = conn.getresponse()
            resp.read()
            own.append(time.perf_counter() - t0)
            bad += resp.status != 200
        conn.close()
        with lock:
            latencies.extend(own)
            errors[0] += bad

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return Load(latencies, time.perf_counter() - t0, errors[0])


def latency_ms(latencies_s: list[float]) -> dict[str, float]:
    """p50 and p99 of per-request latencies, in milliseconds."""
    arr = np.asarray(latencies_s) * 1000
    return {"p50_ms": round(float(np.percentile(arr, 50)), 2), "p99_ms": round(float(np.percentile(arr, 99)), 2)}


class Server:
    """A server child process on `port`; `started_s` is the time from spawn to its first answer on /health."""

    def __init__(self, cmd: list[str], port: int, env: dict[str, str], log: Path, timeout: float = 120) -> None:
        self.port, self.log = port, log
        t0 = time.perf_counter()
        self._out = open(log, "w")  # noqa: SIM115 — closed in stop()
        self.proc = subprocess.Popen(cmd, env={**os.environ, **env}, stdout=self._out, stderr=subprocess.STDOUT)
        self._wait(timeout)
        self.started_s = time.perf_counter() - t0

    def _wait(self, timeout: float) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited ({self.proc.returncode}): {self.log.read_text()[-2000:]}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/health")
                ok = conn.getresponse().status == 200
                conn.close()
                if ok:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"server did not answer /health in {timeout:.0f}s: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._out.close()
