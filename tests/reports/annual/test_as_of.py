"""An annual report with an as-of date inside the year counts only what had happened by then.

Counted by hand from fixture.py with the as-of date 2025-06-30: decided by then in 2025 are C01 (03-10),
C02 (04-15), C03 (05-20), C04 (06-02), C08 (01-20), C09 (01-10), C11 (02-14), C17 (05-05), C19 (03-03) = 9;
C05 (07-01) and every later decision are not counted. C10 (filed 2025-12-01) is set apart whole.
"""
from __future__ import annotations

from datetime import date

import pytest

from casereview.casefiles.loader import load_casefiles
from casereview.cli.main import main
from casereview.engine.model.pack import load_pack
from casereview.reports.annual import annual_figures, resolve_scope, review_year

AS_OF = date(2025, 6, 30)


@pytest.fixture(scope="module")
def figures(annual_source):
    cfs = load_casefiles(annual_source)
    return annual_figures(cfs, 2025, None, review_year(cfs, load_pack(), 2025, resolve_scope(cfs), as_of=AS_OF))


def test_decisions_after_the_as_of_date_are_not_counted(figures):
    assert figures["decided"] == 9
    assert figures["powers"] == {"行政许可": 3, "行政处罚": 4, "行政强制": 0, "行政检查": 1, "行政征收": 0,
                                 "行政征用": 0, "行政确认": 1, "行政裁决": 0, "其他": 0}
    # C01 警告+罚款 → 罚款; C02 罚款+没收 → 没收; C03 拘留; C04 警告. Fines 500 + 2000 + 1000.
    assert figures["penalty_cases"] == 4
    assert figures["amounts"]["罚款金额"] == 3500.0
    # 申请: C08 (filed 01-05), C19 (02-01); C10 (filed 12-01) had not been filed on 06-30.
    assert figures["licensing"] == {"申请": 2, "准予": 2, "不予": 1, "其他": 0}


def test_reviews_hearings_and_revocations_by_the_as_of_date(figures):
    # 法制审核: C03 (V2 05-18); C05's review is before the date but C05 was decided after it.
    # 听证: C05's hearing belongs to a decision of 07-01 → 0. 变更撤销: C15 on 2025-03-01.
    assert figures["review"]["法制审核"] == 1 and figures["review"]["听证"] == 0
    assert figures["review"]["重大执法决定"] == 0
    assert figures["remedies"]["变更撤销"] == 1
    assert figures["as_of"] == "2025-06-30"
    assert any("统计截至评查日 2025-06-30" in n and "有 1 件案件" in n for n in figures["notes"])


def test_default_as_of_counts_the_whole_year_without_a_note(annual_source):
    cfs = load_casefiles(annual_source)
    fig = annual_figures(cfs, 2025, None, review_year(cfs, load_pack(), 2025, resolve_scope(cfs)))
    assert fig["decided"] == 15 and not any("统计截至评查日" in n for n in fig["notes"])


def test_cli_as_of_inside_the_year(annual_source, tmp_path, capsys):
    assert main(["annual", str(annual_source), "--year", "2025", "--as-of", "2025-06-30",
                 "--out", str(tmp_path / "o")]) == 0
    assert "共作出行政执法决定 9 件，其中行政处罚 4 件" in capsys.readouterr().out
