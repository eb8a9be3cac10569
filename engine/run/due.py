"""Early warning (预警): obligations not yet met, judged by the rules themselves on "done today" facts.

The obligations are the rules' `due` declarations in the pack (engine/model/rule.py `Due`). One implementation: the deadline columns come from engine.facts.deadlines (via derive_case_facts), and
whether an obligation is still open, already overdue or undecidable is the answer of the rule that
reads the deadline, evaluated on the case facts as if the obligation were met on the as-of date:
pass → 待办 (still in time), fail → 已逾期, unknown → 无法判定, na → no obligation.
An overdue obligation whose rule is not yet applicable on the real facts (CX01 judges decided cases only)
is 超期未办结: `review` says na today and fail once the obligation is met.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable

import numpy as np
import pandas as pd

from casereview.engine.model.catalogue import BOOL
from casereview.engine.facts.deadlines import days_left
from casereview.casefiles.workdays import WorkCalendar
from casereview.engine.model import render
from casereview.engine.backends.shown import with_shown
from casereview.engine.backends.vector.decide import first_branches
from casereview.engine.model.pack import CompiledRule, LoadedPack

PENDING, OVERDUE, OPEN_OVERDUE, UNKNOWN = "待办", "已逾期", "超期未办结", "无法判定"
LATE = (OVERDUE, OPEN_OVERDUE)          # listed apart from the to-do list
STATUS_ORDER = {OVERDUE: 0, OPEN_OVERDUE: 1, PENDING: 2, UNKNOWN: 3}
DUE_COLUMNS = ["case_id", "unit_id", "unit_name", "handlers", "obligation", "rule_id", "rule_title",
               "start_date", "due_date", "workdays_left", "calendar_days_left", "status", "note"]
# a deadline not met by the as-of date, read as if met on it (see engine/facts/deadlines.py): open → met, overdue → late
_DONE_TODAY = {"open": "met", "overdue": "late"}
_OUTCOME_STATUS = {"pass": PENDING, "fail": OVERDUE, "unknown": UNKNOWN}
_REVIEW_STATUS = {"fail": PENDING, "unknown": UNKNOWN}   # legal review: missing is still to do, never late

Decide = Callable[[pd.DataFrame], dict[str, np.ndarray]]   # case facts -> chosen branch per case rule (a backend)


@dataclass
class Obligation:
    """A rule and the pack deadline it declares (`due.deadline`; None: `due.before`, a step before a case date)."""
    rule: CompiledRule
    deadline: str | None
    done: str          # the case date that meets the obligation (for `before`: the date it must precede)


def obligations(loaded: LoadedPack) -> list[Obligation]:
    """Each enabled case rule with a `due` declaration, in pack order."""
    deadlines = loaded.params.deadlines
    out = []
    for c in loaded.rules("case"):
        due = c.rule.due
        if due is not None:
            out.append(Obligation(c, due.deadline, deadlines[due.deadline].done if due.deadline else due.before))
    return out


class _Today:
    """The facts as if each obligation were met on the as-of date, and the rules' branches chosen on them:
    decided once per done date, by the backend the review uses."""

    def __init__(self, facts: pd.DataFrame, loaded: LoadedPack, as_of: date, decide: Decide, decided: dict | None):
        self.facts, self.loaded, self.as_of, self.decide = facts, loaded, as_of, decide
        self.now = decided if decided is not None else decide(facts)      # the real facts: the review's branches
        self._done: dict[str, tuple[pd.DataFrame, dict]] = {}

    def done(self, done: str) -> tuple[pd.DataFrame, dict]:
        if done not in self._done:
            w, _ = done_today(self.facts, self.loaded, done, self.as_of)
            self._done[done] = w, self.decide(w)
        return self._done[done]

    def before(self, done: str) -> tuple[pd.DataFrame, dict]:
        """Done today, with every review on record before it (legal review before a decision made today)."""
        w, _ = done_today(self.facts, self.loaded, done, self.as_of)
        w["reviews_before_decision"] = w["review_count"]
        return w, self.decide(w)

    def branches_now(self, rule_id: str, rows: pd.Index) -> np.ndarray:
        return np.asarray(self.now[rule_id])[self.facts.index.get_indexer(rows)]


def due_items(facts: pd.DataFrame, loaded: LoadedPack, as_of: date, cal: WorkCalendar | None = None,
              unit_names: dict | None = None, decide: Decide | None = None,
              decided: dict | None = None) -> pd.DataFrame:
    """The due list (DUE_COLUMNS), most urgent first: overdue, then fewest working days left, then unknown.
    `decide`: the review's backend on case facts (default: vector on the rules with a due declaration);
    `decided`: the branches it chose on `facts` (the review's), decided again when not given."""
    frames: list[pd.DataFrame] = []
    by_done: dict[str, pd.DataFrame] = {}      # deadline items by the date meeting them
    cal = cal or WorkCalendar.official()
    obs = obligations(loaded)
    if decide is None:
        rules = [ob.rule for ob in obs]
        decide = lambda frame: first_branches(rules, frame, cal)
    today = _Today(facts, loaded, as_of, decide, decided)
    for ob in sorted(obs, key=lambda o: o.deadline is None):      # deadlines first: legal review reuses decide's
        items = _deadline_items(ob, today, loaded, as_of, cal) if ob.deadline else \
            _review_items(ob, today, loaded, as_of, by_done.get(ob.done), cal)
        if ob.deadline:
            by_done[ob.done] = items
        frames.append(items)
    out = pd.concat([f for f in frames if len(f)], ignore_index=True) if any(len(f) for f in frames) else \
        pd.DataFrame(columns=DUE_COLUMNS)
    names = unit_names or {}
    out["unit_name"] = out["unit_id"].map(lambda u: names.get(u)).astype(object)
    return sort_due(out[DUE_COLUMNS])


def count_line(due: pd.DataFrame) -> str:
    counts = due["status"].value_counts()
    return "，".join(f"{s} {int(counts.get(s, 0))} 项" for s in STATUS_ORDER)


def sort_due(due: pd.DataFrame) -> pd.DataFrame:
    key = due.assign(_s=due["status"].map(STATUS_ORDER), _w=due["workdays_left"].astype(float),
                     _c=due["calendar_days_left"].astype(float))
    key = key.sort_values(["_s", "_w", "_c", "due_date", "case_id", "rule_id"], na_position="last", kind="stable")
    return key[DUE_COLUMNS].reset_index(drop=True)


def select(due: pd.DataFrame, within: int | None = None, unit: str | None = None) -> pd.DataFrame:
    """`within`: pending items due within N working days (overdue and unknown always kept); `unit`: id or name."""
    keep = np.ones(len(due), dtype=bool)
    if within is not None:
        left = due["workdays_left"].astype(float)
        keep &= ((due["status"] != PENDING) | left.isna() | (left <= within)).to_numpy()
    if unit is not None:
        keep &= ((due["unit_id"] == unit) | (due["unit_name"] == unit)).to_numpy()
    return due[keep].reset_index(drop=True)


def done_today(facts: pd.DataFrame, loaded: LoadedPack, done: str, as_of: date) -> tuple[pd.DataFrame, np.ndarray]:
    """The facts as if the date `done` (empty on these rows) were the as-of date; and those rows."""
    rows = facts[done].isna().to_numpy()
    w = facts.loc[rows].copy()
    w[done] = pd.Timestamp(as_of)
    for name, fact in loaded.case_facts.items():     # flags derived from that date alone (has_decision ...)
        if fact.type == BOOL and fact.inputs == (f"cases.{done}",) and not fact.guard:
            w[name] = True
    for name, d in loaded.params.deadlines.items():
        if d.done == done:
            w[f"{name}_status"] = w[f"{name}_status"].replace(_DONE_TODAY)
    return w, rows


def _outcomes(ob: Obligation, branches: np.ndarray) -> np.ndarray:
    return np.array([ob.rule.branches[i].outcome for i in branches], dtype=object)


def _decided(ob: Obligation, w: pd.DataFrame, branches: np.ndarray, loaded: LoadedPack,
             as_of: date, cal: WorkCalendar | None) -> tuple[np.ndarray, pd.Series]:
    """The rule's outcome on each row of `w` (its chosen `branches`), and the rendered reason where it is
    unknown, the only reason the due list shows ('' elsewhere; named facts shown computed on those rows of
    `w`, the facts as if done today)."""
    outcome = _outcomes(ob, branches)
    reason = np.full(len(w), "", dtype=object)
    unknown = np.flatnonzero(outcome == "unknown")
    if len(unknown):
        shown = with_shown(w.iloc[unknown], loaded.shown, cal)
        meta = loaded.facts_meta("case")
        for i, b in enumerate(ob.rule.branches):
            hit = branches[unknown] == i
            if hit.any():
                text = render.render(b.reason, shown[hit], loaded, meta, as_of)
                reason[unknown[hit]] = text.to_numpy(dtype=object)
    return outcome, pd.Series(reason, index=w.index, dtype=object)


def _deadline_items(ob: Obligation, today: _Today, loaded: LoadedPack, as_of: date,
                    cal: WorkCalendar | None) -> pd.DataFrame:
    name, d = ob.deadline, loaded.params.deadlines[ob.deadline]
    w, chosen = today.done(d.done)
    started = w[d.start].notna().to_numpy()        # a period that has not started yet is no obligation
    w = w[started]
    outcome, reason = _decided(ob, w, np.asarray(chosen[ob.rule.rule.id])[started], loaded, as_of, cal)
    status = pd.Series(outcome, index=w.index).map(_OUTCOME_STATUS)
    w, reason, status = w[status.notna()], reason[status.notna()], status[status.notna()]
    not_yet = (status == OVERDUE).to_numpy() & (_outcomes(ob, today.branches_now(ob.rule.rule.id, w.index)) == "na")
    status[not_yet] = OPEN_OVERDUE
    due = pd.to_datetime(w[f"{name}_due"])
    workdays_left = pd.Series(days_left(due, as_of, cal), index=w.index)
    calendar_left = pd.Series(np.nan if d.working_days is not None else days_left(due, as_of, None), index=w.index)
    # still in time, but the due date lies in a year the calendar does not know: say so, never guess
    no_date = ((status == PENDING) & due.isna()).to_numpy()
    if no_date.any():
        status, reason, workdays_left = status.copy(), reason.copy(), workdays_left.copy()
        status[no_date], workdays_left[no_date] = UNKNOWN, np.nan
        reason[no_date] = [_no_date_reason(d.label, s, cal) for s in w.loc[no_date, d.start]]
    unit = "个工作日" if d.working_days is not None else "日"
    days = render.format_values(w[f"{name}_days"], "number")
    note = np.where(status == UNKNOWN, reason,
                    np.where(status.isin(LATE), d.label + "期限已于 " + _day_text(due) + " 届满，至评查日仍未完成", ""))
    note = np.where(status == OPEN_OVERDUE, note + f"；{ob.rule.rule.id} 在办结后评查（今为不适用），办结即为不合规", note)
    return _frame(w, ob, f"{d.label}期限（" + days + unit + "）", w[d.start], due, workdays_left, calendar_left,
                  status, note)


def _review_items(ob: Obligation, today: _Today, loaded: LoadedPack, as_of: date,
                  deadline: pd.DataFrame | None, cal: WorkCalendar | None = None) -> pd.DataFrame:
    """A step due before the case date `ob.done` (FS01: legal review before the decision), judged as if
    that date were today; due date and days left are those of the deadline met by the same date."""
    w, chosen = today.before(ob.done)
    started = [d.start for d in loaded.params.deadlines.values() if d.done == ob.done]
    keep = w[started].notna().any(axis=1).to_numpy() if started else np.ones(len(w), dtype=bool)
    w = w[keep]                                               # cases filed by the as-of date
    outcome, reason = _decided(ob, w, np.asarray(chosen[ob.rule.rule.id])[keep], loaded, as_of, cal)
    status = pd.Series(outcome, index=w.index).map(_REVIEW_STATUS)
    w, reason, status = w[status.notna()], reason[status.notna()], status[status.notna()]
    by_case = deadline.set_index("case_id") if deadline is not None and len(deadline) else pd.DataFrame(
        columns=["due_date", "workdays_left", "calendar_days_left"])
    ids = w["case_id"]
    grounds = render.format_values(w["major_grounds"], "text")
    note = np.where(status == UNKNOWN, reason, "重大执法决定（" + grounds + "）尚未经法制审核，须在作出决定前完成")
    return _frame(w, ob, "重大执法决定法制审核（决定前）", pd.Series(pd.NaT, index=w.index),
                  pd.to_datetime(ids.map(by_case["due_date"])), ids.map(by_case["workdays_left"]),
                  ids.map(by_case["calendar_days_left"]), status, note)


def _frame(w, ob, obligation, start, due, workdays_left, calendar_left, status, note) -> pd.DataFrame:
    return pd.DataFrame({
        "case_id": w["case_id"].to_numpy(), "unit_id": w["unit_id"].to_numpy(), "unit_name": None,
        "handlers": w["handler_ids"].to_numpy(), "obligation": np.asarray(obligation, dtype=object),
        "rule_id": ob.rule.rule.id, "rule_title": ob.rule.rule.title,
        "start_date": pd.to_datetime(start).to_numpy(), "due_date": pd.to_datetime(due).to_numpy(),
        "workdays_left": pd.to_numeric(workdays_left, errors="coerce").to_numpy(dtype=float),
        "calendar_days_left": pd.to_numeric(calendar_left, errors="coerce").to_numpy(dtype=float),
        "status": np.asarray(status, dtype=object), "note": np.asarray(note, dtype=object),
    })


def _no_date_reason(label: str, start, cal: WorkCalendar | None) -> str:
    why = cal.unknown_reason(start) if cal is not None else "期限所在年份不在已知节假日日历内"
    return f"{label}期限尚未届满，但期限日期无法确定：{why}"


def _day_text(s: pd.Series) -> pd.Series:
    return pd.to_datetime(s).dt.strftime("%Y-%m-%d").fillna("（未知）")
