"""Dask decisions: vector's `first_branches` run per case-contiguous partition on a Dask cluster.

The rule semantics stay in the vector backend; this module only ships the partitions with the
compiled rules to the cluster and concatenates the per-partition decisions in the original row order.
`scheduler=None` uses an in-process LocalCluster (threads, started once per process); an address
(`tcp://host:8786`) uses that running scheduler and its workers, which need casereview installed.
`distributed` is imported only when a cluster is needed: it is slow to import.
"""
from __future__ import annotations

import atexit
import importlib.util
from contextlib import contextmanager
from typing import Iterator

import numpy as np
import pandas as pd

from casereview.casefiles.workdays import WorkCalendar
from casereview.engine.backends.base import Backend
from casereview.engine.backends.computed import with_computed
from casereview.engine.backends.dask.cluster import close, connect
from casereview.engine.backends.dask.compile import partition_bounds, partition_count
from casereview.engine.backends.vector.decide import first_branches as vector_first_branches
from casereview.engine.model.pack import CompiledRule, LoadedPack
from casereview.errors import UsageError

_local = None                   # the process's default LocalCluster client, started on first use


def first_branches(compiled: list[CompiledRule], facts: pd.DataFrame, scheduler: str | None = None,
                   partitions: int | None = None, rows_per_partition: int = 50_000,
                   calendar: WorkCalendar | None = None) -> dict[str, np.ndarray]:
    """For each rule, the index of the first branch that holds, per row (as the vector backend).

    `partitions` defaults to max(cluster threads, rows / `rows_per_partition`); the date functions'
    columns are computed here, before partitioning, with `calendar`."""
    facts = with_computed(facts, (b.condition for c in compiled for b in c.branches), calendar)
    if len(facts) == 0:
        return vector_first_branches(compiled, facts)
    with _client(scheduler) as client:
        if partitions is None:
            threads = sum(client.nthreads().values()) or 1
            partitions = partition_count(len(facts), threads, rows_per_partition)
        bounds = partition_bounds(facts, partitions)
        [rules] = client.scatter([compiled], broadcast=True, hash=False)
        parts = client.scatter([facts.iloc[a:b] for a, b in bounds], hash=False)
        futures = client.map(vector_first_branches, [rules] * len(parts), parts, pure=False)
        results = client.gather(futures)
    return {c.rule.id: np.concatenate([r[c.rule.id] for r in results]) for c in compiled}


class DaskBackend(Backend):
    """The vector backend on a Dask cluster (in-process LocalCluster, or a scheduler by address)."""

    name = "dask"
    label = "Dask 集群（按案件分区运行向量化引擎）"
    rows_per_partition = 50_000      # default partition size when `partitions` is not given

    def available(self) -> bool:
        return importlib.util.find_spec("distributed") is not None

    def unavailable_reason(self) -> str:
        return "引擎 dask 需要安装 dask[distributed]（pip install 'dask[distributed]'）"

    def decide(self, loaded: LoadedPack, facts: pd.DataFrame, level: str, *, scheduler: str | None = None,
               partitions: int | None = None, calendar: WorkCalendar | None = None,
               **options) -> dict[str, np.ndarray]:
        if len(facts) and not self.available():
            raise UsageError(self.unavailable_reason())
        return first_branches(loaded.rules(level), facts, scheduler, partitions, self.rows_per_partition, calendar)


@contextmanager
def _client(scheduler: str | None) -> Iterator:
    if scheduler is None:
        yield _local_client()
        return
    client = connect(scheduler)
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
        close(_local)
        _local = None
