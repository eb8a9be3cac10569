"""Fact derivation, one place: case-file tables + pack parameters + calendar + as-of → fact tables."""
from __future__ import annotations

from datetime import date
from typing import Iterable

import numpy as np
import pandas as pd

from casereview.engine.model.catalogue import DATE, case_catalogue, unit_catalogue
from casereview.engine.facts.deadlines import deadline_frame
from casereview.engine.model import expr
from casereview.engine.facts.children import with_children
from casereview.engine.facts.acts import certificate_facts, coverage, officer_facts, recording_facts
from casereview.engine.facts.documents import document_facts, review_facts
from casereview.engine.facts.guards import case_guards, unit_guards
from casereview.engine.facts.per_case import case_codes, join_lists
from casereview.engine.model.schema import CASES, DATE as COL_DATE
from casereview.casefiles.asof import rejected_in
from casereview.casefiles.tables import CaseFileSet
from casereview.casefiles.workdays import WorkCalendar

_CASE_DATES = [c.name for c in CASES.columns if c.kind == COL_DATE]


def derive_case_facts(cfs: CaseFileSet, params, as_of: date, cal: WorkCalendar,
                      conditions: Iterable[expr.Node] = ()) -> pd.DataFrame:
    """One row per kept case: case_id, unit_id and every fact of the case catalogue, plus a hidden column
    for each quantifier over the child records and list membership the `conditions` read (children.py)."""
    cases = cfs.tables["cases"].reset_index(drop=True)
    idx = pd.Index(cases["case_id"], name="case_id")
    today = pd.Timestamp(as_of)
    c = cases.set_index("case_id")
    cols: dict[str, object] = {"unit_id": cases["unit_id"].to_numpy()}
    for col in _CASE_DATES:
        # a date after the as-of date has not happened yet, unless the calendar cannot place it
        s = pd.to_datetime(c[col])
        beyond = (s > today).to_numpy() & ~cal.covers_arr(s)
        cols[col] = s.where((s <= today).to_numpy() | beyond)
        cols[f"beyond__{col}"] = beyond
    for col in ("case_type", "case_subtype", "party_type", "publish_exempt_reason"):
        cols[col] = _text(c[col])
    cols["procedure"] = _text(c["procedure"]).fillna("普通程序")
    cols["handler_ids"] = pd.Series(join_lists(c["handler_ids"]), index=idx, dtype=object)
    cols["decision_types"] = pd.Series(join_lists(c["decision_types"]), index=idx, dtype=object)
    cols["fine_amount"] = pd.to_numeric(c["fine_amount"], errors="coerce").astype(float)
    cols["hearing_held"] = c["hearing_held"].astype("boolean")
    cols["extension_days"] = pd.to_numeric(c["extension_days"], errors="coerce").astype(float)
    f = pd.DataFrame(cols, index=idx)
    f["as_of"] = today
    f["has_decision"] = f["decision_date"].notna()
    f["is_published"] = f["published_date"].notna()
    f["is_revoked"] = f["revoked_date"].notna()
    f["notice_lead_days"] = (f["decision_date"] - f["notified_date"]).dt.days.astype(float)
    parts = [f, _major(c, params)]

    acts, officers = cfs.tables.get("acts"), cfs.tables.get("officers")
    recordings = cfs.tables.get("recordings")
    if acts is not None:
        cov = coverage(acts, recordings, params.recording_gap_seconds)
        act_codes = case_codes(idx, acts["case_id"])            # looked up once, shared by the act facts
        parts.append(certificate_facts(acts, idx, act_codes))
        parts.append(officer_facts(acts, officers, cases.assign(procedure=f["procedure"].to_numpy()), cov, params,
                                   recordings is not None, act_codes))
        parts.append(recording_facts(acts, cov, idx, act_codes, params.av_mandatory_act_types, "covered"))
        parts.append(recording_facts(acts, cov, idx, act_codes, params.dispute_act_types, "overlap"))
    else:
        act_codes = None
    if "documents" in cfs.tables:
        parts.append(document_facts(cfs.tables["documents"], idx, params))
    if "reviews" in cfs.tables:
        parts.append(review_facts(cfs.tables["reviews"], officers, acts, act_codes, cases, f["decision_date"], idx,
                                  params))
    parts += [deadline_frame(name, d, f, as_of, cal) for name, d in params.deadlines.items()]
    catalogue = case_catalogue(params)
    parts.append(case_guards(cfs, cases, idx, catalogue))
    return with_children(_complete(pd.concat(parts, axis=1).reset_index(), catalogue), cfs, conditions)


def _text(s: pd.Series) -> pd.Series:
    s = s.astype(object)
    return s.where(s.notna() & (s.astype(str).str.strip() != ""), None)


def _major(c: pd.DataFrame, params) -> pd.DataFrame:
    m = params.major
    labels = {"major_flag": "标记为重大", "complex_flag": "疑难复杂", "hearing_held": "经过听证"}
    hits = []
    for flag in m.flags:
        hits.append((c[flag].to_numpy(dtype=bool, na_value=False), labels.get(flag, flag)))
    dt = join_lists(c["decision_types"], keep=m.decision_types)
    hits.append((~pd.isna(dt), None))
    fine = pd.to_numeric(c["fine_amount"], errors="coerce")
    line = np.where(c["party_type"] == "单位", m.fine_organisation, m.fine_individual)
    big = (fine >= line).to_numpy(dtype=bool, na_value=False)
    hits.append((big, None))
    text = pd.Series("", index=c.index, dtype=object)
    for mask, label in hits[:-2]:
        text = text + np.where(mask, label + "；", "")
    text = text + np.where(hits[-2][0], "处理决定含" + np.where(hits[-2][0], dt, "").astype(object) + "；", "")
    said = np.full(len(c), "", dtype=object)          # formatted for the few large fines only
    said[big] = [f"罚款{v:g}元达到{w:g}元；" for v, w in zip(fine.to_numpy(dtype=float)[big], line[big].astype(float))]
    text = text + said
    out = pd.DataFrame(index=c.index)
    out["is_major"] = np.logical_or.reduce([h[0] for h in hits])
    out["major_grounds"] = text.str.rstrip("；").replace("", None)
    return out


def _complete(f: pd.DataFrame, catalogue) -> pd.DataFrame:
    """Every catalogue fact present, with its declared type (absent tables → all null)."""
    added = {}
    for name, fact in catalogue.items():
        if name not in f:
            empty = pd.NaT if fact.type == DATE else (np.nan if fact.type == "number" else None)
            added[name] = pd.Series([empty] * len(f), index=f.index,
                                    dtype="datetime64[ns]" if fact.type == DATE else None)
        elif fact.type == DATE and not pd.api.types.is_datetime64_dtype(f[name].dtype):
            f[name] = pd.to_datetime(f[name])
        elif fact.type == "number" and f[name].dtype != np.float64:
            f[name] = pd.to_numeric(f[name], errors="coerce").astype(float)
    return pd.concat([f, pd.DataFrame(added, index=f.index)], axis=1) if added else f.copy()


def derive_unit_facts(cfs: CaseFileSet, params) -> pd.DataFrame:
    """One row per unit (units table ∪ units of kept cases): staff counts and reviewer share."""
    units = cfs.tables.get("units")
    officers = cfs.tables.get("officers")
    ids = list(units["unit_id"]) if units is not None else []
    ids += [u for u in pd.unique(cfs.tables["cases"]["unit_id"]) if u not in set(ids)]
    f = pd.DataFrame({"unit_id": ids})
    u = units.set_index("unit_id") if units is not None else pd.DataFrame(
        columns=["name", "enforcement_staff", "legal_reviewers"])
    f["unit_name"] = f["unit_id"].map(u["name"]) if len(u) else None
    listed_staff = pd.to_numeric(f["unit_id"].map(u["enforcement_staff"]), errors="coerce") if len(u) else \
        pd.Series(np.nan, index=f.index)
    listed_rev = pd.to_numeric(f["unit_id"].map(u["legal_reviewers"]), errors="coerce") if len(u) else \
        pd.Series(np.nan, index=f.index)
    if officers is not None:
        staff = officers[officers["role"].isin(params.staff_roles)].groupby("unit_id").size()
        rev = officers[officers["role"].isin(params.reviewer_roles)].groupby("unit_id").size()
        counted_staff = f["unit_id"].map(staff).fillna(0)
        counted_rev = f["unit_id"].map(rev).fillna(0)
    else:
        counted_staff = counted_rev = pd.Series(np.nan, index=f.index)
    # a value the units table has but that was rejected is not replaced by a count (guard: unknown)
    rejected_staff, rejected_rev = _rejected_in(units, f["unit_id"], "enforcement_staff"), \
        _rejected_in(units, f["unit_id"], "legal_reviewers")
    counted_staff = counted_staff.where(~rejected_staff)
    counted_rev = counted_rev.where(~rejected_rev)
    f["enforcement_staff"] = listed_staff.fillna(counted_staff).astype(float)
    f["legal_reviewers"] = listed_rev.fillna(counted_rev).astype(float)
    src_staff = np.where(listed_staff.notna(), "单位表", np.where(counted_staff.notna(), "人员表", ""))
    src_rev = np.where(listed_rev.notna(), "单位表", np.where(counted_rev.notna(), "人员表", ""))
    f["staff_source"] = [a if a == b else f"执法人员数取自{a or '无'}，审核人员数取自{b or '无'}"
                         for a, b in zip(src_staff, src_rev)]
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = f["legal_reviewers"] * 100 / f["enforcement_staff"]
    f["reviewer_percent"] = pct.where(f["enforcement_staff"] > 0)
    counted = ((src_staff == "人员表") | (src_rev == "人员表")) if officers is not None else np.zeros(len(f), bool)
    f = pd.concat([f, unit_guards(cfs, f["unit_id"], pd.Series(counted, index=f.index), params)], axis=1)
    return _complete(f, unit_catalogue())


def _rejected_in(units: pd.DataFrame | None, ids: pd.Series, column: str) -> pd.Series:
    """Per unit id: its units row had `column` rejected."""
    if units is None or "_invalid" not in units:
        return pd.Series(False, index=ids.index)
    return ids.isin(units.loc[rejected_in(units, column), "unit_id"])
