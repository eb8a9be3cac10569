"""A copy of the bundled sample whose texts attack whoever shows them: markup in case ids, parties, unit names and
reasons, spreadsheet formulas in case ids and text cells."""
from __future__ import annotations

import io

import openpyxl

from tests.workspace.web import SAMPLE, UNIT_A

SCRIPT, IMG = "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>'
HYPERLINK, PLUS, AT = '=HYPERLINK("http://evil.example","点我")', "+cmd|' /C calc'!A0", "@SUM(1+1)"
UPLOAD_NAME = IMG + ".xlsx"
UNIT_NAME = SCRIPT + "新街口所"
FORMULA_UNIT, FORMULA_UNIT_NAME = "U320152", HYPERLINK        # another unit, named as a formula
# case ids given to three of U320151's cases (every cell holding the old id, in every sheet, is changed)
CASE_IDS = (IMG, SCRIPT, HYPERLINK)


def hostile_workbook() -> bytes:
    wb = openpyxl.load_workbook(SAMPLE)
    cases = wb["案件"]
    head = [c.value for c in cases[1]]
    col = {name: head.index(name) for name in head}
    mine = [r for r in cases.iter_rows(min_row=2) if r[col["办案单位编码"]].value == UNIT_A]
    renamed = {}
    for row, new_id in zip(mine, CASE_IDS):
        renamed[row[col["案件编号"]].value] = new_id
    mine[0][col["当事人"]].value, mine[0][col["案件细类"]].value = SCRIPT, IMG
    mine[1][col["当事人"]].value, mine[1][col["案件细类"]].value = PLUS, AT
    mine[2][col["案件细类"]].value = HYPERLINK
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in renamed:
                    cell.value = renamed[cell.value]
    for ws in wb:                   # text that only looks like a formula (as a typed cell ='… would be)
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "@")):
                    cell.data_type = "s"
    for row in wb["单位"].iter_rows(min_row=2):
        if row[0].value == UNIT_A:
            row[1].value = UNIT_NAME
        if row[0].value == FORMULA_UNIT:
            row[1].value = FORMULA_UNIT_NAME
            row[1].data_type = "s"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
