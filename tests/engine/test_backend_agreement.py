"""Property: the vector and durable_rules backends give identical findings on any case set."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from tests.properties.profile import EXAMPLES, PROFILE
from tests.support import run

CASES_PER_EXAMPLE = 15    # × EXAMPLES (tests/properties/profile.py): 375 case files in CI, 15,000 in the full run

# dates clustered around calendar traps: National Day 2024, Spring Festival 2025, year ends
_ANCHORS = [date(2024, 9, 27), date(2024, 10, 8), date(2025, 1, 24), date(2025, 2, 5),
            date(2024, 4, 30), date(2025, 12, 26), date(2026, 12, 24), date(2003, 12, 29)]
OFFICER_POOL = ["P1", "P2", "P3", "AUX", "EXP", "R1", "GHOST"]
OFFICERS = [
    dict(officer_id="P1", unit_id="U1", role="执法人员", certificate_no="Z1"),
    dict(officer_id="P2", unit_id="U1", role="执法人员", certificate_no="Z2",
         certificate_valid_from="2024-01-01", certificate_valid_to="2025-06-30"),
    dict(officer_id="P3", unit_id="U2", role="执法人员", certificate_no="Z3"),
    dict(officer_id="AUX", unit_id="U2", role="执法辅助人员"),
    dict(officer_id="EXP", unit_id="U1", role="执法人员", certificate_no="Z5", certificate_valid_to="2023-12-31"),
    dict(officer_id="R1", unit_id="U1", role="法制审核人员", certificate_no="Z6"),
]

day = st.builds(lambda a, k: a + timedelta(days=k), st.sampled_from(_ANCHORS), st.integers(-3, 40))
maybe_day = st.one_of(st.none(), day)


def _iso(d):
    return d.isoformat() if d else None


@st.composite
def case_file(draw, i: int):
    cid = f"C{i}"
    decision = draw(maybe_day)
    after = lambda: draw(st.one_of(st.none(), st.builds(lambda k: decision + timedelta(days=k),  # noqa: E731
                                                       st.integers(-2, 35)))) if decision else draw(maybe_day)
    case = dict(case_id=cid, unit_id=draw(st.sampled_from(["U1", "U2", "U3"])),
                case_type=draw(st.sampled_from(["行政处罚", "行政许可", "行政检查", "行政强制"])),
                case_subtype=draw(st.sampled_from([None, "治安案件"])),
                procedure=draw(st.sampled_from([None, "普通程序", "简易程序", "快速办理"])),
                party_type=draw(st.sampled_from([None, "个人", "单位"])),
                filed_date=_iso(decision - timedelta(days=draw(st.integers(-1, 120)))) if decision else None,
                notified_date=_iso(after()), decision_date=_iso(decision), published_date=_iso(after()),
                served_date=_iso(after()), revoked_date=_iso(after()), withdrawn_date=_iso(after()),
                publish_exempt_reason=draw(st.sampled_from([None, None, None, "涉及国家秘密"])),
                fine_amount=draw(st.sampled_from([None, 0, 500, 9999, 10000, 100000])),
                hearing_held=draw(st.sampled_from([None, True, False])),
                major_flag=draw(st.sampled_from([None, False, True])),
                extension_days=draw(st.sampled_from([None, 0, 30])),
                decision_types=draw(st.sampled_from([[], ["罚款"], ["吊销许可证件"]])),
                handler_ids=draw(st.lists(st.sampled_from(OFFICER_POOL), max_size=2)))
    acts, recs = [], []
    for k in range(draw(st.integers(0, 3))):
        aid = f"{cid}A{k}"
        start = datetime.combine(draw(day), datetime.min.time()) + timedelta(hours=9)
        length = draw(st.integers(0, 7200))
        timed = draw(st.booleans())
        acts.append(dict(act_id=aid, case_id=cid,
                         act_type=draw(st.sampled_from(["扣押", "查封", "现场检查", "询问", "受案登记", "调查取证"])),
                         start_time=str(start) if timed else start.date().isoformat(),
                         end_time=str(start + timedelta(seconds=length)) if timed else None,
                         officer_ids=draw(st.lists(st.sampled_from(OFFICER_POOL), max_size=3)),
                         certificate_shown=draw(st.sampled_from([True, True, False, None]))))
        for j in range(draw(st.integers(0, 2))):
            r0 = start + timedelta(seconds=draw(st.integers(-60, length + 60)))
            recs.append(dict(recording_id=f"{aid}R{j}", case_id=cid,
                             act_id=draw(st.sampled_from([aid, None])),
                             start_time=str(r0), end_time=str(r0 + timedelta(seconds=draw(st.integers(0, 7200))))))
    reviews = [dict(review_id=f"{cid}V{k}", case_id=cid, reviewer_id=draw(st.sampled_from(OFFICER_POOL)),
                    review_date=_iso(after() or draw(day)),
                    conclusion=draw(st.sampled_from([None, "同意", "不同意", "退回补充"])))
               for k in range(draw(st.integers(0, 2)))]
    docs = [dict(doc_id=f"{cid}D{k}", case_id=cid,
                 doc_type=draw(st.sampled_from(["立案审批表", "询问笔录", "行政处罚决定书", "送达回证", "其他材料"])))
            for k in range(draw(st.integers(0, 5)))]
    return case, acts, recs, reviews, docs


@st.composite
def case_set(draw):
    parts = [draw(case_file(i)) for i in range(CASES_PER_EXAMPLE)]
    return [[p[k] for p in parts] for k in range(5)]


@settings(settings.get_profile(PROFILE), phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(case_set(), st.sampled_from([(), ("police",)]),
       st.sampled_from([date(2024, 10, 10), date(2025, 2, 10), date(2026, 11, 20)]))
def _backends_agree(seen, data, overlays, as_of):
    cases, acts, recs, reviews, docs = data
    flat = lambda rows: [r for group in rows for r in group]  # noqa: E731
    run(cases, acts=flat(acts), recordings=flat(recs), reviews=flat(reviews), documents=flat(docs),
        officers=OFFICERS, as_of=as_of, overlays=overlays)   # run() asserts identical findings
    seen.append(len(cases))


def test_backends_agree():
    seen: list[int] = []
    _backends_agree(seen)
    # the property itself checked enough case files (not a test that has to run after another)
    assert sum(seen) >= 0.8 * EXAMPLES * CASES_PER_EXAMPLE, sum(seen)
