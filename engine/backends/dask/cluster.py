"""Dask clients: a running scheduler reached by address, or a LocalCluster of worker processes on this machine.

`distributed` is imported only here, when a cluster is needed: it is slow to import.
"""
from __future__ import annotations

import logging
import os

from casereview.errors import UsageError


def connect(scheduler: str):
    """A client of the scheduler at `scheduler` (tcp://host:8786); unreachable in 10 s: a UsageError."""
    from distributed import Client

    try:
        return Client(scheduler, timeout="10s", set_as_default=False)
    except (OSError, TimeoutError) as e:
        raise UsageError(f"无法连接 Dask 调度器 {scheduler}（{e}）") from None


def local_processes(workers: int | None = None):
    """A client of a new LocalCluster: `workers` processes (default one per core) of one thread each, no
    memory limit (a chunk's memory is bounded by the chunk size, as with --workers), no task profiler."""
    import dask
    from distributed import Client, LocalCluster

    n = workers or os.cpu_count() or 1
    with dask.config.set({"distributed.worker.profile.enabled": False}):     # it samples every task's stack
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, memory_limit=0,
                               dashboard_address=None, silence_logs=logging.ERROR)
    return Client(cluster, set_as_default=False)


def close(client) -> None:
    """The client closed, and its cluster if this process started it."""
    cluster = client.cluster
    client.close()
    if cluster is not None:
        cluster.close()
