"""diff follows the as-of rule: a case filed after the first run's as-of date is 案件新增 in the re-review,
never 仍未整改; a run folder from before the as-of cut is flagged.

Which sample cases were filed after 2025-06-30 is read from the workbook itself (openpyxl)."""
from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from casereview.cli.main import main
from casereview.reports import diff as d
from casereview.reports.diff import diff_folders

SAMPLE = Path(__file__).resolve().parents[3] / "casefiles" / "samples" / "三项制度评查样例.xlsx"


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("diff-asof")
    for name, as_of in (("before", "2025-06-30"), ("after", "2026-11-20")):
        assert main(["review", str(SAMPLE), "--out", str(base / name), "--as-of", as_of, "--quiet"]) == 0
    return base / "before", base / "after"


@pytest.fixture(scope="module")
def filed_later() -> set[str]:
    rows = list(openpyxl.load_workbook(SAMPLE, read_only=True)["案件"].iter_rows(values_only=True))
    col = rows[0].index("立案日期")
    return {r[0] for r in rows[1:] if r[col] is not None and r[col] >= datetime(2025, 7, 1)}


def test_later_cases_are_added_not_still_failing(runs, filed_later):
    diff = diff_folders(*runs)
    assert filed_later                      # the sample has such cases
    rows = diff.details[diff.details["case_id"].isin(filed_later)]
    assert len(rows) and set(rows["category"]) == {d.CASE_ADDED}
    assert not any("较早版本" in w for w in diff.warnings)


def test_a_run_from_before_the_as_of_cut_is_flagged(runs, tmp_path):
    old = tmp_path / "old"
    shutil.copytree(runs[0], old)
    info = json.loads((old / "run.json").read_text(encoding="utf-8"))
    for c in info["counts"].values():
        c["in"] -= c.pop("after_as_of")
    (old / "run.json").write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
    warnings = diff_folders(old, runs[1]).warnings
    assert any(w.startswith("前次评查结果由较早版本生成，未排除晚于其评查日 2025-06-30") for w in warnings)
