"""casefiles.asof.cut_at: what had not happened by the as-of date is set apart, listed and counted.

All cases are hand-built; the as-of date is Mon 2025-06-30 throughout. "After the as-of date" means
from 2025-07-01 00:00 on: anything on 2025-06-30, up to 23:59, has happened.
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from casereview.casefiles.asof import cut_at, happened
from tests.support import casefile_set, run

AS_OF = date(2025, 6, 30)


def case(cid, filed=None, **kw):
    return dict(case_id=cid, unit_id="U1", case_type="行政处罚", filed_date=filed, **kw)


def act(aid, cid, start, end=None, **kw):
    return dict(act_id=aid, case_id=cid, act_type="现场检查", start_time=start, end_time=end, **kw)


def apart(cut, table):
    a = cut.after_as_of
    return list(a.loc[a["table"] == table, "record_id"])


def kept(cut, table):
    return list(cut.tables[table][TABLE_IDS[table]])


TABLE_IDS = {"cases": "case_id", "acts": "act_id", "recordings": "recording_id", "reviews": "review_id",
             "documents": "doc_id"}


def test_filed_on_the_as_of_date_is_reviewed_the_day_after_is_not():
    cfs = casefile_set([case("ON", "2025-06-30"), case("AFTER", "2025-07-01"), case("BEFORE", "2025-06-29")])
    cut = cut_at(cfs, AS_OF)
    assert kept(cut, "cases") == ["ON", "BEFORE"]
    assert apart(cut, "cases") == ["AFTER"]
    row = cut.after_as_of.iloc[0]
    assert row["reason"] == "立案日期 2025-07-01 晚于评查日 2025-06-30，不在本次评查范围"
    assert (row["column"], row["value"], row["row"]) == ("filed_date", "2025-07-01", 3)


def test_act_at_23_59_of_the_as_of_date_happened_at_midnight_not():
    cfs = casefile_set([case("C1", "2025-06-01")],
                       acts=[act("A1", "C1", "2025-06-30 23:59"), act("A2", "C1", "2025-07-01 00:00"),
                             act("A3", "C1", "2025-06-30"), act("A4", "C1", None)])
    cut = cut_at(cfs, AS_OF)
    assert kept(cut, "acts") == ["A1", "A3", "A4"]          # A4 has no start time: it stays
    assert apart(cut, "acts") == ["A2"]
    assert cut.after_as_of.iloc[0]["reason"] == (
        "开始时间 2025-07-01 00:00 晚于评查日 2025-06-30，评查时尚未发生，不在本次评查范围")


def test_no_filed_date_first_act_decides():
    cfs = casefile_set([case("LATE"), case("EARLY"), case("BLANK")],
                       acts=[act("L1", "LATE", "2025-07-02 09:00"), act("L2", "LATE", "2025-08-01 09:00"),
                             act("E1", "EARLY", "2025-08-01 09:00"), act("E2", "EARLY", "2025-06-30 18:00")])
    cut = cut_at(cfs, AS_OF)
    # BLANK: neither a filed date nor a dated act: nothing shows it had not begun → reviewed
    assert kept(cut, "cases") == ["EARLY", "BLANK"]
    assert apart(cut, "cases") == ["LATE"]
    reasons = dict(zip(cut.after_as_of["record_id"], cut.after_as_of["reason"]))
    assert reasons["LATE"] == ("无立案日期，最早的执法活动 L1 开始于 2025-07-02 09:00，晚于评查日 2025-06-30，"
                               "不在本次评查范围")
    # the late case's acts go with it (L2 would be late anyway; L1 is so only through its case)
    assert reasons["L1"].startswith("所属案件 LATE 无立案日期")
    # EARLY's later act is set apart on its own date
    assert kept(cut, "acts") == ["E2"] and reasons["E1"].startswith("开始时间 2025-08-01 09:00")


def test_no_filed_date_a_date_of_the_case_before_the_as_of_date_keeps_it():
    """C1 was decided 2025-06-20 although its only act is dated 2025-07-02: the case had begun → reviewed
    (the act is set apart on its own date). C2 (decided 2025-07-03, act 2025-07-02) had not begun.
    C3 (decided 2025-07-03, no act) has no filed date and no dated act: reviewed, its decision not yet made."""
    cfs = casefile_set([case("C1", decision_date="2025-06-20"), case("C2", decision_date="2025-07-03"),
                        case("C3", decision_date="2025-07-03")],
                       acts=[act("A1", "C1", "2025-07-02 09:00"), act("A2", "C2", "2025-07-02 09:00")])
    cut = cut_at(cfs, AS_OF)
    assert kept(cut, "cases") == ["C1", "C3"] and apart(cut, "cases") == ["C2"]
    assert apart(cut, "acts") == ["A1", "A2"]
    row = cut.after_as_of[cut.after_as_of["record_id"] == "C2"].iloc[0]
    assert (row["column"], row["value"]) == ("start_time", "2025-07-02 09:00")


def test_a_filed_date_before_wins_over_later_acts():
    cfs = casefile_set([case("C1", "2025-06-30")], acts=[act("A1", "C1", "2025-07-05 09:00")])
    cut = cut_at(cfs, AS_OF)
    assert kept(cut, "cases") == ["C1"] and apart(cut, "acts") == ["A1"]


def test_children_of_a_case_not_yet_filed_are_set_apart_with_it_even_when_dated_before():
    cfs = casefile_set([case("C1", "2025-07-03")],
                       acts=[act("A1", "C1", "2025-06-01 09:00")],
                       documents=[dict(doc_id="D1", case_id="C1", doc_type="立案审批表", doc_date=None)],
                       reviews=[dict(review_id="R1", case_id="C1", review_date="2025-06-01")])
    cut = cut_at(cfs, AS_OF)
    for table in ("cases", "acts", "documents", "reviews"):
        assert len(cut.tables[table]) == 0
    assert set(cut.after_as_of.loc[cut.after_as_of["table"] != "cases", "reason"]) == {
        "所属案件 C1 立案日期 2025-07-03 晚于评查日 2025-06-30，不在本次评查范围"}


def test_children_without_a_date_stay_dated_after_go():
    cfs = casefile_set(
        [case("C1", "2025-06-01")],
        documents=[dict(doc_id="D1", case_id="C1", doc_type="送达回证", doc_date=None),
                   dict(doc_id="D2", case_id="C1", doc_type="送达回证", doc_date="2025-07-01"),
                   dict(doc_id="D3", case_id="C1", doc_type="送达回证", doc_date="2025-06-30")],
        reviews=[dict(review_id="R1", case_id="C1", review_date="2025-07-01", submitted_date="2025-06-20"),
                 dict(review_id="R2", case_id="C1", review_date=None, submitted_date="2025-07-02"),
                 dict(review_id="R3", case_id="C1", review_date=None, submitted_date=None)],
        recordings=[dict(recording_id="V1", case_id="C1", start_time="2025-07-01 08:00"),
                    dict(recording_id="V2", case_id="C1", start_time=None)])
    cut = cut_at(cfs, AS_OF)
    assert kept(cut, "documents") == ["D1", "D3"] and apart(cut, "documents") == ["D2"]
    # a review concluded after the as-of date had not happened, although submitted before
    assert kept(cut, "reviews") == ["R3"] and apart(cut, "reviews") == ["R1", "R2"]
    reasons = dict(zip(cut.after_as_of["record_id"], cut.after_as_of["reason"]))
    assert reasons["R1"].startswith("审核日期 2025-07-01 晚于评查日")
    assert reasons["R2"].startswith("无审核日期，送审日期 2025-07-02 晚于评查日")
    assert reasons["D2"] == "文书日期 2025-07-01 晚于评查日 2025-06-30，评查时尚未发生，不在本次评查范围"
    assert kept(cut, "recordings") == ["V2"] and apart(cut, "recordings") == ["V1"]


def test_recording_of_an_act_running_past_midnight_stays_with_it():
    cfs = casefile_set(
        [case("C1", "2025-06-01")],
        acts=[act("A1", "C1", "2025-06-30 23:30", "2025-07-01 01:00")],
        recordings=[dict(recording_id="V1", case_id="C1", act_id="A1", start_time="2025-07-01 00:10"),
                    dict(recording_id="V2", case_id="C1", start_time="2025-07-01 00:20"),
                    dict(recording_id="V3", case_id="C1", start_time="2025-07-01 02:00")])
    cut = cut_at(cfs, AS_OF)
    assert kept(cut, "acts") == ["A1"]
    assert kept(cut, "recordings") == ["V1", "V2"] and apart(cut, "recordings") == ["V3"]


def test_a_rejected_date_cannot_tell_so_the_record_is_reviewed():
    """An unreadable 立案日期 (the loader nulls it and names it in `_invalid`) says the case has a filed date
    we cannot read: reviewed, even with its only act after the as-of date; likewise an unreadable 文书日期."""
    cfs = casefile_set([case("C1")], acts=[act("A1", "C1", "2025-07-02 09:00")],
                       documents=[dict(doc_id="D1", case_id="C1", doc_type="送达回证", doc_date="2025-07-05")])
    cfs.tables["cases"].at[0, "_invalid"] = ("filed_date",)
    cfs.tables["documents"]["doc_date"] = pd.NaT
    cfs.tables["documents"].at[0, "_invalid"] = ("doc_date",)
    cut = cut_at(cfs, AS_OF)
    assert kept(cut, "cases") == ["C1"] and kept(cut, "documents") == ["D1"] and apart(cut, "acts") == ["A1"]
    cfs.tables["cases"].at[0, "_invalid"] = ()
    assert apart(cut_at(cfs, AS_OF), "cases") == ["C1"]           # readable and empty: the act decides


def test_counts_reconcile_and_cutting_twice_changes_nothing():
    cfs = casefile_set([case("C1", "2025-06-01"), case("C2", "2025-07-01")],
                       acts=[act("A1", "C1", "2025-06-02"), act("A2", "C1", "2025-07-02"), act("A3", "C2", "2025-07-02")])
    cut = cut_at(cfs, AS_OF)
    counts = cut.reconcile()
    assert counts["cases"] == {"in": 2, "evaluated": 1, "rejected": 0, "after_as_of": 1}
    assert counts["acts"] == {"in": 3, "evaluated": 1, "rejected": 0, "after_as_of": 2}
    again = cut_at(cut, AS_OF)
    assert again.reconcile() == counts
    pd.testing.assert_frame_equal(again.after_as_of, cut.after_as_of)


def test_happened_empties_case_dates_after_the_as_of_date():
    cfs = casefile_set([case("C1", "2025-06-01", decision_date="2025-06-30", served_date="2025-07-01")])
    seen = happened(cfs.tables["cases"], AS_OF).iloc[0]
    assert seen["decision_date"] == pd.Timestamp("2025-06-30") and pd.isna(seen["served_date"])


def test_review_never_sees_a_later_case_or_act_on_either_engine():
    """GS01 would fail C1 for the one-officer act A2 (2025-07-01) and C2 altogether; as of 2025-06-30
    neither exists: C1 passes GS01 on its two-officer act alone, C2 is not reviewed."""
    officers = [dict(officer_id=o, unit_id="U1", role="执法人员", certificate_no=f"Z{o}") for o in ("P1", "P2")]
    result = run([case("C1", "2025-06-01"), case("C2", "2025-07-01")], as_of=AS_OF, officers=officers,
                 acts=[act("A1", "C1", "2025-06-02 09:00", "2025-06-02 10:00", officer_ids=["P1", "P2"]),
                       act("A2", "C1", "2025-07-01 09:00", "2025-07-01 10:00", officer_ids=["P1"]),
                       act("A3", "C2", "2025-07-02 09:00", "2025-07-02 10:00", officer_ids=["P1"])])
    assert set(result.findings["case_id"]) == {"C1"}
    gs01 = result.findings[result.findings["rule_id"] == "GS01"].iloc[0]
    assert gs01["outcome"] == "pass"
    assert "A2" not in gs01["reason"] + str(gs01["evidence"])
    assert result.info["counts"]["acts"] == {"in": 3, "evaluated": 1, "rejected": 0, "after_as_of": 2}
    assert list(result.after_as_of["record_id"]) == ["C2", "A2", "A3"]
