"""Deadlines declared in the pack: the one place where a due date is computed and a date judged against it.

For a period of N days running from `start`, met by the date `done`:
  due = the N-th working day after start (calendar periods: start + N days);
  done is in time iff start <= done <= due. A done date on a day off after `due` is late, although
  no working day lies between (due Sat 2024-05-11, a make-up working day; done Sun 05-12: late).
Status: met, late, overdue (not done and as_of > due), open (not done and as_of <= due),
early (done before start: inconsistent data), no_start (no start date), unknown (the calendar
does not cover the days needed). When `due` lies beyond the known calendar but every day from
start to the done (or as-of) date is known and holds fewer than N working days, that date is
certainly before `due` (met / open); otherwise the status is unknown, never a guess.
Rules (via facts), `due` (engine.due) and the reasons all read what this module computes.
"""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from casereview.casefiles.workdays import WorkCalendar

NAT = np.datetime64("NaT", "D")


def as_days(s) -> np.ndarray:
    if isinstance(s, pd.Series):
        return s.to_numpy(dtype="datetime64[D]", na_value=NAT)
    return np.asarray(s, dtype="datetime64[D]")


def deadline_frame(name: str, d, cases: pd.DataFrame, as_of, cal: WorkCalendar) -> pd.DataFrame:
    """Columns <name>_due/_status/_days/_elapsed/_note for each row of `cases` (fact frame)."""
    start = as_days(cases[d.start])
    done = as_days(cases[d.done])
    n = _period_days(d, cases)
    due, status, elapsed = judge(start, done, as_of, n, cal if d.working_days is not None else None)
    note = np.full(len(cases), None, dtype=object)
    today = np.datetime64(as_of, "D")
    for i in np.flatnonzero(status == "unknown"):
        later = done[i] if not np.isnat(done[i]) else today
        note[i] = f"{d.label}期限无法判定：" + cal.unknown_reason(_py(start[i]), _py(later))
    return pd.DataFrame({
        f"{name}_due": pd.to_datetime(due),
        f"{name}_status": status,
        f"{name}_days": n,
        f"{name}_elapsed": elapsed,
        f"{name}_note": note,
    }, index=cases.index)


def judge(start: np.ndarray, done: np.ndarray, as_of, n: np.ndarray,
          cal: WorkCalendar | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(due, status, elapsed) per row; `cal` None: calendar days, else working days of `cal`.

    elapsed: days counted from start to done (not done: to as_of) — working days in (start, end]
    (NaN where the calendar does not cover them), or calendar days.
    """
    start, done = as_days(start), as_days(done)
    today = np.datetime64(as_of, "D")
    n = np.asarray(n, dtype="float64")
    has_start, has_done = ~np.isnat(start), ~np.isnat(done)
    end = np.where(has_done, done, today)
    if cal is not None:
        due = cal.add_workdays_arr(start, n)
        elapsed = cal.workdays_between_arr(start, end)
    else:
        nd = np.where(np.isnan(n), 0, n).astype("int64").astype("timedelta64[D]")
        due = np.where(has_start, start + nd, NAT)
        elapsed = np.where(has_start, (end - start).astype("float64"), np.nan)
    known = ~np.isnat(due)
    # due beyond the calendar: a fully known stretch with fewer than N working days is still before it
    before_due = (known & (end <= due)) | (~known & ~np.isnan(elapsed) & (elapsed < n))
    after_due = known & (end > due)
    status = np.full(len(start), "unknown", dtype=object)
    status[has_done & before_due] = "met"
    status[has_done & after_due] = "late"
    status[~has_done & before_due] = "open"
    status[~has_done & after_due] = "overdue"
    status[has_done & has_start & (done < start)] = "early"
    status[~has_start] = "no_start"
    return due, status, elapsed


def status_of(start: date | None, done: date | None, as_of: date, n: int, cal: WorkCalendar | None) -> str:
    """The status of one deadline (see `judge`): for tests and single checks."""
    day = lambda x: np.array([NAT if x is None else np.datetime64(x, "D")])
    return str(judge(day(start), day(done), as_of, np.array([float(n)]), cal)[1][0])


def days_left(due, as_of, cal: WorkCalendar | None) -> np.ndarray:
    """From as_of to due: working days in (as_of, due] (negative once past) or, with `cal` None,
    calendar days; NaN where unknown."""
    due = as_days(due)
    today = np.full(len(due), np.datetime64(as_of, "D"))
    if cal is not None:
        return cal.workdays_between_arr(today, due)
    return np.where(np.isnat(due), np.nan, (due - today).astype("float64"))


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
