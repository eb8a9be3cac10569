"""The standard pack decides in its own language: the deadline, notice and certificate rules read case dates,
`as_of`, the working-day functions and parameters (via its named facts), never the verdict facts computed
in Python (`*_status`, `notice_lead_days`, …), which stay in the catalogue for existing overlays only.

Hand-worked cases, run through the pack on every engine (tests/features/engines: vector and durable_rules),
dates checked by hand against the State Council holiday notices:
- 国办发明电〔2023〕7号 (2024): 劳动节 05-01 至 05-05 放假，04-28（周日）、05-11（周六）上班；
  国庆节 10-01 至 10-07 放假，09-29（周日）、10-12（周六）上班.
- decision 2024-09-30 (Mon): working days after it 10-08, 10-09, 10-10, 10-11, 10-12 (Sat, make-up),
  10-14, 10-15 → the 7th is 2024-10-15.
- decision 2024-04-29 (Mon): 04-30, 05-06 … 05-10, 05-11 (Sat, make-up) → the 7th is 2024-05-11;
  done Sun 05-12 is late although no working day lies between.
"""
from datetime import date
from pathlib import Path

import pytest

from casereview.casefiles.workdays import WorkCalendar
from casereview.engine.facts.derive import derive_case_facts
from casereview.engine.model import expr
from casereview.engine.model.pack import load_pack
from casereview.features.engines import casefile_set, outcome, review_on_every_engine
from casereview.features.params import rule_params

# verdict facts the standard pack no longer reads: deadline statuses and working-day due dates / periods /
# elapsed days, the notice lead and the certificate counts
DEADLINES = ("publish_short", "publish_long", "withdraw", "serve", "decide")
MOVED = ({f"{n}_status" for n in DEADLINES} | {f"{n}_elapsed" for n in DEADLINES}
         | {f"{n}_{s}" for n in DEADLINES[:4] for s in ("due", "days")}
         | {"notice_lead_days", "cert_not_shown_count", "cert_shown_missing_count"})
# built-in deadline facts it still reads, and why: CX01's period (calendar days by subtype plus the
# extension — no per-subtype choice or date arithmetic in the language) and the calendar's explanation text
KEPT = {"decide_due", "decide_days", "publish_short_note", "publish_long_note", "withdraw_note", "serve_note"}


@pytest.mark.parametrize("overlays", [(), ("police",)], ids=["standard", "police"])
def test_no_rule_reads_a_moved_verdict_fact(overlays):
    loaded = load_pack(overlays=list(overlays))
    for c in loaded.compiled:
        assert not c.facts & MOVED, (c.rule.id, sorted(c.facts & MOVED))
    deadline_facts = {f"{n}_{s}" for n in DEADLINES for s in ("due", "status", "days", "elapsed", "note")}
    read = set().union(*(c.facts for c in loaded.compiled))
    assert read & deadline_facts == KEPT


def test_moved_facts_stay_in_the_catalogue_marked_for_compatibility():
    facts = load_pack().case_facts
    for name in MOVED:
        assert "保留供已有叠加包使用" in facts[name].meaning, name


def test_deadline_rules_read_the_dates_and_as_of():
    loaded = load_pack()
    rules = {c.rule.id: c for c in loaded.compiled}
    assert {"decision_date", "published_date", "as_of"} <= rules["GS03"].facts
    assert {"revoked_date", "withdrawn_date", "as_of"} <= rules["GS05"].facts
    assert {"decision_date", "served_date", "as_of"} <= rules["CX03"].facts
    assert {"served_date", "as_of"} <= rules["JL01"].facts       # waits while service is not yet due
    assert {"notified_date", "decision_date"} <= rules["CX02"].facts


def case(case_id: str, **kw) -> dict:
    return dict(dict(case_id=case_id, unit_id="U1", case_type="行政处罚", procedure="普通程序", party_type="个人",
                     filed_date="2024-09-01", decision_date="2024-09-30", decision_types=["罚款"],
                     notified_date="2024-09-20"), **kw)


def run(cases: list[dict], as_of: date, overlays=(), acts=()):
    return review_on_every_engine(casefile_set(cases, acts=list(acts), reviews=[]),
                                  load_pack(overlays=list(overlays)), as_of)


GS03 = [   # (case, as-of, outcome, reason)
    (case("P1", published_date="2024-10-15"), date(2024, 12, 31), "pass",
     "公示日期 2024-10-15 未超过期限 2024-10-15（决定后第7个工作日）"),
    (case("P2", published_date="2024-10-16"), date(2024, 12, 31), "fail",
     "公示日期 2024-10-16 晚于期限 2024-10-15（决定后第7个工作日）"),
    (case("P3", published_date="2024-10-03"), date(2024, 12, 31), "pass",          # in the holiday: in time
     "公示日期 2024-10-03 未超过期限 2024-10-15（决定后第7个工作日）"),
    (case("P4", published_date="2024-09-29"), date(2024, 12, 31), "unknown",
     "公示日期 2024-09-29 早于决定日期 2024-09-30，数据矛盾"),
    (case("P5"), date(2024, 10, 15), "na", "尚未公示，期限 2024-10-15（决定后第7个工作日）未届满"),
    (case("P6"), date(2024, 10, 16), "fail",
     "决定日期 2024-09-30，至评查日 2024-10-16 仍未公示，已超过期限 2024-10-15（决定后第7个工作日）"),
    (case("P7", publish_exempt_reason="涉及国家秘密"), date(2024, 10, 16), "na", "依法不予公开：涉及国家秘密"),
]


@pytest.mark.parametrize("fields, as_of, want, reason", GS03, ids=[r[0]["case_id"] for r in GS03])
def test_publication_within_seven_working_days(fields, as_of, want, reason):
    assert outcome(run([fields], as_of), fields["case_id"], "GS03") == (want, reason)


def test_service_on_the_sunday_after_a_saturday_due_date_is_late():
    april = dict(filed_date="2024-04-01", notified_date="2024-04-20", decision_date="2024-04-29")
    cases = [case("S1", served_date="2024-05-12", **april), case("S2", served_date="2024-05-11", **april),
             case("S3", **april)]
    result = run(cases, date(2024, 5, 11))       # the due date itself: not served yet is still in time
    later = run(cases, date(2024, 6, 30))
    assert outcome(later, "S1", "CX03") == ("fail", "送达日期 2024-05-12 晚于期限 2024-05-11（决定后第7个工作日）")
    assert outcome(later, "S2", "CX03") == ("pass", "送达日期 2024-05-11 未超过期限 2024-05-11（决定后第7个工作日）")
    assert outcome(result, "S3", "CX03") == ("na", "尚未送达，期限 2024-05-11（决定后第7个工作日）未届满")
    assert outcome(later, "S3", "CX03") == (
        "fail", "决定日期 2024-04-29，至评查日 2024-06-30 仍未送达，已超过期限 2024-05-11（决定后第7个工作日）")
    evidence = later.findings.set_index(["case_id", "rule_id"]).loc[("S1", "CX03"), "evidence"]
    assert evidence == "决定日期=2024-04-29；送达日期=2024-05-12；送达期限=2024-05-11"


def test_due_date_beyond_the_calendar_is_never_guessed():
    """chinesecalendar knows 2004–2026. Decision Mon 2026-12-28: 12-29 and 12-30 are working days of a known
    year, fewer than 7, so publication on 12-30 is certainly in time although the due date (in 2027) is unknown;
    not published by 2027-01-05, the working days up to the as-of date cannot be counted: unknown."""
    cases = [case("B1", filed_date="2026-12-01", notified_date="2026-12-20", decision_date="2026-12-28",
                  published_date="2026-12-30"),
             case("B2", filed_date="2026-12-01", notified_date="2026-12-20", decision_date="2026-12-28")]
    result = run(cases, date(2027, 1, 5))
    assert outcome(result, "B1", "GS03") == ("pass", "公示日期 2026-12-30 未超过期限 （空）（决定后第7个工作日）")
    want, reason = outcome(result, "B2", "GS03")
    assert want == "unknown" and reason.startswith("公示期限无法判定：2027-01-05 所在的2027年不在已知节假日日历内")


def test_withdrawal_within_three_working_days_of_revocation():
    """Revoked Fri 2024-09-27: 09-29 (Sun, make-up) is the 1st working day, 09-30 the 2nd, 10-08 the 3rd."""
    base = dict(published_date="2024-09-10", decision_date="2024-09-05", revoked_date="2024-09-27")
    cases = [case("W1", withdrawn_date="2024-10-08", **base), case("W2", withdrawn_date="2024-10-09", **base)]
    result = run(cases, date(2024, 12, 31))
    assert outcome(result, "W1", "GS05") == ("pass", "撤回公示日期 2024-10-08 未超过期限 2024-10-08（撤销后第3个工作日）")
    assert outcome(result, "W2", "GS05") == ("fail", "撤回公示日期 2024-10-09 晚于期限 2024-10-08（撤销后第3个工作日）")


def test_notice_before_the_decision():
    cases = [case("N1", notified_date="2024-09-30"),
             case("N2", notified_date="2024-09-30", procedure="简易程序"),
             case("N3", notified_date="2024-10-01", procedure="简易程序", published_date="2024-10-08")]
    result = run(cases, date(2024, 12, 31))
    assert outcome(result, "N1", "CX02") == (
        "fail", "告知日期 2024-09-30 未早于决定日期 2024-09-30（普通程序须先告知、后决定）")
    assert outcome(result, "N2", "CX02") == ("pass", "于 2024-09-30 告知，2024-09-30 作出决定")
    assert outcome(result, "N3", "CX02") == ("fail", "告知日期 2024-10-01 晚于决定日期 2024-09-30")


def test_ninety_calendar_days_and_the_police_thirty_plus_extension():
    """Filed 2024-01-02 (2024 is a leap year): 29 + 29 + 31 + 1 = 90 days to 04-01. Police: 治安案件 30 days,
    plus an approved extension of 30 → due 2024-03-02 (29 + 29 + 2 = 60 days)."""
    cases = [case("D1", filed_date="2024-01-02", notified_date="2024-03-20", decision_date="2024-04-01"),
             case("D2", filed_date="2024-01-02", notified_date="2024-03-20", decision_date="2024-04-02"),
             case("D3", filed_date="2024-01-02", notified_date="2024-02-20", decision_date="2024-03-02",
                  case_subtype="治安案件", extension_days=30),
             case("D4", filed_date="2024-01-02", notified_date="2024-02-20", decision_date="2024-03-03",
                  case_subtype="治安案件", extension_days=30)]
    standard = run(cases, date(2024, 12, 31))
    assert outcome(standard, "D1", "CX01") == ("pass", "自立案 2024-01-02 至决定 2024-04-01 共 90 日，未超过 90 日")
    assert outcome(standard, "D2", "CX01") == (
        "fail", "自立案 2024-01-02 至决定 2024-04-02 共 91 日，超过期限 90 日（截止 2024-04-01）")
    police = run(cases, date(2024, 12, 31), overlays=("police",))
    assert outcome(police, "D3", "CX01") == ("pass", "自立案 2024-01-02 至决定 2024-03-02 共 60 日，未超过 60 日")
    assert outcome(police, "D4", "CX01") == (
        "fail", "自立案 2024-01-02 至决定 2024-03-03 共 61 日，超过期限 60 日（截止 2024-03-02）")


def test_certificate_shown_read_from_the_acts():
    acts = [dict(act_id="A1", case_id="G1", act_type="现场检查", start_time="2024-09-10 09:00", certificate_shown=False),
            dict(act_id="A2", case_id="G1", act_type="现场检查", start_time="2024-09-11 09:00", certificate_shown=None),
            dict(act_id="A3", case_id="G2", act_type="现场检查", start_time="2024-09-10 09:00", certificate_shown=None),
            dict(act_id="A4", case_id="G3", act_type="现场检查", start_time="2024-09-10 09:00", certificate_shown=True)]
    result = run([case("G1"), case("G2"), case("G3"), case("G4")], date(2024, 12, 31), acts=acts)
    assert outcome(result, "G1", "GS02") == ("fail", "执法活动 A1（未出示）、A2（未记录） 未出示执法证件")
    assert outcome(result, "G2", "GS02") == ("unknown", "执法活动 A3（未记录） 未记录是否出示执法证件")
    assert outcome(result, "G3", "GS02") == ("pass", "全部 1 项执法活动均记录出示执法证件")
    assert outcome(result, "G4", "GS02") == ("na", "案卷中没有执法活动")


REWORDED = """\
pack: {id: wording, title: 送达期限措辞, extends: 三项制度}
rules:
  - id: CX03
    replaces: CX03
    system: 程序
    title: 决定书7个工作日内送达
    basis: 《行政处罚法》第六十一条
    deduction: 5
    applies: has_decision
    not_applicable: 尚未作出决定
    evidence: [decision_date, served_date, serve_deadline]
    due: {deadline: serve}
    checks:
      - when: serve_open
        outcome: na
        reason: 送达期限 {serve_deadline} 尚未届满
      - when: served_date < decision_date
        outcome: unknown
        reason: 送达日期早于决定日期
      - when: served_date > serve_deadline
        outcome: fail
        reason: 迟延送达：{served_date} 送达，期限为 {serve_deadline}
      - when: served_date is null and as_of > serve_deadline
        outcome: fail
        reason: 至 {as_of} 仍未送达（期限 {serve_deadline}）
      - when: serve_deadline is null and not (workdays_between(decision_date, served_date) < $deadlines.serve.working_days)
        outcome: unknown
        reason: "{serve_note}"
    otherwise:
      reason: 按期送达
"""


def test_an_overlay_rewords_a_deadline_rule(tmp_path: Path):
    path = tmp_path / "wording.yaml"
    path.write_text(REWORDED, encoding="utf-8")
    april = dict(filed_date="2024-04-01", notified_date="2024-04-20", decision_date="2024-04-29")
    cases = [case("R1", served_date="2024-05-12", **april), case("R2", served_date="2024-05-11", **april),
             case("R3", **april)]
    result = run(cases, date(2024, 6, 30), overlays=(str(path),))
    assert outcome(result, "R1", "CX03") == ("fail", "迟延送达：2024-05-12 送达，期限为 2024-05-11")
    assert outcome(result, "R2", "CX03") == ("pass", "按期送达")
    assert outcome(result, "R3", "CX03") == ("fail", "至 2024-06-30 仍未送达（期限 2024-05-11）")


def test_parameters_read_through_named_facts_count_for_the_shipped_scenarios():
    """JL01 waits while service is not yet due (serve_open, which reads $deadlines.serve.working_days): a shipped
    JL01 scenario cannot hold under an overlay that changes that period, so `rules test` must know JL01 reads it."""
    loaded = load_pack()
    assert "deadlines.serve.working_days" in rule_params(loaded, "JL01")
    assert "deadlines.publish_short.working_days" in rule_params(loaded, "GS03")


def test_reviews_before_decision_is_the_quantifier_the_catalogue_names():
    """FS01 keeps the built-in count (the due list rewrites it); it equals count(reviews, review_date <=
    case.decision_date): decision 2024-09-30, reviews on 09-20 and 09-30 count, one without a date and one
    on 10-05 do not → 2."""
    loaded = load_pack()
    node = expr.parse("count(reviews, review_date <= case.decision_date) >= 0",
                      {n: f.type for n, f in loaded.case_facts.items()}, loaded.param)
    reviews = [dict(review_id=f"R{i}", case_id="V1", reviewer_id="O1", review_date=d, conclusion="同意")
               for i, d in enumerate(["2024-09-20", None, "2024-10-05", "2024-09-30"])]
    cfs = casefile_set([case("V1")], reviews=reviews)
    facts = derive_case_facts(cfs, loaded.params, date(2024, 12, 31), WorkCalendar.official(), [node])
    assert facts[expr.aggregates_of(node)[0].column].tolist() == facts["reviews_before_decision"].tolist() == [2.0]
