"""One chunk of a streaming review: validated and reviewed, with the small totals it adds to the run's.

The same code runs in the reviewing process (`--workers 1`) and in worker processes (engine.run.stream_pool);
ChunkContext is what every chunk needs besides its own records, ChunkTotals what it hands back.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from casereview.casefiles.columns import ColumnReport
from casereview.casefiles.readers import RawTable
from casereview.casefiles.tables import CaseFileSet
from casereview.casefiles.validate import validate
from casereview.casefiles.workdays import WorkCalendar
from casereview.engine.model.pack import LoadedPack
from casereview.engine.run.aggregate import outcome_counts
from casereview.engine.run.result import Run
from casereview.engine.run.review import review

SUMMARY_CASE_COLUMNS = ["case_id", "unit_id", "score", "grade", "vetoed", "needs_check"]


@dataclass
class ChunkContext:
    """The pack, options and validated shared tables (officers, units): sent once to each worker."""
    loaded: LoadedPack
    as_of: date
    engine: str
    calendar: WorkCalendar
    scheduler: str | None
    shared: dict[str, pd.DataFrame]
    columns: ColumnReport
    source: str
    digest: str
    unplaced: dict[str, int]    # child table -> records of the whole input with no readable case id


@dataclass
class ChunkTotals:
    """What one chunk adds to the totals: record counts kept, rejects, records after the as-of date, the
    units of its cases (first-seen order), outcome counts, the case summary columns, its due items (unsorted:
    the run sorts them all) and timings."""
    n_cases: int
    kept: dict[str, int]
    rejects: pd.DataFrame
    after: pd.DataFrame
    case_units: list
    counts: pd.Series
    outcomes: pd.Series
    cases: pd.DataFrame
    timings: dict[str, float]
    due: pd.DataFrame
    cpu_seconds: float = 0.0        # set by a worker process: its CPU time on this chunk


def review_chunk(raw: dict[str, RawTable], ctx: ChunkContext) -> tuple[Run, ChunkTotals]:
    """Validate and review one chunk's raw tables."""
    tables, rejects, counts = validate(raw)
    cols = ctx.columns
    cfs = CaseFileSet({**tables, **ctx.shared}, rejects, counts, ctx.source, ctx.digest, absent=cols.absent,
                      declared_absent=cols.declared, ignored_columns=cols.ignored, unplaced=ctx.unplaced)
    result = review(cfs, ctx.loaded, ctx.as_of, engine=ctx.engine, calendar=ctx.calendar,
                    scheduler=ctx.scheduler, with_units=False)
    return result, chunk_totals(len(raw["cases"].frame), tables, rejects, result)


def chunk_totals(n_cases: int, tables: dict[str, pd.DataFrame], rejects: pd.DataFrame, result: Run) -> ChunkTotals:
    after = result.after_as_of
    apart = after["table"].value_counts()
    kept = {t: len(frame) - int(apart.get(t, 0)) for t, frame in tables.items()}
    later = after.loc[after["table"] == "cases", "record_id"]
    cases = tables["cases"]
    units = list(pd.unique(cases.loc[~cases["case_id"].isin(later), "unit_id"]))
    return ChunkTotals(n_cases, kept, rejects, after, units, outcome_counts(result.findings),
                       result.findings["outcome"].value_counts(), result.cases[SUMMARY_CASE_COLUMNS],
                       dict(result.info["timings"]), result.due)
