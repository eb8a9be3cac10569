"""The annual report's figures (行政执法统计年报), counted from the case files: a plain, JSON-ready dict.

Every count is of cases decided 1 Jan – 31 Dec of the year (by decision date), except 行政许可 申请
(filed in the year) and 变更撤销 (revoked in the year). Only what had happened by the as-of date counts
(the review's, else the day after the year): cases and records after it are set apart (casefiles.asof),
and a decision, filing or revocation dated after it has not happened. A figure the input cannot give is None
(shown as “—” with a note), never 0. Party names and ID numbers are never part of the figures.
"""
from __future__ import annotations

import math
from datetime import date

import pandas as pd

from casereview.casefiles.asof import cut_at, happened
from casereview.casefiles.tables import RECORD, CaseFileSet
from casereview.engine.run.result import Run
from casereview.reports.annual.categories import (GRANTED, NOT_COLLECTED, OTHER_OUTCOME, PENALTY_LABELS, POWER_ORDER,
                                       REFUSED, heaviest_penalty, licence_outcome)
from casereview.reports.annual.select import Scope, decided_in, default_as_of, resolve_scope

ALL_SYSTEMS = "全部"


def annual_figures(cfs: CaseFileSet, year: int, unit: str | None = None,
                   review_result: Run | None = None, *, body: str | None = None) -> dict:
    """Figures for the body (all units, or `unit` and the units under it) in `year`.

    review_result: the review of that year's cases (reports.annual.select.review_year); without it the
    major-decision and three-systems figures are None."""
    scope = resolve_scope(cfs, unit)
    as_of = date.fromisoformat(review_result.info["as_of"]) if review_result is not None else default_as_of(year)
    cfs = cut_at(cfs, as_of)
    cases = happened(cfs.tables["cases"], as_of)
    cases = cases[cases["unit_id"].isin(scope.unit_ids)]
    facts = _facts(review_result)
    reviewed = _reviewed_case_ids(cfs)
    whole = _block(cases, year, facts, reviewed)
    systems = _system_rates(review_result, scope.unit_ids)
    per_unit = []
    for uid in scope.unit_ids:
        row = {"unit_id": uid, "name": scope.name(uid)}
        row.update(_block(cases[cases["unit_id"] == uid], year, facts, reviewed))
        row["systems"] = _system_rates(review_result, (uid,))
        per_unit.append(row)
    return {
        "year": year,
        "period": [date(year, 1, 1).isoformat(), date(year, 12, 31).isoformat()],
        "body": body or _body_name(scope),
        "unit": scope.chosen,
        "as_of": review_result.info.get("as_of") if review_result is not None else None,
        "pack": (review_result.info.get("pack") or {}).get("title") if review_result is not None else None,
        **whole,
        "systems": systems,
        "per_unit": per_unit,
        "notes": _notes(cfs, whole, review_result) + _as_of_notes(cfs, year, as_of),
    }


def _body_name(scope: Scope) -> str:
    if scope.chosen is not None:
        roots = [u for u in scope.unit_ids if scope.chosen in (u, scope.names.get(u))]
        return scope.name(roots[0]) if roots else scope.chosen
    return f"全部单位（{len(scope.unit_ids)} 个）"


def _facts(result: Run | None) -> pd.DataFrame | None:
    if result is None:
        return None
    return result.case_facts.set_index("case_id")[["is_major", "reviews_before_decision"]]


def _reviewed_case_ids(cfs: CaseFileSet) -> set[str] | None:
    reviews = cfs.table("reviews")
    return None if reviews is None else set(reviews["case_id"])


def _block(cases: pd.DataFrame, year: int, facts: pd.DataFrame | None, reviewed: set[str] | None) -> dict:
    """All counts for one group of cases (the whole body or one unit)."""
    decided = cases[decided_in(cases, year)]
    types = decided["case_type"]
    powers = {t: int((types == t).sum()) for t in POWER_ORDER}
    licences = decided.loc[types == "行政许可", "decision_types"].map(licence_outcome)
    filed = cases["filed_date"].dt.year.eq(year).fillna(False).astype(bool)
    licensing = {"申请": int((filed & cases["case_type"].eq("行政许可")).sum())}
    licensing.update({k: int((licences == k).sum()) for k in (GRANTED, REFUSED, OTHER_OUTCOME)})
    penal = decided[types == "行政处罚"]
    kinds = penal["decision_types"].map(heaviest_penalty)
    penalties = {k: int((kinds == k).sum()) for k in PENALTY_LABELS}
    fines = pd.to_numeric(penal["fine_amount"], errors="coerce")
    names_fine = penal["decision_types"].map(lambda t: any("罚款" in x for x in t or ()))
    amounts = {"罚款金额": round(float(fines.sum()), 2), "没收金额": NOT_COLLECTED,
               "罚没金额": round(float(fines.sum()), 2),
               "罚款未填金额件数": int((names_fine & fines.isna()).sum())}
    hearing = decided["hearing_held"].fillna(False).astype(bool)
    ids = decided["case_id"]
    review = {"法制审核": NOT_COLLECTED if reviewed is None else int(ids.isin(reviewed).sum()),
              "重大执法决定": NOT_COLLECTED, "重大决定经审核": NOT_COLLECTED, "听证": int(hearing.sum())}
    if facts is not None:
        f = facts.reindex(ids)
        major = f["is_major"].fillna(False).astype(bool)
        review["重大执法决定"] = int(major.sum())
        review["重大决定经审核"] = int((major & (f["reviews_before_decision"].fillna(0) > 0)).sum())
    revoked = cases["revoked_date"].dt.year.eq(year).fillna(False).astype(bool)
    remedies = {"行政复议": NOT_COLLECTED, "行政诉讼": NOT_COLLECTED, "变更撤销": int(revoked.sum())}
    return {"decided": len(decided), "powers": powers, "licensing": licensing, "penalties": penalties,
            "penalty_cases": len(penal), "amounts": amounts, "review": review, "remedies": remedies}


def _system_rates(result: Run | None, unit_ids) -> list[dict]:
    """Per system (and 全部) pooled over the units: pass, fail, unknown, na summed; rate = pass / (pass + fail)."""
    if result is None:
        return []
    u = result.units
    rows = u[u["level"].isin(["system", "all"]) & u["unit_id"].isin(unit_ids)]
    order = list(dict.fromkeys(rows["system"]))
    out = []
    for system in order:
        part = rows[rows["system"] == system]
        counts = {k: int(part[k].sum()) for k in ("pass", "fail", "unknown", "na")}
        denom = counts["pass"] + counts["fail"]
        out.append({"system": system, **counts, "rate": round(counts["pass"] / denom, 4) if denom else None})
    out.sort(key=lambda r: r["system"] == ALL_SYSTEMS)
    return out


def _notes(cfs: CaseFileSet, whole: dict, result: Run | None) -> list[str]:
    notes = ["统计口径：按执法决定日期统计本年度 1 月 1 日至 12 月 31 日作出的决定；行政许可“申请”按立案（受理）日期统计；"
             "一件案件有多种处罚的，按其中最重的一种计一次（顺序依行政处罚法第九条）。",
             "“—”表示输入数据中没有该项信息（未采集），不等于 0：没收金额、行政复议、行政诉讼。"
             "罚没金额仅含罚款金额。变更撤销为本年内决定被变更、撤销的案件数（来源于变更撤销日期）。"]
    if whole["amounts"]["罚款未填金额件数"]:
        notes.append(f"有 {whole['amounts']['罚款未填金额件数']} 件罚款决定未填罚款金额，未计入罚款金额。")
    if whole["review"]["法制审核"] is None:
        notes.append("输入没有法制审核表，法制审核件数未采集。")
    rejected = cfs.rejected_records("cases")
    if rejected:
        notes.append(f"有 {rejected} 件案件因数据问题被拒收，未计入统计。")
    r = cfs.rejects
    bad_dates = int(((r["table"] == "cases") & (r["column"] == "decision_date") & (r["scope"] != RECORD)).sum())
    if bad_dates:
        notes.append(f"有 {bad_dates} 件案件的决定日期无法识别，未计入统计。")
    if result is not None:
        notes.append(f"三项制度合规率来自对本年度决定案件的评查（规则包 {result.info['pack'].get('title')}，"
                     f"评查日 {result.info['as_of']}）；合规率 = 合规 ÷（合规 + 不合规），无法判定和不适用不计入。")
    else:
        notes.append("未进行评查，三项制度合规率与重大执法决定数未计算。")
    return notes


def _as_of_notes(cfs: CaseFileSet, year: int, as_of: date) -> list[str]:
    """What the as-of date left out, when it falls before the year's end."""
    if as_of > date(year, 12, 31):
        return []
    a = cfs.after_as_of
    later = int((a["table"] == "cases").sum())
    return [f"统计截至评查日 {as_of.isoformat()}：此后作出的决定、立案、变更撤销不计入"
            + (f"；有 {later} 件案件立案（或最早的执法活动）晚于评查日，未计入。" if later else "。")]


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))
