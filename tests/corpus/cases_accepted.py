"""Unusual but legitimate input: read as the user meant it, with the parsed value checked."""
from __future__ import annotations

import datetime as dt

from tests.corpus.build import (CASES_HEAD, OK_CASE, cases_csv, csv_folder, one_column, with_acts,
                                workbook)
from tests.corpus.cases_values import ACTS_HEAD, RECS_HEAD
from tests.corpus.model import Accepts, Case, Counts, Finds, NoFile, Noted, Reject

_PROCEDURE_CASE = cases_csv("C1,U1,行政处罚,普通程序", head=CASES_HEAD + ",程序类型")
OFFICERS_HEAD = "officer_id,name,role,certificate_no,certificate_valid_from,certificate_valid_to"

SUBTYPE = cases_csv("C1,U1,行政处罚,治安案件", head=CASES_HEAD + ",案件细类")
HEADER = CASES_HEAD.split(",")
MARCH_5 = dt.date(2024, 3, 5)


def _date(kind: str, title: str, text: str) -> Case:
    return Case(kind, title, one_column("决定日期", text),
                (Accepts("cases", "C1", "decision_date", MARCH_5),))


def _fine(kind: str, title: str, text: str, value: float) -> Case:
    return Case(kind, title, one_column("罚款金额", text),
                (Accepts("cases", "C1", "fine_amount", value),))


def _subtype(kind: str, title: str, data: bytes) -> Case:
    return Case(kind, title, csv_folder({"cases.csv": data}),
                (Accepts("cases", "C1", "case_subtype", "治安案件"),))


def _merged_title(wb, ws) -> None:
    ws["案件"].merge_range(0, 0, 0, 3, "2024年度行政执法案卷", wb.add_format({"bold": True}))


def _merged_header(wb, ws) -> None:
    ws["案件"].merge_range(0, 2, 0, 3, "执法类别")


def _serial(wb, ws) -> None:
    ws["案件"].write_number(1, 3, 45356)         # Excel day 45356 = 2024-03-05


def _date_cell(wb, ws) -> None:
    ws["案件"].write_datetime(1, 3, dt.datetime(2024, 3, 5), wb.add_format({"num_format": "yyyy/m/d"}))


def _formula(wb, ws) -> None:
    ws["案件"].write_formula(1, 3, "=200+300", None, 500)


def _unit_names(tmp):
    units = "unit_id,name\n" + "".join(f"U{i},{n}\n" for i, n in enumerate(
        ["../x", "CON", "a/b", "名" * 300, "..", "NUL.txt", "\\\\server\\share"], 1))
    cases = cases_csv(*(f"C{i},U{i},行政处罚" for i in range(1, 8)))
    return csv_folder({"cases.csv": cases, "units.csv": units})(tmp)


ACCEPTED_CASES = [
    _subtype("encoding_gbk", "GBK 编码且未声明", SUBTYPE.encode("gbk")),
    _subtype("encoding_utf8_bom", "UTF-8 带 BOM", SUBTYPE.encode("utf-8-sig")),
    _subtype("encoding_utf16_bom", "UTF-16 带 BOM（Excel “Unicode 文本”）", SUBTYPE.encode("utf-16")),
    _subtype("encoding_utf16_no_bom", "UTF-16LE 不带 BOM", SUBTYPE.encode("utf-16-le")),
    _fine("amount_yuan_comma", "金额写成 1,000元", "\"1,000元\"", 1000.0),
    _fine("amount_fullwidth", "金额用全角数字（１０００）", "１０００", 1000.0),
    _fine("amount_fullwidth_yuan", "全角数字加千分位和“元”（１，０００．５元）", "１，０００．５元", 1000.5),
    Case("fullwidth_space_value", "编号前后有全角空格（　C1　）",
         csv_folder({"cases.csv": cases_csv("　C1　,U1,行政处罚")}),
         (Accepts("cases", "C1", "case_id", "C1"),)),
    Case("fullwidth_space_header", "表头带全角空格和星号（　案件编号*　）",
         csv_folder({"cases.csv": cases_csv(OK_CASE, head="　案件编号*　,办案单位编码,执法类别")}),
         (Accepts("cases", "C1", "case_id", "C1"),)),
    _date("date_zh", "日期写成 2024年3月5日", "2024年3月5日"),
    _date("date_slash", "日期写成 2024/3/5", "2024/3/5"),
    _date("date_compact", "日期写成 20240305", "20240305"),
    _date("date_dot", "日期写成 2024.3.5", "2024.3.5"),
    _date("date_fullwidth", "日期用全角数字（２０２４年３月５日）", "２０２４年３月５日"),
    _date("date_with_time", "日期列带时间（2024-03-05 14:30）", "2024-03-05 14:30"),
    Case("date_excel_serial", "Excel 日期序号（数值 45356）",
         workbook({"案件": [HEADER + ["决定日期"], OK_CASE.split(",")]}, decorate=_serial),
         (Accepts("cases", "C1", "decision_date", MARCH_5),)),
    Case("date_excel_cell", "Excel 日期单元格（自定义格式 yyyy/m/d）",
         workbook({"案件": [HEADER + ["决定日期"], OK_CASE.split(",")]}, decorate=_date_cell),
         (Accepts("cases", "C1", "decision_date", MARCH_5),)),
    Case("datetime_iso_t", "时间写成 2024-09-02T09:30",
         with_acts(f"{ACTS_HEAD}\nA1,C1,查封,2024-09-02T09:30,2024-09-02 10:00,P1;P2,是\n"),
         (Accepts("acts", "A1", "start_time", dt.datetime(2024, 9, 2, 9, 30)),)),
    Case("formula_cached_value", "罚款金额是公式（=200+300，已缓存结果 500）",
         workbook({"案件": [HEADER + ["罚款金额"], OK_CASE.split(",")]}, decorate=_formula),
         (Accepts("cases", "C1", "fine_amount", 500.0),)),
    Case("merged_title_row", "表头上方有合并单元格标题行；行号按工作表计",
         workbook({"案件": [[], HEADER + ["决定日期"], ["C1", "U1", "行政处罚", "2024-02-30"]]},
                  decorate=_merged_title),
         (Reject("cases", 3, "decision_date", "2024-02-30", "日期不存在"), Noted("第2行作为表头"))),
    Case("merged_header_cells", "表头“执法类别”合并了两格，数据只在第一格",
         workbook({"案件": [HEADER, ["C1", "U1", "行政处罚"]]}, decorate=_merged_header),
         (Accepts("cases", "C1", "case_type", "行政处罚"),)),
    Case("blank_column_name", "有数据但表头为空的列",
         csv_folder({"cases.csv": cases_csv("C1,U1,行政处罚,孤儿数据", head=CASES_HEAD + ",")}),
         (Accepts("cases", "C1", "case_id", "C1"), Noted("表头为空"))),
    Case("blank_rows_inside", "数据中间有空行；行号仍按文件计",
         csv_folder({"cases.csv": cases_csv(OK_CASE, ",,", "C2,U1,行政处理")}),
         (Reject("cases", 4, "case_type", "行政处理", "不是可选值", "record"), Counts("cases", 2, 1, 1))),
    Case("header_only", "只有表头没有数据", csv_folder({"cases.csv": cases_csv()}),
         (Counts("cases", 0, 0, 0),)),
    Case("recordings_overlapping", "同一活动的两段录像相互重叠（合起来覆盖全程）",
         with_acts(f"{ACTS_HEAD}\nA1,C1,查封,2024-09-02 09:00,2024-09-02 10:00,P1;P2,是\n",
                   recordings=f"{RECS_HEAD}\nR1,C1,A1,2024-09-02 09:00,2024-09-02 09:40\n"
                              f"R2,C1,A1,2024-09-02 09:30,2024-09-02 10:00\n"),
         (Finds("C1", "JL02", "pass"),)),
    Case("date_beyond_calendar", "决定日期在官方日历未收录的年份（2028）",
         csv_folder({"cases.csv": cases_csv("C1,U1,行政处罚,2028-03-02",
                                            head=CASES_HEAD + ",决定日期")}),
         (Finds("C1", "GS03", "unknown", "日历"),)),
    Case("officer_unknown", "执法人员编号在人员表中不存在",
         with_acts(f"{ACTS_HEAD}\nA1,C1,查封,2024-09-02 09:00,2024-09-02 10:00,P1;GHOST,是\n",
                   cases=_PROCEDURE_CASE, officers=f"{OFFICERS_HEAD}\nP1,张三,执法人员,Z1,,\n"),
         (Finds("C1", "GS01", "unknown", "GHOST"),)),
    Case("officer_role_rejected", "人员类别写成“辅警”（不是可选值），该人员所在活动的案件无法判定",
         with_acts(f"{ACTS_HEAD}\nA1,C1,查封,2024-09-02 09:00,2024-09-02 10:00,P1;X,是\n",
                   cases=_PROCEDURE_CASE,
                   officers=f"{OFFICERS_HEAD}\nP1,张三,执法人员,Z1,,\nX,李四,辅警,Z9,,\n"),
         (Reject("officers", 3, "role", "辅警", "不是可选值"),
          Finds("C1", "GS01", "unknown", "人员表第3行（X）人员类别“辅警”"))),
    Case("column_absent", "案件表没有公示日期列：公示规则无法判定，而不是“仍未公示”",
         csv_folder({"cases.csv": cases_csv("C1,U1,行政处罚,2024-09-30,",
                                            head=CASES_HEAD + ",决定日期,不予公开理由")}),
         (Finds("C1", "GS03", "unknown", "输入缺少列 公示日期（published_date）"),)),
    Case("unit_names_unsafe", "单位名称不能作文件名（../x、CON、a/b、300 字…）", _unit_names,
         (Accepts("units", "U1", "name", "../x"), Accepts("units", "U4", "name", "名" * 300),
          NoFile(("CON", "名名名", "NUL", "server", "share")))),
]
