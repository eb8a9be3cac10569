"""Dask backend: the vector backend run per case-contiguous partition of the fact table on a Dask cluster.

The rule semantics stay in `engine.backends.vector`; this module only splits the fact table into
partitions that never cut one case file's (or unit's) rows apart, ships them with the compiled
rules to the cluster, and concatenates the per-partition decisions in the original row order.
`scheduler=None` uses an in-process LocalCluster (threads, started once per process); an address
(`tcp://host:8786`) uses that running scheduler and its workers, which need casereview installed.
"""
from __future__ import annotations

import atexit
import math
from contextlib import contextmanager
from typing import Iterator

import numpy as np
import pandas as pd

from casereview.engine.backends import vector
from casereview.errors import UsageError
from casereview.engine.model.pack import CompiledRule

NAME = "dask"
ROWS_PER_PARTITION = 50_000     # default partition size when `partitions` is not given
KEYS = ("case_id", "unit_id")   # the first present column keeps its rows in one partition
_local = None                   # the process's default LocalCluster client, started on first use


def available() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def partition_bounds(facts: pd.DataFrame, partitions: int) -> list[tuple[int, int]]:
    """Row ranges [start, stop) of about equal size; a boundary never splits rows of one key."""
    n = len(facts)
    partitions = max(1, min(partitions, n))
    key = next((facts[k].to_numpy() for k in KEYS if k in facts), None)
    cuts = [0]
    for i in range(1, partitions):
        cut = max(round(i * n / partitions), cuts[-1])
        while key is not None and 0 < cut < n and key[cut] == key[cut - 1]:
            cut += 1
        if cut < n and cut > cuts[-1]:
            cuts.append(cut)
    cuts.append(n)
    return list(zip(cuts[:-1], cuts[1:]))


def decide(compiled: list[CompiledRule], facts: pd.DataFrame, scheduler: str | None = None,
           partitions: int | None = None) -> dict[str, np.ndarray]:
    """For each rule, the index of the first branch that holds, per row (as vector.decide)."""
    if len(facts) == 0:
        return vector.decide(compiled, facts)
    with _client(scheduler) as client:
        if partitions is None:
            threads = sum(client.nthreads().values()) or 1
            partitions = max(threads, math.ceil(len(facts) / ROWS_PER_PARTITION))
        bounds = partition_bounds(facts, partitions)
        [rules] = client.scatter([compiled], broadcast=True, hash=False)
        parts = client.scatter([facts.iloc[a:b] for a, b in bounds], hash=False)
        futures = client.map(vector.decide, [rules] * len(parts), parts, pure=False)
        results = client.gather(futures)
    return {c.rule.id: np.concatenate([r[c.rule.id] for r in results]) for c in compiled}


@contextmanager
def _client(scheduler: str | None) -> Iterator:
    if not available():
        raise UsageError("引擎 dask 需要安装 dask[distributed]（pip install 'dask[distributed]'）")
    from distributed import Client

    if scheduler is None:
        yield _local_client()
        return
    try:
        client = Client(scheduler, timeout="10s", set_as_default=False)
    except (OSError, TimeoutError) as e:
        raise UsageError(f"无法连接 Dask 调度器 {scheduler}（{e}）") from None
    try:
        yield client
    finally:
        client.close()


def _local_client():
    """An in-process LocalCluster (one worker, one thread per core), shared by later calls."""
    global _local
    if _local is None or _local.status != "running":
        from distributed import Client, LocalCluster

        cluster = LocalCluster(processes=False, n_workers=1, dashboard_address=None)
        _local = Client(cluster, set_as_default=False)
        atexit.register(_close_local)
    return _local


def _close_local() -> None:
    global _local
    if _local is not None:
        cluster = _local.cluster
        _local.close()
        cluster.close()
        _local = None
