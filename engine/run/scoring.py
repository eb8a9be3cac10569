"""Case scores and grades from findings: start, deductions for failures, veto, floor, 待核实."""
from __future__ import annotations

import numpy as np
import pandas as pd

from casereview.engine.model.rule import Grading

CASE_COLUMNS = ["case_id", "unit_id", "case_type", "score", "grade", "vetoed", "failed_rules",
                "unknown_rules", "needs_check", "deductions", "handler_ids"]


def score_cases(findings: pd.DataFrame, facts: pd.DataFrame, grading: Grading) -> pd.DataFrame:
    """One row per case in fact-table order."""
    f = findings
    fail = f["outcome"] == "fail"
    order = pd.Index(facts["case_id"])
    deductions = f.loc[fail].groupby("case_id")["deduction"].sum().reindex(order).fillna(0.0)
    vetoed = f.loc[fail & f["veto"].astype(bool)].groupby("case_id").size().reindex(order).fillna(0) > 0
    failed = _ids(f.loc[fail], order)
    unknown = _ids(f.loc[f["outcome"] == "unknown"], order)
    score = np.where(vetoed, grading.floor, np.maximum(grading.start - deductions.to_numpy(), grading.floor))
    out = pd.DataFrame({
        "case_id": order,
        "unit_id": facts["unit_id"].to_numpy(),
        "case_type": facts["case_type"].to_numpy(),
        "score": score,
        "grade": [grading.grade(s) for s in score],
        "vetoed": vetoed.to_numpy(),
        "failed_rules": failed.to_numpy(),
        "unknown_rules": unknown.to_numpy(),
        "needs_check": (unknown != "").to_numpy(),
        "deductions": deductions.to_numpy(),
        "handler_ids": facts["handler_ids"].to_numpy() if "handler_ids" in facts else None,
    })
    return out[CASE_COLUMNS]


def _ids(rows: pd.DataFrame, order: pd.Index) -> pd.Series:
    return rows.groupby("case_id", sort=False)["rule_id"].agg(";".join).reindex(order).fillna("")
