"""Property: shifting every date of a case by whole weeks, inside windows away from the long holidays,
does not change the outcome of any calendar-free rule.

Hand reasoning. A whole-week shift keeps every weekday, every difference between two dates and every
time of day; the as-of date (2026-11-20) stays after every date, so nothing moves from "has happened"
to "not yet". The windows Mar 10–Apr 20, Jun 10–Sep 10 and Nov 1–Dec 20 of 2019–2025 keep away from
New Year, Spring Festival (late Jan–Feb), Labour Day (May 1–5) and National Day (Oct 1–7) and their
make-up working days, but they do hold short ones (checked against chinesecalendar: Qingming
2019-04-05 … 2025-04-04 with make-up Sat/Sun 2022-04-02, 2024-04-07; Dragon Boat 2020-06-25/26,
2021-06-14, 2023-06-22/23, 2024-06-10 with make-up 2020-06-28, 2023-06-25; no Mid-Autumn day falls
inside): so working days can change under a shift, and rules reading
working-day deadlines (GS03, GS04, GS05, CX03, and JL01, which is na while the service deadline is
still open) are left out — found from the pack (a working-day deadline fact or function read), checked
against this list. CX01 counts calendar days (90, police overlay 30 for 治安案件) and stays in. Officers'
certificate validity is not shifted, so every limit lies outside 2019–2025: one officer valid
throughout, one expired in 2018, one valid only from 2026 — the qualification of every act is
unchanged by any shift.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from casereview.engine.model import expr
from tests.properties.builders import decisions
from tests.properties.strategies import EXAMPLES, PROFILE
from tests.support import casefile_set, pack

AS_OF = date(2026, 11, 20)
WINDOWS = (((3, 10), (4, 20)), ((6, 10), (9, 10)), ((11, 1), (12, 20)))
YEARS = range(2019, 2026)
WORKING_DAY_RULES = {"GS03", "GS04", "GS05", "CX03", "JL01"}   # by hand from rules/三项制度.yaml deadlines
WORKDAY_FUNCTIONS = {"workdays_between", "nth_workday_after"}
OFFICERS = [
    dict(officer_id="P1", unit_id="U1", role="执法人员", certificate_no="Z1",
         certificate_valid_from="2019-01-01", certificate_valid_to="2025-12-31"),
    dict(officer_id="P2", unit_id="U1", role="执法人员", certificate_no="Z2"),
    dict(officer_id="OLD", unit_id="U1", role="执法人员", certificate_no="Z3", certificate_valid_to="2018-12-31"),
    dict(officer_id="NEW", unit_id="U1", role="执法人员", certificate_no="Z4", certificate_valid_from="2026-01-01"),
    dict(officer_id="AUX", unit_id="U1", role="执法辅助人员"),
    dict(officer_id="R1", unit_id="U1", role="法制审核人员", certificate_no="Z6"),
]
POOL = ["P1", "P2", "OLD", "NEW", "AUX", "R1", "GHOST"]
DATE_FIELDS = {"cases": ("filed_date", "notified_date", "decision_date", "published_date", "served_date",
                         "revoked_date", "withdrawn_date", "closed_date", "archived_date"),
               "reviews": ("submitted_date", "review_date"), "documents": ("doc_date",),
               "acts": ("start_time", "end_time"), "recordings": ("start_time", "end_time")}


def in_windows(d: date) -> bool:
    return d.year in YEARS and any(date(d.year, *a) <= d <= date(d.year, *b) for a, b in WINDOWS)


def _workday_call(call: expr.Call) -> bool:
    return call.func in WORKDAY_FUNCTIONS or any(_workday_call(a) for a in call.args if isinstance(a, expr.Call))


def calendar_free_rules() -> list[str]:
    """The rules reading neither a working-day deadline fact nor a working-day function (the standard pack
    writes its deadlines with nth_workday_after / workdays_between)."""
    loaded = pack()
    working = {n for n, d in loaded.params.deadlines.items() if d.working_days is not None}
    dependent = {c.rule.id for c in loaded.rules("case")
                 if any(f.rsplit("_", 1)[0] in working for f in c.facts)
                 or any(_workday_call(call) for b in c.branches for call in expr.calls_of(b.condition))}
    assert dependent == WORKING_DAY_RULES
    return [c.rule.id for c in loaded.rules("case") if c.rule.id not in dependent]


@st.composite
def window_case(draw, i: int) -> dict:
    """One case whose dates all lie in one window of one year."""
    year, (a, b) = draw(st.sampled_from(YEARS)), draw(st.sampled_from(WINDOWS))
    first, span = date(year, *a), (date(year, *b) - date(year, *a)).days
    day = lambda: first + timedelta(days=draw(st.integers(0, span)))           # noqa: E731
    maybe = lambda: draw(st.one_of(st.none(), st.builds(lambda: day().isoformat())))  # noqa: E731
    cid = f"C{i}"
    case = dict(case_id=cid, unit_id="U1", case_type=draw(st.sampled_from(["行政处罚", "行政许可", "行政检查", "行政强制"])),
                case_subtype=draw(st.sampled_from([None, "治安案件"])),
                procedure=draw(st.sampled_from([None, "普通程序", "简易程序"])), party_type=draw(st.sampled_from(["个人", "单位"])),
                filed_date=maybe(), notified_date=maybe(), decision_date=maybe(), published_date=maybe(),
                served_date=maybe(), revoked_date=maybe(), withdrawn_date=maybe(),
                fine_amount=draw(st.sampled_from([None, 500, 10000, 100000])), hearing_held=draw(st.sampled_from([None, True])),
                extension_days=draw(st.sampled_from([None, 0, 30])), handler_ids=draw(st.lists(st.sampled_from(POOL), max_size=2, unique=True)),
                decision_types=draw(st.sampled_from([[], ["罚款"], ["吊销许可证件"]])))
    acts, recs = [], []
    for k in range(draw(st.integers(0, 2))):
        start = datetime.combine(day(), datetime.min.time()) + timedelta(minutes=draw(st.integers(480, 1080)))
        end = start + timedelta(seconds=draw(st.integers(1, 7200)))
        aid = f"{cid}A{k}"
        acts.append(dict(act_id=aid, case_id=cid, act_type=draw(st.sampled_from(["扣押", "查封", "现场检查", "询问", "调查取证"])),
                         start_time=str(start), end_time=str(end), certificate_shown=draw(st.sampled_from([True, False, None])),
                         officer_ids=draw(st.lists(st.sampled_from(POOL), max_size=3, unique=True))))
        if draw(st.booleans()):
            r0 = start + timedelta(seconds=draw(st.integers(-60, 120)))
            recs.append(dict(recording_id=f"{aid}R", case_id=cid, act_id=draw(st.sampled_from([aid, None])),
                             start_time=str(r0), end_time=str(end + timedelta(seconds=draw(st.integers(-60, 60))))))
    reviews = [dict(review_id=f"{cid}V{k}", case_id=cid, reviewer_id=draw(st.sampled_from(POOL)), review_date=day().isoformat(),
                    conclusion=draw(st.sampled_from(["同意", "不同意"]))) for k in range(draw(st.integers(0, 2)))]
    docs = [dict(doc_id=f"{cid}D{k}", case_id=cid, doc_date=maybe(),
                 doc_type=draw(st.sampled_from(["立案审批表", "询问笔录", "行政处罚决定书", "送达回证"])))
            for k in range(draw(st.integers(0, 4)))]
    return dict(cases=[case], acts=acts, recordings=recs, reviews=reviews, documents=docs)


def _stamps(tables: dict) -> list[str]:
    return [row[f] for name, fields in DATE_FIELDS.items() for row in tables[name] for f in fields if row.get(f)]


def shifted(tables: dict, weeks: int) -> dict:
    def move(text: str) -> str:
        if len(text) > 10:
            return str(datetime.fromisoformat(text) + timedelta(weeks=weeks))
        return (date.fromisoformat(text) + timedelta(weeks=weeks)).isoformat()
    return {name: [{k: (move(v) if k in DATE_FIELDS[name] and v else v) for k, v in row.items()} for row in rows]
            for name, rows in tables.items()}


@st.composite
def case_and_shift(draw) -> tuple[dict, int]:
    tables = draw(window_case(0))
    days = [date.fromisoformat(s[:10]) for s in _stamps(tables)]
    weeks = [w for w in range(-370, 371) if w and all(in_windows(d + timedelta(weeks=w)) for d in days)]
    assume(weeks)
    return tables, draw(st.sampled_from(weeks))


FREE = calendar_free_rules()


def renamed(tables: dict, suffix: str) -> dict:
    ids = ("case_id", "act_id", "recording_id", "review_id", "doc_id")
    return {name: [{k: (v + suffix if k in ids and v else v) for k, v in row.items()} for row in rows]
            for name, rows in tables.items()}


@settings(settings.get_profile(PROFILE), max_examples=EXAMPLES)
@given(case_and_shift(), st.sampled_from([(), ("police",)]))
def test_whole_week_shift_keeps_calendar_free_outcomes(drawn, overlays):
    # the case and its shifted copy (ids + "S") reviewed together: one fact derivation per example;
    # sound because another case never changes a case's findings (test_unrelated_case.py)
    tables, weeks = drawn
    moved = renamed(shifted(tables, weeks), "S")
    assert all(in_windows(date.fromisoformat(s[:10])) for s in _stamps(tables) + _stamps(moved))
    both = {name: tables[name] + moved[name] for name in tables}
    cfs = casefile_set(both["cases"], officers=OFFICERS, **{k: v for k, v in both.items() if k != "cases"})
    facts, chosen = decisions(cfs, "vector", AS_OF, overlays)["case"]
    rows = list(facts["case_id"])
    rules = {c.rule.id: c for c in pack(tuple(overlays)).rules("case")}
    before, after = ({r: rules[r].branches[int(chosen[r][rows.index(cid)])].outcome for r in FREE}
                     for cid in ("C0", "C0S"))
    assert before == after, f"平移 {weeks} 周"
