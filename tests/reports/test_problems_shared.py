"""The problem rows and the unit summary, which the workbook and the HTML report both show, are made once per run:
the second caller gets the same rows, and what one caller adds to its frame is not seen by the other."""
from __future__ import annotations

import dataclasses

import pandas as pd

from casereview.reports import from_run as fr
from casereview.reports.from_run import PROBLEM_OUTCOMES


def test_problems_made_once_each_caller_its_own_frame(sample_run):
    run = sample_run.result
    first = fr.problems(run)
    assert len(first) == int(run.findings["outcome"].isin(PROBLEM_OUTCOMES).sum()) > 0
    made = run.derived["_problems"]
    first["reason"] = "改过"
    first["outcome_label"] = "加的列"
    second = fr.problems(run)
    assert run.derived["_problems"] is made
    assert "outcome_label" not in second.columns and not (second["reason"] == "改过").any()
    pd.testing.assert_frame_equal(second, fr._problems(run))


def test_unit_summary_made_once_each_caller_its_own_frame(sample_run):
    run = sample_run.result
    first = fr.unit_summary(run)
    made = run.derived["_unit_summary"]
    first["unit_name"] = "改过"
    second = fr.unit_summary(run)
    assert run.derived["_unit_summary"] is made and not (second["unit_name"] == "改过").any()
    pd.testing.assert_frame_equal(second, fr._unit_summary(run))
    grades = [c for c in second.columns if c.startswith("grade:")]
    assert len(grades) > 1 and second[grades].sum().sum() == len(run.cases)      # each case counted once


def test_a_changed_copy_derives_afresh(sample_run):
    """The workspace's confirmed run is dataclasses.replace of the machine's with other findings and rates."""
    run = sample_run.result
    fr.unit_summary(run), fr.problems(run)
    units = run.units.copy()
    units["rate"] = 0.5
    changed = dataclasses.replace(run, units=units, findings=run.findings.iloc[:0])
    assert changed.derived == {}
    assert (fr.unit_summary(changed)["rate"] == 0.5).all() and len(fr.problems(changed)) == 0
    assert "_unit_summary" in run.derived and not (fr.unit_summary(run)["rate"] == 0.5).all()
