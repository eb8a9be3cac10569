"""Real exports as clerks keep them: 台账 layouts, hidden and copied sheets, cells Excel mangles."""
from __future__ import annotations

import datetime as dt

from tests.corpus.build import CASES_HEAD, OK_CASE, cases_csv, csv_folder, workbook
from tests.corpus.model import Accepts, Case, Counts, Fails, Noted, Reject

HEAD = CASES_HEAD.split(",")
ROW = OK_CASE.split(",")
STALE = {"案件": [HEAD, ["OLD", "U1", "行政处罚"]], "案件 (2)": [HEAD, ["NEW", "U1", "行政处罚"]]}


def _group_header(wb, ws) -> None:
    """Row 1: 案件编号 … merged over rows 1–2, 公示情况 merged over 公示日期 / 公示网址."""
    sheet = ws["案件"]
    for j, h in enumerate(HEAD):
        sheet.merge_range(0, j, 1, j, h)
    sheet.merge_range(0, 3, 0, 4, "公示情况")
    sheet.write(1, 3, "公示日期")
    sheet.write(1, 4, "公示网址")


def _hide_first(wb, ws) -> None:
    ws["案件 (2)"].activate()
    ws["案件"].hide()


def _uncached(wb, ws) -> None:
    ws["案件"].write_formula(1, 3, "=SUM(E2:F2)", None, "")


def _merged_unit(wb, ws) -> None:
    ws["案件"].merge_range(1, 1, 2, 1, "U1")


def _wrapped(wb, ws) -> None:
    ws["案件"].write(0, 3, "是否\n听证", wb.add_format({"text_wrap": True}))


def _id_number(wb, ws) -> None:
    ws["案件"].write_number(1, 0, 350102199001011234)


def _stray(row: int, col: int):
    return lambda wb, ws: ws["案件"].write(row, col, "x")


TAIZHANG_ROWS = [["2024年度行政处罚案件台账"], ["填报单位：某某大队", None, "填报日期：2024-10-08"],
                 HEAD + ["是否听证"], ROW + ["√"], [], HEAD + ["是否听证"], ["C2", "U1", "行政处罚", "×"],
                 ["合计", "2件"], ["制表人：张三", None, "审核人：李四"]]

LAYOUT_CASES = [
    Case("group_header_columns", "两行表头：“公示情况”合并单元格下分“公示日期/公示网址”",
         workbook({"案件": [[], [], ROW + ["2024-10-10", "http://x"]]}, decorate=_group_header),
         (Accepts("cases", "C1", "published_date", dt.date(2024, 10, 10)), Noted("第1–2行作为表头"))),
    Case("hidden_stale_sheet", "隐藏的旧“案件”表和可见的“案件 (2)”：只读可见的一张",
         workbook(dict(STALE), decorate=_hide_first),
         (Accepts("cases", "NEW", "case_id", "NEW"), Counts("cases", 1, 1, 0),
          Noted("忽略工作表“案件”：隐藏的工作表"))),
    Case("two_candidate_sheets", "“案件”和“案件 (2)”都可见，未指定读哪一张",
         workbook(dict(STALE)), (Fails(2, ("in.xlsx", "“案件”和“案件 (2)”都对应表", "--sheet")),)),
    Case("candidate_sheet_chosen", "“案件”和“案件 (2)”都可见，用 --sheet 案件=案件 (2) 指定",
         lambda tmp: [*workbook(dict(STALE))(tmp), "--sheet", "案件=案件 (2)"],
         (Counts("cases", 1, 1, 0), Noted("案件表已使用工作表“案件 (2)”"))),
    Case("formula_no_cached_value", "罚款金额是公式，文件中没有保存计算结果（程序生成的工作簿）",
         workbook({"案件": [HEAD + ["罚款金额"], ROW]}, decorate=_uncached),
         (Reject("cases", 2, "fine_amount", "=SUM(E2:F2)", "案件!D2 是公式"),)),
    Case("merged_cells_vertical", "办案单位编码纵向合并两行（B2:B3）",
         workbook({"案件": [HEAD, ["C1", None, "行政处罚"], ["C2", None, "行政处罚"]]}, decorate=_merged_unit),
         (Accepts("cases", "C2", "unit_id", "U1"), Noted("纵向合并单元格 B2:B3"))),
    Case("header_alt_enter", "表头单元格内换行（Alt+Enter：“是否↵听证”）",
         workbook({"案件": [HEAD + [None], ROW + ["是"]]}, decorate=_wrapped),
         (Accepts("cases", "C1", "hearing_held", True),)),
    Case("header_traditional", "表头用繁体字（案件編號、辦案單位編碼、執法類別）",
         csv_folder({"cases.csv": cases_csv(OK_CASE, head="案件編號,辦案單位編碼,執法類別")}),
         (Accepts("cases", "C1", "unit_id", "U1"),)),
    Case("taizhang_title_total_signature", "台账：标题行、填报单位行、空行、重复表头、合计行、制表人行、√/×",
         workbook({"案件": TAIZHANG_ROWS}),
         (Counts("cases", 2, 2, 0), Accepts("cases", "C1", "hearing_held", True),
          Accepts("cases", "C2", "hearing_held", False), Noted("第8行是合计/小计行"),
          Noted("第9行是表尾"), Noted("第6行是重复的表头行"))),
    Case("id_18_digits_number", "18 位编号录成数值（Excel 只存 15 位：3.50102199001011E+17）",
         workbook({"案件": [HEAD, ROW]}, decorate=_id_number),
         (Reject("cases", 2, "case_id", "350102199001011000", "15 位有效数字", "record"),)),
    Case("id_scientific_csv", "Excel 另存的 CSV 中编号变成 3.50102E+17",
         csv_folder({"cases.csv": cases_csv("3.50102E+17,U1,行政处罚")}),
         (Reject("cases", 2, "case_id", "3.50102E+17", "科学计数法", "record"),)),
    Case("stray_cell_xfd1048576", "工作表最右下角 XFD1048576 有一个多余的单元格",
         workbook({"案件": [HEAD, ROW]}, decorate=_stray(1048575, 16383)),
         (Counts("cases", 1, 1, 0), Noted("第1048576行是只在未识别的列中有内容的行"))),
    Case("stray_cell_a1048576", "A1048576 有一个多余的单元格（在案件编号列）",
         workbook({"案件": [HEAD, ROW]}, decorate=_stray(1048575, 0)),
         (Reject("cases", 1048576, "unit_id", None, "不能为空", "record"), Counts("cases", 2, 1, 1))),
    Case("bool_check_marks", "是/否列用 ✓ 和 ✗", 
         csv_folder({"cases.csv": cases_csv("C1,U1,行政处罚,✓", "C2,U1,行政处罚,✗", head=CASES_HEAD + ",是否听证")}),
         (Accepts("cases", "C1", "hearing_held", True), Accepts("cases", "C2", "hearing_held", False))),
    Case("amount_yen_sign", "罚款金额写成 ￥5,000.00",
         csv_folder({"cases.csv": cases_csv("C1,U1,行政处罚,\"￥5,000.00\"", head=CASES_HEAD + ",罚款金额")}),
         (Accepts("cases", "C1", "fine_amount", 5000.0),)),
    Case("csv_taizhang_ragged_gbk", "GBK CSV 台账：一格的标题行、填报单位行、长短不一的合计和制表人行",
         csv_folder({"cases.csv": "2024年度台账\n填报单位：某大队,,填报日期：2024-10-08\n"
                                  f"{CASES_HEAD},是否听证\n{OK_CASE},√\nC2,U1,行政处罚,×\n合计,2件\n制表人：张三\n"},
                    encoding="gbk"),
         (Counts("cases", 2, 2, 0), Accepts("cases", "C2", "hearing_held", False),
          Noted("第3行作为表头"), Noted("第6行是合计/小计行"), Noted("第7行是表尾"))),
    Case("datetime_excel_csv_midnight", "GBK CSV（Excel 另存）中的日期写成 2024/9/30 0:00:00",
         csv_folder({"cases.csv": cases_csv("C1,U1,行政处罚,2024/9/30 0:00:00", head=CASES_HEAD + ",决定日期")},
                    encoding="gbk"),
         (Accepts("cases", "C1", "decision_date", dt.date(2024, 9, 30)),)),
]
