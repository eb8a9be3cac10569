"""Cases only in one run: 案件新增 / 案件移除, with their problems listed under that category."""
from __future__ import annotations

import pytest

from casereview.reports.diff import diff_folders

from .conftest import case, first_tables, review_into


@pytest.fixture(scope="module")
def diff(tmp_path_factory, corrections):
    first, _ = corrections
    t = first_tables()
    t.cases = [c for c in t.cases if c["case_id"] not in ("C5", "C6")]      # C5 failed CX02; C6 was clean
    t.acts = [a for a in t.acts if a["case_id"] not in ("C5", "C6")]
    t.documents = [x for x in t.documents if x["case_id"] not in ("C5", "C6")]
    row, act, docs = case("C7", published_date=None)                       # new case failing GS03
    t.cases.append(row), t.acts.append(act), t.documents.extend(docs)
    return diff_folders(first, review_into(t, tmp_path_factory.mktemp("added") / "run"))


def test_added_and_removed_cases(diff):
    c = diff.cases.set_index("case_id")
    assert c.loc["C7", "status"] == "案件新增" and c.loc["C7", "score_after"] == 90
    assert c.loc["C5", "status"] == "案件移除" and c.loc["C5", "score_before"] == 0
    assert c.loc["C6", "status"] == "案件移除"
    rows = {tuple(r) for r in diff.details[["case_id", "rule_id", "before", "after", "category"]]
            .itertuples(index=False) if r[0] in ("C5", "C6", "C7")}
    assert rows == {("C7", "GS03", "", "fail", "案件新增"), ("C5", "CX02", "fail", "", "案件移除")}


def test_cases_in_both_runs_compared_as_usual(diff):
    # C1..C4 are not corrected in this second run: C1-C3 still fail their rule, C4 stays clean
    d = diff.details[diff.details["case_id"].isin(["C1", "C2", "C3", "C4"])]
    assert sorted(zip(d["case_id"], d["rule_id"], d["category"])) == [
        ("C1", "GS03", "仍未整改"), ("C2", "FS01", "仍未整改"), ("C3", "GS01", "仍未整改")]
