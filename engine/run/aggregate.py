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
