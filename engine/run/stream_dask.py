"""Chunks of a streaming review reviewed on a Dask cluster, their totals handed back in chunk order.

The same per-chunk work as the process pool (engine.run.stream_pool.review_spec): each task reads its
chunk's row groups, validates, derives facts, decides, renders and writes its findings and cases parts into
the hidden run folder; only its ChunkTotals come back. The ChunkContext and the parts writer are scattered
to every worker once. Workers read the input and write the parts themselves, so on several machines both
must be on shared storage at the same path: checked on every worker before the first chunk.
A few chunks per worker thread are in flight at a time; on an error, those finish before the run folder is
removed, so no worker writes into it afterwards.
"""
from __future__ import annotations

import dataclasses
from collections import deque
from pathlib import Path
from typing import Callable, Iterator

from casereview.casefiles.chunks import ChunkedInput, ChunkSpec
from casereview.engine.backends.dask.cluster import close, connect, local_processes
from casereview.engine.run.chunk_review import ChunkContext, ChunkTotals
from casereview.engine.run.stream_pool import review_spec
from casereview.errors import UsageError

AHEAD = 2                   # chunks in flight per worker thread
SHARED_STORAGE = "多机集群须把输入文件夹和输出目录放在每台工作机都能以同一路径访问的共享存储上"


def on_dask(engine: str, scheduler: str | None) -> bool:
    """A streamed review runs on Dask with --engine dask, or with any engine when a scheduler is given."""
    return engine == "dask" or scheduler is not None


def worker_engine(engine: str) -> str:
    """The rule engine inside a Dask worker: vector for --engine dask (a worker decides its chunk itself)."""
    return "vector" if engine == "dask" else engine


class DaskChunks:
    """Each chunk's totals, in chunk order, from the workers of `scheduler` (None: a LocalCluster of
    `workers` processes, one per core when `workers` is 1); closing waits for the chunks in flight."""

    def __init__(self, ci: ChunkedInput, ctx: ChunkContext, parts: Callable, scheduler: str | None,
                 workers: int = 1):
        if scheduler is not None and workers > 1:
            raise UsageError("给出 --scheduler 时由集群的工作进程评查，--workers 不适用：请去掉 --workers")
        self.ci, self.in_flight = ci, deque()
        self.client = connect(scheduler) if scheduler is not None else local_processes(workers if workers > 1 else None)
        try:
            self.threads = sum(self.client.nthreads().values())
            if not self.threads:
                raise UsageError(f"Dask 调度器 {scheduler} 没有工作进程：请先启动 dask worker")
            check_shared(self.client, [f for f, _, _ in _absolute(ci.spec(0)).files.values()], parts(0).parts)
            ctx = dataclasses.replace(ctx, engine=worker_engine(ctx.engine), scheduler=None)
            self.shared = self.client.scatter([ctx, parts], broadcast=True, hash=False)
        except BaseException:
            close(self.client)
            raise

    def __iter__(self) -> Iterator[ChunkTotals]:
        ahead = AHEAD * self.threads
        for k in range(self.ci.n_chunks):
            spec = _absolute(self.ci.spec(k))
            self.in_flight.append(self.client.submit(_review, spec, *self.shared, pure=False))
            if len(self.in_flight) >= ahead:
                yield self.in_flight.popleft().result()
        while self.in_flight:
            yield self.in_flight.popleft().result()

    def close(self) -> None:
        """The chunks in flight finished (their errors ignored), then the client closed."""
        if self.client.status == "closed":
            return
        try:
            for future in self.in_flight:
                future.exception()          # waits; the chunk's error, if any, is not this one's
        finally:
            self.in_flight.clear()
            close(self.client)


def check_shared(client, inputs: list[str], parts: Path) -> None:
    """Every worker sees the input files and the hidden run folder; otherwise a UsageError naming the worker."""
    seen = client.run(_missing, [*inputs, str(parts)])
    for worker, missing in sorted(seen.items()):
        if missing:
            what = "输出目录" if missing[0] == str(parts) else "输入文件"
            raise UsageError(f"Dask 工作进程 {worker} 看不到{what} {missing[0]}：{SHARED_STORAGE}")


def _missing(paths: list[str]) -> list[str]:
    return [p for p in paths if not Path(p).exists()]


def _absolute(spec: ChunkSpec) -> ChunkSpec:
    """The spec with absolute file paths: a worker's working folder is not the client's."""
    files = {t: (str(Path(f).absolute()), *rest) for t, (f, *rest) in spec.files.items()}
    return dataclasses.replace(spec, files=files)


def _review(spec: ChunkSpec, ctx: ChunkContext, parts: Callable) -> ChunkTotals:
    """review_spec, after removing what an earlier attempt at this chunk wrote (a task is run again when its
    worker dies): the parts are then written once."""
    parts(spec.index).clear()
    return review_spec(spec, ctx, parts)
