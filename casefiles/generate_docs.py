"""Legal reviews (法制审核) and case documents (文书) for the synthetic cases."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from casereview.casefiles.generate_ids import chars, digits, serial_ids, text
from casereview.casefiles.generate_dates import NAT
from casereview.casefiles.generate_people import Staff
from casereview.casefiles.generate_plan import (COERCION, FAST, INSPECTION, NORMAL, ORD, PENALTY, PERMIT, POST_CAL,
                                     TPL_AV_POS, TPL_TYPES)
from casereview.engine.model.schema import PHASES

OPINIONS = {"同意": "事实清楚，证据确凿，程序合法，适用依据正确，同意作出决定",
            "不同意": "主要证据不足，不同意作出该决定",
            "退回补充": "部分事实需补充调查取证，退回承办部门补充"}


def make_reviews(rng, p: SimpleNamespace, d: SimpleNamespace, staff: Staff, case_ids: np.ndarray,
                 handlers: np.ndarray) -> tuple[dict, np.ndarray, np.ndarray]:
    """Reviews table, plus per case the number of reviews and the date of the last one."""
    n, k = p.n, p.kind
    major = p.major & p.decided & (p.special == NORMAL)
    has = (major & ~k["no_review"]) | p.voluntary_review
    dec = d.decision
    last = dec - np.minimum(rng.integers(0, 8, n), np.maximum(dec - d.filed, 0))
    last = np.where(k["review_after_decision"], dec + rng.integers(1, 11, n), last)
    two = major & (rng.random(n) < .2) & (last - 3 >= d.filed) & ~k["review_after_decision"]
    first = np.maximum(d.filed, last - rng.integers(3, 11, n))
    n_rev = np.where(has, 1 + two, 0)

    ci = np.repeat(np.arange(n), n_rev)
    is_last = np.r_[ci[1:] != ci[:-1], True] if len(ci) else np.zeros(0, bool)
    rdate = np.where(is_last, last[ci], first[ci])
    concl = np.where(is_last, np.where(k["review_rejected"][ci], "不同意", "同意"), "退回补充").astype(object)
    unit = p.unit[ci]
    slot = np.floor(rng.random(len(ci)) * staff.rev_n[unit]).astype(np.int64)
    reviewer = staff.reviewer[staff.rev_off[unit] + slot]
    reviewer = np.where(is_last & k["reviewer_is_handler"][ci], handlers[ci, 0], reviewer)
    unknown = text(len(ci), chars(staff.unknown_prefix)[unit], digits(rng.integers(10, 100, len(ci)), 2))
    reviewer = np.where(is_last & k["unknown_reviewer"][ci], unknown, reviewer)
    reviews = {
        "review_id": serial_ids("SH", len(ci), 7), "case_id": case_ids[ci], "reviewer_id": reviewer,
        "submitted_date": np.maximum(rdate - rng.integers(0, 4, len(ci)), d.filed[ci]),
        "review_date": rdate,
        "conclusion": concl, "opinion": np.array([OPINIONS[c] for c in OPINIONS], dtype=object)[
            np.select([concl == "同意", concl == "不同意"], [0, 1], 2)],
    }
    return reviews, n_rev, last


def make_documents(rng, p: SimpleNamespace, d: SimpleNamespace, case_ids: np.ndarray, fine: np.ndarray,
                   n_rev: np.ndarray, last_review: np.ndarray) -> dict:
    n, k = p.n, p.kind
    pen, ordp = p.ctype == PENALTY, p.proc == ORD
    settled = p.decided & (p.special != POST_CAL)      # decision on or before the as-of date
    served = settled & (d.served != NAT)
    av_type = np.where(TPL_AV_POS[p.tpl] >= 0, TPL_TYPES[p.tpl, np.maximum(TPL_AV_POS[p.tpl], 0)], None)
    seize = np.isin(av_type, ("查封", "扣押"))
    mid = d.inv_start + (np.maximum(d.inv_end, d.inv_start) - d.inv_start) // 2

    start_doc = np.select([pen & p.zhian, pen, p.ctype == INSPECTION, p.ctype == PERMIT],
                          ["受案登记表", "立案审批表", "检查通知书", "受案登记表"], "立案审批表")
    probe_doc = np.select([pen, p.ctype == COERCION, np.isin(p.ctype, (INSPECTION, PERMIT))],
                          ["询问笔录", "现场检查笔录", "现场检查笔录"], "勘验笔录")
    # slots: (doc_type per case, phase index, included?, date)
    full = ordp | (p.proc == FAST)
    slots = [
        (start_doc, 0, full, d.filed),
        (probe_doc, 1, full, mid),
        (np.where(seize, "查封扣押决定书", "证据登记保存清单"), 1,
         seize | (pen & ordp & (rng.random(n) < .5)), d.inv_end),
        ("调查终结报告", 1, pen & ordp & settled, d.inv_end),
        ("行政处罚事先告知书", 2, pen & full & settled & (d.notified != NAT), d.notified),
        ("法制审核意见书", 2, settled & (n_rev > 0), last_review),
        ("集体讨论记录", 2, settled & ordp & (p.major | ~(pen | (p.ctype == PERMIT))), d.decision),
        ("听证笔录", 2, p.hearing, d.hearing),
        (np.where(pen, "行政处罚决定书", "行政许可决定书"), 2, settled & (pen | (p.ctype == PERMIT)), d.decision),
        ("送达回证", 3, served, d.served),
        ("罚没款收据", 3, served & (fine > 0), d.served + rng.integers(0, 11, n)),
        ("执行记录", 3, served & (p.ctype == COERCION), d.served),
        ("结案报告", 3, settled & (d.closed != NAT), d.closed),
    ]
    include = np.stack([np.broadcast_to(inc, n) for _, _, inc, _ in slots], axis=1)
    drop = np.floor(rng.random(n) * 4).astype(np.int64)          # the phase a missing_phase case lacks
    slot_phase = np.array([ph for _, ph, _, _ in slots])
    include &= ~(k["missing_phase"][:, None] & (slot_phase[None, :] == drop[:, None]))

    ci, si = np.nonzero(include)
    doc_type = np.empty(len(ci), dtype=object)
    dates = np.empty(len(ci), dtype=np.int64)
    for j, (t, _, _, dt) in enumerate(slots):
        m = si == j
        doc_type[m] = t if isinstance(t, str) else t[ci[m]]
        dates[m] = np.broadcast_to(dt, n)[ci[m]]
    phase = np.array(PHASES, dtype=object)[slot_phase[si]]
    phase = np.where(rng.random(len(ci)) < .3, None, phase)      # empty: looked up from doc_type
    return {
        "doc_id": serial_ids("WS", len(ci), 8), "case_id": case_ids[ci], "doc_type": doc_type,
        "phase": phase, "doc_date": dates,
    }
