"""The due list belongs to the run: computed by `review` with the review's own calendar (--holidays) and
backend (--engine), written to due.csv as it is; its obligations come from the rules' `due` declarations,
so rewriting a rule's condition equivalently keeps its item.

  K1 行政处罚 decided Mon 2026-12-28, neither published nor served, reviewed as of Wed 2026-12-30 with a
     fictional 2027 file: 2027-01-01 and 01-04 off, Sat 01-02 a working day. 7 working days after the
     decision: 12-29(1) 12-30(2) 12-31(3) [01-01 off] 01-02(4) [01-03 Sun, 01-04 off] 01-05(5) 01-06(6)
     01-07(7) → GS03 and CX03 due 2027-01-07; working days left after 12-30: 12-31, 01-02, 01-05, 01-06,
     01-07 = 5. Without the file 2027 is unknown: no due date, status 无法判定.
  Durable = vector, as of 2024-09-20:
     C1 major (major_flag), filed 2024-09-01, undecided, no review: CX01 待办 (90 days → 2024-11-30) and
        FS01 待办 (legal review before the decision, due with it);
     C2 行政处罚 decided Mon 2024-09-02, neither published nor served: 7 working days → 09-03(1) 09-04(2)
        09-05(3) 09-06(4) 09-09(5) 09-10(6) 09-11(7) → GS03 and CX03 due 2024-09-11, 已逾期 on 09-20.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from casereview.cli.main import main
from casereview.engine.model.pack import load_pack
from casereview.engine.run.due import OVERDUE, PENDING, UNKNOWN
from casereview.engine.run.review import review
from tests.due.due_support import due_list, item
from tests.support import casefile_set, pack

HOLIDAYS_2027 = """year: 2027
source: 测试用虚构安排（非官方）
holidays: [2027-01-01, 2027-01-04]
workdays: [2027-01-02]
"""
CASES_CSV = ("case_id,unit_id,case_type,procedure,filed_date,decision_date,published_date,served_date,"
             "publish_exempt_reason\n"
             "K1,U1,行政处罚,普通程序,2026-12-01,2026-12-28,,,\n")


def _due_csv(tmp_path, name: str, *extra: str) -> pd.DataFrame:
    out = tmp_path / name
    assert main(["review", str(tmp_path / "in"), "--out", str(out), "--as-of", "2026-12-30", "--quiet",
                 *extra]) == 0
    due = pd.read_csv(out / "due.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    return due.set_index(["case_id", "rule_id"])


def test_due_csv_counts_working_days_with_the_reviews_holiday_file(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "cases.csv").write_text(CASES_CSV, encoding="utf-8")
    (tmp_path / "2027.yaml").write_text(HOLIDAYS_2027, encoding="utf-8")
    official = _due_csv(tmp_path, "official")
    assert official.loc[("K1", "GS03"), "status"] == UNKNOWN
    assert official.loc[("K1", "GS03"), "workdays_left"] == ""
    known = _due_csv(tmp_path, "with-2027", "--holidays", str(tmp_path / "2027.yaml"))
    for rule in ("GS03", "CX03"):
        row = known.loc[("K1", rule)]
        assert (row["status"], row["due_date"], row["workdays_left"]) == (PENDING, "2027-01-07", "5")


def _penalty(case_id: str, decision=None, **kw) -> dict:
    return dict(dict(case_id=case_id, unit_id="U1", case_type="行政处罚", procedure="普通程序",
                     filed_date="2024-09-01", decision_date=decision), **kw)


def test_durable_engine_gives_the_vector_due_list():
    pytest.importorskip("durable")
    cfs = casefile_set([_penalty("C1", major_flag=True), _penalty("C2", "2024-09-02")], reviews=[])
    loaded = pack()
    vec = review(cfs, loaded, date(2024, 9, 20), engine="vector").due
    dur = review(cfs, loaded, date(2024, 9, 20), engine="durable").due
    pd.testing.assert_frame_equal(dur, vec)
    got = {(c, r): (s, str(d)[:10]) for c, r, s, d in vec[["case_id", "rule_id", "status", "due_date"]].itertuples(
        index=False)}
    assert got == {("C1", "CX01"): (PENDING, "2024-11-30"), ("C1", "FS01"): (PENDING, "2024-11-30"),
                   ("C2", "GS03"): (OVERDUE, "2024-09-11"), ("C2", "CX03"): (OVERDUE, "2024-09-11")}


FS01_REWRITTEN = """pack: {{id: rewritten, title: FS01 条件等价改写, extends: 三项制度}}
rules:
  - id: FS01
    replaces: FS01
    system: 审核
    title: 重大执法决定作出前经法制审核
    basis: 国办发〔2018〕118号“凡涉及重大公共利益……未经法制审核或者审核未通过的，不得作出决定”
    severity: 严重
    veto: true
    applies: is_major and has_decision
    not_applicable: 非重大执法决定或尚未作出决定
    evidence: [major_grounds, decision_date, reviews_before_decision, last_review_date]
    due: {{before: decision_date}}
    checks:
      - when: {when}
        outcome: fail
        reason: 重大执法决定（{{major_grounds}}）于 {{decision_date}} 作出，此前未经法制审核
    otherwise:
      reason: 重大执法决定（{{major_grounds}}）作出前已经法制审核（最后一次 {{last_review_date}}）
"""


@pytest.mark.parametrize("when", ["not not (reviews_before_decision == 0)", "reviews_before_decision < 1",
                                  "not (reviews_before_decision > 0)"])
def test_rewriting_fs01_condition_equivalently_keeps_its_due_item(tmp_path, when):
    overlay = tmp_path / "fs01.yaml"
    overlay.write_text(FS01_REWRITTEN.format(when=when), encoding="utf-8")
    load_pack(overlays=[overlay])          # the overlay loads (the condition parses)
    major = _penalty("C1", major_flag=True)
    r = item(due_list([major], date(2024, 9, 20), reviews=[], pack_file=overlay), "FS01", "C1")
    assert (r["status"], r["due"], r["cd"]) == (PENDING, "2024-11-30", 71)
