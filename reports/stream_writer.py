"""A run folder written chunk by chunk, byte for byte what reports.run_folder.write_run writes.

findings.csv (or findings.parquet) is in rule order, then case order: each chunk's rows of a rule are appended
to that rule's part file (LZ4-framed CSV lines, reports.findings_file.FindingsPart), and the parts are joined in
rule order at the end, written straight to disk (reports.direct_file) in a thread. Everything goes into a hidden
sibling folder; run.json is written last and the folder renamed into place in one step. The failed and
unknown findings are also kept apart (`.problems`, in findings.csv's format) for the workbook and HTML
report: finish never reads the findings back.
`stream_review` drives engine.run.stream.review_chunks into one.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from functools import partial
from pathlib import Path
from typing import IO, Callable, Iterator

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from casereview.engine.model.pack import LoadedPack
from casereview.engine.run.result import Run
from casereview.engine.run.stream import review_chunks
from casereview.reports.background import Background
from casereview.reports.from_run import PROBLEM_OUTCOMES, load_for_reports
from casereview.reports.csv_file import BOM, append_csv, cell_table, write_csv
from casereview.reports.direct_file import DirectFile
from casereview.reports.due_output import DUE_CSV, for_people
from casereview.reports.findings_file import FILES, FindingsPart, copy_part, join_parquet, write_findings
from casereview.reports.run_folder import COMPLETE_MARKER, check_out_dir

PARTS = ".parts"
HEAD = "head.csv"
PROBLEMS = ".problems"      # the failed and unknown findings, per rule (and chunk), for the workbook and HTML


class StreamWriter:
    def __init__(self, out: Path, rule_order: list[str], findings_format: str = "csv"):
        self.out = Path(out)
        check_out_dir(self.out)
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = self.out.parent / f".{self.out.name}.partial-{os.getpid()}"
        if self.tmp.exists():
            shutil.rmtree(self.tmp)
        (self.tmp / PARTS).mkdir(parents=True)
        (self.tmp / PROBLEMS).mkdir()
        self.rule_order, self.findings_format = rule_order, findings_format
        self._handles: dict[str, IO[bytes] | FindingsPart] = {}
        self._header: pd.DataFrame | None = None
        self._joining = Background(lambda: None)

    def _handle(self, key: str, path: Path) -> tuple[IO[bytes], bool]:
        first = key not in self._handles
        if first:
            self._handles[key] = open(path, "wb")
            self._handles[key].write(BOM)
        return self._handles[key], first

    def findings(self, frame: pd.DataFrame) -> None:
        """One chunk's case findings (rule order, then case order)."""
        if self._header is None:
            self._header = frame.iloc[:0]
        for rule, rows in rule_runs(frame):
            part = self._handles.setdefault(f"part:{rule}", FindingsPart(
                self.tmp / PARTS / f"{self.rule_order.index(rule):04d}", self.findings_format))
            part.write(rows)

    def problems(self, frame: pd.DataFrame) -> None:
        """One chunk's failed and unknown case findings, kept for the reports as findings.csv has them."""
        folder = self.tmp / PROBLEMS
        if not (folder / HEAD).exists():
            with open(folder / HEAD, "wb") as out:
                append_csv(frame.iloc[:0], out, header=True)
        for rule, part in problem_runs(frame):
            key = f"problems:{rule}"
            if key not in self._handles:        # no byte-order mark inside a part
                self._handles[key] = open(folder / f"{self.rule_order.index(rule):04d}.csv", "wb")
            append_csv(part, self._handles[key], header=False)

    def parts_maker(self) -> Callable[[int], ChunkParts]:
        """For worker processes: chunk k's part writer (picklable; an absolute path, for Dask workers too)."""
        return partial(ChunkParts, self.tmp.absolute(), self.rule_order, self.findings_format)

    def scratch(self, name: str) -> Path:
        """Where work handed between processes may go: `.name` in the hidden run folder, removed with it."""
        return self.tmp.absolute() / f".{name}"

    def append(self, name: str, frame: pd.DataFrame) -> None:
        handle, first = self._handle(name, self.tmp / name)
        append_csv(frame, handle, header=first)

    def table(self, name: str, frame: pd.DataFrame) -> None:
        write_csv(frame, self.tmp / name)

    def due(self, due: pd.DataFrame) -> None:
        """The run's due list (engine.run.due's columns) as due.csv, as write_run writes it."""
        self.table(DUE_CSV, for_people(due))

    def close_parts(self, empty_findings: pd.DataFrame, apart=None) -> None:
        """Join the chunks' cases parts, if workers wrote them, into cases.csv, and start joining the rule parts
        into findings.csv or .parquet (header only when there are no findings): that runs beside what follows
        (the checks, the reports, which never read the findings), in a thread or, given a multiprocessing
        context `apart`, in a process of its own (the reports' Python then never holds it up); finish waits."""
        for h in self._handles.values():
            h.close()
        parts = self.tmp / PARTS
        cases = sorted(parts.glob("cases-*.csv"))
        if cases:
            _join(self.tmp / "cases.csv", cases)
        (self.tmp / FILES[self.findings_format]).touch()        # named in the run.json written before the join ends
        args = (self.tmp, self.findings_format, self._header, empty_findings)
        self._joining = Background(join_findings, *args) if apart is None else Apart(apart, join_findings, *args)

    def finish(self, info: dict, extra_writers=(), before_publish=None,
               finding_counts: dict[str, int] | None = None) -> Path:
        """run.json, then `writer(run, folder)` of each extra writer on the run read for its reports (findings:
        the problems kept while streaming, never the findings read back; `finding_counts`: outcome → count),
        run.json again (naming their files), `before_publish(folder)` and the rename into place."""
        info["findings_format"] = self.findings_format      # in place: the Run returned names it too
        result = None
        if extra_writers:
            self._info(info)        # load_for_reports reads run.json
            result = load_for_reports(self.tmp, self._problems_csv(), finding_counts)
        clearing = Background(shutil.rmtree, self.tmp / PROBLEMS)      # unlinking hundreds of parts takes time
        for writer in extra_writers:
            writer(result, self.tmp)
        clearing.wait()
        self._joining.wait()
        if self._joining.apart and "stream" in info:
            info["stream"]["join_cpu_seconds"] = round(self._joining.result, 2)
        self._info(info)
        if before_publish is not None:
            before_publish(self.tmp)
        if self.out.exists():
            self.out.rmdir()
        os.replace(self.tmp, self.out)
        return self.out

    def _problems_csv(self) -> Path | None:
        """The problem parts joined in findings.csv order (rule, then chunk); None without chunks."""
        folder = self.tmp / PROBLEMS
        if not (folder / HEAD).exists():
            return None
        parts = [folder / HEAD] + sorted(p for p in folder.iterdir() if p.name[0].isdigit())
        _join(folder / FILES["csv"], parts, remove=False)       # the folder is removed beside the reports
        return folder / FILES["csv"]

    def _info(self, info: dict) -> None:
        names = {p.name for p in self.tmp.iterdir()} | {COMPLETE_MARKER}
        info = dict(info, files=sorted(names))
        (self.tmp / COMPLETE_MARKER).write_text(json.dumps(info, ensure_ascii=False, indent=2, default=str),
                                                encoding="utf-8")

    def abort(self) -> None:
        for h in self._handles.values():
            h.close()
        self._joining.wait(raising=False)
        shutil.rmtree(self.tmp, ignore_errors=True)


def join_findings(tmp: Path, findings_format: str, header: pd.DataFrame | None,
                  empty_findings: pd.DataFrame) -> float:
    """The rule parts in `tmp`/.parts joined into findings.csv or .parquet, the parts folder removed; the CPU
    seconds it took. `header`: the findings' columns, if the parts' header is not written yet (one process)."""
    clock = time.process_time()
    parts, target = tmp / PARTS, tmp / FILES[findings_format]
    rule_parts = sorted(p for p in parts.iterdir() if p.name[0].isdigit())
    if findings_format == "parquet":
        schema = pq.read_schema(rule_parts[0]) if rule_parts else cell_table(empty_findings).schema
        join_parquet(target, rule_parts, schema)
    else:
        if header is not None:
            with open(parts / HEAD, "wb") as out:
                append_csv(header, out, header=True)
        if not (parts / HEAD).exists():
            write_findings(empty_findings, tmp, "csv")
        else:
            _join(target, [parts / HEAD] + rule_parts)
    shutil.rmtree(parts)
    return time.process_time() - clock


class Apart:
    """Background's contract, the work run in a process of the multiprocessing context given (a function
    importable there, arguments picklable)."""

    apart = True

    def __init__(self, context, work: Callable, *args):
        self.result = None
        self._pool = ProcessPoolExecutor(1, mp_context=context)
        self._future = self._pool.submit(work, *args)

    def wait(self, raising: bool = True) -> None:
        try:
            self.result = self._future.result()
        except BaseException:
            if raising:
                raise
        finally:
            self._pool.shutdown()


class ChunkParts:
    """Chunk k's findings and cases, written by the worker that reviewed it into the hidden run folder:
    findings as `.parts/<rule>-<k>.csv.lz4` (or .parquet), cases as `.parts/cases-<k>.csv`; chunk 0 writes the
    headers."""

    def __init__(self, tmp: Path, rule_order: list[str], findings_format: str, k: int):
        self.parts, self.rule_order, self.findings_format, self.k = Path(tmp) / PARTS, rule_order, findings_format, k

    def findings(self, frame: pd.DataFrame) -> None:
        if self.k == 0 and self.findings_format == "csv":
            with open(self.parts / HEAD, "wb") as out:
                append_csv(frame.iloc[:0], out, header=True)
        for rule, rows in rule_runs(frame):
            part = FindingsPart(self.parts / f"{self.rule_order.index(rule):04d}-{self.k:06d}", self.findings_format)
            part.write(rows)
            part.close()

    def clear(self) -> None:
        """Remove what an earlier attempt at chunk k wrote (findings .csv or .parquet, cases, problems)."""
        for folder in (self.parts, self.parts.parent / PROBLEMS):
            for stale in folder.glob(f"*-{self.k:06d}.*"):
                stale.unlink()

    def problems(self, frame: pd.DataFrame) -> None:
        """Chunk k's failed and unknown findings as `.problems/<rule>-<k>.csv`; chunk 0 writes the header."""
        folder = self.parts.parent / PROBLEMS
        if self.k == 0:
            with open(folder / HEAD, "wb") as out:
                append_csv(frame.iloc[:0], out, header=True)
        for rule, part in problem_runs(frame):
            with open(folder / f"{self.rule_order.index(rule):04d}-{self.k:06d}.csv", "wb") as out:
                append_csv(part, out, header=False)

    def append(self, name: str, frame: pd.DataFrame) -> None:
        with open(self.parts / f"{Path(name).stem}-{self.k:06d}.csv", "wb") as out:
            append_csv(frame, out, header=self.k == 0)


def problem_runs(frame: pd.DataFrame) -> Iterator[tuple[str, pd.DataFrame]]:
    """Each rule's failed and unknown findings in turn, picked within the rule's own run: a take inside one
    Arrow chunk of the frame's per-rule chunks (a take across them first copies the whole column)."""
    for rule, rows in rule_runs(frame):
        picked = rows[rows["outcome"].isin(PROBLEM_OUTCOMES).to_numpy()]
        if len(picked):
            yield rule, picked


def rule_runs(frame: pd.DataFrame) -> Iterator[tuple[str, pd.DataFrame]]:
    """The rows of each rule in turn (findings are in rule order)."""
    if not len(frame):
        return
    codes, rules = pd.factorize(frame["rule_id"], use_na_sentinel=False)    # no Python string per finding
    cuts = np.flatnonzero(codes[1:] != codes[:-1]) + 1
    for lo, hi in zip(np.r_[0, cuts], np.r_[cuts, len(codes)]):
        yield rules[codes[lo]], frame.iloc[lo:hi]


def _join(target: Path, parts: list[Path], remove: bool = True) -> None:
    """One CSV file (with the byte-order mark) from parts written without it; each part removed once copied
    (its pages freed, and not written to disk if they were not yet) unless not to `remove`."""
    with DirectFile(target) as out:
        out.write(BOM)
        for part in parts:
            copy_part(out, part)
            if remove:
                part.unlink()


def stream_review(source: str | Path, loaded: LoadedPack, as_of: date, out: Path, findings_format: str = "csv",
                  **options) -> Run:
    """Review `source` chunk by chunk into the run folder `out` (options: engine.run.stream.review_chunks')."""
    writer = StreamWriter(out, [c.rule.id for c in loaded.compiled], findings_format)
    return review_chunks(source, loaded, as_of, writer, **options)
