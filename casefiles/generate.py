"""Synthetic case files with known defects: the seven canonical tables plus per-rule ground truth."""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from casereview.casefiles.generate_acts import make_acts, pick_handlers
from casereview.casefiles.generate_calendar import CAL_FIRST, CAL_LAST, day
from casereview.casefiles.generate_cases import make_cases
from casereview.casefiles.generate_dates import AS_OF, NAT, holiday_edges, make_dates
from casereview.casefiles.generate_docs import make_documents, make_reviews
from casereview.casefiles.generate_people import make_staff
from casereview.casefiles.generate_plan import KINDS, RECORDED, make_plan
from casereview.casefiles.generate_truth import OUTCOMES, RULES, make_truth
from casereview.engine.model.schema import BOOL, DATE, DATETIME, INT, NUMBER, TABLES

__all__ = ["generate_tables", "AS_OF", "RULES", "OUTCOMES", "DEFECT_KINDS"]
DEFECT_KINDS = tuple(RECORDED)      # names that can appear in truth.injected
DT = "datetime64[us]"


def _column(values, kind: str, seconds: bool = False) -> pd.Series | pd.api.extensions.ExtensionArray:
    """A generated array in the dtype the CaseFileSet contract gives its kind."""
    if kind in (DATE, DATETIME):
        v = np.asarray(values, dtype=np.int64)
        scale = 1_000_000 if seconds else 86_400_000_000
        return pd.Series(np.where(v == NAT, NAT, v * scale).view(DT))
    if kind == BOOL:
        return pd.Series(pd.array(np.asarray(values, dtype=object), dtype="boolean"))
    if kind == NUMBER:
        return pd.Series(np.asarray(values, dtype=np.float64))
    if kind == INT:
        v = np.asarray(values, dtype=np.int64)
        arr = pd.array(np.maximum(v, 0), dtype="Int64")
        arr[v < 0] = pd.NA                              # negative marks an empty value
        return pd.Series(arr)
    return pd.Series(np.asarray(values, dtype=object), dtype=object)


def _frame(name: str, cols: dict, seconds: bool = False) -> pd.DataFrame:
    """Canonical column order and dtypes; DATETIME columns get their `__has_time` companion."""
    out = {}
    for c in TABLES[name].columns:
        out[c.name] = _column(cols[c.name], c.kind, seconds)
        if c.kind == DATETIME:
            has = cols.get(f"{c.name}__has_time")
            out[f"{c.name}__has_time"] = pd.Series(
                np.ones(len(out[c.name]), bool) if has is None else np.asarray(has, dtype=bool))
    return pd.DataFrame(out)


def generate_tables(n_cases: int, seed: int, *, start: date = date(2024, 1, 1),
                    end: date = date(2026, 6, 30), n_units: int = 20,
                    ) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Generate `n_cases` synthetic case files and their ground truth (judged as of AS_OF).

    Returns the seven canonical tables (cases, acts, recordings, reviews, documents, officers,
    units) and `truth` with one row per case x case-level rule: case_id, rule_id, outcome
    (pass/fail/na/unknown) and injected (semicolon-joined construction names, or "").
    Deterministic for a seed.
    """
    if n_cases < 0:
        raise ValueError("n_cases must be >= 0")
    if start < CAL_FIRST or day(end) + 120 > day(CAL_LAST) or day(end) - day(start) < 240:
        raise ValueError("start..end must span at least 240 days inside 2004-01-01..2026-09-01")
    rng = np.random.default_rng(seed)
    staff = make_staff(rng, n_units, start)
    plan = make_plan(rng, n_cases, staff.police, holiday_ok=len(holiday_edges(start, end)) > 0)
    dates = make_dates(rng, plan, start, end)
    handlers = pick_handlers(rng, plan, staff)
    cases, fine, case_cp = make_cases(rng, plan, dates, staff, handlers)
    case_ids = cases["case_id"]
    acts, recs = make_acts(rng, plan, dates, staff, case_ids, case_cp, handlers)
    reviews, n_rev, last_review = make_reviews(rng, plan, dates, staff, case_ids, handlers)
    docs = make_documents(rng, plan, dates, case_ids, fine, n_rev, last_review)
    tables = {
        "cases": _frame("cases", cases),
        "acts": _frame("acts", acts, seconds=True),
        "recordings": _frame("recordings", recs, seconds=True),
        "reviews": _frame("reviews", reviews),
        "documents": _frame("documents", docs),
        "officers": staff.officers,
        "units": staff.units,
    }
    truth = make_truth(plan, case_ids, n_rev, dates.served != NAT)
    return tables, truth


assert set(KINDS) - {"revoked"} <= set(DEFECT_KINDS)
