"""Deadlines declared in the pack, computed for every case at once (rules and warnings share it).

For a period of N days running from `start`, met by the date `done`:
  due   = the N-th working day after start (calendar periods: start + N days);
  limit = the (N+1)-th working day after start: done before limit is in time, since
          "within N working days of d" means d <= x and workdays(d, x) <= N.
Status: met, late, overdue (not done and as_of >= limit), open (not done, not yet due),
early (done before start: inconsistent data), no_start (no start date), unknown (the calendar
does not cover the days needed).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from casefiles.workdays import WorkCalendar

NAT = np.datetime64("NaT", "D")


def as_days(s: pd.Series) -> np.ndarray:
    return s.to_numpy(dtype="datetime64[D]", na_value=NAT)


def deadline_frame(name: str, d, cases: pd.DataFrame, as_of, cal: WorkCalendar) -> pd.DataFrame:
    """Columns <name>_due/_status/_days/_elapsed/_note for each row of `cases` (fact frame)."""
    start = as_days(cases[d.start])
    done = as_days(cases[d.done])
    today = np.datetime64(as_of, "D")
    n = _period_days(d, cases)
    has_start, has_done = ~np.isnat(start), ~np.isnat(done)
    if d.working_days is not None:
        due = cal.add_workdays_arr(start, n)
        limit = cal.add_workdays_arr(start, n + 1)
        end = np.where(has_done, done, today)
        elapsed = cal.workdays_between_arr(start, end)
    else:
        nd = np.where(np.isnan(n), 0, n).astype("int64").astype("timedelta64[D]")
        due = np.where(has_start, start + nd, NAT)
        limit = np.where(has_start, due + np.timedelta64(1, "D"), NAT)
        end = np.where(has_done, done, today)
        elapsed = np.where(has_start, (end - start).astype("float64"), np.nan)
    status = np.full(len(cases), "unknown", dtype=object)
    lim_ok, due_ok = ~np.isnat(limit), ~np.isnat(due)
    # the day count decides when the calendar covers it; else a known limit or due date still may
    el_ok = ~np.isnan(elapsed)
    within = el_ok & (elapsed <= n)
    beyond = el_ok & (elapsed > n)
    met = has_done & (within | (~el_ok & ((lim_ok & (done < limit)) | (due_ok & (done <= due)))))
    late = has_done & (beyond | (~el_ok & lim_ok & (done >= limit)))
    overdue = ~has_done & (beyond | (~el_ok & lim_ok & (today >= limit)))
    open_ = ~has_done & (within | (~el_ok & ((lim_ok & (today < limit)) | (due_ok & (today <= due)))))
    status[met] = "met"
    status[late] = "late"
    status[overdue] = "overdue"
    status[open_] = "open"
    status[has_done & has_start & (done < start)] = "early"
    status[~has_start] = "no_start"
    note = np.full(len(cases), None, dtype=object)
    for i in np.flatnonzero(status == "unknown"):
        later = done[i] if has_done[i] else today
        note[i] = f"{d.label}期限无法判定：" + cal.unknown_reason(_py(start[i]), _py(later))
    return pd.DataFrame({
        f"{name}_due": pd.to_datetime(due),
        f"{name}_status": status,
        f"{name}_days": n,
        f"{name}_elapsed": elapsed,
        f"{name}_note": note,
    }, index=cases.index)


def _period_days(d, cases: pd.DataFrame) -> np.ndarray:
    if d.working_days is not None:
        return np.full(len(cases), float(d.working_days))
    n = np.full(len(cases), float(d.calendar_days))
    if d.calendar_days_by_subtype:
        sub = cases["case_subtype"]
        for subtype, days in d.calendar_days_by_subtype.items():
            n[(sub == subtype).to_numpy(dtype=bool, na_value=False)] = days
    if d.plus_days_from:
        n = n + pd.to_numeric(cases[d.plus_days_from], errors="coerce").fillna(0).to_numpy(dtype="float64")
    return n


def _py(x):
    return None if np.isnat(x) else x.astype(object)
