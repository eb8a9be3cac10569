"""Test data for 整改: copies of the bundled sample edited with openpyxl (one case only, a corrected 公示日期)."""
from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from casereview.history.workspace_models import NoticeItem
from casereview.workspace.notices import notice_items
from tests.workspace.conftest import review_into
from tests.workspace.web import SAMPLE

TRUTH = SAMPLE.with_name("三项制度评查样例_truth.csv")

CASE_SHEET, CASE_COLUMN, PUBLISHED = "案件", "案件编号", "公示日期"
# U320151's case decided 2025-05-26 and never published: its only 不合规 is GS03 (truth: not_published)
UNPUBLISHED_CASE = "A32015120250002176"


def _header(ws) -> list:
    return [c.value for c in ws[1]]


def one_case_copy(folder: Path, case_id: str = UNPUBLISHED_CASE) -> Path:
    """The sample with only `case_id`'s rows in every sheet that has a 案件编号 column (人员, 单位 kept whole)."""
    wb = openpyxl.load_workbook(SAMPLE)
    for ws in wb.worksheets:
        header = _header(ws)
        if CASE_COLUMN not in header:
            continue
        col = header.index(CASE_COLUMN)
        for r in range(ws.max_row, 1, -1):
            if ws.cell(r, col + 1).value != case_id:
                ws.delete_rows(r)
    path = folder / f"一件案卷_{case_id}.xlsx"
    wb.save(path)
    return path


def published_copy(folder: Path, case_id: str = UNPUBLISHED_CASE, day: datetime = datetime(2025, 5, 28)) -> Path:
    """The whole sample with `case_id`'s 公示日期 filled in (`day`), everything else unchanged."""
    wb = openpyxl.load_workbook(SAMPLE)
    ws = wb[CASE_SHEET]
    header = _header(ws)
    id_col, day_col = header.index(CASE_COLUMN) + 1, header.index(PUBLISHED) + 1
    rows = [r for r in range(2, ws.max_row + 1) if ws.cell(r, id_col).value == case_id]
    assert len(rows) == 1 and ws.cell(rows[0], day_col).value is None
    ws.cell(rows[0], day_col).value = day
    path = folder / f"已公示_{case_id}.xlsx"
    wb.save(path)
    return path


def truth_failures(unit_id: str) -> set[tuple[str, str]]:
    """(case, rule) the sample's generator made 不合规 for `unit_id` (case ids start A + the unit's digits)."""
    with TRUTH.open(encoding="utf-8-sig", newline="") as f:
        return {(r["case_id"], r["rule_id"]) for r in csv.DictReader(f)
                if r["outcome"] == "fail" and r["case_id"].startswith("A" + unit_id[1:])}


@pytest.fixture(scope="session")
def one_case_workbook(tmp_path_factory) -> Path:
    return one_case_copy(tmp_path_factory.mktemp("one-case"))


@pytest.fixture
def one_case(ws_app, one_case_workbook):
    """(app, run id): the test accounts and a run of the single case UNPUBLISHED_CASE (one 不合规: GS03)."""
    return ws_app, review_into(ws_app, one_case_workbook, "一件案卷.xlsx")


def items_of(app, notice_id: int) -> list[NoticeItem]:
    with app.state.sessions() as db:
        return notice_items(db, notice_id)


def issue(browser, run_id: int, unit_id: str, due_days: str = "") -> int:
    """Issue a notice to one unit as the signed-in reviewer; its id (the page the answer leads to)."""
    r = browser.post(f"/runs/{run_id}/notices", {"units": [unit_id], "due_days": due_days}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/notices/"), r.text
    return int(r.headers["location"].rsplit("/", 1)[1])
