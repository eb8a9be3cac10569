"""Enforcement acts and their audio-visual recordings for the synthetic cases."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from casereview.casefiles.generate_dates import NAT
from casereview.casefiles.generate_ids import chars, digits, text
from casereview.casefiles.generate_people import Staff
from casereview.casefiles.generate_plan import POST_CAL, PRE_CAL, TPL_DISPUTE, TPL_TYPES

DELIVERY = ("送达", "留置送达", "公告送达")
DAY = 86400


def tuples(*cols: np.ndarray) -> np.ndarray:
    """Object array of tuples of the non-None values of the columns, row by row."""
    code = sum(np.not_equal(c, None).astype(np.int64) << i for i, c in enumerate(cols))
    out = np.empty(len(cols[0]), dtype=object)
    for pattern in np.unique(code):
        m = code == pattern
        sel = [c[m] for i, c in enumerate(cols) if pattern >> i & 1]
        out[m] = np.fromiter(zip(*sel), dtype=object, count=int(m.sum()))
    return out


def _pos_in_case(rng, n_per_case: np.ndarray) -> np.ndarray:
    """A random index in [0, n) per case (0 where n is 0)."""
    return np.floor(rng.random(len(n_per_case)) * n_per_case).astype(np.int64)


def pick_handlers(rng, p: SimpleNamespace, staff: Staff) -> np.ndarray:
    """Three distinct regular officers per case (columns 0, 1: handlers; 2: an occasional third)."""
    nreg = staff.reg_n[p.unit]
    i1 = np.floor(rng.random(p.n) * nreg).astype(np.int64)
    r = np.floor(rng.random(p.n) * (nreg - 1)).astype(np.int64)
    s = np.floor(rng.random(p.n) * (nreg - 2)).astype(np.int64)
    d2, d3 = 1 + r, 1 + (r + 1 + s) % (nreg - 1)
    idx = np.stack([i1, (i1 + d2) % nreg, (i1 + d3) % nreg], axis=1)
    idx[p.special == PRE_CAL] = [0, 1, 2]      # 2003 acts: officers whose certificate has no start date
    return staff.regular[staff.reg_off[p.unit][:, None] + idx]


def make_acts(rng, p: SimpleNamespace, d: SimpleNamespace, staff: Staff, case_ids: np.ndarray,
              case_cp: np.ndarray, handlers: np.ndarray) -> tuple[dict, dict]:
    """Acts and recordings tables (as column dicts); case_cp: the case ids as code points."""
    k = p.kind
    ci = np.repeat(np.arange(p.n), p.n_acts)
    m = len(ci)
    pos = np.arange(m) - np.repeat(np.cumsum(p.n_acts) - p.n_acts, p.n_acts)
    atype = TPL_TYPES[p.tpl[ci], pos]

    # the day of each act
    frac = (pos + rng.random(m)) / p.n_acts[ci]
    start, end = d.inv_start[ci], np.maximum(d.inv_end[ci], d.inv_start[ci])
    aday = start + np.floor(frac * (end - start + 1)).astype(np.int64)
    settled = p.decided[ci] & (p.special[ci] != POST_CAL)
    served = d.served[ci]
    aday = np.where(np.isin(atype, DELIVERY) & settled & (served != NAT), served, aday)
    aday = np.where(atype == "听证", d.hearing[ci], aday)
    aday = np.where((atype == "当场处罚") & settled, d.decision[ci], aday)
    # non-overlapping 3-hour slots per position: recordings of one act never touch another
    t0 = aday * DAY + (8 + 3 * pos) * 3600 + rng.integers(5, 30, m) * 60
    t1 = t0 + rng.integers(15, 140, m) * 60

    # officers present: the two handlers, sometimes a third (auxiliary or another officer)
    o1, o2 = handlers[ci, 0], handlers[ci, 1]
    third = (rng.random(m) < .15) & (p.special[ci] != PRE_CAL)
    aux_slot = np.floor(rng.random(m) * staff.aux_n[p.unit[ci]]).astype(np.int64)
    aux = staff.auxiliary[staff.aux_off[p.unit[ci]] + aux_slot]
    o3 = np.where(third, np.where(rng.random(m) < .6, aux, handlers[ci, 2]), None)
    hit = pos == _pos_in_case(rng, p.n_acts)[ci]          # the act an officer defect lands on
    unknown = text(m, chars(staff.unknown_prefix)[p.unit[ci]], digits(rng.integers(10, 100, m), 2))
    expired = staff.expired[p.unit[ci]]
    for kind, second in (("single_officer", None), ("auxiliary_second", aux),
                         ("expired_certificate", expired), ("unknown_officer", unknown),
                         ("duplicate_officer_id", o1)):
        sel = hit & k[kind][ci]
        o2 = np.where(sel, second, o2)
        o3 = np.where(sel, None, o3)
    shown = np.ones(m, dtype=object)
    shown[:] = True
    hit = pos == _pos_in_case(rng, p.n_acts)[ci]
    shown[hit & k["certificate_not_shown"][ci]] = False
    shown[hit & k["certificate_shown_empty"][ci]] = None

    # recordings per act: how many segments, how they cover the act
    av = pos == p.av_pos[ci]
    dispute = TPL_DISPUTE[p.tpl[ci], pos]
    n_disp = TPL_DISPUTE[p.tpl].sum(axis=1)
    pick = _pos_in_case(rng, n_disp)[ci]
    disp_rank = np.cumsum(dispute) - np.repeat(np.cumsum(n_disp) - n_disp, p.n_acts) - 1   # among the case's
    nseg = np.where(rng.random(m) < .3, 1, 0)
    nseg = np.where(dispute, 1, nseg)
    nseg = np.where(dispute & (disp_rank == pick) & k["dispute_no_recording"][ci], 0, nseg)
    two = av & ((rng.random(m) < .3) | k["av_gap_31s"][ci] | k["av_gap_30s"][ci])
    two &= ~(k["av_end_uncovered"][ci] | k["av_no_times"][ci])
    nseg = np.where(av, np.where(two, 2, 1), nseg)
    gap = np.select([k["av_gap_31s"][ci], k["av_gap_30s"][ci]], [31, 30], rng.integers(0, 31, m))
    partial = dispute & (rng.random(m) < .3)
    short_end = av & k["av_end_uncovered"][ci]
    no_times = av & k["av_no_times"][ci]

    ri = np.repeat(np.arange(m), nseg)
    seg = np.arange(len(ri)) - np.repeat(np.cumsum(nseg) - nseg, nseg)
    s, e = t0[ri], t1[ri]
    mid = s + (e - s) // 2
    lo = s - rng.integers(0, 121, len(ri))
    hi = e + rng.integers(0, 121, len(ri))
    rs = np.where(seg == 1, mid + gap[ri], lo)
    re = np.where(two[ri] & (seg == 0), mid, hi)
    re = np.where(partial[ri], mid, re)
    re = np.where(short_end[ri], e - rng.integers(60, 601, len(ri)), re)

    r = len(ri)
    act_ids = text(m, case_cp[ci], "-", digits(pos + 1, 1))
    tagged = rng.random(r) < .8
    units6 = chars(staff.units["unit_id"].str[1:].to_numpy(dtype=str))
    rec_num = digits(np.arange(1, r + 1), 8)
    acts = {
        "act_id": act_ids, "case_id": case_ids[ci], "act_type": atype,
        "start_time": np.where(no_times, aday * DAY, t0), "start_time__has_time": ~no_times,
        "end_time": np.where(no_times, NAT, t1), "end_time__has_time": ~no_times,
        "officer_ids": tuples(o1, o2, o3), "certificate_shown": shown,
    }
    recs = {
        "recording_id": text(r, "LX", rec_num), "case_id": case_ids[ci[ri]],
        "act_id": np.where(tagged, act_ids[ri], None),
        "start_time": rs, "start_time__has_time": np.ones(r, bool),
        "end_time": re, "end_time__has_time": np.ones(r, bool),
        "device_id": text(r, "DSJ", units6[p.unit[ci[ri]]], digits(rng.integers(1, 21, r), 2)),
        "file_ref": text(r, "LX", rec_num, ".mp4"),
    }
    return acts, recs
