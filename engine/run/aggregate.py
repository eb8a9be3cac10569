"""Unit compliance: per unit and rule, and per unit and system, rate = pass / (pass + fail)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from casereview.engine.model.rule import OUTCOMES

UNIT_COLUMNS = ["unit_id", "unit_name", "level", "rule_id", "system", "pass", "fail", "unknown", "na", "rate"]


_KEYS = ["unit_id", "rule_id", "system", "outcome"]


def outcome_counts(*findings: pd.DataFrame) -> pd.Series:
    """Findings per unit, rule, system and outcome; counts of parts of a run add up (see merge_counts)."""
    both = pd.concat([f[_KEYS] for f in findings], ignore_index=True)
    return both.groupby(_KEYS, observed=True).size()


def merge_counts(parts: list[pd.Series]) -> pd.Series:
    return pd.concat(parts).groupby(level=list(range(len(_KEYS)))).sum()


def unit_rates(findings: pd.DataFrame, unit_findings: pd.DataFrame, units: pd.DataFrame,
               rule_order: list[str], systems: list[str]) -> pd.DataFrame:
    """Rows per unit: each rule (case-level counts, unit-level rules count once), each system, all."""
    return rates_from_counts(outcome_counts(findings, unit_findings), units, rule_order, systems)


def rates_from_counts(counted: pd.Series, units: pd.DataFrame, rule_order: list[str],
                      systems: list[str]) -> pd.DataFrame:
    counts = counted.unstack("outcome", fill_value=0)
    counts = counts.reindex(columns=list(OUTCOMES), fill_value=0).reset_index()
    keys = counted.index.to_frame(index=False)
    rule_system = dict(zip(keys["rule_id"], keys["system"]))
    grid = pd.MultiIndex.from_product([units["unit_id"], rule_order], names=["unit_id", "rule_id"])
    per_rule = counts.set_index(["unit_id", "rule_id"]).drop(columns="system").reindex(grid, fill_value=0)
    per_rule = per_rule.reset_index()
    per_rule["system"] = per_rule["rule_id"].map(rule_system)
    per_rule["level"] = "rule"
    per_sys = per_rule.groupby(["unit_id", "system"], sort=False)[list(OUTCOMES)].sum().reset_index()
    per_sys["rule_id"] = ""
    per_sys["level"] = "system"
    per_sys["order"] = per_sys["system"].map({s: i for i, s in enumerate(systems)})
    total = per_rule.groupby("unit_id", sort=False)[list(OUTCOMES)].sum().reset_index()
    total["rule_id"], total["system"], total["level"] = "", "全部", "all"
    per_rule["order"] = per_rule["rule_id"].map({r: i for i, r in enumerate(rule_order)})
    total["order"] = 0
    unit_pos = {u: i for i, u in enumerate(units["unit_id"])}
    parts = []
    for frame, rank in ((per_rule, 0), (per_sys, 1), (total, 2)):
        frame = frame.copy()
        frame["rank"] = rank
        parts.append(frame)
    out = pd.concat(parts, ignore_index=True)
    out["upos"] = out["unit_id"].map(unit_pos)
    out = out.sort_values(["upos", "rank", "order"], kind="stable")
    denom = out["pass"] + out["fail"]
    out["rate"] = np.where(denom > 0, (out["pass"] / denom.where(denom > 0, 1)).round(4), np.nan)
    out["unit_name"] = out["unit_id"].map(dict(zip(units["unit_id"], units["unit_name"])))
    return out[UNIT_COLUMNS].reset_index(drop=True)


# --- unit scores (packs with grading sections) ---------------------------------------------------

UNIT_SCORES_CSV = "unit_scores.csv"
UNIT_SCORE_COLUMNS = ["rank", "unit_id", "unit_name", "cases", "vetoed", "score"]
RANKING_RULE = ("单位得分为本单位已评查案卷得分的平均值（保留两位小数），按得分从高到低排名；得分相同的，"
                "否决案卷少者在前，仍相同的，已评查案卷多者在前，再相同的按单位编码升序；"
                "没有已评查案卷的单位不计分（显示为“—”）、不排名，列在最后")


def unit_scores(cases: pd.DataFrame, unit_facts: pd.DataFrame) -> pd.DataFrame:
    """One row per unit, ranked as RANKING_RULE says: rank, unit, reviewed cases, vetoed cases, mean score."""
    names = dict(zip(unit_facts["unit_id"], unit_facts["unit_name"])) if "unit_name" in unit_facts else {}
    ids = list(dict.fromkeys(list(unit_facts["unit_id"]) + list(cases["unit_id"])))
    by_unit = cases.groupby("unit_id", sort=False)
    out = pd.DataFrame({"unit_id": ids})
    out["unit_name"] = out["unit_id"].map(names)
    out["cases"] = out["unit_id"].map(by_unit.size()).fillna(0).astype(int)
    out["vetoed"] = out["unit_id"].map(by_unit["vetoed"].sum()).fillna(0).astype(int)
    out["score"] = out["unit_id"].map(by_unit["score"].mean()).astype(float).round(2)
    out = out.sort_values(["score", "vetoed", "cases", "unit_id"], ascending=[False, True, False, True],
                          na_position="last", kind="stable")
    scored = out["score"].notna().to_numpy()
    out["rank"] = pd.array(np.where(scored, np.cumsum(scored), 0), dtype="Int64")
    out.loc[~scored, "rank"] = pd.NA
    return out[UNIT_SCORE_COLUMNS].reset_index(drop=True)
