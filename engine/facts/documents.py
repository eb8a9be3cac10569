"""Per-case facts from documents (phases recorded) and reviews (法制审核)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from casereview.engine.facts.per_case import join_texts, per_case


def document_facts(docs: pd.DataFrame, idx: pd.Index, params) -> pd.DataFrame:
    lookup = {t: phase for phase, types in params.document_phases.items() for t in types}
    phase = docs["phase"].where(docs["phase"].notna(), docs["doc_type"].map(lookup))
    d = pd.DataFrame({"case_id": docs["case_id"].to_numpy(), "phase": phase.to_numpy(),
                      "doc_type": docs["doc_type"].fillna("（无名称）").to_numpy()})
    present = d.dropna(subset=["phase"]).groupby(["case_id", "phase"]).size().unstack(fill_value=0)
    present = present.reindex(index=idx, columns=params.required_phases, fill_value=0) > 0
    missing = ~present
    out = pd.DataFrame(index=idx)
    out["missing_phase_count"] = missing.sum(axis=1).astype(float)
    text = pd.Series("", index=idx)
    for ph in params.required_phases:
        text = text + np.where(missing[ph], ph + "、", "")
    out["missing_phases"] = text.str.rstrip("、").replace("", None)
    un = d[d["phase"].isna()].drop_duplicates(["case_id", "doc_type"])
    out["unphased_doc_count"] = per_case(idx, d[d["phase"].isna()].groupby("case_id").size(), 0)
    out["unphased_doc_types"] = per_case(idx, join_texts(un["doc_type"].astype(str), un["case_id"]), None)
    return out


def review_facts(reviews: pd.DataFrame, officers: pd.DataFrame | None, acts: pd.DataFrame | None,
                 cases: pd.DataFrame, decision: pd.Series, idx: pd.Index, params) -> pd.DataFrame:
    """decision: per case_id, the decision date (NaT when none by the as-of date)."""
    r = reviews[["review_id", "case_id", "reviewer_id", "review_date", "conclusion"]].copy()
    r["decision"] = r["case_id"].map(decision) if len(r) else decision.iloc[:0]   # map() of nothing breaks the dtype
    before = r[r["review_date"].notna() & r["decision"].notna() & (r["review_date"] <= r["decision"])]
    last = before.sort_values(["case_id", "review_date", "review_id"]).groupby("case_id").tail(1)
    last = last.set_index("case_id")
    out = pd.DataFrame(index=idx)
    out["review_count"] = per_case(idx, r.groupby("case_id").size(), 0)
    out["reviews_before_decision"] = per_case(idx, before.groupby("case_id").size(), 0)
    out["last_review_date"] = last["review_date"].reindex(idx)
    out["last_review_conclusion"] = last["conclusion"].reindex(idx).astype(object).where(
        last["conclusion"].reindex(idx).notna(), None)

    roles = officers.set_index("officer_id")["role"] if officers is not None else pd.Series(dtype=object)
    known = r["reviewer_id"].isin(roles.index).to_numpy()
    role = r["reviewer_id"].map(roles)
    bad_role = known & ~role.isin(params.reviewer_roles).to_numpy()
    # conflicts: reviewer is a handler of the case or an officer on one of its acts
    involved = set()
    handlers = cases[["case_id", "handler_ids"]].explode("handler_ids").dropna()
    involved.update(zip(handlers["case_id"], handlers["handler_ids"]))
    if acts is not None:
        act_off = acts[["case_id", "officer_ids"]].explode("officer_ids").dropna()
        involved.update(zip(act_off["case_id"], act_off["officer_ids"]))
    conflict = np.array([(c, o) in involved for c, o in zip(r["case_id"], r["reviewer_id"])], dtype=bool)
    unknown = ~known
    cid = r["case_id"].to_numpy()
    out["reviewer_unknown_count"] = per_case(idx, pd.Series(unknown).groupby(cid).sum(), 0)
    out["reviewer_conflict_count"] = per_case(idx, pd.Series(conflict).groupby(cid).sum(), 0)
    out["reviewer_role_bad_count"] = per_case(idx, pd.Series(bad_role).groupby(cid).sum(), 0)
    why = np.select([conflict, bad_role, unknown],
                    ["（同时是本案承办人或执法人员）", "（人员类别为" + role.astype(object).fillna("").astype(str) + "，非法制审核人员）",
                     "（人员表中没有此人）"], default="")
    flagged = r[why != ""]
    text = flagged["reviewer_id"].fillna("（空）").astype(str) + pd.Series(why, index=r.index)[why != ""]
    out["reviewer_detail"] = per_case(idx, join_texts(text, flagged["case_id"]), None)
    return out
