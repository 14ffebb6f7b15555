"""datatrove executors by name: local (default), ray, slurm."""

from __future__ import annotations

import os
from typing import Any

from curator.errors import CuratorError

EXECUTORS = ("local", "ray", "slurm")


def make_executor(
    kind: str,
    pipeline: list[Any],
    tasks: int,
    workers: int,
    logging_dir: str,
    options: dict[str, Any] | None = None,
    depends: Any = None,
) -> Any:
    """A datatrove executor for one phase of a stage."""
    options = dict(options or {})
    if kind == "local":
        from datatrove.executor import LocalPipelineExecutor

        # fork: the launcher is a small child process of our own (no threads, no catalog connection), so its
        # workers can inherit the modules it already imported instead of re-importing datatrove, spaCy, fastText…
        return LocalPipelineExecutor(
            pipeline, tasks=tasks, workers=max(1, min(workers, tasks)), logging_dir=logging_dir, start_method="fork"
        )
    if kind == "ray":
        from datatrove.executor.ray import RayPipelineExecutor

        options.setdefault("mem_per_cpu_gb", 1)
        return RayPipelineExecutor(
            pipeline, tasks=tasks, workers=max(1, min(workers, tasks)), logging_dir=logging_dir, **options
        )
    if kind == "slurm":
        from datatrove.executor.slurm import SlurmPipelineExecutor

        options.setdefault("time", "02:00:00")
        options.setdefault("partition", os.environ.get("CURATOR_SLURM_PARTITION", "default"))
        options.setdefault("job_name", "curator")
        return SlurmPipelineExecutor(
            pipeline, tasks=tasks, workers=workers, logging_dir=logging_dir, depends=depends, **options
        )
    raise CuratorError(f"--executor {kind!r}: use {', '.join(EXECUTORS)}")


def init_ray(workers: int) -> None:
    """Connect to RAY_ADDRESS, or start a local head bound to 127.0.0.1."""
    import ray

    if ray.is_initialized():
        return
    address = os.environ.get("RAY_ADDRESS")
    if address:
        ray.init(address=address, log_to_driver=False)
    else:
        ray.init(num_cpus=max(1, workers), include_dashboard=False, _node_ip_address="127.0.0.1", log_to_driver=False)
