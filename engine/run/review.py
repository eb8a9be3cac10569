"""One review run: facts → decided branches (any backend) → findings → scores → unit rates → due list,
all held by one `Run` (engine.run.result)."""
from __future__ import annotations

import time
from datetime import date

import numpy as np
import pandas as pd

from casereview.casefiles.asof import cut_at
from casereview.engine.backends.shown import with_shown
from casereview.engine.backends.registry import BACKENDS, get_backend
from casereview.engine.facts.derive import derive_case_facts, derive_unit_facts
from casereview.casefiles.tables import CaseFileSet
from casereview.casefiles.workdays import WorkCalendar
from casereview.engine.model import render
from casereview.engine.run.aggregate import unit_rates, unit_scores
from casereview.engine.run.due import due_items
from casereview.engine.run.invariant_deadlines import deadline_rules
from casereview.engine.run.invariants import check_result
from casereview.engine.model.pack import LoadedPack, pack_summary
from casereview.engine.run.result import Run, officer_names
from casereview.engine.run.scoring import score_cases

ENGINES = tuple(BACKENDS)


ReviewResult = Run          # the name callers used before `Run`


def decide(engine: str, loaded: LoadedPack, facts: pd.DataFrame, level: str,
           scheduler: str | None = None, calendar: WorkCalendar | None = None) -> dict[str, np.ndarray]:
    """rule id → chosen branch per row, on the backend called `engine` (see engine/backends/registry.py);
    `calendar`: the working-day calendar of the conditions' date functions (default: the official one)."""
    return get_backend(engine).decide(loaded, facts, level, scheduler=scheduler, calendar=calendar)


def input_columns(cfs: CaseFileSet) -> dict:
    """run.json's account of the input's columns, and the warnings every report shows first."""
    return {"absent_columns": cfs.absent, "ignored_columns": cfs.ignored_columns,
            "declared_absent_columns": cfs.declared_absent, "own_headers": cfs.own_headers,
            "warnings": list(cfs.warnings)}


def review(cfs: CaseFileSet, loaded: LoadedPack, as_of: date, *, engine: str = "vector",
           calendar: WorkCalendar | None = None, scheduler: str | None = None,
           progress=None, with_due: bool = True, with_units: bool = True) -> Run:
    """`scheduler`: Dask scheduler address for engine "dask"; `progress(stage, done, total)`: optional
    callback told when each stage (facts, rules, findings, scoring, due) starts (done=0) and ends;
    `with_due`: compute the due list with the review's calendar and backend; `with_units`: the unit rates and
    scores (a streamed chunk does neither: its run adds the units up from all chunks' counts)."""
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = round(now - clock, 4)
        clock = now
        if progress is not None:
            progress(stage, n_cases, n_cases)

    def start(stage: str) -> None:
        if progress is not None:
            progress(stage, 0, n_cases)

    cal = calendar or WorkCalendar.official()
    params = loaded.params
    cfs = cut_at(cfs, as_of)       # what had not happened by the as-of date is counted apart, never reviewed
    n_cases = len(cfs.tables["cases"])
    start("facts")
    case_facts = derive_case_facts(cfs, params, as_of, cal, loaded.conditions("case"))
    unit_facts = derive_unit_facts(cfs, params)
    lap("facts")
    start("rules")
    decided = decide(engine, loaded, case_facts, "case", scheduler, cal)
    decided_units = decide(engine, loaded, unit_facts, "unit", scheduler, cal)
    lap("rules")
    start("findings")
    findings = render.findings(loaded, with_shown(case_facts, loaded.shown, cal), decided, as_of, "case")
    unit_findings = render.findings(loaded, unit_facts, decided_units, as_of, "unit")
    lap("findings")
    start("scoring")
    grading = loaded.pack.grading
    cases = score_cases(findings, case_facts, grading, {r.id: r.section for r in loaded.pack.active_rules})
    rule_order = [c.rule.id for c in loaded.compiled]
    units, scores = pd.DataFrame(), None
    if with_units:
        units = unit_rates(findings, unit_findings, unit_facts, rule_order, loaded.pack.systems)
        scores = unit_scores(cases, unit_facts) if grading.sections else None
    lap("scoring")
    due = None
    if with_due:
        start("due")
        names = dict(zip(unit_facts["unit_id"], unit_facts["unit_name"])) if "unit_name" in unit_facts else {}
        # vector: due_items' own default, the same first branches for just the rules with a due declaration
        other = None if engine == "vector" else lambda frame: decide(engine, loaded, frame, "case", scheduler, cal)
        due = due_items(case_facts, loaded, as_of, cal, names, decide=other, decided=decided)
        lap("due")
    info = {
        "pack": pack_summary(loaded),
        "as_of": as_of.isoformat(),
        "engine": engine,
        "input": {"source": cfs.source, "digest": cfs.digest, **input_columns(cfs)},
        "counts": cfs.reconcile(),
        "calendar_years": [min(cal.known_years()), max(cal.known_years())],
        "timings": timings,
        "notes": list(cfs.notes),
    }
    result = Run(findings, cases, unit_findings, units, cfs.rejects, case_facts, unit_facts, info,
                 loaded.pack.grading, cfs.after_as_of, due=due, pack=loaded, calendar=cal, decided=decided,
                 decided_units=decided_units,
                 unit_scores=scores, officer_names=officer_names(cfs.table("officers")))
    check_result(result, cfs.tables["cases"]["case_id"], [c.rule.id for c in loaded.rules("case")],
                 deadline_rules(loaded))
    return result
