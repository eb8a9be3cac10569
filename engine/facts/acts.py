"""Per-case facts from acts, officers and recordings: officer counts, certificates, AV coverage."""
from __future__ import annotations

import numpy as np
import pandas as pd

from casereview.casefiles.lookup import positions
from casereview.engine.facts.per_case import as_text, count_per_case, join_per_case, list_items

NS_PER_S = 1_000_000_000


def act_times(acts: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start and end as int64 ns, and whether both are real times with start <= end."""
    start = acts["start_time"].to_numpy(dtype="datetime64[ns]")
    end = acts["end_time"].to_numpy(dtype="datetime64[ns]")
    ok = ~np.isnat(start) & ~np.isnat(end)
    for col in ("start_time__has_time", "end_time__has_time"):
        if col in acts:
            ok &= acts[col].to_numpy(dtype=bool, na_value=False)
    ok &= np.where(ok, end >= start, False)
    return start.astype("int64"), end.astype("int64"), ok


def coverage(acts: pd.DataFrame, recordings: pd.DataFrame | None, gap_s: float) -> pd.DataFrame:
    """Per act (row for row): max uncovered gap in seconds (start, between recordings, end) and a status.

    A recording tagged with an act_id counts for that act only; an untagged one counts for
    every act of its case it overlaps. status: covered | gap | no_time (times missing) |
    unsure (not covered by timed recordings, but some relevant recording has no times).
    Also `overlapped`: some relevant recording overlaps the act in time.
    """
    a_start, a_end, a_ok = act_times(acts)
    n = len(acts)
    max_gap = np.where(a_ok, (a_end - a_start) / NS_PER_S, np.nan)
    overlapped, untimed_rec = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    if recordings is not None and len(recordings):
        r_start, r_end, r_ok = act_times(recordings)
        act, rec = _same_case_pairs(acts["case_id"], recordings["case_id"])
        r_act = positions(recordings["act_id"], acts["act_id"])
        tagged = recordings["act_id"].notna().to_numpy()[rec]
        relevant = ~tagged | (r_act[rec] == act)
        timed = r_ok[rec] & a_ok[act]
        overlap = timed & (r_start[rec] < a_end[act]) & (r_end[rec] > a_start[act])
        # untagged recordings count only where they overlap; untimed relevant ones make it unsure
        untimed_rec[act[relevant & ~r_ok[rec]]] = True
        use = relevant & overlap
        overlapped[act[use]] = True
        if use.any():
            acts_used, gaps = _max_gaps(act[use], r_start[rec[use]], r_end[rec[use]], a_start, a_end)
            max_gap[acts_used] = gaps
    status = np.where(~a_ok, "no_time", np.where(max_gap <= gap_s, "covered", "gap"))
    status = np.where((status == "gap") & untimed_rec, "unsure", status)
    return pd.DataFrame({"act_id": acts["act_id"].to_numpy(), "max_gap": max_gap, "overlapped": overlapped,
                         "untimed_rec": untimed_rec, "status": status})


def _same_case_pairs(left: pd.Series, right: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Every (left row, right row) of the same case, left rows in order, right rows in order within each."""
    codes, _ = pd.factorize(np.concatenate([left.to_numpy(dtype=object), right.to_numpy(dtype=object)]))
    lc, rc = codes[:len(left)], codes[len(left):]
    order = np.argsort(rc, kind="stable")
    lo = np.searchsorted(rc[order], lc, "left")
    count = np.where(lc >= 0, np.searchsorted(rc[order], lc, "right") - lo, 0)
    first = np.repeat(np.cumsum(count) - count, count)
    return np.repeat(np.arange(len(left)), count), order[np.repeat(lo, count) + np.arange(count.sum()) - first]


def _max_gaps(act: np.ndarray, r_start: np.ndarray, r_end: np.ndarray, a_start: np.ndarray,
              a_end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Largest uncovered stretch per act (acts, gaps), by a sweep over its recordings sorted by start."""
    order = np.lexsort((r_end, r_start, act))
    act, r_start, r_end = act[order], r_start[order], r_end[order]
    starts = np.flatnonzero(np.r_[True, act[1:] != act[:-1]])
    ends = pd.Series(r_end).groupby(act).cummax().to_numpy()
    prev = np.r_[np.iinfo("int64").min, ends[:-1]]
    prev[starts] = np.iinfo("int64").min
    reach = np.maximum(prev, a_start[act])
    inner = np.maximum.reduceat((r_start - reach) / NS_PER_S, starts)
    last = np.maximum.reduceat(np.maximum(ends, a_start[act]), starts)
    acts = act[starts]
    tail = (a_end[acts] - last) / NS_PER_S
    return acts, np.maximum(inner, tail).clip(min=0)


def officer_facts(acts: pd.DataFrame, officers: pd.DataFrame | None, cases: pd.DataFrame,
                  cov: pd.DataFrame, params, has_recordings: bool, codes: np.ndarray) -> pd.DataFrame:
    """Per case: acts short of qualified officers (certainly / only because of unknown ids).

    cov: coverage(acts, ...), row for row; codes: case_codes of the acts among `cases`."""
    listed_acts, listed = list_items(acts["officer_ids"])
    pairs = pd.DataFrame({"act": listed_acts, "oid": listed}).drop_duplicates()
    act = pairs["act"].to_numpy()
    d = acts["start_time"].dt.normalize().to_numpy(dtype="datetime64[ns]")[act]
    if officers is not None:
        pos = positions(pairs["oid"], officers["officer_id"])
        known = pos >= 0
        at = np.where(known, pos, -1)

        def took(column: str, date: bool = False) -> np.ndarray:
            """The officers' column per pair (null for an unknown officer)."""
            values = (pd.to_datetime(officers[column]).to_numpy(dtype="datetime64[ns]") if date
                      else officers[column].to_numpy(dtype=object))
            empty = np.datetime64("NaT", "ns") if date else None
            return np.where(known, np.append(values, np.array([empty], dtype=values.dtype))[at], empty)
        role, cert_no = took("role"), took("certificate_no")
        vf, vt = took("certificate_valid_from", True), took("certificate_valid_to", True)
    else:
        known = np.zeros(len(pairs), dtype=bool)
        role = cert_no = np.full(len(pairs), None, dtype=object)
        vf = vt = np.full(len(pairs), np.datetime64("NaT", "ns"))
    aux = pd.Series(role, dtype=object).isin(params.auxiliary_roles).to_numpy()
    cert = pd.Series(cert_no, dtype=object).fillna("").astype(str).str.strip().ne("").to_numpy()
    no_day, no_vf, no_vt = np.isnat(d), np.isnat(vf), np.isnat(vt)
    limited = ~no_vf | ~no_vt
    in_validity = (no_vf | (d >= vf)) & (no_vt | (d <= vt)) & ~no_day
    qualified = known & ~aux & cert & (in_validity | (~limited))
    # an unknown officer, or a certificate whose validity cannot be checked without the act's date
    uncertain = ~known | (known & ~aux & cert & limited & no_day)
    unknown_ids = pairs.loc[~known, ["act", "oid"]]

    a = acts[["act_id", "case_id", "act_type"]].reset_index(drop=True)
    a["q"] = np.bincount(act, weights=qualified, minlength=len(a))
    a["u"] = np.bincount(act, weights=uncertain, minlength=len(a))
    idx = pd.Index(cases["case_id"], dtype=object, name="case_id")
    n = len(idx)
    procedure = cases["procedure"].to_numpy(dtype=object)
    so = params.single_officer
    by_proc = pd.Series(np.where(codes >= 0, procedure[codes], None), dtype=object).isin(so.procedures)
    by_type = a["act_type"].isin(so.act_types)
    if so.require_full_recording:
        # without a recordings table, whether the act was fully recorded cannot be known
        status = pd.Series(cov["status"].to_numpy(dtype=object) if has_recordings else "no_table", index=a.index)
        type_sure = by_type & (status == "covered")
        type_maybe = by_type & status.isin(["no_time", "unsure", "no_table"])
    else:
        status = pd.Series(cov["status"].to_numpy(dtype=object), index=a.index)
        type_sure, type_maybe = by_type, pd.Series(False, index=a.index)
    need_hi = np.where(by_proc | type_sure, 1, params.min_officers)
    need_lo = np.where(type_maybe, 1, need_hi)
    short_hard = (a["q"] + a["u"] < need_lo).to_numpy()
    short_soft = ~short_hard & (a["q"] < need_hi).to_numpy()
    ghost_acts = unknown_ids["act"].to_numpy()
    ghosts = join_per_case(pd.RangeIndex(len(a)), ghost_acts, unknown_ids["oid"].astype(str).to_numpy(dtype=object))
    ghost_text = "；人员表中没有可用记录：" + ghosts.astype(object).fillna("").astype(str).to_numpy(dtype=object)
    why = np.select(
        [short_soft & ghosts.notna().to_numpy(), short_soft & (a["u"] > 0).to_numpy(),
         short_soft & (status == "no_table").to_numpy(), short_soft],
        [ghost_text, "；无法核对执法证有效期（活动缺少日期）", "；缺少音像记录表，无法判断是否全程录音录像",
         "；音像记录是否覆盖全程无法判断"], default="")
    flagged = short_hard | short_soft
    detail = (as_text(a["act_id"].to_numpy(dtype=object)[flagged]) + "（合格" + a["q"].to_numpy()[flagged].astype(int).astype(str)
              + "人/需" + _need_text(need_lo[flagged], need_hi[flagged]) + "人" + why[flagged].astype(object) + "）")
    out = pd.DataFrame(index=idx)
    out["acts_short_count"] = count_per_case(codes, n, short_hard)
    out["acts_short_unknown_count"] = count_per_case(codes, n, short_soft)
    out["acts_short_detail"] = join_per_case(idx, codes[flagged], detail)
    unk = unknown_ids.assign(case=codes[ghost_acts]).drop_duplicates(["case", "oid"])
    out["unknown_officer_ids"] = join_per_case(idx, unk["case"].to_numpy(), unk["oid"].astype(str).to_numpy(dtype=object))
    return out


def _need_text(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Officers an act needs, as its detail reads: "2", or "1–2" where it depends on what is unknown."""
    lo_text, hi_text = pd.Series(lo).astype(str), pd.Series(hi).astype(str)
    return np.where(lo == hi, hi_text, lo_text + "–" + hi_text).astype(object)


def certificate_facts(acts: pd.DataFrame, idx: pd.Index, codes: np.ndarray) -> pd.DataFrame:
    """codes: case_codes(idx, acts["case_id"])."""
    shown = acts["certificate_shown"]
    no = (shown == False).to_numpy(dtype=bool, na_value=False)  # noqa: E712 (nullable boolean)
    missing = shown.isna().to_numpy()
    n = len(idx)
    out = pd.DataFrame(index=idx)
    out["act_count"] = count_per_case(codes, n)
    out["cert_not_shown_count"] = count_per_case(codes, n, no)
    out["cert_shown_missing_count"] = count_per_case(codes, n, missing)
    bad = no | missing
    label = as_text(acts["act_id"].to_numpy(dtype=object)[bad]) + np.where(missing[bad], "（未记录）", "（未出示）").astype(object)
    out["cert_detail"] = join_per_case(idx, codes[bad], label)
    return out


def recording_facts(acts: pd.DataFrame, cov: pd.DataFrame, idx: pd.Index, act_codes: np.ndarray, types,
                    require: str) -> pd.DataFrame:
    """Counts for acts of `types`: require "covered" (full coverage) or "overlap" (any recording).
    act_codes: case_codes(idx, acts["case_id"])."""
    of_type = acts["act_type"].isin(types).to_numpy()
    status = cov["status"].to_numpy()[of_type]
    overlapped, untimed = cov["overlapped"].to_numpy()[of_type], cov["untimed_rec"].to_numpy()[of_type]
    if require == "covered":
        bad, unsure = status == "gap", (status == "no_time") | (status == "unsure")
    else:
        no_time = status == "no_time"
        bad = ~no_time & ~overlapped & ~untimed
        unsure = no_time | (~overlapped & untimed)
    flagged = bad | unsure
    label = np.full(flagged.sum(), "（缺少起止时刻）", dtype=object)
    if require == "covered":
        gaps = np.round(cov["max_gap"].to_numpy()[of_type][bad]).astype(np.int64).astype(str).astype(object)
        label[bad[flagged]] = "（最大间隙" + gaps + "秒）"
    else:
        label[bad[flagged]] = "（无音像记录）"
    codes, n = act_codes[of_type], len(idx)
    out = pd.DataFrame(index=idx)
    names = {"covered": ("av_act_count", "av_uncovered_count", "av_no_time_count", "av_detail"),
             "overlap": ("dispute_act_count", "dispute_unrecorded_count", "dispute_no_time_count",
                         "dispute_detail")}[require]
    out[names[0]] = count_per_case(codes, n)
    out[names[1]] = count_per_case(codes, n, bad)
    out[names[2]] = count_per_case(codes, n, unsure)
    text = as_text(acts["act_id"].to_numpy(dtype=object)[of_type][flagged]) + label
    out[names[3]] = join_per_case(idx, codes[flagged], text)
    return out
