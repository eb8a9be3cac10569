"""评查表: one A4 page per case — head, every rule item with its outcome, deduction, reason and basis, the score
and grade, lines for 评查人 / 复核人 / 日期 — one .docx per unit.

One case, one page: the type size is the largest of SIZES at which the unit's longest case fits the page
(estimated from the text's width in em, with a margin); when even the smallest does not, the longest reasons
are shortened with a pointer to the full text in the run, never spilled onto a second page.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from casereview.engine.run.result import Run
from casereview.reports.from_run import OUTCOME_LABELS, text
from casereview.reports.paper import style as ps
from casereview.reports.paper.measure import lines_needed
from casereview.reports.paper.tables import table
from casereview.reports.paper.case_header import DATE_FIELDS, CaseHead, CaseHeads
from casereview.reports.paper.wording import number, pack_line, short_basis

TITLE = "行政执法案卷评查表"
MARGINS = (14, 14, 18, 18)                       # top, bottom, left, right (mm)
SIZES = (10.5, 10, 9.5, 9, 8.5, 8, 7.5, 7)       # body type sizes tried, largest first (pt)
TITLE_SIZE = 15
SAFETY = 0.93                                   # fill at most this share of the page (estimates run ~5% high)
ROW_PAD_MM = 0.6                                 # borders and rounding per table row
HEAD_WIDTHS = (20, 67, 20, 67)
ITEM_WIDTHS = (10, 34, 15, 11, 64, 40)
ITEM_HEADERS = ("序号", "评查项目", "结论", "扣分", "理由", "依据（简称）")
NOTE = "注：“无法判定”的项目需人工核实；依据为简称，全文见本次评查结果（评查结果工作簿及结论明细）。"
SIGNATURES = ("评查人（签名）：＿＿＿＿＿＿＿　　复核人（签名）：＿＿＿＿＿＿＿",
              "日期：＿＿＿＿年＿＿月＿＿日")
CUT_MARK = "…（全文见评查结果）"


@dataclass
class Sheet:
    """What one case's page prints."""
    case_id: str
    head_rows: list[list[str]]
    items: list[list[str]]
    score_line: str


def case_sheet(run: Run, case: pd.Series, findings: pd.DataFrame, head: CaseHead, unit_name: str) -> Sheet:
    cid = text(case["case_id"])
    kind = head.case_type or text(case.get("case_type"))
    if head.subtype:
        kind += f"（{head.subtype}）"
    dates = [(label, head.dates.get(label, "")) for _, label in DATE_FIELDS]
    head_rows = [["案件编号", cid, "办案单位", unit_name],
                 ["执法类别", kind, "程序类型", head.procedure],
                 ["当事人", head.party, "承办人", head.handlers],
                 [dates[0][0], dates[0][1], dates[1][0], dates[1][1]],
                 [dates[2][0], dates[2][1], dates[3][0], dates[3][1]]]
    items = []
    for i, f in enumerate(findings.itertuples(index=False), 1):
        items.append([str(i), f"{text(f.rule_id)} {text(getattr(f, 'title', ''))}".strip(),
                      OUTCOME_LABELS.get(text(f.outcome), text(f.outcome)), _deduction(f),
                      head.mask(f.reason), short_basis(text(f.basis))])
    return Sheet(cid, head_rows, items, _score_line(case, findings))


def write_case_sheets(run: Run, unit_id: str, unit_name: str, heads: CaseHeads, path: Path) -> int:
    """The unit's 评查表 (.docx), one page per case in case-id order; returns the number of cases."""
    cases = run.cases[run.cases["unit_id"].map(text) == unit_id].sort_values("case_id", kind="stable")
    by_case = {k: g for k, g in run.findings.groupby("case_id", sort=False)}
    empty = run.findings.iloc[0:0]
    sheets = [case_sheet(run, c, by_case.get(c["case_id"], empty), heads.get(text(c["case_id"])), unit_name)
              for _, c in cases.iterrows()]
    doc = ps.new_document(MARGINS, size_pt=SIZES[0], page_numbers=False)
    height = ps.text_height_mm(doc) * SAFETY
    subtitle = pack_line(run)
    size = fitting_size(sheets, subtitle, height)
    for n, sheet in enumerate(sheets):
        _page(doc, fit_sheet(sheet, subtitle, size, height), subtitle, size, first=n == 0)
    if not sheets:
        ps.paragraph(doc, TITLE, size=TITLE_SIZE, bold=True, fonts=ps.HEADING_FONTS, align="center")
        ps.paragraph(doc, f"{unit_name}：本次评查没有该单位的案卷。", size=SIZES[0])
    doc.core_properties.title = f"{TITLE}（{unit_name}）"
    doc.save(str(path))
    return len(sheets)


def page_height_mm(sheet: Sheet, subtitle: str, size: float) -> float:
    """Estimated height of the sheet's page content at body size `size` (mm)."""
    line = size * ps.LINE_FACTOR * ps.PT_MM
    total = TITLE_SIZE * ps.LINE_FACTOR * ps.PT_MM + 3          # title and the space after it
    total += lines_needed(subtitle, sum(ITEM_WIDTHS), size, pad_mm=0) * line + 1.5
    total += _table_height(sheet.head_rows, HEAD_WIDTHS, size) + 2
    total += _table_height([list(ITEM_HEADERS)] + sheet.items, ITEM_WIDTHS, size) + 1.5
    for extra in (sheet.score_line, NOTE):
        total += lines_needed(extra, sum(ITEM_WIDTHS), size, pad_mm=0) * line
    total += 6 + len(SIGNATURES) * (line + 2)                    # space before the signatures
    return total


def fitting_size(sheets: list[Sheet], subtitle: str, height: float) -> float:
    """The largest body size at which every sheet fits `height`; the smallest size when none does."""
    for size in SIZES:
        if all(page_height_mm(s, subtitle, size) <= height for s in sheets):
            return size
    return SIZES[-1]


def fit_sheet(sheet: Sheet, subtitle: str, size: float, height: float) -> Sheet:
    """The sheet, its longest reasons shortened (CUT_MARK) until it fits `height` at `size`."""
    limit = max((len(r[4]) for r in sheet.items), default=0)
    items = sheet.items
    while page_height_mm(Sheet(sheet.case_id, sheet.head_rows, items, sheet.score_line), subtitle, size) > height \
            and limit > 10:
        limit -= 5
        items = [r[:4] + [_cut(r[4], limit)] + r[5:] for r in sheet.items]
    return Sheet(sheet.case_id, sheet.head_rows, items, sheet.score_line)


def _cut(reason: str, limit: int) -> str:
    return reason if len(reason) <= limit else reason[:max(1, limit - len(CUT_MARK))] + CUT_MARK


def _table_height(rows: list[list[str]], widths, size: float) -> float:
    line = size * ps.LINE_FACTOR * ps.PT_MM
    return sum(max(lines_needed(v, w, size) for v, w in zip(row, widths)) * line + ROW_PAD_MM for row in rows)


def _page(doc, sheet: Sheet, subtitle: str, size: float, *, first: bool) -> None:
    ps.paragraph(doc, TITLE, size=TITLE_SIZE, bold=True, fonts=ps.HEADING_FONTS, align="center", after=3,
                 page_break=not first)
    ps.paragraph(doc, subtitle, size=size, align="center", after=4)
    table(doc, list(HEAD_WIDTHS), sheet.head_rows, size=size, header=False, label_columns=True)
    ps.paragraph(doc, "", size=size * 0.5)
    table(doc, list(ITEM_WIDTHS), [list(ITEM_HEADERS)] + sheet.items, size=size,
             align=["center", "left", "center", "center", "left", "left"])
    ps.paragraph(doc, sheet.score_line, size=size, bold=True, before=4)
    ps.paragraph(doc, NOTE, size=size)
    ps.paragraph(doc, SIGNATURES[0], size=size, before=14)
    ps.paragraph(doc, SIGNATURES[1], size=size, before=6, align="right")


def _deduction(f) -> str:
    outcome = text(f.outcome)
    if outcome == "na":
        return "—"
    if outcome == "fail" and _true(getattr(f, "veto", False)):
        return "否决"
    return number(getattr(f, "deduction", 0) or 0)


def _score_line(case: pd.Series, findings: pd.DataFrame) -> str:
    line = f"扣分合计：{number(case.get('deductions', 0) or 0)}　　得分：{number(case['score'])}　　等级：{text(case['grade'])}"
    failed = findings[findings["outcome"] == "fail"] if len(findings) else findings
    vetoes = [text(r) for r, v in zip(failed.get("rule_id", []), failed.get("veto", [])) if _true(v)]
    if vetoes:
        line += f"　　否决项：{'、'.join(vetoes)}"
    unknown = int((findings["outcome"] == "unknown").sum()) if len(findings) else 0
    if unknown:
        line += f"　　无法判定：{unknown}项（待核实）"
    return line


def _true(value) -> bool:
    return value is True or (isinstance(value, str) and value.lower() in ("true", "1", "是")) or value == 1
