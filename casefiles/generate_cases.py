"""The cases table of the generator: ids, parties, decisions, fines and case-level dates."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from casereview.casefiles.generate_ids import chars, digits, text
from casereview.casefiles.generate_dates import NAT
from casereview.casefiles.generate_people import SURNAMES, Staff
from casereview.casefiles.generate_plan import (COERCION, M_COMPLEX, M_FINE, M_FLAG, M_TYPE, ORD, PENALTY, SUBTYPE_NAMES,
                                     TPL_AV_POS, TPL_TYPES)
from casereview.engine.model.schema import CASE_TYPES, PROCEDURES

EXEMPT_REASONS = ("涉及个人隐私", "涉及国家秘密", "法律、行政法规规定不予公开")
COMPANY_WORDS = ("金陵", "秦淮", "钟山", "紫金", "玄武", "鼓楼", "江宁", "六朝", "石城", "白鹭",
                 "长江", "雨花", "栖霞", "莫愁", "燕子矶", "仙林", "龙蟠", "新街口", "汤山", "江北")
INDUSTRIES = ("餐饮管理", "商贸", "食品", "科技", "建材", "物流", "文化传媒", "酒店管理", "医药", "汽车服务")
# decision-type options: ((types...), probability); a 罚款 option carries a fine
PENALTY_OPTS = {
    (True, False): ((("警告",), .25), (("罚款",), .35), (("警告", "罚款"), .1), (("行政拘留",), .15),
                    (("行政拘留", "罚款"), .15)),
    (False, False): ((("警告",), .2), (("罚款",), .4), (("罚款", "没收违法所得"), .3), (("通报批评",), .1)),
    (True, True): ((("警告",), .4), (("罚款",), .6)),          # 简易程序
    (False, True): ((("警告",), .3), (("罚款",), .7)),
}
MAJOR_TYPE_OPTS = {True: ((("吊销许可证件",), .6), (("责令停产停业", "罚款"), .4)),
                   False: ((("责令停产停业", "罚款"), .4), (("吊销许可证件", "罚款", "没收违法所得"), .3),
                           (("限制开展生产经营活动",), .3))}
MAJOR_FINE_OPTS = ((("罚款",), .6), (("罚款", "没收违法所得"), .4))
AV_DECISION = {"查封": ("查封场所设施财物",), "扣押": ("扣押财物",), "强制执行": ("强制执行",),
               "强制拆除": ("强制拆除",)}
OTHER_DECISION = {"行政许可": (("准予许可",), ("不予许可",)), "行政检查": (("责令改正",), ("未发现违法行为",)),
                  "行政征收": (("征收决定",),), "行政征用": (("征用决定",),), "行政确认": (("予以确认",),),
                  "行政裁决": (("裁决",),), "其他": (("其他决定",),), "行政强制": (("扣押财物",),)}


def _objects(items) -> np.ndarray:
    return np.fromiter(items, dtype=object, count=len(items))


def _round(x: np.ndarray, step: int) -> np.ndarray:
    return np.round(x / step) * step


def make_cases(rng, p: SimpleNamespace, d: SimpleNamespace, staff: Staff,
               handlers: np.ndarray) -> tuple[dict, np.ndarray, np.ndarray]:
    """Cases table (as a column dict), the fine per case and the case ids as code points."""
    n, k = p.n, p.kind
    unit_ids = staff.units["unit_id"].to_numpy(dtype=object)
    year = (np.where(d.filed == NAT, 0, d.filed).astype("datetime64[D]").astype("datetime64[Y]")
            .astype(np.int64) + 1970)
    case_cp = np.concatenate([chars("A", n), chars(np.array([u[1:] for u in unit_ids]))[p.unit],
                              digits(year, 4), digits(np.arange(1, n + 1), 7)], axis=1)
    case_ids = text(n, case_cp)

    # decisions and fines
    opts, has_fine, probs, masks = [], [], [], []
    pen = p.ctype == PENALTY
    simple = p.proc != ORD

    def option_block(mask, options):
        base = len(opts)
        for t, _ in options:
            opts.append(t)
            has_fine.append("罚款" in t)
        masks.append((mask, base, [q for _, q in options]))

    for (police, quick), options in PENALTY_OPTS.items():
        option_block(pen & (p.police == police) & (simple == quick) & (p.major_reason != M_TYPE)
                     & (p.major_reason != M_FINE), options)
    for police, options in MAJOR_TYPE_OPTS.items():
        option_block(pen & (p.police == police) & (p.major_reason == M_TYPE), options)
    option_block(pen & (p.major_reason == M_FINE), MAJOR_FINE_OPTS)
    av_type = TPL_TYPES[p.tpl, np.maximum(TPL_AV_POS[p.tpl], 0)]
    for name, t in AV_DECISION.items():
        option_block((p.ctype == COERCION) & (TPL_AV_POS[p.tpl] >= 0) & (av_type == name), ((t, 1.),))
    for tname, options in OTHER_DECISION.items():
        m = (p.ctype == CASE_TYPES.index(tname))
        if tname == "行政强制":
            m &= TPL_AV_POS[p.tpl] < 0
        weights = (.85, .15) if tname == "行政许可" else (.5, .5) if len(options) == 2 else (1.,)
        option_block(m, tuple(zip(options, weights)))
    choice = np.zeros(n, dtype=np.int64)
    for mask, base, q in masks:
        cat = np.searchsorted(np.cumsum(q) / np.sum(q), rng.random(n), side="right")
        choice = np.where(mask, base + cat, choice)
    decision_types = _objects(opts)[choice]
    fined = np.array(has_fine)[choice]

    org = p.org
    amount = np.where(org, _round(rng.uniform(2000, 99000, n), 1000), _round(rng.uniform(200, 9900, n), 100))
    amount = np.where(simple, np.where(org, _round(rng.uniform(1000, 3000, n), 50),
                                       _round(rng.uniform(50, 200, n), 50)), amount)
    threshold = np.where(org, 100000., 10000.)
    big = np.where(rng.random(n) < .2, threshold, _round(threshold * rng.uniform(1, 5, n), 1000))
    amount = np.where(p.major_reason == M_FINE, big, amount)
    decided = p.decided
    fine = np.where(fined & decided, amount, np.nan)
    decision_types[~decided] = _objects([()])[np.zeros(int((~decided).sum()), dtype=np.int64)]

    # parties
    people = np.array([s + m for s in SURNAMES for m in ("某", "某某")], dtype=object)
    companies = np.array([f"南京{w}{i}有限公司" for w in COMPANY_WORDS for i in INDUSTRIES], dtype=object)
    person = people[rng.integers(0, len(people), n)]
    company = companies[rng.integers(0, len(companies), n)]
    exempt = np.where(k["exempt_from_publication"],
                      np.array(EXEMPT_REASONS, dtype=object)[rng.integers(0, len(EXEMPT_REASONS), n)], None)

    cases = {
        "case_id": case_ids,
        "unit_id": unit_ids[p.unit],
        "case_type": np.array(CASE_TYPES, dtype=object)[p.ctype],
        "case_subtype": np.array(SUBTYPE_NAMES, dtype=object)[p.subtype],
        "procedure": np.array(PROCEDURES, dtype=object)[p.proc],
        "party_type": np.where(org, "单位", "个人").astype(object),
        "party_name": np.where(org, company, person),
        "filed_date": d.filed_out, "notified_date": d.notified,
        "hearing_held": p.hearing,
        "decision_date": d.decision,
        "decision_types": decision_types,
        "fine_amount": fine,
        "major_flag": p.major_reason == M_FLAG,
        "complex_flag": p.major_reason == M_COMPLEX,
        "extension_days": np.where(pen & (p.proc == ORD), d.extension, -1),   # -1: empty
        "served_date": d.served, "published_date": d.published,
        "publish_exempt_reason": exempt,
        "revoked_date": d.revoked, "withdrawn_date": d.withdrawn,
        "closed_date": d.closed, "archived_date": d.archived,
        "handler_ids": np.fromiter(zip(handlers[:, 0], handlers[:, 1]), dtype=object, count=n),
    }
    return cases, fine, case_cp
