"""Test helper: one set of ten cases written as real exports are — a 台账 workbook, a flat
one-row-per-act sheet, a GBK CSV folder — with the expected outcomes worked by hand.

Working days (official notices, State Council 2023-10-25 for 2024; the first day is not counted):
  * decision 2024-03-04 (Mon), no holiday near: 03-05 is working day 1, 03-13 (Wed) day 7, 03-14 day 8.
  * decision 2024-04-29 (Mon): 04-30 day 1; 05-01..05-05 Labour Day off; 05-06 day 2 ... 05-10 day 6,
    05-11 (Sat, make-up working day) day 7; Sunday 05-12 is after the deadline.
  * decision 2024-06-03 (Mon): 06-04..06-07 days 1-4; 06-08..06-10 Dragon Boat (Sat-Mon) off, no
    make-up day; 06-11 day 5, 06-12 day 6, 06-13 day 7, 06-14 day 8.
  * decision 2024-09-30 (Mon): 10-01..10-07 National Day off; 10-08 day 1 ... 10-11 day 4,
    10-12 (Sat, make-up working day) day 5, 10-14 day 6, 10-15 day 7, 10-16 day 8.
Officers: P1, P2 执法人员 with certificates valid 2020-01-01..2030-12-31; P3 执法辅助人员 (never
counts); P4 执法人员 whose certificate ended 2023-12-31.

Expected, as of 2026-11-20 (GS01 ≥ 2 qualified officers per act; GS02 certificate shown; GS03 published
within 7 working days (行政许可/行政处罚); CX02 notified before the decision (普通程序 strictly earlier,
简易程序 same day allowed); CX03 served within 7 working days):

| case | facts | GS01 | GS02 | GS03 | CX02 | CX03 |
|---|---|---|---|---|---|---|
| C01 | 处罚, decided 03-04, published 03-13 (day 7), served 03-05, notified 02-26; act P1+P2 √ | pass | pass | pass | pass | pass |
| C02 | as C01 but published 03-14 (day 8), served 03-13 (day 7); two acts: P1+P2, P1+P3 (辅警) | fail | pass | fail | pass | pass |
| C03 | decided 2024-09-30, published 10-15 (day 7), served 10-16 (day 8); act P1+P2 certificate × | pass | fail | pass | pass | fail |
| C04 | decided 2024-04-29, published Sun 05-12 (after day 7 = 05-11), served 05-06 (day 2), notified 04-29 (same day, 普通程序) | pass | pass | fail | fail | pass |
| C05 | decided 2024-06-03, published 06-12 (day 6), served 06-13 (day 7), notified 05-27; no acts | unknown | na | pass | pass | pass |
| C06 | decided 06-03, not published with 不予公开理由 涉及个人隐私, served 06-04, hearing √; act 05-20 P1+P4 (expired) | fail | pass | na | pass | pass |
| C07 | no decision yet; act P1+P2 √ | pass | pass | na | na | na |
| C08 | 行政检查 decided 03-04 (GS03 is for 处罚/许可 only), served the same day; act P2+P1 √ | pass | pass | na | na | pass |
| C09 | 简易程序, decided 06-03, notified 06-03 (same day allowed), published 06-13 (day 7), served 06-14 (day 8) | pass | pass | pass | pass | fail |
| C10 | decided 2024-09-30, never published (day 7 = 10-15 long past), served 10-08 (day 1), notified 09-25 | pass | pass | fail | pass | pass |
"""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl

AS_OF = date(2026, 11, 20)
RULES = ("GS01", "GS02", "GS03", "CX02", "CX03")
EXPECTED = {
    "C01": ("pass", "pass", "pass", "pass", "pass"),
    "C02": ("fail", "pass", "fail", "pass", "pass"),
    "C03": ("pass", "fail", "pass", "pass", "fail"),
    "C04": ("pass", "pass", "fail", "fail", "pass"),
    "C05": ("unknown", "na", "pass", "pass", "pass"),
    "C06": ("fail", "pass", "na", "pass", "pass"),
    "C07": ("pass", "pass", "na", "na", "na"),
    "C08": ("pass", "pass", "na", "na", "pass"),
    "C09": ("pass", "pass", "pass", "pass", "fail"),
    "C10": ("pass", "pass", "fail", "pass", "pass"),
}

D = date
# case_id, case_type, procedure, filed, notified, decided, served, published, exempt, hearing, fine
CASES = [
    ("C01", "行政处罚", "普通程序", D(2024, 2, 19), D(2024, 2, 26), D(2024, 3, 4), D(2024, 3, 5), D(2024, 3, 13), None, False, 500),
    ("C02", "行政处罚", "普通程序", D(2024, 2, 19), D(2024, 2, 26), D(2024, 3, 4), D(2024, 3, 13), D(2024, 3, 14), None, False, 800),
    ("C03", "行政处罚", "普通程序", D(2024, 9, 10), D(2024, 9, 20), D(2024, 9, 30), D(2024, 10, 16), D(2024, 10, 15), None, False, 1000),
    ("C04", "行政处罚", "普通程序", D(2024, 4, 8), D(2024, 4, 29), D(2024, 4, 29), D(2024, 5, 6), D(2024, 5, 12), None, False, 200),
    ("C05", "行政处罚", "普通程序", D(2024, 5, 6), D(2024, 5, 27), D(2024, 6, 3), D(2024, 6, 13), D(2024, 6, 12), None, False, 300),
    ("C06", "行政处罚", "普通程序", D(2024, 5, 13), D(2024, 5, 27), D(2024, 6, 3), D(2024, 6, 4), None, "涉及个人隐私", True, 1500),
    ("C07", "行政处罚", "普通程序", D(2024, 10, 10), None, None, None, None, None, False, None),
    ("C08", "行政检查", "普通程序", D(2024, 2, 26), None, D(2024, 3, 4), D(2024, 3, 4), D(2024, 3, 20), None, False, None),
    ("C09", "行政处罚", "简易程序", D(2024, 6, 3), D(2024, 6, 3), D(2024, 6, 3), D(2024, 6, 14), D(2024, 6, 13), None, False, 5000),
    ("C10", "行政处罚", "普通程序", D(2024, 9, 2), D(2024, 9, 25), D(2024, 9, 30), D(2024, 10, 8), None, None, False, 2000),
]
# act_id, case_id, act_type, start, end, officers, certificate shown
ACTS = [
    ("C01-1", "C01", "现场检查", datetime(2024, 2, 20, 9, 0), datetime(2024, 2, 20, 10, 0), "P1、P2", True),
    ("C02-1", "C02", "现场检查", datetime(2024, 2, 20, 14, 0), datetime(2024, 2, 20, 15, 0), "P1、P2", True),
    ("C02-2", "C02", "调查取证", datetime(2024, 2, 21, 9, 0), datetime(2024, 2, 21, 10, 0), "P1、P3", True),
    ("C03-1", "C03", "现场检查", datetime(2024, 9, 12, 9, 0), datetime(2024, 9, 12, 10, 0), "P1、P2", False),
    ("C04-1", "C04", "现场检查", datetime(2024, 4, 9, 9, 0), datetime(2024, 4, 9, 10, 0), "P1、P2", True),
    ("C06-1", "C06", "现场检查", datetime(2024, 5, 20, 9, 0), datetime(2024, 5, 20, 10, 0), "P1、P4", True),
    ("C07-1", "C07", "现场检查", datetime(2024, 10, 11, 9, 0), datetime(2024, 10, 11, 10, 0), "P1、P2", True),
    ("C08-1", "C08", "现场检查", datetime(2024, 2, 27, 9, 0), datetime(2024, 2, 27, 10, 0), "P2、P1", True),
    ("C09-1", "C09", "当场处罚", datetime(2024, 6, 3, 9, 0), datetime(2024, 6, 3, 9, 30), "P1、P2", True),
    ("C10-1", "C10", "现场检查", datetime(2024, 9, 3, 9, 0), datetime(2024, 9, 3, 10, 0), "P1、P2", True),
]
OFFICERS = [
    ("P1", "张某", "执法人员", "J001", D(2020, 1, 1), D(2030, 12, 31)),
    ("P2", "李某", "执法人员", "J002", D(2020, 1, 1), D(2030, 12, 31)),
    ("P3", "王某", "执法辅助人员", None, None, None),
    ("P4", "赵某", "执法人员", "J004", D(2019, 1, 1), D(2023, 12, 31)),
]
UNIT = "U1"
OFFICER_HEADERS = ["人员编号", "姓名", "人员类别", "执法证号", "证件有效期起", "证件有效期止"]
ACT_HEADERS = ["活动编号", "案件编号", "活动类型", "开始时间", "结束时间", "执法人员", "出示证件"]

# The 台账: title row, 填报 line, two header rows (公示情况 over 公示日期 / 公示网址), data with a blank
# row after C05, a 合计 row and a 制表人 footer. Rows as a user sees them in Excel:
LEDGER_SHEET = "案件台账"
LEDGER_DATA_ROWS = [5, 6, 7, 8, 9, 11, 12, 13, 14, 15]     # C01..C05, blank row 10, C06..C10
LEDGER_BLANK, LEDGER_TOTAL, LEDGER_FOOTER = 10, 16, 17
LEDGER_MAPPING = f"tables:\n  {LEDGER_SHEET}: cases\n"
FLAT_SHEET = "执法活动台账"
FLAT_MAPPING = f"flat:\n  {FLAT_SHEET}: [cases, 执法活动]\n"
FLAT_ROWS = 11                                               # 10 acts + C05 without acts


def _tick(v: bool | None) -> str | None:
    return None if v is None else "√" if v else "×"


def _officers_sheet(wb: openpyxl.Workbook) -> None:
    ws = wb.create_sheet("人员")
    ws.append(OFFICER_HEADERS)
    for row in OFFICERS:
        ws.append(list(row))


def write_ledger(path: Path) -> None:
    """(a) the 台账 workbook: 案件台账 (title, 填报 line, two header rows, √, amounts as "5,000.00",
    blank, 合计, 制表人), 执法活动 (√/×), 人员, and a 填表说明 sheet."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = LEDGER_SHEET
    ws["A1"] = "某区公安分局2024年度行政处罚案件台账"
    ws.merge_cells("A1:O1")
    ws["A2"] = "填报单位：某区公安分局"
    ws["J2"] = "填报日期：2024年12月31日"
    singles = ["序号", "案件编号", "办案单位编码", "执法类别", "程序类型", "当事人类型", "立案日期", "告知日期",
               "决定日期", "送达日期"]
    for j, h in enumerate(singles, 1):
        ws.cell(3, j, h)
        ws.merge_cells(start_row=3, start_column=j, end_row=4, end_column=j)
    ws.cell(3, 11, "公示情况")
    ws.merge_cells(start_row=3, start_column=11, end_row=3, end_column=12)
    ws.cell(4, 11, "公示日期")
    ws.cell(4, 12, "公示网址")
    for j, h in ((13, "不予公开理由"), (14, "是否听证"), (15, "罚款金额")):
        ws.cell(3, j, h)
        ws.merge_cells(start_row=3, start_column=j, end_row=4, end_column=j)
    for n, (row, c) in enumerate(zip(LEDGER_DATA_ROWS, CASES), 1):
        cid, ctype, proc, filed, notified, decided, served, published, exempt, hearing, fine = c
        url = f"https://example.gov.cn/gs/{cid}" if published else None
        amount = None if fine is None else f"{fine:,.2f}"             # typed as text: "5,000.00"
        values = [n, cid, UNIT, ctype, proc, "个人", filed, notified, decided, served, published, url,
                  exempt, _tick(hearing), amount]
        for j, v in enumerate(values, 1):
            ws.cell(row, j, v)
    ws.cell(LEDGER_TOTAL, 1, "合计")
    ws.cell(LEDGER_TOTAL, 2, "10件")
    ws.cell(LEDGER_TOTAL, 15, sum(c[-1] or 0 for c in CASES))
    ws.cell(LEDGER_FOOTER, 1, "制表人：张某某")
    ws.cell(LEDGER_FOOTER, 9, "审核人：李某某")
    acts = wb.create_sheet("执法活动")
    acts.append(ACT_HEADERS)
    for a in ACTS:
        acts.append([*a[:6], _tick(a[6])])
    _officers_sheet(wb)
    notes = wb.create_sheet("填表说明")
    notes["A1"] = "1. 日期填写为 年-月-日。"
    notes["A2"] = "2. 是否类栏目以 √ 表示是。"
    wb.save(path)


def write_flat(path: Path) -> None:
    """(b) one row per act, the case fields repeated; C05 on a row without act fields; 人员 sheet."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = FLAT_SHEET
    ws.append(["案件编号", "办案单位编码", "执法类别", "程序类型", "当事人类型", "立案日期", "告知日期", "决定日期",
               "送达日期", "公示日期", "不予公开理由", "是否听证", "罚款金额", *[h for h in ACT_HEADERS if h != "案件编号"]])
    for c in CASES:
        cid, ctype, proc, filed, notified, decided, served, published, exempt, hearing, fine = c
        case = [cid, UNIT, ctype, proc, "个人", filed, notified, decided, served, published, exempt,
                "是" if hearing else "否", fine]
        acts = [a for a in ACTS if a[1] == cid] or [None]
        for a in acts:
            ws.append(case + ([None] * 6 if a is None else [a[0], a[2], a[3], a[4], a[5], "是" if a[6] else "否"]))
    _officers_sheet(wb)
    wb.save(path)


def _csv_cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, datetime):
        return v.strftime("%Y/%m/%d %H:%M")
    if isinstance(v, date):
        return f"{v.year}/{v.month}/{v.day}"
    return str(v)


def _write_csv(path: Path, headers: list[str], rows: list[list]) -> None:
    lines = [",".join(headers)] + [",".join(_csv_cell(v) for v in r) for r in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))


def write_csv_folder(folder: Path) -> None:
    """(c) GBK CSV files with Chinese names and headers, dates as 2024/3/4."""
    folder.mkdir()
    _write_csv(folder / "案件.csv", ["案件编号", "办案单位编码", "执法类别", "程序类型", "当事人类型", "立案日期",
                                    "告知日期", "决定日期", "送达日期", "公示日期", "不予公开理由", "是否听证", "罚款金额"],
               [[c[0], UNIT, c[1], c[2], "个人", *c[3:8], c[8], c[9], c[10]] for c in CASES])
    _write_csv(folder / "执法活动.csv", ACT_HEADERS, [list(a) for a in ACTS])
    _write_csv(folder / "人员.csv", OFFICER_HEADERS, [list(o) for o in OFFICERS])


def write_all(root: Path) -> dict[str, tuple[Path, Path | None]]:
    """The three shapes under `root`: name -> (input, mapping file or None)."""
    ledger, flat, folder = root / "台账.xlsx", root / "一行一项.xlsx", root / "csv_gbk"
    write_ledger(ledger)
    write_flat(flat)
    write_csv_folder(folder)
    (root / "台账映射.yaml").write_text(LEDGER_MAPPING, encoding="utf-8")
    (root / "宽表映射.yaml").write_text(FLAT_MAPPING, encoding="utf-8")
    return {"ledger": (ledger, root / "台账映射.yaml"), "flat": (flat, root / "宽表映射.yaml"),
            "csv": (folder, None)}
