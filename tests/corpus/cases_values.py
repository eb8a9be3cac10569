"""Broken records and values: a reject row naming table, row, column, value and a Chinese reason."""
from __future__ import annotations

from tests.corpus.build import (CASES_HEAD, OK_CASE, cases_csv, csv_folder, jsonl, one_column,
                                with_acts, workbook)
from tests.corpus.model import Case, Counts, Fails, Reject, Shows

ACTS_HEAD = "act_id,case_id,act_type,start_time,end_time,officer_ids,certificate_shown"
RECS_HEAD = "recording_id,case_id,act_id,start_time,end_time"
ACT_A1 = "A1,C1,查封,2024-09-02 09:00,2024-09-02 10:00,P1;P2,是"
LONG = "长" * 200_000


def _acts(*rows: str) -> str:
    return "\n".join([ACTS_HEAD, *rows]) + "\n"


def _recs(*rows: str) -> str:
    return "\n".join([RECS_HEAD, *rows]) + "\n"


def _date(kind: str, title: str, text: str, reason: str) -> Case:
    return Case(kind, title, one_column("决定日期", text),
                (Reject("cases", 2, "decision_date", text, f"决定日期（decision_date）{reason}"),))


def _fine(kind: str, title: str, text: str, reason: str) -> Case:
    return Case(kind, title, one_column("罚款金额", text),
                (Reject("cases", 2, "fine_amount", text, f"罚款金额（fine_amount）{reason}"),))


VALUE_CASES = [
    _date("date_feb_30", "不存在的日期 2024-02-30", "2024-02-30", "日期不存在"),
    _date("date_feb_29_common_year", "平年的 2 月 29 日（2023-02-29）", "2023-02-29", "日期不存在"),
    _date("date_month_13", "月份为 13（2024-13-01）", "2024-13-01", "日期不存在"),
    _date("date_us_order", "月/日/年 顺序（03/05/2024）", "03/05/2024", "无法识别的日期"),
    _date("date_two_digit_year", "两位年份（24-3-5）", "24-3-5", "无法识别的日期"),
    _date("date_words", "日期写成文字（去年三月）", "去年三月", "无法识别的日期"),
    _date("date_year_2300", "超出日历的年份（2300-01-01）", "2300-01-01", "年份超出范围"),
    _date("date_year_1800", "过早的年份（1800-01-01）", "1800-01-01", "年份超出范围"),
    Case("time_without_date", "只有时间没有日期（14:30）",
         with_acts(_acts("A1,C1,查封,14:30,2024-09-02 10:00,P1;P2,是")),
         (Reject("acts", 2, "start_time", "14:30", "开始时间（start_time）无法识别的日期"),)),
    Case("time_hour_25", "不存在的时刻（25:00）",
         with_acts(_acts("A1,C1,查封,2024-09-02 25:00,2024-09-02 10:00,P1;P2,是")),
         (Reject("acts", 2, "start_time", "2024-09-02 25:00", "时间不存在"),)),
    Case("act_end_before_start", "执法活动结束早于开始",
         with_acts(_acts("A1,C1,查封,2024-09-02 10:00,2024-09-02 09:00,P1;P2,是")),
         (Reject("acts", 2, "end_time", "2024-09-02 09:00", "结束时间（end_time）早于开始时间 2024-09-02 10:00"),)),
    Case("recording_end_before_start", "音像记录结束早于开始",
         with_acts(_acts(ACT_A1), recordings=_recs("R1,C1,A1,2024-09-02 10:00,2024-09-02 09:00")),
         (Reject("recordings", 2, "end_time", "2024-09-02 09:00", "结束时间（end_time）早于开始时间 2024-09-02 10:00"),)),
    Case("recording_zero_length", "音像记录时长为零（开始 = 结束）",
         with_acts(_acts(ACT_A1), recordings=_recs("R1,C1,A1,2024-09-02 09:00,2024-09-02 09:00")),
         (Reject("recordings", 2, "end_time", "2024-09-02 09:00", "时长为零"),)),
    _fine("fine_negative", "负数罚款（-500）", "-500", "小于最小值 0"),
    _fine("fine_text", "罚款写成汉字（五百元）", "五百元", "不是数字"),
    _fine("fine_nan", "罚款为 NaN", "NaN", "不是数字"),
    _fine("fine_two_points", "罚款有两个小数点（1.000.5）", "1.000.5", "不是数字"),
    Case("bool_unknown", "是/否列写了“也许”", one_column("重大执法决定", "也许"),
         (Reject("cases", 2, "major_flag", "也许", "不是可识别的是/否值"),)),
    Case("int_fraction", "延长天数为小数（1.5）", one_column("延长天数", "1.5"),
         (Reject("cases", 2, "extension_days", "1.5", "不是整数"),)),
    Case("int_huge", "延长天数是 20 位数字（99999999999999999999）", one_column("延长天数", "99999999999999999999"),
         (Reject("cases", 2, "extension_days", "99999999999999999999", "数值过大（15 位以上）"),)),
    Case("enum_unknown", "执法类别不是可选值（行政处理）",
         csv_folder({"cases.csv": cases_csv("C1,U1,行政处理")}),
         (Reject("cases", 2, "case_type", "行政处理", "不是可选值", "record"),)),
    Case("required_blank", "必填的办案单位编码为空", csv_folder({"cases.csv": cases_csv("C1,,行政处罚")}),
         (Reject("cases", 2, "unit_id", None, "不能为空", "record"),)),
    Case("required_column_missing", "案件表缺少必填列 执法类别",
         csv_folder({"cases.csv": cases_csv("C1,U1", head="案件编号,办案单位编码")}),
         (Fails(2, ("缺少必填列 执法类别（case_type）", "读到的表头：案件编号、办案单位编码")),)),
    Case("header_unknown_only", "表头一个都认不出（a,b,c）",
         csv_folder({"cases.csv": "a,b,c\n1,2,3\n"}),
         (Fails(2, ("缺少必填列 案件编号（case_id）", "读到的表头：a、b、c")),)),
    Case("case_id_duplicate", "案件编号重复（两行 C1）",
         csv_folder({"cases.csv": cases_csv(OK_CASE, OK_CASE)}),
         (Reject("cases", 2, "case_id", "C1", "重复出现 2 次", "record"),
          Reject("cases", 3, "case_id", "C1", "重复出现 2 次", "record"), Counts("cases", 2, 0, 2))),
    Case("act_id_duplicate", "活动编号重复", with_acts(_acts(ACT_A1, ACT_A1)),
         (Reject("acts", 3, "act_id", "A1", "重复出现 2 次", "record"),)),
    Case("officer_id_duplicate", "人员编号重复",
         with_acts(_acts(ACT_A1), officers="officer_id,name\nP1,张三\nP1,李四\n"),
         (Reject("officers", 3, "officer_id", "P1", "重复出现 2 次", "record"),)),
    Case("act_case_dangling", "执法活动指向不存在的案件",
         with_acts(_acts("A1,C9,查封,2024-09-02 09:00,2024-09-02 10:00,P1;P2,是")),
         (Reject("acts", 2, "case_id", "C9", "案件编号 C9 不存在", "record"),)),
    Case("recording_act_dangling", "音像记录指向不存在的活动",
         with_acts(_acts(ACT_A1), recordings=_recs("R1,C1,A9,2024-09-02 09:00,2024-09-02 10:00")),
         (Reject("recordings", 2, "act_id", "A9", "活动编号 A9 不存在", "record"),)),
    Case("recording_act_other_case", "音像记录的活动属于另一案件",
         with_acts(_acts(ACT_A1), cases=cases_csv(OK_CASE, "C2,U1,行政处罚"),
                   recordings=_recs("R1,C2,A1,2024-09-02 09:00,2024-09-02 10:00")),
         (Reject("recordings", 2, "act_id", "A1", "属于案件 C1", "record"),)),
    Case("child_of_rejected_case", "执法活动所属案件已被拒收",
         with_acts(_acts(ACT_A1), cases=cases_csv("C1,U1,行政处理")),
         (Reject("acts", 2, "case_id", "C1", "所属案件 C1 已被拒收", "record"), Counts("acts", 1, 0, 1))),
    Case("officer_listed_twice", "同一执法人员在一次活动中列了两次（P1;P1）",
         with_acts(_acts("A1,C1,查封,2024-09-02 09:00,2024-09-02 10:00,P1;P1,是")),
         (Reject("acts", 2, "officer_ids", "P1;P1", "P1 重复"),)),
    Case("cell_200k_chars", "20 万字的单元格（当事人）", one_column("当事人", LONG),
         (Reject("cases", 2, "party_name", "长" * 200 + "…（共200000字，已截断）", "过长"),)),
    Case("control_chars_text", "文本含控制字符（张\\x07三）", one_column("当事人", "张\x07三"),
         (Reject("cases", 2, "party_name", "张\\x07三", "控制字符"),)),
    Case("control_chars_id", "案件编号含控制字符（C\\x01）",
         csv_folder({"cases.csv": cases_csv("C\x01,U1,行政处罚")}),
         (Reject("cases", 2, "case_id", "C\\x01", "控制字符", "record"),)),
    Case("control_chars_list", "执法人员列含控制字符（P1\\x07;P2）",
         with_acts(_acts("A1,C1,查封,2024-09-02 09:00,2024-09-02 10:00,P1\x07;P2,是")),
         (Reject("acts", 2, "officer_ids", "P1\\x07;P2", "控制字符"),)),
    Case("cell_200k_chars_id", "20 万字的案件编号", csv_folder({"cases.csv": cases_csv(f"{LONG},U1,行政处罚")}),
         (Reject("cases", 2, "case_id", "长" * 200 + "…（共200000字，已截断）", "过长", "record"),)),
    Case("formula_text", "单元格文本像公式（=1+1）",
         csv_folder({"cases.csv": cases_csv("=1+1,U1,行政处罚")}),
         (Shows("cases.csv", "case_id", "'=1+1"),)),
    Case("list_cell_is_date", "执法人员列是日期单元格",
         workbook({"案件": [CASES_HEAD.split(","), OK_CASE.split(",")],
                   "执法活动": [ACTS_HEAD.split(",")[:3] + ["officer_ids"], ["A1", "C1", "查封"]]},
                  decorate=lambda wb, ws: ws["执法活动"].write_datetime(
                      1, 3, __import__("datetime").datetime(2024, 3, 5), wb.add_format({"num_format": "yyyy-mm-dd"}))),
         (Reject("acts", 2, "officer_ids", "2024-03-05", "不是列表"),)),
    Case("enum_is_boolean_cell", "执法类别是 TRUE 逻辑值单元格",
         workbook({"案件": [CASES_HEAD.split(","), ["C1", "U1", True]]}),
         (Reject("cases", 2, "case_type", "TRUE", "不是可选值", "record"),)),
    Case("xlsx_error_cell", "罚款金额是错误值 #DIV/0!",
         workbook({"案件": [CASES_HEAD.split(",") + ["罚款金额"], OK_CASE.split(",")]},
                  decorate=lambda wb, ws: ws["案件"].write_formula(1, 3, "=1/0", None, "#DIV/0!")),
         (Reject("cases", 2, "fine_amount", "#DIV/0!", "案件!D2 是错误值"),)),
    Case("jsonl_bad_line", "JSON Lines 某行不是合法 JSON",
         jsonl('{"case_id": "C1", "unit_id": "U1", "case_type": "行政处罚"}\n{"case_id": "C2",\n'),
         (Reject("cases", 2, None, '{"case_id": "C2",', "第2行不是有效的 JSON", "record"),)),
    Case("jsonl_not_object", "JSON Lines 某行是数组而不是对象",
         jsonl('{"case_id": "C1", "unit_id": "U1", "case_type": "行政处罚"}\n[1, 2]\n'),
         (Reject("cases", 2, None, "[1, 2]", "第2行不是 JSON 对象", "record"),)),
    Case("jsonl_child_case_mismatch", "嵌套的执法活动写了另一个案件编号",
         jsonl('{"case_id": "C1", "unit_id": "U1", "case_type": "行政处罚", '
               '"acts": [{"act_id": "A1", "case_id": "C2"}]}\n'),
         (Reject("acts", 1, "case_id", "C2", "与所在案件 C1 不一致", "record"),)),
    Case("jsonl_children_not_list", "嵌套的 acts 不是列表",
         jsonl('{"case_id": "C1", "unit_id": "U1", "case_type": "行政处罚", "acts": "A1"}\n'),
         (Reject("cases", 1, None, "A1", "acts 应为列表", "record"),)),
]
