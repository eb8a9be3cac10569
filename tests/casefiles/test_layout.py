"""Sheet layouts of real exports: title rows, group headers, footers, repeated headers, merges."""
from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter

from casereview.casefiles.layout import ABOVE, BLANK, REPEATED, SIGNATURE, TOTAL
from casereview.casefiles.loader import load_casefiles
from casereview.casefiles.readers import Names, read_workbook


def taizhang(path: Path) -> Path:
    """A 台账 sheet as clerks keep it (rows 1-based):
    1 merged title; 2 填报单位/填报日期 line; 3-4 two header rows (序号 … 执法类别 merged over
    both rows, 公示情况 merged over 公示日期 / 公示网址, 是否听证 wrapped with Alt+Enter);
    5 C1; 6 C2 (unit merged C5:C6); 7 blank; 8 repeated header; 9 C3; 10 合计; 11 制表人/审核人."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("案件")
    ws.merge_range(0, 0, 0, 6, "2024年度行政处罚案件台账")
    ws.write(1, 0, "填报单位：某某大队")
    ws.write(1, 4, "填报日期：2024-10-08")
    for j, h in enumerate(["序号", "案件编号", "办案单位编码", "执法类别"]):
        ws.merge_range(2, j, 3, j, h)
    ws.merge_range(2, 4, 2, 5, "公示情况")
    ws.write(3, 4, "公示日期")
    ws.write(3, 5, "公示网址")
    ws.merge_range(2, 6, 3, 6, "是否\n听证")
    rows = {4: [1, "C1", "U1", "行政处罚", "2024-10-10", "http://x", "√"],
            5: [2, "C2", None, "行政处罚", "2024-10-11", "http://y", "×"],
            7: ["序号", "案件编号", "办案单位编码", "执法类别", "公示日期", "公示网址", "是否听证"],
            8: [3, "C3", "U2", "行政处罚", None, None, "✓"],
            9: ["合计", "3件"],
            10: ["制表人：张三", None, None, "审核人：李四"]}
    for r, row in rows.items():
        for j, v in enumerate(row):
            if v is not None:
                ws.write(r, j, v)
    ws.merge_range(4, 2, 5, 2, "U1")
    wb.add_worksheet("填表说明").write(0, 0, "1. 日期填写格式为 2024-10-08")
    wb.close()
    return path


def test_taizhang_layout(tmp_path: Path) -> None:
    raw = read_workbook(taizhang(tmp_path / "台账.xlsx"), Names())
    t = raw.tables["cases"]
    assert list(t.rows) == [5, 6, 9]
    assert list(t.frame["case_id"]) == ["C1", "C2", "C3"]
    assert list(t.frame["unit_id"]) == ["U1", "U1", "U2"]          # C5:C6 merged: U1 on both rows
    assert list(t.frame["published_date"])[:2] == ["2024-10-10", "2024-10-11"]
    assert t.layout.header_rows == [3, 4]
    assert ("公示情况/公示日期", "published_date") in t.layout.columns
    assert ("公示情况/公示网址", None) in t.layout.columns
    assert ("是否听证", "hearing_held") in t.layout.columns
    assert t.layout.skipped == [(1, ABOVE), (2, ABOVE), (7, BLANK), (8, REPEATED), (10, TOTAL),
                                (11, SIGNATURE)]
    assert any("第10行是合计/小计行" in n for n in raw.notes)


def test_taizhang_loaded(tmp_path: Path) -> None:
    cfs = load_casefiles(taizhang(tmp_path / "台账.xlsx"))
    cases = cfs.tables["cases"].set_index("case_id")
    assert cfs.counts_in["cases"] == 3 and cfs.rejects.empty
    assert list(cases["hearing_held"]) == [True, False, True]
    assert str(cases.loc["C2", "published_date"].date()) == "2024-10-11"


def test_group_name_in_mapping(tmp_path: Path) -> None:
    """Two groups with the same leaf name: only the joined name (from a mapping) can pick one."""
    csv = tmp_path / "in"
    csv.mkdir()
    (csv / "cases.csv").write_text(
        "案件编号,办案单位编码,执法类别,公示,送达\n,,,日期,日期\nC1,U1,行政处罚,2024-10-10,2024-10-09\n",
        encoding="utf-8")
    mapping = tmp_path / "m.yaml"
    mapping.write_text("columns:\n  cases:\n    公示/日期: published_date\n    送达 / 日期: served_date\n",
                       encoding="utf-8")
    plain = load_casefiles(csv)
    assert plain.tables["cases"]["published_date"].isna().all()    # 日期 is not unique: ignored
    assert plain.rejects.empty and plain.counts_in["cases"] == 1
    mapped = load_casefiles(csv, mapping=mapping).tables["cases"]
    assert str(mapped["published_date"][0].date()) == "2024-10-10"
    assert str(mapped["served_date"][0].date()) == "2024-10-09"


@pytest.mark.parametrize("header", ["案件編號", "案件\n编号", "案 件 编 号", "　案件编号＊"])
def test_header_spellings(tmp_path: Path, header: str) -> None:
    csv = tmp_path / "in"
    csv.mkdir()
    (csv / "cases.csv").write_text(f'"{header}",辦案單位編碼,執法類別\nC1,U1,行政处罚\n', encoding="utf-8")
    cases = load_casefiles(csv).tables["cases"]
    assert list(cases["case_id"]) == ["C1"] and list(cases["unit_id"]) == ["U1"]


def test_signature_tail(tmp_path: Path) -> None:
    """After a 制表人 line, a lone date line is tail, not a case; a full record still counts."""
    csv = tmp_path / "in"
    csv.mkdir()
    (csv / "cases.csv").write_text("案件编号,办案单位编码,执法类别\nC1,U1,行政处罚\n制表人：张三,,\n"
                                   "2024年10月8日,,\n", encoding="utf-8")
    cfs = load_casefiles(csv)
    assert list(cfs.tables["cases"]["case_id"]) == ["C1"] and cfs.rejects.empty


def test_second_header_row_not_a_record(tmp_path: Path) -> None:
    """The sub-header row under unrecognised groups is header, not a case with no id."""
    csv = tmp_path / "in"
    csv.mkdir()
    (csv / "cases.csv").write_text(
        "案件编号,办案单位编码,执法类别,公示情况,\n,,,公示日期,公示网址\nC1,U1,行政处罚,2024-10-10,http://x\n",
        encoding="utf-8")
    cfs = load_casefiles(csv)
    assert cfs.rejects.empty and cfs.counts_in["cases"] == 1
    assert str(cfs.tables["cases"]["published_date"][0].date()) == "2024-10-10"


def test_merged_id_is_ambiguous(tmp_path: Path) -> None:
    """案件编号 merged over two rows: both rows carry C1 and are rejected as duplicates; the note
    names the merge. (A flat cases × acts sheet, split later, relies on this fill.)"""
    path = tmp_path / "m.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("案件")
    for j, h in enumerate(["案件编号", "办案单位编码", "执法类别"]):
        ws.write(0, j, h)
    ws.merge_range(1, 0, 2, 0, "C1")
    for r in (1, 2):
        ws.write(r, 1, "U1")
        ws.write(r, 2, "行政处罚")
    wb.close()
    cfs = load_casefiles(path)
    assert sorted(cfs.rejects["row"]) == [2, 3] and cfs.tables["cases"].empty
    assert any("纵向合并单元格 A2:A3 的值已填入" in n for n in cfs.notes)
    assert cfs.rejects["error"].str.contains("重复出现 2 次").all()


def test_title_off_centre_is_not_a_group(tmp_path: Path) -> None:
    """A title typed into D1 (not merged) above the header is a title row, not a group header."""
    csv = tmp_path / "in"
    csv.mkdir()
    (csv / "cases.csv").write_text(",,,2024年台账\n案件编号,办案单位编码,执法类别,决定日期\n"
                                   "C1,U1,行政处罚,2024-10-10\n", encoding="utf-8")
    raw_notes = load_casefiles(csv).notes
    assert any("第2行作为表头，其上方的行已忽略" in n for n in raw_notes)


def test_leaf_header_merged_across_two_columns(tmp_path: Path) -> None:
    """执法类别 merged over C1:D1 with data in both columns: C is 执法类别, D has no header."""
    path = tmp_path / "m.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("案件")
    for j, v in enumerate(["案件编号", "办案单位编码"]):
        ws.write(0, j, v)
    ws.merge_range(0, 2, 0, 3, "执法类别")
    for j, v in enumerate(["C1", "U1", "行政处罚", "治安"]):
        ws.write(1, j, v)
    wb.close()
    raw = read_workbook(path, Names())
    assert list(raw.tables["cases"].frame["case_type"]) == ["行政处罚"]
    assert raw.tables["cases"].layout.columns[-1] == ("第4列（表头为空）", None)
