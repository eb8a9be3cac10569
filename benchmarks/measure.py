"""One measurement in a fresh process (so peak RSS is its own); prints one JSON line on stdout.

    python benchmarks/measure.py review N        load → facts → rules → findings → scoring → write
    python benchmarks/measure.py engines N       vector and durable_rules on the same N files
    python benchmarks/measure.py xlsx N          xlsx intake of the workbook of N case files
    python benchmarks/measure.py profile N [K]   cProfile of load + review + write, top K entries
    python benchmarks/measure.py stream N [C] [G] streaming review (chunks of C cases) under an
                                                 address-space cap of G GiB (default 8)
    python benchmarks/measure.py stream-profile N [C] [K]  cProfile of the streaming review
    python benchmarks/measure.py stream-workers N [C] [K]  streaming review in K worker processes
"""
from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import resource
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from data import parquet_input, xlsx_input  # noqa: E402

AS_OF = date(2026, 11, 20)


def peak_rss_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)   # Linux: KiB


def cpu_seconds() -> float:
    """User + system CPU time of this process: less sensitive than wall time to a busy shared machine."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return round(r.ru_utime + r.ru_stime, 2)


def stage_done(stage: str, seconds: float) -> None:
    """A finished stage on stderr at once, so a run stopped for its memory still shows how far it got."""
    import psutil

    rss = psutil.Process().memory_info().rss / 2**20
    print(json.dumps({"stage": stage, "seconds": round(seconds, 3), "rss_mib": round(rss, 1),
                      "peak_rss_mib": peak_rss_mib()}), file=sys.stderr, flush=True)


def full_review(source: Path, out: Path, engine: str = "vector") -> dict:
    """The whole run as `casereview review` does it, with a wall-clock time per stage."""
    from casereview.casefiles.loader import load_casefiles
    from casereview.engine.model.pack import load_pack
    from casereview.engine.run.review import review
    from casereview.reports.run_folder import write_run

    loaded = load_pack()
    t0 = time.perf_counter()
    cfs = load_casefiles(source)
    t1 = time.perf_counter()
    stage_done("load", t1 - t0)
    marks = {}

    def progress(stage: str, done: int, total: int) -> None:
        marks.setdefault(stage, time.perf_counter())
        if done == total and done:
            stage_done(stage, time.perf_counter() - marks[stage])

    result = review(cfs, loaded, AS_OF, engine=engine, progress=progress)
    t2 = time.perf_counter()
    write_run(result, out)
    t3 = time.perf_counter()
    stage_done("write", t3 - t2)
    stages = {"load": t1 - t0, **result.info["timings"], "write": t3 - t2}
    return {"cases": len(result.cases), "findings": len(result.findings),
            "stages": {k: round(v, 3) for k, v in stages.items()}, "total": round(t3 - t0, 3)}


def task_review(n: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="casereview-bench-") as tmp:
        out = full_review(parquet_input(n), Path(tmp) / "run")
    return {**out, "peak_rss_mib": peak_rss_mib(), "cpu_s": cpu_seconds()}


def task_engines(n: int) -> dict:
    from casereview.casefiles.loader import load_casefiles
    from casereview.engine.model.pack import load_pack
    from casereview.engine.run.review import review

    cfs, loaded = load_casefiles(parquet_input(n)), load_pack()
    out = {}
    for engine in ("vector", "durable"):
        t = time.perf_counter()
        result = review(cfs, loaded, AS_OF, engine=engine)
        out[engine] = {"review": round(time.perf_counter() - t, 3), "rules": result.info["timings"]["rules"]}
    return {"cases": n, **out, "peak_rss_mib": peak_rss_mib()}


def task_xlsx(n: int) -> dict:
    from casereview.casefiles.loader import load_casefiles

    source = xlsx_input(n)
    t = time.perf_counter()
    cfs = load_casefiles(source)
    seconds = time.perf_counter() - t
    rows = sum(cfs.counts_in.values())
    return {"cases": n, "rows": rows, "seconds": round(seconds, 3), "peak_rss_mib": peak_rss_mib()}


def task_profile(n: int, top: int = 25) -> dict:
    source = parquet_input(n)
    prof = cProfile.Profile()
    with tempfile.TemporaryDirectory(prefix="casereview-bench-") as tmp:
        prof.enable()
        full_review(source, Path(tmp) / "run")
        prof.disable()
    text = {}
    for key in ("cumulative", "tottime"):
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).strip_dirs().sort_stats(key).print_stats(top)
        text[key] = buf.getvalue().split("\n", 6)[-1]    # drop the header lines
        shutil.rmtree(tmp, ignore_errors=True)
    return {"cases": n, "profile": text}


def stream_run(source: Path, out: Path, chunk: int, workers: int = 1) -> dict:
    from casereview.engine.model.pack import load_pack
    from casereview.engine.run.heap import keep_freed_memory
    from casereview.reports.stream_writer import stream_review

    loaded = load_pack()
    keep_freed_memory()         # as `casereview review` does for a streamed review
    t0 = time.perf_counter()
    marks = [t0]

    def progress(stage: str, done: int, total: int) -> None:
        marks.append(time.perf_counter())
        stage_done(f"{stage} {done}/{total}", marks[-1] - marks[-2])

    result = stream_review(source, loaded, AS_OF, out, chunk_size=chunk, progress=progress, workers=workers)
    total = time.perf_counter() - t0
    stages = dict(result.info["timings"])
    stages["read+validate+write"] = total - sum(stages.values())
    return {"cases": len(result.cases), "chunks": result.info["stream"]["chunks"], "chunk": chunk,
            "stages": {k: round(v, 3) for k, v in stages.items()}, "total": round(total, 3),
            "worker_cpu_s": result.info["stream"].get("worker_cpu_seconds", 0.0)}


def task_stream(n: int, chunk: int = 50_000, cap_gib: int = 8) -> dict:
    """The streaming review under a hard address-space cap (a run that passes it fails, not the machine)."""
    resource.setrlimit(resource.RLIMIT_AS, (cap_gib * 2**30, cap_gib * 2**30))
    load_before = os.getloadavg()[0]
    source = parquet_input(n)
    with tempfile.TemporaryDirectory(prefix="casereview-bench-") as tmp:
        out = stream_run(source, Path(tmp) / "run", chunk)
    return {**out, "peak_rss_mib": peak_rss_mib(), "cpu_s": cpu_seconds(), "cap_gib": cap_gib,
            "load": [round(load_before, 1), round(os.getloadavg()[0], 1)]}


def task_stream_workers(n: int, chunk: int = 25_000, workers: int = 2) -> dict:
    """The streaming review with `workers` processes: wall time, this process's CPU and the workers' CPU
    on their chunks (their start-up not counted), and the machine's load before and after."""
    load_before = os.getloadavg()[0]
    source = parquet_input(n)
    with tempfile.TemporaryDirectory(prefix="casereview-bench-") as tmp:
        out = stream_run(source, Path(tmp) / "run", chunk, workers)
    return {**out, "workers": workers, "peak_rss_mib": peak_rss_mib(), "cpu_s": cpu_seconds(),
            "load": [round(load_before, 1), round(os.getloadavg()[0], 1)]}


def task_stream_profile(n: int, chunk: int = 50_000, top: int = 25) -> dict:
    source = parquet_input(n)
    prof = cProfile.Profile()
    with tempfile.TemporaryDirectory(prefix="casereview-bench-") as tmp:
        prof.enable()
        stream_run(source, Path(tmp) / "run", chunk)
        prof.disable()
    text = {}
    for key in ("cumulative", "tottime"):
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).strip_dirs().sort_stats(key).print_stats(top)
        text[key] = buf.getvalue().split("\n", 6)[-1]
    return {"cases": n, "chunk": chunk, "profile": text}


TASKS = {"review": task_review, "stream": task_stream, "stream-profile": task_stream_profile,
         "stream-workers": task_stream_workers, "engines": task_engines, "xlsx": task_xlsx, "profile": task_profile}

if __name__ == "__main__":
    task, *args = sys.argv[1:]
    print(json.dumps(TASKS[task](*map(int, args)), ensure_ascii=False), flush=True)
