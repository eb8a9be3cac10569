"""Streaming review: a Parquet folder reviewed in case chunks, with memory bounded by the chunk size.

Each chunk (its cases and their child records, see casefiles.chunks) is validated and reviewed by
engine.run.review.review and its rows handed to a writer (reports.stream_writer.StreamWriter, which
appends them to the run folder); what spans chunks is accumulated:
rejects, record counts, unit-level facts and findings, and the unit outcome counts behind units.csv.
The run folder is byte for byte what review + write_run give for the same input (run.json differs
only in timings and its `stream` entry); each chunk lists its cases' due items (a case's obligations are its
own), sorted together at the end.
Invariants are checked in memory: each chunk by review, what spans chunks (counts, each case once,
unit findings) at the end; cases never span chunks, so nothing is read back.
With workers > 1, chunks are reviewed in worker processes (engine.run.stream_pool), with --engine dask or a
scheduler on a Dask cluster (engine.run.stream_dask), and their totals added in chunk order, so the run
folder is the same as with one process.
"""
from __future__ import annotations

import time
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd

from casereview.casefiles.asof import order_listing
from casereview.casefiles.chunks import ChunkedInput, read_chunked
from casereview.casefiles.columns import ColumnReport, column_report, require_columns
from casereview.engine.facts.derive import derive_unit_facts
from casereview.casefiles.loader import load_mapping
from casereview.casefiles.readers import Names, RawTable
from casereview.engine.model.schema import TABLES
from casereview.casefiles.tables import RECORD, CaseFileSet, empty_after_as_of, empty_rejects
from casereview.casefiles.validate import validate
from casereview.casefiles.workdays import WorkCalendar
from casereview.engine.model import render
from casereview.engine.run.aggregate import (UNIT_SCORES_CSV, merge_counts, outcome_counts, rates_from_counts,
                                             unit_scores)
from casereview.errors import InputError
from casereview.engine.run.invariants import (AFTER_AS_OF_CSV, InvariantError, after_problems, once_problems,
                                               count_problems, rejected_case_ids, unit_problems)
from casereview.engine.model.pack import LoadedPack, pack_summary
from casereview.engine.run.result import OFFICERS_CSV, Run, officer_frame, officer_names
from casereview.engine.run.chunk_review import SUMMARY_CASE_COLUMNS, ChunkContext, ChunkTotals, review_chunk
from casereview.engine.run.due import DUE_COLUMNS, sort_due
from casereview.engine.run.review import decide
from casereview.engine.run.stream_dask import DaskChunks, on_dask, worker_engine
from casereview.engine.run.stream_pool import pool_context, totals_in_pool, warm_up

DEFAULT_CHUNK = 50_000
AUTO_STREAM_CASES = DEFAULT_CHUNK     # Parquet inputs above this are reviewed in chunks by the CLI (2 or more)
STAGE = "分块评查"


class _Totals:
    """What must be global: rejects and records after the as-of date, counts, unit order and outcome counts,
    timings."""

    def __init__(self, ci: ChunkedInput):
        self.ci = ci
        self.shared: dict[str, pd.DataFrame] = {}
        self.rejects: dict[str, list[pd.DataFrame]] = {t: [] for t in TABLES}
        self.kept = {t: 0 for t in TABLES}
        self.after: list[pd.DataFrame] = []
        self.case_units: dict[str, None] = {}
        self.counts: list[pd.Series] = []
        self.outcomes: list[pd.Series] = []
        self.cases: list[pd.DataFrame] = []
        self.due: list[pd.DataFrame] = []
        self.timings: dict[str, float] = {}
        self.workers = 1
        self.pool = False            # the chunks were reviewed in the process pool (its fork server is running)
        self.worker_cpu = 0.0
        self.columns = ColumnReport()

    def add(self, chunk: ChunkTotals) -> None:
        for t, n in chunk.kept.items():
            self.kept[t] += n
        for t, r in chunk.rejects.groupby("table", sort=False):
            self.rejects[t].append(r)
        if len(chunk.after):
            self.after.append(chunk.after)
        self.case_units.update(dict.fromkeys(chunk.case_units))
        self.counts.append(chunk.counts)
        self.outcomes.append(chunk.outcomes)
        self.cases.append(chunk.cases)
        if len(chunk.due):
            self.due.append(chunk.due)
        self.worker_cpu += chunk.cpu_seconds
        for stage, s in chunk.timings.items():
            self.timings[stage] = round(self.timings.get(stage, 0.0) + s, 4)

    def all_rejects(self) -> pd.DataFrame:
        """Table by table in schema order, each in record order: as casefiles.validate gives them."""
        parts = [empty_rejects()]
        for t in TABLES:
            if self.rejects[t]:
                r = pd.concat(self.rejects[t], ignore_index=True)
                parts.append(r.iloc[r["row"].astype("int64").argsort(kind="stable")])
        out = pd.concat([p for p in parts if len(p)] or [empty_rejects()], ignore_index=True)
        return out.astype(object)

    def all_due(self) -> pd.DataFrame:
        """The chunks' due items in the one order review gives them (no two items share case and rule)."""
        return sort_due(pd.concat(self.due, ignore_index=True)) if self.due else pd.DataFrame(columns=DUE_COLUMNS)

    def all_after(self) -> pd.DataFrame:
        return order_listing(pd.concat(self.after, ignore_index=True)) if self.after else empty_after_as_of()

    def reconcile(self, rejects: pd.DataFrame, after: pd.DataFrame) -> dict[str, dict[str, int]]:
        rec = rejects[rejects["scope"] == RECORD]["table"].value_counts()
        apart = after["table"].value_counts()
        return {t: {"in": n, "evaluated": self.kept[t], "rejected": int(rec.get(t, 0)),
                    "after_as_of": int(apart.get(t, 0))}
                for t, n in self.ci.counts_in.items()}


def review_chunks(source: str | Path, loaded: LoadedPack, as_of: date, writer, *,
                  chunk_size: int = DEFAULT_CHUNK, engine: str = "vector", calendar: WorkCalendar | None = None,
                  scheduler: str | None = None, mapping: Path | None = None, progress=None,
                  extra_writers=(), before_publish=None, workers: int = 1) -> Run:
    """Review `source` chunk by chunk into `writer` (reports.stream_writer.StreamWriter: findings, problems,
    append, table, due, close_parts, finish, abort); returns totals for a summary (findings: outcome column only; cases:
    SUMMARY_CASE_COLUMNS). The extra writers (workbook, HTML) get the run with only its problems as findings
    (kept by writer.problems while streaming). With `workers` > 1 the chunks are reviewed in that many
    processes (engine.run.stream_pool), each writing its parts itself: the run folder is the same."""
    cal = calendar or WorkCalendar.official()
    names = load_mapping(mapping) if mapping is not None else Names()
    try:
        if names.flat:
            raise InputError("分块评查不支持一行一项的宽表（映射文件 flat）：请去掉 --chunk-size，"
                             "或先拆分为案件表和子表", file=str(mapping))
        dask = on_dask(engine, scheduler)
        if workers > 1 and not dask:
            warm_up()
        ci = read_chunked(Path(source), chunk_size, names, ids_only=workers > 1 or dask)
        columns = _column_report(ci, names)
        shared, shared_rejects, _ = validate(ci.shared)
        totals = _Totals(ci)
        totals.columns = columns
        totals.shared = shared
        for t, r in shared_rejects.groupby("table", sort=False):
            totals.rejects[t].append(r)
        for t, frame in shared.items():
            totals.kept[t] += len(frame)
        ctx = ChunkContext(loaded, as_of, engine, cal, scheduler, shared, columns, str(source), ci.digest, ci.unplaced)
        n_total, done = len(ci.arrow["cases"]), 0
        _tell(progress, 0, n_total)
        if dask:
            reviewed = DaskChunks(ci, ctx, writer.parts_maker(), scheduler, workers)
            totals.workers = reviewed.threads
        elif workers > 1:
            reviewed = totals_in_pool(ci, ctx, writer.parts_maker(), workers, writer.scratch("chunks"))
            totals.workers, totals.pool = workers, True
        else:
            reviewed = _in_process(ci, ctx, writer)
        with closing(reviewed):          # on an error, the workers stop before the hidden folder is removed
            for chunk in reviewed:
                totals.add(chunk)
                done += chunk.n_cases
                _tell(progress, done, n_total)
        result = _finish(writer, totals, loaded, as_of, engine, cal, scheduler, names_notes(ci), extra_writers,
                         before_publish)
    except BaseException:
        writer.abort()
        raise
    return result


def _in_process(ci: ChunkedInput, ctx: ChunkContext, writer) -> Iterator[ChunkTotals]:
    for raw in ci.chunks():
        result, chunk = review_chunk(raw, ctx)
        writer.findings(result.findings)
        writer.problems(result.findings)
        writer.append("cases.csv", result.cases)
        del raw, result
        yield chunk


def _column_report(ci: ChunkedInput, names: Names) -> ColumnReport:
    """Absent columns of the whole input (from the Parquet schemas); a missing required one refused."""
    heads = {t: RawTable(t, pd.DataFrame(columns=ci.columns[t]), np.arange(0), ci.where[t]) for t in ci.arrow}
    raw = {**heads, **ci.shared}
    require_columns(raw, ci.source)
    return column_report(raw, names.declared_absent)


def names_notes(ci: ChunkedInput) -> list[str]:
    """The notes load_casefiles gives: the reader's, then the tables not provided."""
    present = set(ci.arrow) | set(ci.shared)
    missing = [f"{t.label}（{t.name}）" for t in TABLES.values() if t.name not in present]
    tail = [f"未提供的表：{'、'.join(missing)}；依赖它们的规则将判为无法判定"] if missing else []
    return list(ci.notes) + tail


def _finish(writer, totals: _Totals, loaded: LoadedPack, as_of: date, engine: str,
            cal: WorkCalendar, scheduler: str | None, notes: list[str], extra_writers,
            before_publish) -> Run:
    clock = time.perf_counter()
    ci = totals.ci
    rejects = totals.all_rejects()
    units_cfs = CaseFileSet({**totals.shared, "cases": pd.DataFrame(
        {"unit_id": list(totals.case_units)}, dtype=object)}, rejects, {}, absent=totals.columns.absent)
    unit_facts = derive_unit_facts(units_cfs, loaded.params)
    decided = decide(worker_engine(engine), loaded, unit_facts, "unit", scheduler)     # few units: here
    unit_findings = render.findings(loaded, unit_facts, decided, as_of, "unit")
    counts = merge_counts(totals.counts + [outcome_counts(unit_findings)])
    units = rates_from_counts(counts, unit_facts, [c.rule.id for c in loaded.compiled], loaded.pack.systems)
    after = totals.all_after()
    writer.close_parts(pd.DataFrame(columns=render.FINDING_COLUMNS), apart=pool_context() if totals.pool else None)
    writer.table("unit_findings.csv", unit_findings)
    writer.table("units.csv", units)
    writer.table("rejects.csv", rejects)
    writer.table(AFTER_AS_OF_CSV, after)
    due = totals.all_due()
    writer.due(due)
    totals.timings["unit"] = round(time.perf_counter() - clock, 4)
    info = {
        "pack": pack_summary(loaded),
        "as_of": as_of.isoformat(),
        "engine": engine,
        "input": {"source": ci.source, "digest": ci.digest, **totals.columns.as_json(),
                  "warnings": totals.columns.warnings()},
        "counts": totals.reconcile(rejects, after),
        "calendar_years": [min(cal.known_years()), max(cal.known_years())],
        "timings": totals.timings,
        "notes": notes,
        "stream": {"chunks": ci.n_chunks, "chunk_cases": ci.chunk_size},
    }
    if totals.workers > 1:
        info["stream"].update(workers=totals.workers, worker_cpu_seconds=round(totals.worker_cpu, 2))
    outcomes = pd.concat(totals.outcomes).groupby(level=0).sum() if totals.outcomes else pd.Series(dtype="int64")
    cases = pd.concat(totals.cases, ignore_index=True) if totals.cases else pd.DataFrame(columns=SUMMARY_CASE_COLUMNS)
    _check(info["counts"], cases["case_id"], unit_findings, rejects, after)
    scores = unit_scores(cases, unit_facts) if loaded.pack.grading.sections else None
    if scores is not None:
        writer.table(UNIT_SCORES_CSV, scores)
    names = officer_names(totals.shared.get("officers"))
    if names:
        writer.table(OFFICERS_CSV, officer_frame(names))
    writer.finish(info, extra_writers, before_publish, {str(k): int(n) for k, n in outcomes.items()})
    findings = pd.DataFrame({"outcome": outcome_column(outcomes)})
    return Run(findings, cases, unit_findings, units, rejects, pd.DataFrame(), unit_facts, info,
               loaded.pack.grading, after, due=due, pack=loaded, calendar=cal, unit_scores=scores,
               officer_names=names)


def outcome_column(counts: pd.Series) -> pd.Categorical:
    """Each outcome (the index, sorted) as many times as counted, as a categorical of the outcomes present: built
    from codes (repeating the outcome texts took 0.9-1.9 s for 14M findings)."""
    present = counts[counts.to_numpy() > 0]
    return pd.Categorical.from_codes(np.repeat(np.arange(len(present)), present.to_numpy()),
                                     categories=present.index)


def _check(counts: dict, case_ids: pd.Series, unit_findings: pd.DataFrame, rejects: pd.DataFrame,
           after: pd.DataFrame) -> None:
    """The invariants across chunks (each chunk's findings were checked by review itself)."""
    problems = count_problems(counts, rejects, after) + unit_problems(unit_findings)
    problems += after_problems(after, case_ids, case_ids)
    problems += once_problems(case_ids, rejected_case_ids(rejects))
    if problems:
        raise InvariantError(problems)


def _tell(progress, done: int, total: int) -> None:
    if progress is not None:
        progress(STAGE, done, total)
