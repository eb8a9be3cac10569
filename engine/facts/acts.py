"""Per-case facts from acts, officers and recordings: officer counts, certificates, AV coverage."""
from __future__ import annotations

import numpy as np
import pandas as pd

from casereview.engine.facts.per_case import join_texts, per_case

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
    """Per act: max uncovered gap in seconds (start, between recordings, end) and a status.

    A recording tagged with an act_id counts for that act only; an untagged one counts for
    every act of its case it overlaps. status: covered | gap | no_time (times missing) |
    unsure (not covered by timed recordings, but some relevant recording has no times).
    Also `overlapped`: some relevant recording overlaps the act in time.
    """
    a_start, a_end, a_ok = act_times(acts)
    base = pd.DataFrame({"act_id": acts["act_id"].to_numpy(), "case_id": acts["case_id"].to_numpy(),
                         "a_start": a_start, "a_end": a_end, "a_ok": a_ok})
    out = base[["act_id"]].copy()
    out["max_gap"] = np.where(a_ok, (a_end - a_start) / NS_PER_S, np.nan)
    out["overlapped"] = False
    out["untimed_rec"] = False
    if recordings is not None and len(recordings):
        r_start, r_end, r_ok = act_times(recordings)
        rec = pd.DataFrame({"case_id": recordings["case_id"].to_numpy(),
                            "r_act": recordings["act_id"].to_numpy(),
                            "r_start": r_start, "r_end": r_end, "r_ok": r_ok})
        pairs = base.merge(rec, on="case_id", how="inner")
        tagged = pairs["r_act"].notna().to_numpy()
        relevant = np.where(tagged, pairs["r_act"].to_numpy() == pairs["act_id"].to_numpy(), True)
        timed = pairs["r_ok"].to_numpy() & pairs["a_ok"].to_numpy()
        overlap = timed & (pairs["r_start"].to_numpy() < pairs["a_end"].to_numpy()) & (
            pairs["r_end"].to_numpy() > pairs["a_start"].to_numpy())
        # untagged recordings count only where they overlap; untimed relevant ones make it unsure
        untimed = relevant & ~pairs["r_ok"].to_numpy()
        out = out.set_index("act_id")
        out.loc[pd.unique(pairs.loc[relevant & untimed, "act_id"]), "untimed_rec"] = True
        use = pairs[relevant & overlap]
        out.loc[pd.unique(use["act_id"]), "overlapped"] = True
        if len(use):
            out.loc[:, "max_gap"] = _max_gaps(use, out["max_gap"])
        out = out.reset_index()
    status = np.where(~a_ok, "no_time", np.where(out["max_gap"].to_numpy() <= gap_s, "covered", "gap"))
    status = np.where((status == "gap") & out["untimed_rec"].to_numpy(), "unsure", status)
    out["status"] = status
    return out


def _max_gaps(use: pd.DataFrame, current: pd.Series) -> pd.Series:
    """Largest uncovered stretch per act, by a sweep over its recordings sorted by start."""
    u = use.sort_values(["act_id", "r_start", "r_end"], kind="stable")
    ends = u.groupby("act_id", sort=False)["r_end"].cummax()
    prev = ends.groupby(u["act_id"], sort=False).shift(1, fill_value=np.iinfo("int64").min)
    reach = np.maximum(prev.to_numpy(dtype="int64"), u["a_start"].to_numpy())
    gaps = (u["r_start"].to_numpy() - reach) / NS_PER_S
    inner = pd.Series(gaps, index=u["act_id"].to_numpy()).groupby(level=0).max()
    last = pd.Series(np.maximum(ends.to_numpy(), u["a_start"].to_numpy()), index=u["act_id"].to_numpy())
    last = last.groupby(level=0).max()
    a_end = u.groupby("act_id", sort=False)["a_end"].first()
    tail = (a_end - last.reindex(a_end.index)) / NS_PER_S
    best = pd.concat([inner, tail.reindex(inner.index)], axis=1).max(axis=1).clip(lower=0)
    result = current.copy()
    result.loc[best.index] = best.to_numpy()
    return result


def officer_facts(acts: pd.DataFrame, officers: pd.DataFrame | None, cases: pd.DataFrame,
                  cov: pd.DataFrame, params, has_recordings: bool = True) -> pd.DataFrame:
    """Per case: acts short of qualified officers (certainly / only because of unknown ids)."""
    act_date = acts["start_time"].dt.normalize()
    pairs = pd.DataFrame({"act_id": acts["act_id"].to_numpy(), "oid": acts["officer_ids"].to_numpy(),
                          "act_date": act_date.to_numpy()}).explode("oid").dropna(subset=["oid"])
    pairs = pairs.drop_duplicates(["act_id", "oid"])
    if officers is not None:
        off = officers[["officer_id", "role", "certificate_no", "certificate_valid_from",
                        "certificate_valid_to"]].rename(columns={"officer_id": "oid"})
        pairs = pairs.merge(off, on="oid", how="left", indicator=True)
        known = (pairs["_merge"] == "both").to_numpy()
    else:
        for c in ("role", "certificate_no", "certificate_valid_from", "certificate_valid_to"):
            pairs[c] = None
        known = np.zeros(len(pairs), dtype=bool)
    aux = pairs["role"].isin(params.auxiliary_roles).to_numpy()
    cert = pairs["certificate_no"].astype(object).fillna("").astype(str).str.strip().ne("").to_numpy()
    d = pd.to_datetime(pairs["act_date"])
    vf, vt = pd.to_datetime(pairs["certificate_valid_from"]), pd.to_datetime(pairs["certificate_valid_to"])
    limited = (vf.notna() | vt.notna()).to_numpy()
    in_validity = ((vf.isna() | (d >= vf)) & (vt.isna() | (d <= vt))).to_numpy() & d.notna().to_numpy()
    qualified = known & ~aux & cert & (in_validity | (~limited))
    # an unknown officer, or a certificate whose validity cannot be checked without the act's date
    uncertain = ~known | (known & ~aux & cert & limited & d.isna().to_numpy())
    pairs["q"], pairs["u"] = qualified, uncertain
    per_act = pairs.groupby("act_id").agg(q=("q", "sum"), u=("u", "sum"))
    unknown_ids = pairs.loc[~known, ["act_id", "oid"]]

    a = acts[["act_id", "case_id", "act_type"]].merge(per_act, on="act_id", how="left").fillna({"q": 0, "u": 0})
    proc = cases.set_index("case_id")["procedure"]
    a["procedure"] = a["case_id"].map(proc)
    a = a.merge(cov[["act_id", "status"]], on="act_id", how="left")
    so = params.single_officer
    by_proc = a["procedure"].isin(so.procedures)
    by_type = a["act_type"].isin(so.act_types)
    if so.require_full_recording:
        # without a recordings table, whether the act was fully recorded cannot be known
        status = a["status"] if has_recordings else pd.Series("no_table", index=a.index)
        type_sure = by_type & (status == "covered")
        type_maybe = by_type & status.isin(["no_time", "unsure", "no_table"])
    else:
        status = a["status"]
        type_sure, type_maybe = by_type, pd.Series(False, index=a.index)
    need_hi = np.where(by_proc | type_sure, 1, params.min_officers)
    need_lo = np.where(type_maybe, 1, need_hi)
    short_hard = (a["q"] + a["u"] < need_lo).to_numpy()
    short_soft = ~short_hard & (a["q"] < need_hi).to_numpy()
    a["need"] = np.where(need_lo == need_hi, pd.Series(need_hi).astype(str),
                         pd.Series(need_lo).astype(str) + "–" + pd.Series(need_hi).astype(str))
    ghosts = unknown_ids.groupby("act_id")["oid"].agg(lambda x: "、".join(map(str, x)))
    ghost_text = "；人员表中没有 " + a["act_id"].map(ghosts).astype(object).fillna("").astype(str)
    why = np.select(
        [short_soft & a["act_id"].isin(ghosts.index).to_numpy(), short_soft & (a["u"] > 0).to_numpy(),
         short_soft & (status == "no_table").to_numpy(), short_soft],
        [ghost_text, "；无法核对执法证有效期（活动缺少日期）", "；缺少音像记录表，无法判断是否全程录音录像",
         "；音像记录是否覆盖全程无法判断"], default="")
    a["why"] = why
    flagged = a[short_hard | short_soft]
    detail = (flagged["act_id"].astype(str) + "（合格" + flagged["q"].astype(int).astype(str) + "人/需"
              + flagged["need"].astype(str) + "人" + flagged["why"] + "）")
    idx = cases.set_index("case_id").index
    out = pd.DataFrame(index=idx)
    out["acts_short_count"] = per_case(idx, pd.Series(short_hard).groupby(a["case_id"].to_numpy()).sum(), 0)
    out["acts_short_unknown_count"] = per_case(
        idx, pd.Series(short_soft).groupby(a["case_id"].to_numpy()).sum(), 0)
    out["acts_short_detail"] = per_case(idx, join_texts(detail, flagged["case_id"]), None)
    unk = unknown_ids.merge(acts[["act_id", "case_id"]], on="act_id").drop_duplicates(["case_id", "oid"])
    out["unknown_officer_ids"] = per_case(idx, join_texts(unk["oid"].astype(str), unk["case_id"]), None)
    return out


def certificate_facts(acts: pd.DataFrame, idx: pd.Index) -> pd.DataFrame:
    shown = acts["certificate_shown"]
    no = (shown == False).to_numpy(dtype=bool, na_value=False)  # noqa: E712 (nullable boolean)
    missing = shown.isna().to_numpy()
    out = pd.DataFrame(index=idx)
    cid = acts["case_id"].to_numpy()
    out["act_count"] = per_case(idx, acts.groupby("case_id").size(), 0)
    out["cert_not_shown_count"] = per_case(idx, pd.Series(no).groupby(cid).sum(), 0)
    out["cert_shown_missing_count"] = per_case(idx, pd.Series(missing).groupby(cid).sum(), 0)
    bad = acts[no | missing]
    label = bad["act_id"].astype(str) + np.where(bad["certificate_shown"].isna(), "（未记录）", "（未出示）")
    out["cert_detail"] = per_case(idx, join_texts(label, bad["case_id"]), None)
    return out


def recording_facts(acts: pd.DataFrame, cov: pd.DataFrame, idx: pd.Index, types,
                    require: str) -> pd.DataFrame:
    """Counts for acts of `types`: require "covered" (full coverage) or "overlap" (any recording)."""
    a = acts[["act_id", "case_id", "act_type"]].merge(cov, on="act_id", how="left")
    a = a[a["act_type"].isin(types)]
    if require == "covered":
        bad = (a["status"] == "gap").to_numpy()
        unsure = a["status"].isin(["no_time", "unsure"]).to_numpy()
        label = np.where(bad, "（最大间隙" + a["max_gap"].round(0).astype("Int64").astype(str) + "秒）",
                         "（缺少起止时刻）")
    else:
        no_time = (a["status"] == "no_time").to_numpy()
        bad = ~no_time & ~a["overlapped"].to_numpy(dtype=bool) & ~a["untimed_rec"].to_numpy(dtype=bool)
        unsure = no_time | (~a["overlapped"].to_numpy(dtype=bool) & a["untimed_rec"].to_numpy(dtype=bool))
        label = np.where(bad, "（无音像记录）", "（缺少起止时刻）")
    cid = a["case_id"].to_numpy()
    out = pd.DataFrame(index=idx)
    names = {"covered": ("av_act_count", "av_uncovered_count", "av_no_time_count", "av_detail"),
             "overlap": ("dispute_act_count", "dispute_unrecorded_count", "dispute_no_time_count",
                         "dispute_detail")}[require]
    out[names[0]] = per_case(idx, a.groupby("case_id").size(), 0)
    out[names[1]] = per_case(idx, pd.Series(bad).groupby(cid).sum(), 0)
    out[names[2]] = per_case(idx, pd.Series(unsure).groupby(cid).sum(), 0)
    flagged = a[bad | unsure]
    text = flagged["act_id"].astype(str) + pd.Series(label, index=a.index)[bad | unsure]
    out[names[3]] = per_case(idx, join_texts(text, flagged["case_id"]), None)
    return out
