"""Chunks of a streaming review reviewed in worker processes, their totals handed back in chunk order.

Each worker gets the ChunkContext once; per chunk, its ChunkSpec and its records, read by this process
(casefiles.chunk_reader: each Parquet file decoded once, not a whole row group per chunk) a few chunks ahead of
the workers and handed over as files in a folder of the hidden run folder. The worker reviews the chunk, writes
its findings and cases parts into the hidden run folder (a `parts(k)` writer, reports.stream_writer.ChunkParts)
and returns its ChunkTotals. review_spec is the same
work for a process that reads its chunk itself (the Dask workers of engine.run.stream_dask).
"""
from __future__ import annotations

import multiprocessing
import os
import shutil
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import forkserver
from pathlib import Path
from typing import Callable, Iterator

import psutil

from casereview.casefiles.chunk_reader import ChunkReader, raw_chunk
from casereview.casefiles.chunks import ChunkedInput, ChunkSpec, read_chunk
from casereview.casefiles.readers import RawTable
from casereview.engine.run.chunk_review import ChunkContext, ChunkTotals, review_chunk
from casereview.engine.run.heap import keep_freed_memory

START_METHOD = "forkserver"
PRELOAD = ["casereview.engine.run.stream_pool"]      # imported once by the fork server, not by each worker
AHEAD = 1           # chunks read and queued beyond one per worker, so no worker waits for the next

_worker: dict = {}        # a worker process's context and parts writer, set once by _start

WORKER_BYTES_PER_CASE = (5 << 28) // 50_000   # 1.25 GiB a chunk of 50,000 cases (a worker's peak ~1 GiB, measured)
PARENT_BYTES = 3 << 29                        # 1.5 GiB kept for the process cutting and reading the chunks


def auto_workers(chunk_size: int, cpus: int | None = None, available: int | None = None,
                 chunks: int | None = None) -> int:
    """Worker processes for a streamed review when none are asked for: one per core this process may use, as
    many as the memory available holds beside the parent, no more than the `chunks` there are, at least one."""
    cpus = cpus or usable_cpus()
    available = psutil.virtual_memory().available if available is None else available
    fit = (available - PARENT_BYTES) // (WORKER_BYTES_PER_CASE * max(1, chunk_size))
    return int(max(1, min(cpus, fit, cpus if chunks is None else chunks)))


def usable_cpus() -> int:
    """The cores this process may run on (its affinity, not the machine's count)."""
    if hasattr(os, "process_cpu_count"):          # Python 3.13
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def warm_up() -> None:
    """The fork server started now (its imports run beside the parent's cutting of the input into chunks), not
    at the first chunk."""
    multiprocessing.get_context(START_METHOD).set_forkserver_preload(PRELOAD)
    forkserver.ensure_running()


def pool_context():
    """The pool's multiprocessing context, for other work done in a process of its own (the findings join)."""
    return multiprocessing.get_context(START_METHOD)


def totals_in_pool(ci: ChunkedInput, ctx: ChunkContext, parts: Callable, workers: int,
                   folder: Path) -> Iterator[ChunkTotals]:
    """Each chunk's totals, in chunk order, from `workers` processes, the chunks handed over through `folder`
    (made here, removed at the end); an error in a chunk is raised here once the other workers have stopped."""
    warm_up()       # a no-op when review_chunks started it already
    mp = pool_context()
    workers = min(workers, ci.n_chunks)
    pool = ProcessPoolExecutor(workers, mp_context=mp, initializer=_start, initargs=(ctx, parts))
    folder.mkdir()
    reader = ChunkReader(ci, folder)
    pending: deque[Future] = deque()
    try:
        for k in range(ci.n_chunks):
            pending.append(pool.submit(_review_read, *reader.read(k)))
            if len(pending) > workers + AHEAD:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(folder, ignore_errors=True)       # the files of chunks cancelled by an error


def _start(ctx: ChunkContext, parts: Callable) -> None:
    keep_freed_memory()     # a worker lives for one review
    _worker.update(ctx=ctx, parts=parts)


def _review_read(spec: ChunkSpec, data: dict[str, str]) -> ChunkTotals:
    clock = time.process_time()
    return review_raw(spec.index, raw_chunk(spec, data), _worker["ctx"], _worker["parts"], clock)


def review_spec(spec: ChunkSpec, ctx: ChunkContext, parts: Callable) -> ChunkTotals:
    """Chunk `spec` read, reviewed and written as parts by the process running it (a Dask worker); its totals,
    with the CPU time it took, go back."""
    clock = time.process_time()
    return review_raw(spec.index, read_chunk(spec), ctx, parts, clock)


def review_raw(k: int, raw: dict[str, RawTable], ctx: ChunkContext, parts: Callable, clock: float) -> ChunkTotals:
    """Chunk `k`'s raw tables reviewed and written as parts; its totals carry the CPU time since `clock`."""
    result, totals = review_chunk(raw, ctx)
    del raw
    out = parts(k)
    out.findings(result.findings)
    out.problems(result.findings)
    out.append("cases.csv", result.cases)
    totals.cpu_seconds = time.process_time() - clock
    return totals
