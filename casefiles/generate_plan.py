"""What each synthetic case is (type, procedure, major, acts) and which defects it carries."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from casereview.engine.model.schema import CASE_TYPES

PERMIT, PENALTY, COERCION, INSPECTION = (CASE_TYPES.index(t) for t in
                                         ("行政许可", "行政处罚", "行政强制", "行政检查"))
TYPE_P = {"行政许可": .15, "行政处罚": .60, "行政强制": .08, "行政检查": .10, "行政征收": .015,
          "行政征用": .005, "行政确认": .03, "行政裁决": .01, "其他": .01}
ORD, SIMPLE, FAST = 0, 1, 2                     # indices into schema.PROCEDURES
# whole-case constructions: dates before the official calendar (2003), a decision due but not
# yet published on the as-of date, dates after the as-of date and beyond the calendar (2027/2028)
NORMAL, PRE_CAL, PENDING, POST_CAL = 0, 1, 2, 3
SPECIALS = {PRE_CAL: ("before_calendar", .0015), PENDING: ("pending_deadline", .003),
            POST_CAL: ("beyond_calendar", .0015)}
OPEN_SHARE = .04                                 # cases without a decision yet
SUBTYPES = {   # (police unit?, case type) -> ((case_subtype, probability), ...)
    (True, "行政处罚"): (("治安案件", .6), ("道路交通", .25), ("消防", .05), ("出入境", .05), ("网络安全", .05)),
    (True, "行政许可"): (("特种行业许可", .5), ("大型群众性活动安全许可", .3), ("剧毒化学品购买许可", .2)),
    (True, "行政检查"): (("治安检查", .6), ("消防监督检查", .4)),
    (True, "行政强制"): (("治安管理", .6), ("道路交通", .4)),
    (False, "行政处罚"): (("食品安全", .35), ("价格", .15), ("广告", .15), ("产品质量", .2),
                       ("特种设备", .1), ("知识产权", .05)),
    (False, "行政许可"): (("食品经营许可", .7), ("特种设备使用登记", .3)),
    (False, "行政检查"): (("日常监督检查", .6), ("双随机抽查", .4)),
    (False, "行政强制"): (("食品安全", .5), ("产品质量", .5)),
}
SUBTYPE_NAMES = [None] + [s for opts in SUBTYPES.values() for s, _ in opts]
# major grounds: 0 none, then the catalogue's alternatives
M_NONE, M_FLAG, M_COMPLEX, M_HEARING, M_TYPE, M_FINE = range(6)

AV_TYPES = ("查封", "扣押", "强制拆除", "强制执行")
DISPUTE_TYPES = ("现场检查", "调查取证", "听证", "留置送达", "公告送达")
MAX_ACTS = 4
TEMPLATES = {   # template group -> ((act types in order), probability)
    "none": [((), 1.0)],
    "penalty_ord": [(("受案登记", "现场检查", "询问"), .25), (("调查取证", "询问", "送达"), .25),
                    (("现场检查", "扣押", "询问"), .12), (("接报案", "调查取证"), .18),
                    (("现场检查", "询问", "勘验", "送达"), .10), (("询问",), .10)],
    "penalty_hearing": [(("调查取证", "询问", "听证", "送达"), .6), (("现场检查", "扣押", "听证"), .4)],
    "penalty_simple": [(("当场处罚",), .6), (("现场检查", "当场处罚"), .4)],
    "penalty_fast": [(("受案登记", "询问"), .6), (("询问", "调解"), .4)],
    "permit": [(("现场检查",), .5), (("现场检查", "送达"), .3), (("送达",), .2)],
    "inspection": [(("现场检查",), .6), (("现场检查", "调查取证"), .3), (("现场检查", "先行登记保存"), .1)],
    "coercion": [(("查封", "送达"), .3), (("扣押",), .25), (("现场检查", "扣押", "送达"), .2),
                 (("强制执行", "留置送达"), .15), (("强制拆除", "公告送达"), .1)],
    "other": [(("调查取证",), .4), (("勘验", "送达"), .3), (("调查取证", "留置送达"), .3)],
}
TPL_LIST = [t for g in TEMPLATES.values() for t, _ in g]
TPL_GROUP_START = np.cumsum([0] + [len(g) for g in TEMPLATES.values()])[:-1]
TPL_TYPES = np.array([list(t) + [None] * (MAX_ACTS - len(t)) for t in TPL_LIST], dtype=object)
TPL_N = np.array([len(t) for t in TPL_LIST])
TPL_AV_POS = np.array([next((i for i, a in enumerate(t) if a in AV_TYPES), -1) for t in TPL_LIST])
TPL_DISPUTE = np.array([[a in DISPUTE_TYPES for a in row] for row in TPL_TYPES])

# Defect groups: kinds within a group exclude each other; groups are independent.
# (group, eligibility, ((kind, share of eligible cases, recorded in truth.injected), ...))
GROUPS = (
    ("officer", "with_acts", (("single_officer", .035, True), ("auxiliary_second", .03, True),
                              ("expired_certificate", .02, True), ("unknown_officer", .015, True),
                              ("duplicate_officer_id", .008, True))),
    ("certificate", "with_acts", (("certificate_not_shown", .03, True),
                                  ("certificate_shown_empty", .015, True))),
    ("publish", "decided", (("late_publication", .03, True), ("late_publication_holiday", .015, True),
                            ("not_published", .025, True), ("exempt_from_publication", .03, True),
                            ("published_before_decision", .006, True))),
    ("withdraw", "revocable", (("revoked", .04, False), ("late_withdrawal", .02, True),
                               ("withdrawn_before_revocation", .006, True))),
    ("docs", "ordinary_decided", (("missing_phase", .04, True),)),
    ("av", "with_av", (("av_gap_31s", .04, True), ("av_end_uncovered", .04, True),
                       ("av_no_times", .02, True), ("av_gap_30s", .03, True))),
    ("dispute", "with_dispute", (("dispute_no_recording", .05, True),)),
    ("review", "major_decided", (("no_review", .05, True), ("review_after_decision", .025, True),
                                 ("review_rejected", .04, True), ("reviewer_is_handler", .035, True),
                                 ("unknown_reviewer", .02, True))),
    ("deadline", "penalty_ordinary_decided", (("decision_after_90_days", .03, True),
                                              ("extension_ok", .02, True),
                                              ("decision_on_day_90", .015, True),
                                              ("no_filed_date", .01, True))),
    ("notify", "penalty_decided", (("no_notification", .025, True),
                                   ("notified_same_day_ordinary", .025, True))),
    ("serve", "decided", (("late_service", .035, True), ("served_before_decision", .006, True))),
)
KINDS = [k for _, _, kinds in GROUPS for k, _, _ in kinds]
RECORDED = ([k for _, _, kinds in GROUPS for k, _, rec in kinds if rec]
            + [name for name, _ in SPECIALS.values()] + ["no_acts"])


def _pick(rng, n, probs) -> np.ndarray:
    """Categorical draw of n indices with the given probabilities."""
    return np.searchsorted(np.cumsum(probs) / np.sum(probs), rng.random(n), side="right")


def _choose(rng, mask: np.ndarray, k: int) -> np.ndarray:
    """A random subset of k positions where mask holds (fewer if not enough)."""
    idx = np.flatnonzero(mask)
    return rng.choice(idx, size=min(k, len(idx)), replace=False) if len(idx) else idx


def make_plan(rng: np.random.Generator, n: int, police_units: np.ndarray,
              holiday_ok: bool) -> SimpleNamespace:
    p = SimpleNamespace(n=n)
    w = rng.uniform(1, 3, size=len(police_units))     # unit sizes vary, within a factor of 3
    p.unit = _pick(rng, n, w)
    p.police = police_units[p.unit]
    p.ctype = _pick(rng, n, [TYPE_P[t] for t in CASE_TYPES])
    u = rng.random(n)
    p.proc = np.full(n, ORD)
    pen = p.ctype == PENALTY
    p.proc[pen & (u >= .62)] = SIMPLE
    p.proc[pen & (u >= .95) & p.police] = FAST          # 快速办理 is a police procedure
    p.proc[(p.ctype == PERMIT) & (u >= .85)] = SIMPLE
    p.proc[(p.ctype == INSPECTION) & (u >= .60)] = SIMPLE
    p.proc[(p.ctype >= 4) & (u >= .90)] = SIMPLE
    p.subtype = np.zeros(n, dtype=np.int64)
    base = 1
    for (police, tname), opts in SUBTYPES.items():
        m = (p.police == police) & (p.ctype == CASE_TYPES.index(tname))
        p.subtype[m] = base + _pick(rng, int(m.sum()), [q for _, q in opts])
        base += len(opts)
    p.zhian = p.subtype == SUBTYPE_NAMES.index("治安案件")
    org_p = np.select([p.ctype == PERMIT, pen], [.8, .3], .5)
    p.org = rng.random(n) < org_p                         # party 单位 (else 个人)
    p.decided = ~((p.proc == ORD) & (rng.random(n) < OPEN_SHARE / .7))   # open cases: 普通程序 only

    # whole-case constructions, a fixed count each
    p.special = np.full(n, NORMAL)
    types3 = np.isin(p.ctype, (PENALTY, PERMIT, INSPECTION))
    elig = {PRE_CAL: p.decided & (p.proc == ORD) & types3,
            PENDING: p.decided & (p.proc == SIMPLE) & types3,
            POST_CAL: p.decided & (p.proc == ORD) & (types3 | (p.ctype == COERCION))}
    for code, (_, share) in SPECIALS.items():
        k = max(2, round(share * n)) if n >= 100 else round(share * n)
        p.special[_choose(rng, elig[code] & (p.special == NORMAL), k)] = code
    normal = p.special == NORMAL
    p.happened = p.decided & (p.special != POST_CAL)       # decision on/before the as-of date

    # major decisions
    p.major_reason = np.full(n, M_NONE)
    nd = normal & p.decided & (p.proc == ORD)
    u = rng.random(n)
    r_pen = 1 + _pick(rng, n, [.35, .10, .20, .15, .20])
    r_oth = 1 + _pick(rng, n, [.7, .3])
    p.major_reason = np.select([nd & pen & (u < .16), nd & ~pen & (u < .05),
                                normal & ~p.decided & (u < .05)], [r_pen, r_oth, M_FLAG], M_NONE)
    p.major = p.major_reason != M_NONE
    p.hearing = p.major_reason == M_HEARING
    p.voluntary_review = nd & ~p.major & (rng.random(n) < .08)

    # acts: a template per case
    p.no_acts = normal & ((p.ctype == PERMIT) | (p.ctype >= 4)) & (rng.random(n) < .03)
    group = np.select(
        [p.no_acts, pen & (p.proc == ORD) & p.hearing, pen & (p.proc == ORD), pen & (p.proc == SIMPLE),
         pen & (p.proc == FAST), p.ctype == PERMIT, p.ctype == INSPECTION, p.ctype == COERCION],
        ["none", "penalty_hearing", "penalty_ord", "penalty_simple", "penalty_fast", "permit",
         "inspection", "coercion"], "other")
    p.tpl = np.zeros(n, dtype=np.int64)
    for g, (name, options) in enumerate(TEMPLATES.items()):
        m = group == name
        p.tpl[m] = TPL_GROUP_START[g] + _pick(rng, int(m.sum()), [q for _, q in options])
    p.n_acts = TPL_N[p.tpl]
    p.av_pos = TPL_AV_POS[p.tpl]

    # defects, group by group
    decided_n = normal & p.happened
    eligible = {
        "with_acts": normal & (p.n_acts > 0),
        "decided": decided_n,
        "ordinary_decided": decided_n & (p.proc == ORD),
        "with_av": normal & (p.av_pos >= 0),
        "with_dispute": normal & TPL_DISPUTE[p.tpl].any(axis=1),
        "major_decided": decided_n & p.major,
        "penalty_ordinary_decided": decided_n & pen & (p.proc == ORD),
        "penalty_decided": decided_n & pen,
    }
    p.kind = {}
    for _, elig_name, kinds in GROUPS:
        shares = [s if (k != "late_publication_holiday" or holiday_ok) else 0. for k, s, _ in kinds]
        if elig_name == "revocable":   # published 行政处罚 decisions only
            pub = ~(p.kind["not_published"] | p.kind["exempt_from_publication"]
                    | p.kind["published_before_decision"])
            mask = decided_n & pen & pub
        else:
            mask = eligible[elig_name]
        cat = _pick(rng, n, shares + [1 - sum(shares)])
        for i, (k, _, _) in enumerate(kinds):
            p.kind[k] = mask & (cat == i)
    p.kind["notified_same_day_ordinary"] &= p.proc == ORD
    return p
