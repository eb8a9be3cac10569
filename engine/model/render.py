"""Turning decided branches into finding rows: outcome, Chinese reason with the values read, evidence."""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from casereview.engine.model.compiled import TEMPLATE_REF, CompiledRule, LoadedPack

FINDING_COLUMNS = ["case_id", "unit_id", "rule_id", "system", "outcome", "severity", "deduction",
                   "reason", "evidence", "basis", "title", "veto"]
UNIT_FINDING_COLUMNS = ["unit_id", "unit_name", "rule_id", "system", "outcome", "value", "reason", "evidence",
                        "basis", "title"]


def format_values(s: pd.Series, ftype: str) -> pd.Series:
    """Facts as a person reads them; a missing value reads （空）."""
    if ftype == "date":
        out = pd.to_datetime(s).dt.strftime("%Y-%m-%d")
    elif ftype == "number":
        v = pd.to_numeric(s, errors="coerce")
        whole = v.notna() & (v == v.round(0))
        out = pd.Series(np.where(whole, v.fillna(0).round(0).astype("int64").astype(str),
                                 v.round(2).astype(str)), index=s.index)
        out = out.where(v.notna(), None)
    elif ftype == "bool":
        arr = s.astype(object).where(s.notna(), None).to_numpy(dtype=object)   # pd.NA == True is not a bool
        out = pd.Series(np.where(arr == True, "是", np.where(arr == False, "否", None)),  # noqa: E712
                        index=s.index, dtype=object)
    else:
        out = s.astype(object)
        odd = out.notna() & ~out.map(lambda v: isinstance(v, str))
        if odd.any():                   # a text fact holding numbers, lists, ...: still one readable text
            out = out.where(~odd, out[odd].map(format_param))
    return out.astype(object).where(out.notna(), "（空）")


def format_param(value) -> str:
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def render(template: str, rows: pd.DataFrame, loaded: LoadedPack, facts_meta, as_of: date) -> pd.Series:
    out = pd.Series("", index=rows.index, dtype=object)
    pos = 0
    for m in TEMPLATE_REF.finditer(template):
        out = out + template[pos:m.start()]
        ref = m.group(1)
        if ref == "as_of":
            out = out + as_of.isoformat()
        elif ref.startswith("$"):
            out = out + format_param(loaded.param(ref[1:]))
        else:
            out = out + format_values(rows[ref], facts_meta[ref].type)
        pos = m.end()
    return out + template[pos:]


def evidence(c: CompiledRule, rows: pd.DataFrame, facts_meta, formatted: dict | None = None) -> pd.Series:
    """`formatted`: fact name -> format_values of rows[name], shared by the rules of one findings call."""
    formatted = {} if formatted is None else formatted
    out = pd.Series("", index=rows.index, dtype=object)
    for i, name in enumerate(c.rule.evidence):
        sep = "；" if i else ""
        if name not in formatted:
            formatted[name] = format_values(rows[name], facts_meta[name].type)
        out = out + f"{sep}{facts_meta[name].label}=" + formatted[name]
    return out


def findings(loaded: LoadedPack, facts: pd.DataFrame, decided: dict[str, np.ndarray], as_of: date,
             level: str = "case") -> pd.DataFrame:
    """Rows in rule order, then fact-table order; identical for every backend given `decided`.
    At case level `facts` holds the named facts shown too (engine/backends/computed.with_shown)."""
    meta = loaded.facts_meta(level)
    frames, formatted = [], {}
    for c in loaded.rules(level):
        chosen = decided[c.rule.id]
        if (chosen < 0).any():
            raise RuntimeError(f"规则 {c.rule.id} 有记录未命中任何分支")
        outcome = np.empty(len(facts), dtype=object)
        reason = pd.Series("", index=facts.index, dtype=object)
        for i, b in enumerate(c.branches):
            rows = chosen == i
            if rows.any():
                outcome[rows] = b.outcome
                reason[rows] = render(b.reason, facts[rows], loaded, meta, as_of)
        r = c.rule
        frame = pd.DataFrame({
            "rule_id": r.id, "system": r.system, "outcome": outcome,
            "reason": reason.to_numpy(), "evidence": evidence(c, facts, meta, formatted).to_numpy(),
            "basis": r.basis, "title": r.title,
        })
        if level == "case":
            frame.insert(0, "case_id", facts["case_id"].to_numpy())
            frame.insert(1, "unit_id", facts["unit_id"].to_numpy())
            frame["severity"] = r.severity
            frame["deduction"] = np.where(outcome == "fail", r.deduction, 0.0)
            frame["veto"] = r.veto
            frames.append(frame[FINDING_COLUMNS])
        else:
            frame.insert(0, "unit_id", facts["unit_id"].to_numpy())
            frame.insert(1, "unit_name", facts["unit_name"].to_numpy())
            frame["value"] = format_values(facts[r.value], meta[r.value].type).to_numpy() if r.value else ""
            frames.append(frame[UNIT_FINDING_COLUMNS])
    cols = FINDING_COLUMNS if level == "case" else UNIT_FINDING_COLUMNS
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)
