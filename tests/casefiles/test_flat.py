"""Flat one-row-per-act exports (mapping `flat:`): split into cases and acts, conflicts rejected."""
from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from casereview.casefiles.inspect import inspect_input
from casereview.casefiles.loader import load_casefiles
from casereview.errors import InputError
from casereview.reports.stream_writer import stream_review
from tests.support import pack

HEAD = "案件编号,办案单位编码,执法类别,决定日期,公示日期,活动编号,活动类型,执法人员,出示证件\n"
ROWS = """A1,U1,行政处罚,2024-09-30,2024-10-09,A1-1,现场检查,P1;P2,是
A1,U1,行政处罚,2024/9/30,,A1-2,调查取证,P1;P2,是
A2,U1,行政处罚,2024-09-30,2024-10-10,,,,
A3,U1,行政处罚,2024-09-30,2024-10-10,A3-1,现场检查,P1,是
A3,U1,行政处罚,2024-10-01,2024-10-11,A3-2,现场检查,P1,是
"""


def flat_folder(tmp_path: Path, text: str = HEAD + ROWS, mapping: str = "flat:\n  台账: [cases, 执法活动]\n",
                encoding: str = "utf-8") -> tuple[Path, Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "台账.csv").write_bytes(text.encode(encoding))
    m = tmp_path / "映射.yaml"
    m.write_text(mapping, encoding="utf-8")
    return folder, m


def test_split_keeps_rows_and_counts(tmp_path):
    folder, m = flat_folder(tmp_path)
    cf = load_casefiles(folder, mapping=m)
    cases, acts = cf.tables["cases"], cf.tables["acts"]
    assert list(cases["case_id"]) == ["A1", "A2"]          # A1 with two acts is one case, not a duplicate
    assert list(cases["_row"]) == [2, 4]                    # a case's row is its first row
    assert cases["published_date"].iloc[0] == pd.Timestamp("2024-10-09")   # blank on row 3 agrees
    assert list(acts["act_id"]) == ["A1-1", "A1-2"]         # A2 has no act fields: a case without acts
    assert list(acts["case_id"]) == ["A1", "A1"]
    assert list(acts["_row"]) == [2, 3]                     # a child's row is its own row
    assert cf.counts_in == {"cases": 3, "acts": 4}
    for t, c in cf.reconcile().items():
        assert c["in"] == c["evaluated"] + c["rejected"], t
    assert any("5 行拆分为 3 件案件、4 项执法活动（1 件案件没有执法活动）" in n for n in cf.notes)


def test_conflicting_case_fields_reject_the_case_naming_both_rows(tmp_path):
    folder, m = flat_folder(tmp_path)
    r = load_casefiles(folder, mapping=m).rejects
    case = r[(r["table"] == "cases")].iloc[0]
    assert (case["record_id"], case["row"], case["column"]) == ("A3", 5, "decision_date")
    assert "第5行与第6行决定日期不一致（2024-09-30 / 2024-10-01）" in case["error"]
    assert "第5行与第6行公示日期不一致（2024-10-10 / 2024-10-11）" in case["error"]
    acts = r[r["table"] == "acts"]
    assert list(acts["row"]) == [5, 6] and set(acts["error"]) == {"所属案件 A3 已被拒收"}


def test_same_date_written_two_ways_agrees(tmp_path):
    folder, m = flat_folder(tmp_path)
    r = load_casefiles(folder, mapping=m).rejects
    assert "A1" not in set(r["record_id"])                  # 2024-09-30 and 2024/9/30 are one date


def test_workbook_sheet_and_gbk(tmp_path):
    folder, m = flat_folder(tmp_path, encoding="gbk")
    assert len(load_casefiles(folder, mapping=m).tables["acts"]) == 2
    book = tmp_path / "台账.xlsx"
    with pd.ExcelWriter(book) as w:
        pd.read_csv(folder / "台账.csv", encoding="gbk", dtype=str).to_excel(w, sheet_name="台账", index=False)
    cf = load_casefiles(book, mapping=m)
    assert list(cf.tables["cases"]["case_id"]) == ["A1", "A2"] and len(cf.tables["acts"]) == 2


def test_separate_acts_file_beside_a_flat_sheet_is_refused(tmp_path):
    folder, m = flat_folder(tmp_path)
    (folder / "acts.csv").write_text("act_id,case_id\nX,A1\n", encoding="utf-8")
    with pytest.raises(InputError, match="又提供了执法活动"):
        load_casefiles(folder, mapping=m)


@pytest.mark.parametrize("entry", ["[acts]", "[cases, acts, reviews]", "[cases, 卷宗]", "[cases, officers]"])
def test_bad_flat_entries(tmp_path, entry):
    folder, m = flat_folder(tmp_path, mapping=f"flat:\n  台账: {entry}\n")
    with pytest.raises(InputError, match="须写成 \\[cases, 子表\\]"):
        load_casefiles(folder, mapping=m)


def test_flat_source_absent_reads_the_cases_table_as_usual(tmp_path):
    folder, m = flat_folder(tmp_path, mapping="flat:\n  别的表: [cases, acts]\n")
    (folder / "台账.csv").rename(folder / "案件.csv")
    cf = load_casefiles(folder, mapping=m)
    assert "acts" not in cf.tables
    assert cf.counts_in["cases"] == 5 and cf.rejected_records("cases") == 4   # A1, A3 twice each: duplicates, as without flat


def test_streaming_review_refuses_a_flat_mapping(tmp_path):
    folder, m = flat_folder(tmp_path)
    with pytest.raises(InputError, match="分块评查不支持一行一项的宽表"):
        stream_review(folder, pack(), date(2026, 11, 20), tmp_path / "out", chunk_size=2, mapping=m)
    assert not (tmp_path / "out").exists()


def test_two_headers_for_one_act_field_name_it(tmp_path):
    folder, m = flat_folder(tmp_path, text="案件编号,办案单位编码,执法类别,活动编号,活动编号\nA1,U1,行政处罚,X,Y\n")
    with pytest.raises(InputError, match="都对应 执法活动.活动编号（acts.act_id）"):
        load_casefiles(folder, mapping=m)


def test_unreadable_repeated_case_cell_is_rejected_naming_the_cell(tmp_path):
    """A formula without a saved result on the second row of a case is never passed over for the
    first row's value: the case's value is rejected naming the cell, as on any sheet."""
    book = tmp_path / "台账.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(["案件编号", "办案单位编码", "执法类别", "决定日期", "活动编号", "活动类型"])
    ws.append(["A1", "U1", "行政处罚", "2024-09-30", "A1-1", "现场检查"])
    ws.append(["A1", "U1", "行政处罚", "=D2", "A1-2", "询问"])       # openpyxl saves no result
    wb.save(book)
    m = tmp_path / "m.yaml"
    m.write_text("flat:\n  台账: [cases, acts]\n", encoding="utf-8")
    cf = load_casefiles(book, mapping=m)
    r = cf.rejects.iloc[0]
    assert (r["table"], r["record_id"], r["column"], r["scope"]) == ("cases", "A1", "decision_date", "value")
    assert "台账!D3" in r["error"] and pd.isna(cf.tables["cases"]["decision_date"].iloc[0])


def test_case_cells_merged_over_their_act_rows(tmp_path):
    """A 台账-style flat sheet: title row, case cells merged down over the case's two act rows, 合计."""
    book = tmp_path / "台账.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    ws["A1"] = "执法活动台账"
    ws.merge_cells("A1:F1")
    ws.append(["案件编号", "办案单位编码", "执法类别", "决定日期", "活动编号", "活动类型"])
    ws.append(["A1", "U1", "行政处罚", "2024-09-30", "A1-1", "现场检查"])
    ws.append([None, None, None, None, "A1-2", "询问"])
    for col in "ABCD":
        ws.merge_cells(f"{col}3:{col}4")
    ws.append(["A2", "U1", "行政处罚", "2024-10-08", "A2-1", "询问"])
    ws.append(["合计", None, None, None, "3项", None])
    wb.save(book)
    m = tmp_path / "m.yaml"
    m.write_text("flat:\n  台账: [cases, acts]\n", encoding="utf-8")
    cf = load_casefiles(book, mapping=m)
    assert len(cf.rejects) == 0
    assert list(cf.tables["cases"]["_row"]) == [3, 5]
    assert list(zip(cf.tables["acts"]["act_id"], cf.tables["acts"]["case_id"], cf.tables["acts"]["_row"])) == [
        ("A1-1", "A1", 3), ("A1-2", "A1", 4), ("A2-1", "A2", 5)]


def test_database_table(tmp_path):
    folder, m = flat_folder(tmp_path)
    db = tmp_path / "台账.db"
    with sqlite3.connect(db) as conn:
        pd.read_csv(folder / "台账.csv", dtype=str).to_sql("台账", conn, index=False)
    cf = load_casefiles(db, mapping=m)
    assert list(cf.tables["cases"]["case_id"]) == ["A1", "A2"] and list(cf.tables["acts"]["_row"]) == [1, 2]


def test_hidden_flat_sheet_not_read_leaves_duplicates_of_the_cases_sheet_rejected(tmp_path):
    """The flat split applies only to the sheet actually read as cases: a plain 案件 sheet with one
    case_id twice is still two rejected duplicates, even when a (hidden) flat sheet is declared."""
    book = tmp_path / "导出.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "案件"
    ws.append(["案件编号", "办案单位编码", "执法类别", "活动编号"])
    ws.append(["A1", "U1", "行政处罚", "X1"])
    ws.append(["A1", "U1", "行政处罚", "X2"])
    hidden = wb.create_sheet("台账")
    hidden.append(["案件编号", "办案单位编码", "执法类别", "活动编号"])
    hidden.sheet_state = "hidden"
    wb.save(book)
    m = tmp_path / "m.yaml"
    m.write_text("flat:\n  台账: [cases, acts]\n", encoding="utf-8")
    cf = load_casefiles(book, mapping=m)
    assert "acts" not in cf.tables and cf.rejected_records("cases") == 2
    assert any("不是映射文件 flat 中声明的宽表" in n for n in cf.notes)
    fates = {f.header: f.column for f in inspect_input(book, mapping=m).tables[0].columns}
    assert fates == {"案件编号": "case_id", "办案单位编码": "unit_id", "执法类别": "case_type", "活动编号": None}
