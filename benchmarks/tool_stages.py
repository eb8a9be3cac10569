"""The tool's streamed review in this process, with CPU and wall time per stage; prints one JSON line.

    python benchmarks/tool_stages.py PARQUET_FOLDER OUT_DIR CHUNK WORKERS [csv|parquet]

Stages are counted by wrapping the functions the streamed review calls; a wrapped call inside another is
counted to its own stage and taken out of the outer one, so nothing is counted twice: read (read_chunked and
each chunk taken from the Arrow tables), validate, facts, rules, reasons (the findings rows with their Chinese
reasons), scoring, write (the run folder's CSV files), reports (the workbook and the HTML report, written as
`casereview review` writes them); "other" is the rest of the run (unit-level wrap-up, merging counts, checks).
With one process the findings join runs in order (InOrder), not in a thread beside the reports as in the tool.
With WORKERS > 1 the chunks
are reviewed in worker processes, where these wrappers do not reach: only the totals are given then
(the workers' CPU on their chunks comes from the tool's own run.json).
"""
from __future__ import annotations

import functools
import json
import resource
import sys
import time
from datetime import date
from pathlib import Path

from casereview.casefiles.chunks import ChunkedInput
from casereview.cli.main import review_writers
from casereview.engine.model import render
from casereview.engine.model.pack import load_pack
from casereview.engine.run import chunk_review, review, stream
from casereview.engine.run.heap import keep_freed_memory
from casereview.reports import stream_writer
from casereview.reports.stream_writer import StreamWriter, stream_review

AS_OF = date(2026, 11, 20)
STAGES = ("read", "validate", "facts", "rules", "reasons", "scoring", "write", "reports")
WRAPPED = [  # (owner, attribute, stage): each name as the module that calls it looks it up
    (stream, "read_chunked", "read"), (stream, "validate", "validate"), (chunk_review, "validate", "validate"),
    (review, "cut_at", "facts"), (review, "derive_case_facts", "facts"), (review, "derive_unit_facts", "facts"),
    (review, "decide", "rules"), (review, "with_shown", "reasons"), (render, "findings", "reasons"),
    (review, "score_cases", "scoring"), (review, "unit_rates", "scoring"), (review, "unit_scores", "scoring"),
    *[(StreamWriter, m, "write") for m in ("findings", "append", "table", "close_parts", "finish")],
]


class StageClock:
    """CPU and wall seconds per stage: each wrapped call's own time, without the wrapped calls inside it."""

    def __init__(self):
        self.cpu = dict.fromkeys(STAGES, 0.0)
        self.wall = dict.fromkeys(STAGES, 0.0)
        self.inner: list[list[float]] = []      # per open call: CPU and wall of the wrapped calls inside it

    def wrap(self, fn, stage: str):
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            c, w = time.process_time(), time.perf_counter()
            self.inner.append([0.0, 0.0])
            try:
                return fn(*args, **kwargs)
            finally:
                self.add(stage, c, w)
        return timed

    def add(self, stage: str, c: float, w: float) -> None:
        dc, dw = time.process_time() - c, time.perf_counter() - w
        inner_c, inner_w = self.inner.pop() if self.inner else (0.0, 0.0)
        self.cpu[stage] += dc - inner_c
        self.wall[stage] += dw - inner_w
        if self.inner:
            self.inner[-1][0] += dc
            self.inner[-1][1] += dw

    def timed_chunks(self, chunks):
        """ChunkedInput.chunks with the time to take each chunk from the Arrow tables counted as read."""
        @functools.wraps(chunks)
        def timed(ci):
            it = chunks(ci)
            while True:
                c, w = time.process_time(), time.perf_counter()
                self.inner.append([0.0, 0.0])
                try:
                    raw = next(it)
                except StopIteration:
                    return
                finally:
                    self.add("read", c, w)
                yield raw
        return timed


class InOrder:
    """stream_writer.Background run at once, in this thread: the findings join, which the tool runs in a thread
    beside the reports, is counted to write rather than to whichever stage it overlaps."""

    apart = False

    def __init__(self, work, *args):
        self.result = work(*args)

    def wait(self, raising: bool = True) -> None:
        pass


def instrument(clock: StageClock) -> None:
    stream_writer.Background = InOrder
    for owner, name, stage in WRAPPED:
        setattr(owner, name, clock.wrap(getattr(owner, name), stage))
    ChunkedInput.chunks = clock.timed_chunks(ChunkedInput.chunks)


def run(folder: Path, out: Path, chunk: int, workers: int, findings_format: str = "csv") -> dict:
    loaded = load_pack()
    keep_freed_memory()         # as `casereview review` does for a streamed review
    clock = StageClock()
    if workers == 1:
        instrument(clock)
    c0, w0 = time.process_time(), time.perf_counter()
    writers = [clock.wrap(w, "reports") for w in review_writers()]
    result = stream_review(folder, loaded, AS_OF, out, findings_format, chunk_size=chunk, workers=workers,
                           extra_writers=writers)
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    info = result.info["stream"]
    stages = None
    if workers == 1:
        stages = {s: {"cpu": round(clock.cpu[s], 3), "wall": round(clock.wall[s], 3)} for s in STAGES}
        stages["other"] = {"cpu": round(cpu - sum(clock.cpu.values()), 3),
                           "wall": round(wall - sum(clock.wall.values()), 3)}
    return {"cases": len(result.cases), "findings": int(len(result.findings)), "chunks": info["chunks"],
            "files": sorted(p.name for p in out.iterdir()), "note": info.get("note"),
            "workers": workers, "cpu_main": round(cpu, 3), "worker_cpu": info.get("worker_cpu_seconds", 0.0),
            "wall": round(wall, 3), "stages": stages,
            "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


if __name__ == "__main__":
    src, dest, size, k, *fmt = sys.argv[1:]
    print(json.dumps(run(Path(src), Path(dest), int(size), int(k), *fmt), ensure_ascii=False), flush=True)
