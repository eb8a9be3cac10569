"""整改通知书: one per unit — its figures and rank, its main problems, the 整改 requirement with the due date, and
an annex listing every failed finding of the unit (each with the due date). Plain, editable paragraphs.

The drafted text (headings and paragraphs, not the annex) stays within the length limit (settings.max_chars):
the required paragraphs first, then optional detail while it fits.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from casereview.engine.run.result import Run
from casereview.reports.from_run import grade_order, text
from casereview.reports.mask import mask_text
from casereview.reports.paper import style as ps
from casereview.reports.paper.measure import scale_widths
from casereview.reports.paper.tables import table
from casereview.reports.paper.case_header import CaseHeads
from casereview.reports.paper.ranking import unit_ranking
from casereview.reports.paper.settings import NoticeSettings
from casereview.reports.paper.wording import for_paper, number, percent, short_basis, within_limit

TITLE = "行政执法案卷评查整改通知书"
ANNEX_TITLE = "整改事项清单"
ITEM_HEADERS = ("序号", "案件编号", "评查项目", "存在问题", "依据（简称）", "整改期限")
ITEM_WIDTHS = (12, 38, 50, 76, 33, 38)          # proportions: the annex is as wide as its landscape page
UNIT_ITEM_HEADERS = ("序号", "评查项目", "存在问题", "整改期限")
UNIT_ITEM_WIDTHS = (12, 68, 129, 38)
TOP_PROBLEMS = 5
HEADINGS = ("一、评查情况", "二、存在的主要问题", "三、整改要求")


def failed_items(run: Run, unit_id: str) -> pd.DataFrame:
    """The unit's failed case findings, by case id then rule order."""
    f = run.findings
    mine = f[(f["unit_id"].map(text) == unit_id) & (f["outcome"] == "fail")]
    return mine.sort_values("case_id", kind="stable").reset_index(drop=True)


def failed_unit_items(run: Run, unit_id: str) -> pd.DataFrame:
    """The unit's failed unit-level findings (e.g. 法制审核人员占比)."""
    uf = run.unit_findings
    if uf is None or uf.empty:
        return pd.DataFrame(columns=["unit_id", "rule_id", "title", "outcome", "reason"])
    return uf[(uf["unit_id"].map(text) == unit_id) & (uf["outcome"] == "fail")].reset_index(drop=True)


def notice_text(run: Run, unit_id: str, unit_name: str, settings: NoticeSettings) -> list[str]:
    """The drafted paragraphs (headings included), within settings.max_chars characters."""
    cases = run.cases[run.cases["unit_id"].map(text) == unit_id]
    items, unit_items = failed_items(run, unit_id), failed_unit_items(run, unit_id)
    f = run.findings[run.findings["unit_id"].map(text) == unit_id]
    n_fail = len(items) + len(unit_items)
    ranking, _ = unit_ranking(run)
    ranked = ranking[ranking["rank"].notna()]
    mine = ranking[ranking["unit_id"] == unit_id]
    pack = run.info.get("pack", {})
    as_of = run.as_of
    intro = (f"根据行政执法案卷评查工作安排，" + (f"以{ps.chinese_date(as_of)}为评查日，" if as_of else "")
             + f"按照{text(pack.get('title')) or '评查标准'}，对你单位{len(cases)}件行政执法案卷进行了评查。"
             "现将评查情况和整改要求通知如下。")
    figures = _figures(run, cases, f)
    if len(mine) and mine["rank"].notna().iloc[0]:
        figures += f"在参评的{len(ranked)}个单位中排第{int(mine['rank'].iloc[0])}位（排名规则见评查情况通报）。"
    unknown = int((f["outcome"] == "unknown").sum())
    if unknown:
        figures += f"另有{unknown}个评查项因数据不全无法判定，请核实并补充相关材料。"
    parts = [(mask_text(unit_name) + "：", True), (intro, True), (HEADINGS[0], True), (figures, True),
             (HEADINGS[1], True)]
    if n_fail:
        counts = items.groupby(["rule_id", "title"], sort=False).size().sort_values(ascending=False, kind="stable") \
            if len(items) else pd.Series(dtype=int)
        top = [f"{text(t)}（{text(r)}）{n}项" for (r, t), n in counts.head(TOP_PROBLEMS).items()]
        parts.append((f"本次评查发现不合规问题{n_fail}项" + (f"，主要是：{'；'.join(top[:2])}" if top else "") + "。",
                      True))
        if len(top) > 2:
            parts.append(("其他问题：" + "；".join(top[2:]) + "。", False))
        for r in unit_items.itertuples(index=False):
            parts.append((f"单位层面：{text(r.title)}，{for_paper(mask_text(text(r.reason)))}。", False))
        parts += [(HEADINGS[2], True),
                  (f"请你单位对照附件所列{n_fail}项问题逐项整改，自本通知之日起{settings.due_days}个工作日内"
                   f"（{_due_words(settings)}）完成，并将整改情况书面报送评查组织单位。", True),
                  ("对评查结论有异议的，请在整改期限内书面说明理由并提供相关材料。", True)]
    else:
        parts += [("本次评查未发现不合规问题。", True), (HEADINGS[2], True),
                  ("请你单位继续严格落实行政执法公示、执法全过程记录和重大执法决定法制审核制度。", True)]
    return within_limit(parts, settings.max_chars)


def write_notice(run: Run, unit_id: str, unit_name: str, heads: CaseHeads, settings: NoticeSettings,
                 path: Path) -> int:
    """The unit's 整改通知书 (.docx); returns the number of 整改 items listed."""
    doc = ps.new_document()
    ps.official_title(doc, TITLE)
    ps.official_body(doc, notice_text(run, unit_id, unit_name, settings), HEADINGS)
    items, unit_items = failed_items(run, unit_id), failed_unit_items(run, unit_id)
    n = len(items) + len(unit_items)
    if n:
        ps.paragraph(doc, f"附件：{ANNEX_TITLE}", size=16, before=14, indent=True, line=ps.DOCUMENT_LINE,
                     keep_with_next=True)
    ps.signature(doc, settings.issuer, settings.notice_date)
    if n:
        _annex(doc, items, unit_items, heads, settings)
    doc.core_properties.title = f"{TITLE}（{unit_name}）"
    doc.save(str(path))
    return n


def _annex(doc, items, unit_items, heads: CaseHeads, settings: NoticeSettings) -> None:
    ps.new_section(doc, landscape=True)
    width = ps.text_width_mm(doc)
    ps.paragraph(doc, "附件", size=16, fonts=ps.HEADING_FONTS)
    ps.paragraph(doc, f"{ANNEX_TITLE}（共{len(items) + len(unit_items)}项）", size=18, fonts=ps.HEADING_FONTS,
                 align="center", after=8)
    due = _due_cell(settings)
    if len(items):
        rows = [list(ITEM_HEADERS)]
        for i, f in enumerate(items.itertuples(index=False), 1):
            head = heads.get(text(f.case_id))
            rows.append([str(i), text(f.case_id), f"{text(f.rule_id)} {text(f.title)}", head.mask(f.reason),
                         short_basis(text(f.basis)), due])
        table(doc, scale_widths(ITEM_WIDTHS, width), rows, size=10.5,
              align=["center", "left", "left", "left", "left", "center"])
    if len(unit_items):
        ps.paragraph(doc, "单位层面问题", size=14, fonts=ps.HEADING_FONTS, before=10, after=4)
        rows = [list(UNIT_ITEM_HEADERS)]
        for i, r in enumerate(unit_items.itertuples(index=False), len(items) + 1):
            rows.append([str(i), f"{text(r.rule_id)} {text(r.title)}", for_paper(mask_text(text(r.reason))), due])
        table(doc, scale_widths(UNIT_ITEM_WIDTHS, width), rows, size=10.5, align=["center", "left", "left", "center"])
    ps.paragraph(doc, f"整改期限为自通知之日（{ps.chinese_date(settings.notice_date)}）起{settings.due_days}个工作日，"
                      "按国家法定节假日安排计算。", size=10.5, before=6)


def _figures(run: Run, cases: pd.DataFrame, f: pd.DataFrame) -> str:
    if cases.empty:
        return "本次评查没有你单位的案卷。"
    grades = cases["grade"].map(text).value_counts()
    parts = [f"{g}{int(grades[g])}件" for g in grade_order(run) if grades.get(g, 0)]
    out = f"评查的{len(cases)}件案卷平均得分{number(cases['score'].mean().round(2))}分"
    out += f"，其中{'、'.join(parts)}" if parts else ""
    vetoed = int(cases["vetoed"].sum()) if "vetoed" in cases.columns else 0
    out += f"；有否决项的{vetoed}件。" if vetoed else "。"
    n_pass, n_fail = int((f["outcome"] == "pass").sum()), int((f["outcome"] == "fail").sum())
    rate = n_pass / (n_pass + n_fail) if n_pass + n_fail else None
    out += f"案卷评查项中合规{n_pass}项、不合规{n_fail}项，合规率{percent(rate)}"
    return out + "；"


def _due_words(settings: NoticeSettings) -> str:
    if settings.due_date is not None:
        return f"即{settings.due_text()}前"
    return "截止日期" + _due_cell(settings)


def _due_cell(settings: NoticeSettings) -> str:
    if settings.due_date is not None:
        return settings.due_text()
    return "无法确定：" + settings.due_unknown.split("；")[0]
