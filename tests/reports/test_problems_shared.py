"""The problem rows the workbook and the HTML report both list are made once per run: the second caller gets the
same rows, and what one caller adds to its frame is not seen by the other."""
from __future__ import annotations

import pandas as pd

from casereview.reports import from_run as fr
from casereview.reports.from_run import PROBLEM_OUTCOMES


def test_problems_made_once_each_caller_its_own_frame(sample_run):
    run = sample_run.result
    first = fr.problems(run)
    assert len(first) == int(run.findings["outcome"].isin(PROBLEM_OUTCOMES).sum()) > 0
    made = run.derived["problems"]
    first["reason"] = "改过"
    first["outcome_label"] = "加的列"
    second = fr.problems(run)
    assert run.derived["problems"] is made
    assert "outcome_label" not in second.columns and not (second["reason"] == "改过").any()
    pd.testing.assert_frame_equal(second, fr._problems(run))
