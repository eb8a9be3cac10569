"""`casereview due` as of a date sees only what had happened by then, as `review` does.

Hand-built: C1 filed 2025-06-01 and decided Thu 2025-06-26, not published: GS03's 7 working days end Mon
2025-07-07 (06-27 wd 1, 06-30 wd 2, 07-01..07-04 wd 3–6, 07-07 wd 7; no holiday in between) → 待办 on
2025-06-30. C2 is filed 2025-07-01, the day after the as-of date: it had not begun and is not listed.
C3 has no filed date; its first act starts 2025-07-02 09:00 and it was decided 2025-07-03: not listed either.
C4 was filed 2025-07-02 although it shows a decision on 2025-06-20 (the filed date wins): without the as-of
cut its GS03 deadline Tue 2025-07-01 (06-23 wd 1 … 06-30 wd 6, 07-01 wd 7) would be listed as 待办; with it, C4 had not begun.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from casereview.casefiles.writers import write_tables
from casereview.cli.due import compute_due
from tests.support import frame

AS_OF = date(2025, 6, 30)


def _input(tmp_path: Path) -> Path:
    base = dict(unit_id="U1", case_type="行政处罚", procedure="普通程序", decision_types=["警告"])
    cases = [dict(base, case_id="C1", filed_date="2025-06-01", decision_date="2025-06-26"),
             dict(base, case_id="C2", filed_date="2025-07-01", decision_date="2025-07-01"),
             dict(base, case_id="C3", decision_date="2025-07-03"),
             dict(base, case_id="C4", filed_date="2025-07-02", decision_date="2025-06-20")]
    acts = [dict(act_id="A3", case_id="C3", act_type="现场检查", start_time="2025-07-02 09:00")]
    return write_tables({"cases": frame("cases", cases), "acts": frame("acts", acts)}, tmp_path / "in.xlsx", "xlsx")


def test_due_lists_only_cases_that_had_begun(tmp_path):
    due = compute_due(_input(tmp_path), as_of=AS_OF)
    assert set(due["case_id"]) == {"C1"}
    gs03 = due[(due["case_id"] == "C1") & (due["rule_id"] == "GS03")].iloc[0]
    assert str(gs03["due_date"])[:10] == "2025-07-07"
