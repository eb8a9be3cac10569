"""What the run and unit pages show, computed from a stored run: cards, charts, the ranked unit table, a unit's
cases and problems — machine and confirmed side by side, and only over the units the viewer may see."""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.orm import Session

from casereview.engine.run.result import Run
from casereview.history.models import COMPLETE, CaseScore, Run as RunRow
from casereview.reports import from_run as fr
from casereview.reports.html import report_charts
from casereview.reports.workbook import RATE_ALERT
from casereview.workspace.confirmed import confirmed_run
from casereview.workspace.deps import NotFound, Viewer

PROBLEM_OUTCOMES = ("fail", "unknown")       # 不合规, and 无法判定 (待核实)
RATE_RANKING_RULE = fr.RATE_RANKING_RULE


def run_row(db: Session, viewer: Viewer, run_id: int) -> RunRow:
    """A complete run the viewer may see (a unit user: one holding a case of their units), else 404."""
    run = db.get(RunRow, run_id)
    if run is None or run.status != COMPLETE or not has_units(db, viewer, run_id):
        raise NotFound()
    return run


def has_units(db: Session, viewer: Viewer, run_id: int) -> bool:
    if viewer.units is None:
        return True
    return db.scalar(sa.select(sa.func.count()).select_from(CaseScore).where(
        CaseScore.run_id == run_id, CaseScore.unit_id.in_(viewer.units))) > 0


def visible_runs(db: Session, viewer: Viewer) -> list[RunRow]:
    """Complete runs, newest first; a unit user's only those with a case of their units."""
    query = sa.select(RunRow).where(RunRow.status == COMPLETE).order_by(RunRow.id.desc())
    if viewer.units is not None:
        query = query.where(RunRow.id.in_(sa.select(CaseScore.run_id).where(CaseScore.unit_id.in_(viewer.units))))
    return list(db.scalars(query))


def scoped(run: Run, viewer: Viewer) -> Run:
    """The run cut to the viewer's units (every frame with a unit_id column); as it is for other roles."""
    if viewer.units is None:
        return run
    keep = {}
    for f in dataclasses.fields(run):
        value = getattr(run, f.name)
        if isinstance(value, pd.DataFrame) and "unit_id" in value.columns:
            keep[f.name] = value[value["unit_id"].isin(viewer.units)].reset_index(drop=True)
    return dataclasses.replace(run, **keep)


@dataclass(frozen=True)
class RunPage:
    machine: Run
    confirmed: Run
    cards: list[tuple[str, str, str]]        # (id, label, value)
    charts: list[str]                        # SVG
    units: list[dict]                        # ranked rows: rank, unit_id, unit_name, cases, machine/confirmed rates
    systems: list[str]
    grades: list[str]


def _both(db: Session, history_db: str, run_id: int):
    db.commit()     # end our read (nothing pending): on SQLite every transaction holds the lock the history store needs
    return confirmed_run(db, history_db, run_id)


def run_page(db: Session, history_db: str, viewer: Viewer, run_id: int) -> RunPage:
    both = _both(db, history_db, run_id)
    machine, confirmed = scoped(both.machine, viewer), scoped(both.confirmed, viewer)
    return RunPage(machine, confirmed, cards(machine, confirmed), charts(confirmed), unit_rows(both, viewer),
                   fr.systems(confirmed), fr.grade_order(both.confirmed))


def _num(v) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    return f"{v:.2f}".rstrip("0").rstrip(".") if isinstance(v, float) else str(v)


def cards(machine: Run, confirmed: Run) -> list[tuple[str, str, str]]:
    """Counts over the cases in view: machine and (where people may change it) confirmed."""
    mc, cc = machine.cases, confirmed.cases
    mf, cf = machine.findings, confirmed.findings
    out = [("card-cases", "评查案件", str(len(mc))),
           ("card-score", "平均分（机器）", _num(round(float(mc["score"].mean()), 2) if len(mc) else None)),
           ("card-score-confirmed", "平均分（确认）", _num(round(float(cc["score"].mean()), 2) if len(cc) else None)),
           ("card-fail", "不合规项（机器）", str(int((mf["outcome"] == "fail").sum()))),
           ("card-fail-confirmed", "不合规项（确认）", str(int((cf["outcome"] == "fail").sum()))),
           ("card-unknown", "无法判定项", str(int((mf["outcome"] == "unknown").sum()))),
           ("card-vetoed", "否决", str(int(cc["vetoed"].sum()) if len(cc) else 0)),
           ("card-needs-check", "待核实案件", str(int(mc["needs_check"].sum()) if len(mc) else 0))]
    grades = cc["grade"].value_counts() if len(cc) else pd.Series(dtype=int)
    out += [(f"card-grade-{i}", f"等级：{g}", str(int(grades.get(g, 0)))) for i, g in enumerate(fr.grade_order(confirmed))]
    return out


def charts(run: Run) -> list[str]:
    """The HTML report's charts (reports/html.py) over the run in view."""
    return report_charts(run, fr.unit_summary(run))


def unit_rows(both, viewer: Viewer) -> list[dict]:
    """Units ranked as the HTML report ranks them (by the confirmed rate), with the machine's rate beside;
    a unit user gets only their rows, each keeping its rank among all units."""
    machine = fr.unit_summary(both.machine).set_index("unit_id")
    rows = []
    for u in fr.unit_summary(both.confirmed).to_dict("records"):
        if not viewer.allows(u["unit_id"]):
            continue
        m = machine.loc[u["unit_id"]]
        rows.append({"rank": u["rank"], "unit_id": u["unit_id"], "unit_name": fr.text(u["unit_name"]) or u["unit_id"],
                     "cases": int(u["cases"]), "avg_score": _num(u["avg_score"]),
                     "avg_score_machine": _num(m["avg_score"]), "needs_check": int(m["needs_check"]),
                     "vetoed": int(u["vetoed"]), "machine_rate": _rate(m["rate"]), "confirmed_rate": _rate(u["rate"]),
                     "low": _low(u["rate"])})
    return rows


def _rate(v) -> float | None:
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


def _low(v) -> bool:
    rate = _rate(v)
    return rate is not None and rate < RATE_ALERT


@dataclass(frozen=True)
class UnitPage:
    unit_id: str
    unit_name: str
    cases: list[dict]          # case_id, machine/confirmed score and grade, needs_check
    problems: list[dict]       # failed and 无法判定 findings: case_id, rule_id, title, outcome (machine/confirmed)


def unit_page(db: Session, history_db: str, viewer: Viewer, run_id: int, unit_id: str) -> UnitPage:
    viewer.check_unit(unit_id)
    both = _both(db, history_db, run_id)
    machine, confirmed = both.machine, both.confirmed
    mc = machine.cases[machine.cases["unit_id"] == unit_id]
    if mc.empty and unit_id not in set(machine.units["unit_id"]):
        raise NotFound()
    cc = confirmed.cases.set_index("case_id")
    cases = [{"case_id": r["case_id"], "score": _num(r["score"]), "grade": fr.text(r["grade"]),
              "confirmed_score": _num(cc.at[r["case_id"], "score"]), "confirmed_grade": fr.text(cc.at[r["case_id"], "grade"]),
              "needs_check": bool(r["needs_check"]), "vetoed": bool(r["vetoed"])} for r in mc.to_dict("records")]
    mf, cf = machine.findings, confirmed.findings
    mine = (mf["unit_id"] == unit_id) & (mf["outcome"].isin(PROBLEM_OUTCOMES) | cf["outcome"].isin(PROBLEM_OUTCOMES))
    problems = [{"case_id": m["case_id"], "rule_id": m["rule_id"], "title": fr.text(m.get("title")),
                 "outcome": m["outcome"], "confirmed_outcome": c["outcome"], "reason": fr.text(c["reason"])}
                for m, c in zip(mf[mine].to_dict("records"), cf[mine].to_dict("records"))]
    name = fr.unit_names(machine).get(unit_id) or unit_id
    return UnitPage(unit_id, name, cases, problems)
