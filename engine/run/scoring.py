"""Case scores and grades from findings: start, deductions for failures, veto, floor, 待核实.

Without grading sections a case starts at `start` and loses every failed rule's deduction. With sections
(评查标准's 卷面 20 / 内容 80) each section keeps max(0, points − its rules' deductions) and the score is
their sum: a section emptied by its deductions takes nothing from another. cases.csv then also shows
each section's points (column `score_<section id>`). A failed veto rule makes the score `floor` either way."""
from __future__ import annotations

import numpy as np
import pandas as pd

from casereview.engine.model.rule import Grading

CASE_COLUMNS = ["case_id", "unit_id", "case_type", "score", "grade", "vetoed", "failed_rules",
                "unknown_rules", "needs_check", "deductions", "handler_ids"]


SECTION_PREFIX = "score_"          # cases.csv column of a section's points: score_<section id>


def score_cases(findings: pd.DataFrame, facts: pd.DataFrame, grading: Grading,
                rule_sections: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per case in fact-table order; `rule_sections`: rule id → section id (when grading has sections)."""
    f = findings
    fail = f["outcome"] == "fail"
    order = pd.Index(facts["case_id"])
    deductions = f.loc[fail].groupby("case_id")["deduction"].sum().reindex(order).fillna(0.0)
    vetoed = f.loc[fail & f["veto"].astype(bool)].groupby("case_id").size().reindex(order).fillna(0) > 0
    failed = _ids(f.loc[fail], order)
    unknown = _ids(f.loc[f["outcome"] == "unknown"], order)
    kept = _section_points(f.loc[fail], order, grading, rule_sections or {})
    raw = kept.sum(axis=1).to_numpy() if grading.sections else grading.start - deductions.to_numpy()
    score = np.where(vetoed, grading.floor, np.maximum(raw, grading.floor))
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
    out = out[CASE_COLUMNS]
    for sid in kept.columns:
        out.insert(out.columns.get_loc("deductions") + 1 + list(kept.columns).index(sid), SECTION_PREFIX + sid,
                   np.where(vetoed, 0.0, kept[sid].to_numpy()))
    return out


def _section_points(failed: pd.DataFrame, order: pd.Index, grading: Grading,
                    rule_sections: dict[str, str]) -> pd.DataFrame:
    """Points each case keeps per section (columns in pack order; none without sections)."""
    if not grading.sections:
        return pd.DataFrame(index=order)
    section = failed["rule_id"].map(rule_sections)
    taken = failed.groupby([failed["case_id"], section])["deduction"].sum().unstack(fill_value=0.0)
    taken = taken.reindex(index=order, columns=grading.section_ids, fill_value=0.0).fillna(0.0)
    points = pd.Series({s.id: s.points for s in grading.sections}, dtype=float)
    return (points - taken).clip(lower=0.0)


def _ids(rows: pd.DataFrame, order: pd.Index) -> pd.Series:
    return rows.groupby("case_id", sort=False)["rule_id"].agg(";".join).reindex(order).fillna("")
