"""The tool's streamed review in this process, with CPU and wall time per stage; prints one JSON line.

    python benchmarks/tool_stages.py PARQUET_FOLDER OUT_DIR CHUNK WORKERS

Stages are counted by wrapping the functions the streamed review calls (outermost call only, so nothing
is counted twice): read (read_chunked and each chunk taken from the Arrow tables), validate, facts, rules,
reasons (the findings rows with their Chinese reasons), scoring, write (the run folder's CSV files);
"other" is the rest of the run (unit-level wrap-up, merging counts, checks). With WORKERS > 1 the chunks
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
from casereview.engine.model import render
from casereview.engine.model.pack import load_pack
from casereview.engine.run import chunk_review, review, stream
from casereview.reports.stream_writer import StreamWriter, stream_review

AS_OF = date(2026, 11, 20)
STAGES = ("read", "validate", "facts", "rules", "reasons", "scoring", "write")
WRAPPED = [  # (owner, attribute, stage): each name as the module that calls it looks it up
    (stream, "read_chunked", "read"), (stream, "validate", "validate"), (chunk_review, "validate", "validate"),
    (review, "cut_at", "facts"), (review, "derive_case_facts", "facts"), (review, "derive_unit_facts", "facts"),
    (review, "decide", "rules"), (review, "with_shown", "reasons"), (render, "findings", "reasons"),
    (review, "score_cases", "scoring"), (review, "unit_rates", "scoring"), (review, "unit_scores", "scoring"),
    *[(StreamWriter, m, "write") for m in ("findings", "append", "table", "close_parts", "finish")],
]


class StageClock:
    """CPU and wall seconds per stage, added up over the outermost wrapped calls."""

    def __init__(self):
        self.cpu = dict.fromkeys(STAGES, 0.0)
        self.wall = dict.fromkeys(STAGES, 0.0)
        self.depth = 0

    def wrap(self, fn, stage: str):
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            if self.depth:
                return fn(*args, **kwargs)
            self.depth += 1
            c, w = time.process_time(), time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.add(stage, c, w)
                self.depth -= 1
        return timed

    def add(self, stage: str, c: float, w: float) -> None:
        self.cpu[stage] += time.process_time() - c
        self.wall[stage] += time.perf_counter() - w

    def timed_chunks(self, chunks):
        """ChunkedInput.chunks with the time to take each chunk from the Arrow tables counted as read."""
        @functools.wraps(chunks)
        def timed(ci):
            it = chunks(ci)
            while True:
                c, w = time.process_time(), time.perf_counter()
                try:
                    raw = next(it)
                except StopIteration:
                    return
                finally:
                    self.add("read", c, w)
                yield raw
        return timed


def instrument(clock: StageClock) -> None:
    for owner, name, stage in WRAPPED:
        setattr(owner, name, clock.wrap(getattr(owner, name), stage))
    ChunkedInput.chunks = clock.timed_chunks(ChunkedInput.chunks)


def run(folder: Path, out: Path, chunk: int, workers: int) -> dict:
    loaded = load_pack()
    clock = StageClock()
    if workers == 1:
        instrument(clock)
    c0, w0 = time.process_time(), time.perf_counter()
    result = stream_review(folder, loaded, AS_OF, out, chunk_size=chunk, workers=workers)
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    info = result.info["stream"]
    stages = None
    if workers == 1:
        stages = {s: {"cpu": round(clock.cpu[s], 3), "wall": round(clock.wall[s], 3)} for s in STAGES}
        stages["other"] = {"cpu": round(cpu - sum(clock.cpu.values()), 3),
                           "wall": round(wall - sum(clock.wall.values()), 3)}
    return {"cases": len(result.cases), "findings": int(len(result.findings)), "chunks": info["chunks"],
            "workers": workers, "cpu_main": round(cpu, 3), "worker_cpu": info.get("worker_cpu_seconds", 0.0),
            "wall": round(wall, 3), "stages": stages,
            "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


if __name__ == "__main__":
    src, dest, size, k = sys.argv[1:]
    print(json.dumps(run(Path(src), Path(dest), int(size), int(k)), ensure_ascii=False), flush=True)
