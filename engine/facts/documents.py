"""Per-case facts from documents (phases recorded) and reviews (法制审核)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from casereview.casefiles.lookup import TEXT, text_array
from casereview.engine.facts.per_case import case_codes, count_per_case, join_per_case, list_items


def document_facts(docs: pd.DataFrame, idx: pd.Index, params) -> pd.DataFrame:
    which, unphased = _phases(docs, params)
    codes, n = case_codes(idx, docs["case_id"]), len(idx)
    out = pd.DataFrame(index=idx)
    missing = {ph: count_per_case(codes, n, which == k) == 0 for ph, k in _required(params).items()}
    out["missing_phase_count"] = np.sum(list(missing.values()), axis=0, dtype=np.int64).astype(float) \
        if missing else np.zeros(n)
    text = pd.Series("", index=idx)
    for ph, gone in missing.items():
        text = text + np.where(gone, ph + "、", "")
    out["missing_phases"] = text.str.rstrip("、").replace("", None)
    out["unphased_doc_count"] = count_per_case(codes, n, unphased)
    un = pd.DataFrame({"case": codes[unphased],
                       "doc_type": docs["doc_type"].fillna("（无名称）").to_numpy(dtype=object)[unphased]})
    un = un.drop_duplicates()
    out["unphased_doc_types"] = join_per_case(idx, un["case"].to_numpy(), un["doc_type"].astype(str).to_numpy())
    return out


def _required(params) -> dict[str, int]:
    """Each required phase (once) with its position among them."""
    return {ph: k for k, ph in enumerate(dict.fromkeys(params.required_phases))}


def _phases(docs: pd.DataFrame, params) -> tuple[np.ndarray, np.ndarray]:
    """Per document: which required phase (_required's position, -1 for another or none) it belongs to, and
    whether it has no phase at all. Its phase is the one recorded, else its type's (params.document_phases):
    one Arrow lookup, no Python per document."""
    lookup = {t: phase for phase, types in params.document_phases.items() for t in types}
    required = list(_required(params))
    try:
        given, types = text_array(docs["phase"]), text_array(docs["doc_type"])
        by_type = pa.array(list(lookup.values()), TEXT).take(pc.index_in(types, value_set=pa.array(list(lookup), TEXT)))
        phase = pc.coalesce(given, by_type)
        which = pc.fill_null(pc.index_in(phase, value_set=pa.array(required, TEXT)), -1).to_numpy()
        return which, pc.is_null(phase).to_numpy(zero_copy_only=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):     # not all text: pandas
        phase = docs["phase"].where(docs["phase"].notna(), docs["doc_type"].map(lookup)).to_numpy(dtype=object)
        which = np.full(len(phase), -1, dtype=np.int64)
        for k, ph in enumerate(required):
            which[phase == ph] = k
        return which, pd.isna(phase)


def review_facts(reviews: pd.DataFrame, officers: pd.DataFrame | None, acts: pd.DataFrame | None,
                 act_codes: np.ndarray | None, cases: pd.DataFrame, decision: pd.Series, idx: pd.Index,
                 params) -> pd.DataFrame:
    """decision: per case (`idx` order), the decision date (NaT when none by the as-of date);
    act_codes: case_codes(idx, acts["case_id"])."""
    r = reviews[["review_id", "case_id", "reviewer_id", "review_date", "conclusion"]].copy()
    codes, n = case_codes(idx, r["case_id"]), len(idx)
    dec = decision.to_numpy(dtype="datetime64[ns]")
    r["decision"] = np.where(codes >= 0, dec[codes], np.datetime64("NaT", "ns"))
    early = (r["review_date"].notna() & r["decision"].notna() & (r["review_date"] <= r["decision"])).to_numpy()
    before = r[early]
    last = before.sort_values(["case_id", "review_date", "review_id"]).groupby("case_id").tail(1)
    last = last.set_index("case_id")
    out = pd.DataFrame(index=idx)
    out["review_count"] = count_per_case(codes, n)
    out["reviews_before_decision"] = count_per_case(codes, n, early)
    out["last_review_date"] = last["review_date"].reindex(idx)
    out["last_review_conclusion"] = last["conclusion"].reindex(idx).astype(object).where(
        last["conclusion"].reindex(idx).notna(), None)

    roles = officers.set_index("officer_id")["role"] if officers is not None else pd.Series(dtype=object)
    known = r["reviewer_id"].isin(roles.index).to_numpy()
    role = r["reviewer_id"].map(roles)
    bad_role = known & ~role.isin(params.reviewer_roles).to_numpy()
    conflict = _involved(r["reviewer_id"], codes, cases, acts, act_codes, idx)
    unknown = ~known
    out["reviewer_unknown_count"] = count_per_case(codes, n, unknown)
    out["reviewer_conflict_count"] = count_per_case(codes, n, conflict)
    out["reviewer_role_bad_count"] = count_per_case(codes, n, bad_role)
    why = np.select([conflict, bad_role, unknown],
                    ["（同时是本案承办人或执法人员）", "（人员类别为" + role.astype(object).fillna("").astype(str) + "，非法制审核人员）",
                     "（人员表中没有此人的可用记录）"], default="")
    flagged = why != ""
    text = r["reviewer_id"].fillna("（空）").astype(str).to_numpy(dtype=object)[flagged] + why[flagged].astype(object)
    out["reviewer_detail"] = join_per_case(idx, codes[flagged], text)
    return out


def _involved(reviewer: pd.Series, codes: np.ndarray, cases: pd.DataFrame, acts: pd.DataFrame | None,
              act_codes: np.ndarray | None, idx: pd.Index) -> np.ndarray:
    """Per review: its reviewer is a handler of the case or an officer on one of its acts (a conflict).
    Only the reviewed cases' rows are read; each row's case is looked up once, then repeated for the people
    it lists."""
    reviewed = np.zeros(len(idx) + 1, dtype=bool)       # by case position; the last entry: no case (-1)
    reviewed[codes[codes >= 0]] = True
    own = case_codes(idx, cases["case_id"])
    mine = reviewed[own]
    rows, handlers = list_items(cases["handler_ids"][mine])
    case_of, people = [own[mine][rows]], [handlers]
    if acts is not None:
        mine = reviewed[act_codes]
        rows, on_acts = list_items(acts["officer_ids"][mine])
        case_of.append(act_codes[mine][rows])
        people.append(on_acts)
    ids, names = pd.factorize(np.concatenate([reviewer.to_numpy(dtype=object), *people]))
    width = len(names) + 1
    keys = np.concatenate(case_of) * width + ids[len(reviewer):]
    asked = codes * width + ids[:len(reviewer)]
    return (codes >= 0) & (ids[:len(reviewer)] >= 0) & np.isin(asked, keys)
