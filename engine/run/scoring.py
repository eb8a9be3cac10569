"""Case scores and grades from findings: start, deductions for failures, veto, floor, 待核实.

Without grading sections a case starts at `start` and loses every failed rule's deduction. With sections
(评查标准's 卷面 20 / 内容 80) each section keeps max(0, points − its rules' deductions) and the score is
their sum: a section emptied by its deductions takes nothing from another. cases.csv then also shows
each section's points (column `score_<section id>`). A failed veto rule makes the score `floor` either way."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from casereview.engine.model.render import STR
from casereview.engine.model.rule import Grading
from casereview.casefiles.lookup import as_arrow, positions

CASE_COLUMNS = ["case_id", "unit_id", "case_type", "score", "grade", "vetoed", "failed_rules",
                "unknown_rules", "needs_check", "deductions", "handler_ids"]


SECTION_PREFIX = "score_"          # cases.csv column of a section's points: score_<section id>


def score_cases(findings: pd.DataFrame, facts: pd.DataFrame, grading: Grading,
                rule_sections: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per case in fact-table order; `rule_sections`: rule id → section id (when grading has sections).
    Findings are counted by the position of their case (integer codes), never by their texts."""
    f = findings
    order = pd.Index(facts["case_id"])
    n = len(order)
    at = positions(f["case_id"], order)                    # a finding of no listed case counts nowhere
    fail = (f["outcome"] == "fail").to_numpy(dtype=bool) & (at >= 0)
    unknown = (f["outcome"] == "unknown").to_numpy(dtype=bool) & (at >= 0)
    deduction = f["deduction"].to_numpy(dtype=float)
    deductions = _per_case(at[fail], deduction[fail], n)
    vetoed = np.bincount(at[fail & f["veto"].to_numpy(dtype=bool)], minlength=n) > 0
    failed = _ids(f["rule_id"], at, fail, n)
    unknowns = _ids(f["rule_id"], at, unknown, n)
    kept = _section_points(f["rule_id"][fail], at[fail], deduction[fail], n, grading, rule_sections or {})
    raw = kept.sum(axis=1) if grading.sections else grading.start - deductions
    score = np.where(vetoed, grading.floor, np.maximum(raw, grading.floor))
    out = pd.DataFrame({
        "case_id": order,
        "unit_id": _column(facts["unit_id"]),
        "case_type": _column(facts["case_type"]),
        "score": score,
        "grade": _grades(score, grading),
        "vetoed": vetoed,
        "failed_rules": failed,
        "unknown_rules": unknowns,
        "needs_check": np.bincount(at[unknown], minlength=n) > 0,
        "deductions": deductions,
        "handler_ids": _column(facts["handler_ids"]) if "handler_ids" in facts else None,
    })
    for i, sid in enumerate(grading.section_ids if grading.sections else []):
        out.insert(out.columns.get_loc("deductions") + 1 + i, SECTION_PREFIX + sid, np.where(vetoed, 0.0, kept[:, i]))
    return out


def _per_case(at: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Sum of `values` per case position, in row order (pandas' compensated sum, as the reports always had)."""
    out = np.zeros(n)
    if len(at):
        sums = pd.Series(values).groupby(at).sum()
        out[sums.index.to_numpy()] = sums.to_numpy()
    return out


def _section_points(rule_id: pd.Series, at: np.ndarray, deduction: np.ndarray, n: int, grading: Grading,
                    rule_sections: dict[str, str]) -> np.ndarray:
    """Points each failed rows' cases keep per section: cases × sections in pack order (none without sections);
    a rule of no section (or of a section the grading lacks) takes nothing."""
    ids = grading.section_ids
    if not ids:
        return np.zeros((n, 0))
    rules = list(rule_sections)
    code = np.array([ids.index(rule_sections[r]) if rule_sections[r] in ids else -1 for r in rules] + [-1])
    section = code[positions(rule_id, rules)] if len(rules) else np.full(len(at), -1)
    known = section >= 0
    taken = _per_case(at[known] * len(ids) + section[known], deduction[known], n * len(ids)).reshape(n, len(ids))
    points = np.array([s.points for s in grading.sections], dtype=float)
    return np.clip(points - taken, 0.0, None)


def _grades(score: np.ndarray, grading: Grading) -> np.ndarray:
    """Each score's grade, asked of the grading once per distinct score."""
    distinct, back = np.unique(score, return_inverse=True)
    names = pa.array([grading.grade(s) for s in distinct], pa.large_string())
    return pd.arrays.ArrowStringArray(pa.chunked_array([names.take(back.reshape(-1))]), dtype=STR)


def _column(col: pd.Series):
    """A fact column as the case rows show it (text columns stay Arrow, as they came)."""
    return col.array if isinstance(col.dtype, pd.StringDtype) else col.to_numpy()


def _ids(rule_id: pd.Series, at: np.ndarray, rows: np.ndarray, n: int) -> pd.arrays.ArrowStringArray:
    """Per case, the rule ids of its `rows` joined by ";" in finding order ("" for none), built in Arrow."""
    where = np.flatnonzero(rows)
    where = where[np.argsort(at[where], kind="stable")]
    offsets = np.concatenate([[0], np.cumsum(np.bincount(at[where], minlength=n))])
    names = as_arrow(rule_id).take(where)
    joined = pc.binary_join(pa.LargeListArray.from_arrays(pa.array(offsets, pa.int64()), names),
                          pa.scalar(";", pa.large_string()))
    return pd.arrays.ArrowStringArray(pa.chunked_array([joined]), dtype=STR)
