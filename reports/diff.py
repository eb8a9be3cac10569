"""Re-review: two finished run folders compared per (case, rule), per (unit, rule), per case score and unit rate."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from casereview.errors import UsageError
from casereview.engine.run.result import Run
from casereview.reports import from_run as fr

FIXED, NEW, STILL, CHECK = "已整改", "新增问题", "仍未整改", "待核实变化"
CASE_ADDED, CASE_REMOVED = "案件新增", "案件移除"
CATEGORIES = (FIXED, NEW, STILL, CHECK, CASE_ADDED, CASE_REMOVED)
ABSENT = ""                         # no finding for this key in that run
OVERALL = "总体"                    # the per-unit row pooled over all systems
CASE_SCOPE, UNIT_SCOPE = "案件", "单位"


@dataclass
class RunDiff:
    """details: one row per changed (case or unit, rule); cases: one per case in either run; units: unit × system."""
    before: dict
    after: dict
    details: pd.DataFrame
    cases: pd.DataFrame
    units: pd.DataFrame
    warnings: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        got = self.details["category"].value_counts()
        return {c: int(got.get(c, 0)) for c in CATEGORIES}


def category(before: str, after: str) -> str | None:
    """The change from `before` to `after` outcome (ABSENT = no finding); None when nothing to report.

    fail → pass and fail → na both count as 已整改: the problem is gone (na: the rule no longer applies,
    e.g. the decision was lawfully exempted from publication); the detail keeps both outcomes so a
    reviewer can see which. Unchanged, pass ↔ na and unknown → unknown are not reported.
    """
    if before == after and before != "fail":
        return None
    if "unknown" in (before, after):
        return CHECK
    if before == "fail":
        return {"fail": STILL, "pass": FIXED, "na": FIXED}.get(after, CHECK)   # fail → absent: not re-checked
    if after == "fail":
        return NEW
    return None


def check_same_pack(before: dict, after: dict, allow_different: bool) -> list[str]:
    """Refuse runs made with different packs (id, version or content); warnings for other differences."""
    a, b = before.get("pack", {}), after.get("pack", {})
    keys = (("id", "编号"), ("version", "版本"), ("sha256", "内容"))
    differ = [label for key, label in keys if a.get(key) != b.get(key)]
    warnings = []
    if differ:
        text = (f"两次评查使用的规则包不同（{'、'.join(differ)}不同：前次 {_pack(a)}，复查 {_pack(b)}）")
        if not allow_different:
            raise UsageError(text + "，对比结果不可比；确需对比请加 --allow-different-packs")
        warnings.append(text + "，已按 --allow-different-packs 继续对比")
    if before.get("as_of") != after.get("as_of"):
        warnings.append(f"评查日不同：前次 {before.get('as_of')}，复查 {after.get('as_of')}；"
                        "期限类规则的结论可能因评查日而变")
    return warnings + as_of_warnings(before, after)


def as_of_warnings(before: dict, after: dict) -> list[str]:
    """A run made before cases and records after the as-of date were set apart may hold problems that had
    not happened yet (they would show as 仍未整改): say so."""
    out = []
    for label, info in (("前次", before), ("复查", after)):
        counts = info.get("counts") or {}
        if counts and not all("after_as_of" in c for c in counts.values()):
            out.append(f"{label}评查结果由较早版本生成，未排除晚于其评查日 {info.get('as_of')} 的案件和记录，"
                       "其中尚未发生的问题可能被列为问题；请用当前版本重新评查后再对比")
    return out


def diff_folders(before: Path, after: Path, *, allow_different_packs: bool = False) -> RunDiff:
    """Load two run folders and compare them (refusing different packs unless allowed)."""
    a, b = fr.load_run(Path(before)), fr.load_run(Path(after))
    warnings = check_same_pack(a.info, b.info, allow_different_packs)
    return diff_runs(a, b, warnings)


def diff_runs(a: Run, b: Run, warnings: list[str] | None = None) -> RunDiff:
    names = {**fr.unit_names(a), **fr.unit_names(b)}
    a_ids, b_ids = set(a.cases["case_id"]), set(b.cases["case_id"])
    details = pd.concat([_case_details(a, b, a_ids, b_ids), _unit_details(a, b)], ignore_index=True)
    details["unit_name"] = details["unit_id"].map(names).fillna("")
    details = _in_pack_order(details, a.info, b.info)
    cases = _case_changes(a, b, details)
    cases["unit_name"] = cases["unit_id"].map(names).fillna("")
    units = _unit_changes(a, b, details)
    units["unit_name"] = units["unit_id"].map(names).fillna("")
    return RunDiff(a.info, b.info, details, cases, units, list(warnings or []))


DETAIL_COLUMNS = ["scope", "case_id", "unit_id", "rule_id", "title", "system", "before", "after",
                  "category", "reason_before", "reason_after"]


def _case_details(a: Run, b: Run, a_ids: set, b_ids: set) -> pd.DataFrame:
    keys = ["case_id", "rule_id"]
    m = _outer(a.findings, b.findings, keys)
    in_a, in_b = m["case_id"].isin(a_ids), m["case_id"].isin(b_ids)
    m["category"] = [category(x, y) for x, y in zip(m["before"], m["after"])]
    problem = m["before"].isin(fr.PROBLEM_OUTCOMES) | m["after"].isin(fr.PROBLEM_OUTCOMES)
    m.loc[in_a & ~in_b, "category"] = np.where(problem[in_a & ~in_b], CASE_REMOVED, None)
    m.loc[in_b & ~in_a, "category"] = np.where(problem[in_b & ~in_a], CASE_ADDED, None)
    m["scope"] = CASE_SCOPE
    return m[m["category"].notna()].reindex(columns=DETAIL_COLUMNS)


def _unit_details(a: Run, b: Run) -> pd.DataFrame:
    m = _outer(a.unit_findings, b.unit_findings, ["unit_id", "rule_id"])
    m["category"] = [category(x, y) for x, y in zip(m["before"], m["after"])]
    m["scope"], m["case_id"] = UNIT_SCOPE, ""
    return m[m["category"].notna()].reindex(columns=DETAIL_COLUMNS)


def _outer(before: pd.DataFrame, after: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Outer join of two findings frames on `keys`: outcome → before/after, reason → reason_before/after."""
    cols = keys + [c for c in ("unit_id", "title", "system", "outcome", "reason") if c not in keys]
    x = before.reindex(columns=cols).rename(columns={"outcome": "before", "reason": "reason_before"})
    y = after.reindex(columns=cols).rename(columns={"outcome": "after", "reason": "reason_after"})
    m = x.merge(y, on=keys, how="outer", suffixes=("", "_after"), sort=False)
    for col in ("unit_id", "title", "system"):
        if col in keys:
            continue
        m[col] = m[f"{col}_after"].where(m[f"{col}_after"].notna(), m[col])
    m = m.fillna({"before": ABSENT, "after": ABSENT, "reason_before": "", "reason_after": ""})
    return m.sort_values(keys, kind="stable").reset_index(drop=True)


CASE_COLUMNS = ["case_id", "unit_id", "status", "score_before", "score_after", "score_change", "grade_before",
                "grade_after", *CATEGORIES[:4], "fixed_rules", "new_rules", "still_rules"]


def _case_changes(a: Run, b: Run, details: pd.DataFrame) -> pd.DataFrame:
    cols = ["case_id", "unit_id", "score", "grade"]
    m = a.cases[cols].merge(b.cases[cols], on="case_id", how="outer", suffixes=("_before", "_after"))
    m["unit_id"] = m["unit_id_after"].fillna(m["unit_id_before"])
    m["status"] = np.select([m["score_before"].isna() & m["grade_before"].isna(),
                             m["score_after"].isna() & m["grade_after"].isna()],
                            [CASE_ADDED, CASE_REMOVED], "复查")
    m["score_change"] = m["score_after"] - m["score_before"]
    d = details[details["scope"] == CASE_SCOPE]
    for cat in CATEGORIES[:4]:
        m[cat] = m["case_id"].map(d[d["category"] == cat].groupby("case_id").size()).fillna(0).astype(int)
    for col, cat in (("fixed_rules", FIXED), ("new_rules", NEW), ("still_rules", STILL)):
        rows = d[d["category"] == cat]
        joined = rows.groupby("case_id")["rule_id"].agg(";".join)
        m[col] = m["case_id"].map(joined).astype(object).where(m["case_id"].isin(joined.index), "")
    return m.sort_values("case_id", kind="stable").reindex(columns=CASE_COLUMNS).reset_index(drop=True)


UNIT_COLUMNS = ["unit_id", "system", "rate_before", "rate_after", "rate_change", "pass_before", "fail_before",
                "pass_after", "fail_after", *CATEGORIES[:4]]


def _unit_changes(a: Run, b: Run, details: pd.DataFrame) -> pd.DataFrame:
    """Per unit and system (and 总体): rate, pass and fail before and after, and the changes behind them."""
    def rates(r: Run) -> pd.DataFrame:
        u = r.units[r.units["level"].isin(["system", "all"])].copy()
        u["system"] = np.where(u["level"] == "all", OVERALL, u["system"])
        return u[["unit_id", "system", "rate", "pass", "fail"]]
    m = rates(a).merge(rates(b), on=["unit_id", "system"], how="outer", suffixes=("_before", "_after"))
    m["rate_change"] = m["rate_after"] - m["rate_before"]
    d = details.copy()
    for cat in CATEGORIES[:4]:
        rows = d[d["category"] == cat]
        per_sys = rows.groupby(["unit_id", "system"]).size()
        per_unit = rows.groupby("unit_id").size()
        m[cat] = [int(per_unit.get(u, 0)) if s == OVERALL else int(per_sys.get((u, s), 0))
                  for u, s in zip(m["unit_id"], m["system"])]
    order = {s: i for i, s in enumerate(list(dict.fromkeys(list(fr.systems(a)) + list(fr.systems(b)))) + [OVERALL])}
    m["_order"] = m["system"].map(order).fillna(len(order))
    m = m.sort_values(["unit_id", "_order"], kind="stable")
    for col in ("pass_before", "fail_before", "pass_after", "fail_after"):
        m[col] = m[col].astype("Int64")
    return m.reindex(columns=UNIT_COLUMNS).reset_index(drop=True)


def _in_pack_order(details: pd.DataFrame, *infos: dict) -> pd.DataFrame:
    """Case rows first (by case id), then unit rows (by unit id); rules in the order of the pack."""
    rules = list(dict.fromkeys(r for info in infos for r in info.get("pack", {}).get("rules", [])))
    rank = details["rule_id"].map({r: i for i, r in enumerate(rules)}).fillna(len(rules))
    order = details.assign(_scope=details["scope"].ne(CASE_SCOPE), _rank=rank)
    order = order.sort_values(["_scope", "case_id", "unit_id", "_rank", "rule_id"], kind="stable")
    return order.drop(columns=["_scope", "_rank"]).reset_index(drop=True)


def _pack(p: dict) -> str:
    return f"{p.get('id', '')} {p.get('version', '')}（{str(p.get('sha256', ''))[:12]}）"
