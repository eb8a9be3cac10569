"""Chunks of a streaming review reviewed in worker processes, their totals handed back in chunk order.

Each worker gets the ChunkContext once; per chunk only its ChunkSpec (files, record positions) goes out.
The worker reads the chunk's row groups itself, reviews it, writes its findings and cases parts into the
hidden run folder (a `parts(k)` writer, reports.stream_writer.ChunkParts) and returns its ChunkTotals;
review_spec is that work, shared with the Dask workers of engine.run.stream_dask.
"""
from __future__ import annotations

import multiprocessing
import time
from multiprocessing import forkserver
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterator

from casereview.casefiles.chunks import ChunkedInput, ChunkSpec, read_chunk
from casereview.engine.run.chunk_review import ChunkContext, ChunkTotals, review_chunk

START_METHOD = "forkserver"
PRELOAD = ["casereview.engine.run.stream_pool"]      # imported once by the fork server, not by each worker

_worker: dict = {}        # a worker process's context and parts writer, set once by _start


def warm_up() -> None:
    """The fork server started now (its imports run beside the parent's cutting of the input into chunks), not
    at the first chunk."""
    multiprocessing.get_context(START_METHOD).set_forkserver_preload(PRELOAD)
    forkserver.ensure_running()


def totals_in_pool(ci: ChunkedInput, ctx: ChunkContext, parts: Callable, workers: int) -> Iterator[ChunkTotals]:
    """Each chunk's totals, in chunk order, from `workers` processes; an error in a chunk is raised here
    once the other workers have stopped."""
    warm_up()       # a no-op when review_chunks started it already
    mp = multiprocessing.get_context(START_METHOD)
    pool = ProcessPoolExecutor(min(workers, ci.n_chunks), mp_context=mp, initializer=_start, initargs=(ctx, parts))
    try:
        yield from pool.map(_review_spec, (ci.spec(k) for k in range(ci.n_chunks)))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _start(ctx: ChunkContext, parts: Callable) -> None:
    _worker.update(ctx=ctx, parts=parts)


def _review_spec(spec: ChunkSpec) -> ChunkTotals:
    return review_spec(spec, _worker["ctx"], _worker["parts"])


def review_spec(spec: ChunkSpec, ctx: ChunkContext, parts: Callable) -> ChunkTotals:
    """Chunk `spec` read, reviewed and written as parts by the process running it (a pool worker or a Dask
    worker); its totals, with the CPU time it took, go back."""
    clock = time.process_time()
    result, totals = review_chunk(read_chunk(spec), ctx)
    out = parts(spec.index)
    out.findings(result.findings)
    out.problems(result.findings)
    out.append("cases.csv", result.cases)
    totals.cpu_seconds = time.process_time() - clock
    return totals
