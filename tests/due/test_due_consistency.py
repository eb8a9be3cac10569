"""The due list agrees with `review` on the same as-of date (sample workbook and ~2,000 generated cases).

- an item reported still to do (待办) is never a `fail` of its rule;
- an overdue item (已逾期) is a `fail` of its rule;
- an item overdue but not yet done where the rule judges only done cases (超期未办结: CX01 on a case still
  awaiting its decision) is `na` today and a `fail` once the decision is made on the as-of date (input changed,
  reviewed again);
- a major case awaiting its decision listed for its missing legal review (FS01) fails FS01 once decided today;
- every `fail` of a deadline rule whose obligation is still not done is in the overdue list.
As-of dates chosen inside the 2024 National Day and the 2025 Spring Festival periods, and the generator's.
"""
from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from casereview.casefiles.generate import AS_OF, generate_tables
from casereview.casefiles.loader import load_casefiles
from casereview.casefiles.workdays import WorkCalendar
from casereview.casefiles.writers import write_tables
from casereview.engine.run.due import OPEN_OVERDUE, OVERDUE, PENDING, obligations
from casereview.engine.model.pack import load_pack
from casereview.engine.run.review import review
from casereview.rules import STANDARD_PACK

SAMPLE = Path(__file__).resolve().parents[2] / "casefiles" / "samples" / "三项制度评查样例.xlsx"
AS_OFS = [date(2024, 10, 10), date(2025, 2, 6), AS_OF]


@pytest.fixture(scope="module")
def loaded():
    return load_pack(STANDARD_PACK)


@pytest.fixture(scope="module")
def sample():
    return load_casefiles(SAMPLE)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    tables, _ = generate_tables(2000, 8)
    return load_casefiles(write_tables(tables, tmp_path_factory.mktemp("gen") / "tables", "parquet"))


def decided_on(cfs, case_ids, as_of: date):
    """The same input with these cases decided on the as-of date."""
    cases = cfs.tables["cases"].copy()
    cases.loc[cases["case_id"].isin(case_ids), "decision_date"] = pd.Timestamp(as_of)
    return dataclasses.replace(cfs, tables={**cfs.tables, "cases": cases})


def outcomes(result, due: pd.DataFrame) -> np.ndarray:
    f = result.findings.set_index(["case_id", "rule_id"])["outcome"]
    return f.reindex(list(zip(due["case_id"], due["rule_id"]))).to_numpy()


def check(cfs, loaded, as_of: date) -> dict:
    cal = WorkCalendar.official()
    result = review(cfs, loaded, as_of, calendar=cal)
    due = result.due                  # computed by the review itself, with its calendar
    now = outcomes(result, due)
    pending, overdue = (due["status"] == PENDING).to_numpy(), (due["status"] == OVERDUE).to_numpy()
    assert not (now[pending] == "fail").any(), due[pending & (now == "fail")].to_string()

    assert (now[overdue] == "fail").all(), due[overdue & (now != "fail")].to_string()
    decided = result.case_facts.set_index("case_id")["has_decision"]
    awaiting = ~due["case_id"].map(decided).to_numpy(dtype=bool)
    open_overdue = (due["status"] == OPEN_OVERDUE).to_numpy()
    assert not (open_overdue & ~awaiting).any() and (due.loc[open_overdue, "rule_id"] == "CX01").all()
    # awaiting a decision: the rule is not applicable today, and fails once the case is decided today
    assert set(now[open_overdue]) <= {"na"}
    later = review(decided_on(cfs, due.loc[awaiting, "case_id"], as_of), loaded, as_of, calendar=cal)
    then = outcomes(later, due)
    assert (then[open_overdue] == "fail").all(), due[open_overdue & (then != "fail")].to_string()
    review_items = (due["rule_id"] == "FS01").to_numpy()     # legal review still missing before the decision
    assert not (then[awaiting & pending & ~review_items] == "fail").any()
    assert (then[awaiting & review_items & pending] == "fail").all()

    # completeness: a failed deadline rule whose obligation is still not done is listed as overdue
    facts = result.case_facts.set_index("case_id")
    late = overdue | open_overdue
    listed = set(zip(due.loc[late, "case_id"], due.loc[late, "rule_id"]))
    for ob in obligations(loaded):
        if ob.deadline is None or ob.done == "decision_date":
            continue
        f = result.findings[(result.findings["rule_id"] == ob.rule.rule.id) & (result.findings["outcome"] == "fail")]
        open_ = f[f["case_id"].map(facts[ob.done]).isna().to_numpy()]
        missing = set(zip(open_["case_id"], open_["rule_id"])) - listed
        assert not missing, sorted(missing)[:5]
    return {"pending": int(pending.sum()), "overdue": int(overdue.sum()), "awaiting": int(open_overdue.sum()),
            "review": int((review_items & pending).sum())}


@pytest.mark.parametrize("as_of", AS_OFS, ids=str)
def test_sample_agrees_with_review(sample, loaded, as_of):
    counts = check(sample, loaded, as_of)
    assert counts["pending"] > 0 and counts["overdue"] > 0


@pytest.mark.parametrize("as_of", [date(2024, 10, 10), AS_OF], ids=str)
def test_generated_cases_agree_with_review(generated, loaded, as_of):
    counts = check(generated, loaded, as_of)
    print(as_of, counts)
    assert counts["pending"] > 0 and counts["overdue"] > 0
    if as_of == AS_OF:          # the generator leaves cases undecided only near its as-of date
        assert counts["awaiting"] > 0 and counts["review"] > 0
