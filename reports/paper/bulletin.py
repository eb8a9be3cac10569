"""评查情况通报: one for all units — the figures, the unit ranking (its rule stated), the most frequent problems with
counts and one masked example each, and the 整改 requirement with its due date. Plain, editable paragraphs.

The drafted text (headings and paragraphs, not the ranking table) stays within settings.max_chars: the required
paragraphs first, then optional detail (rates per system, further problems) while it fits.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from casereview.engine.run.result import Run
from casereview.reports.from_run import grade_order, systems, text, unit_names
from casereview.reports.mask import mask_text
from casereview.reports.paper import style as ps
from casereview.reports.paper.measure import fit_columns
from casereview.reports.paper.tables import table
from casereview.reports.paper.case_header import CaseHeads
from casereview.reports.paper.ranking import unit_ranking
from casereview.reports.paper.settings import NoticeSettings
from casereview.reports.paper.wording import number, percent, within_limit

TITLE = "关于行政执法案卷评查情况的通报"
HEADINGS = ("一、总体情况", "二、各单位情况", "三、主要问题", "四、整改要求")
TABLE_LEAD = "各单位评查结果见下表。"
RANK_HEADERS = ("名次", "单位", "案卷数", "平均得分", "合规项", "不合规项", "无法判定项", "合规率")
TOP_PROBLEMS = 5
ORDINALS = "一二三四五六七八九十"


def frequent_problems(run: Run, n: int = TOP_PROBLEMS) -> pd.DataFrame:
    """The rules failed most often: rule_id, title, fail, units (how many units), example (the first failed finding,
    by case id, of the unit failing the rule most often), in order of fail count, then rule order."""
    f = run.findings
    failed = f[f["outcome"] == "fail"].sort_values("case_id", kind="stable")
    if failed.empty:
        return pd.DataFrame(columns=["rule_id", "title", "fail", "units", "example"])
    order = list(dict.fromkeys(f["rule_id"]))
    rows = []
    for rule, g in failed.groupby("rule_id", sort=False):
        most = g["unit_id"].value_counts(sort=False)
        top_unit = sorted(most.index, key=lambda u: (-most[u], text(u)))[0]
        rows.append({"rule_id": rule, "title": text(g["title"].iloc[0]) if "title" in g else "", "fail": len(g),
                     "units": g["unit_id"].nunique(), "example": g[g["unit_id"] == top_unit].iloc[0],
                     "order": order.index(rule)})
    out = pd.DataFrame(rows).sort_values(["fail", "order"], ascending=[False, True], kind="stable")
    return out.head(n).drop(columns="order").reset_index(drop=True)


def bulletin_text(run: Run, heads: CaseHeads, settings: NoticeSettings) -> list[str]:
    """The drafted paragraphs (headings included), within settings.max_chars characters."""
    f, cases = run.findings, run.cases
    ranking, rule = unit_ranking(run)
    names = unit_names(run)
    pack = run.info.get("pack", {})
    as_of = run.as_of
    n_units = int((ranking["cases"] > 0).sum())
    parts: list[tuple[str, bool]] = [("各单位：", True), (
        "根据行政执法案卷评查工作安排，" + (f"以{ps.chinese_date(as_of)}为评查日，" if as_of else "")
        + f"按照{text(pack.get('title')) or '评查标准'}，对{n_units}个单位的{len(cases)}件行政执法案卷进行了评查。"
        "现将评查情况通报如下。", True), (HEADINGS[0], True), (_overall(run), True), (_by_system(run), False),
        (HEADINGS[1], True), (f"{rule}。{TABLE_LEAD}", True), (_best_and_worst(ranking), False),
        (HEADINGS[2], True)]
    problems = frequent_problems(run)
    if problems.empty:
        parts.append(("本次评查未发现不合规问题。", True))
    for i, p in enumerate(problems.itertuples(index=False)):
        ex = p.example
        case_id = text(ex["case_id"])
        example = heads.get(case_id).mask(ex["reason"])
        unit = mask_text(names.get(text(ex["unit_id"]), text(ex["unit_id"])))
        parts.append((f"（{ORDINALS[i]}）{p.title}（{p.rule_id}）：不合规{p.fail}项，涉及{p.units}个单位。"
                      f"如{unit}{case_id}案：{example}。", i == 0))
    unknown = int((f["outcome"] == "unknown").sum())
    if unknown:
        parts.append((f"此外，有{unknown}个评查项因数据不全无法判定，相关单位应核实并补充材料。", False))
    parts += [(HEADINGS[3], True),
              (f"各单位要对照整改通知书所列问题逐项整改，自通知之日起{settings.due_days}个工作日内（"
               + (f"即{settings.due_text()}前" if settings.due_date else "截止日期" + settings.due_text().split("；")[0])
               + "）完成，并将整改情况书面报送评查组织单位。", True)]
    return within_limit(parts, settings.max_chars)


def write_bulletin(run: Run, heads: CaseHeads, settings: NoticeSettings, path: Path) -> Path:
    doc = ps.new_document()
    ranking, _ = unit_ranking(run)
    ps.official_title(doc, TITLE)
    ps.official_body(doc, bulletin_text(run, heads, settings), HEADINGS,
                     after=lambda para: _ranking_table(doc, ranking) if para.endswith(TABLE_LEAD) else None)
    ps.signature(doc, settings.issuer, settings.notice_date)
    doc.core_properties.title = TITLE
    doc.save(str(path))
    return Path(path)


def _ranking_table(doc, ranking: pd.DataFrame) -> None:
    rows = []
    for r in ranking.to_dict("records"):
        rows.append(["—" if pd.isna(r["rank"]) else str(int(r["rank"])), mask_text(text(r["unit_name"])),
                     str(r["cases"]), number(r["avg_score"]), str(r["pass"]), str(r["fail"]), str(r["unknown"]),
                     percent(r["rate"])])
    fit = fit_columns(RANK_HEADERS, rows, ps.text_width_mm(doc))
    ps.paragraph(doc, "", size=8)
    table(doc, fit.widths_mm, [list(RANK_HEADERS)] + rows, size=fit.size_pt,
          align=["center", "left", "right", "right", "right", "right", "right", "right"])
    ps.paragraph(doc, "", size=8)


def _overall(run: Run) -> str:
    f, cases = run.findings, run.cases
    oc = f["outcome"].value_counts()
    n_pass, n_fail = int(oc.get("pass", 0)), int(oc.get("fail", 0))
    rate = n_pass / (n_pass + n_fail) if n_pass + n_fail else None
    text_ = (f"共评查案卷评查项{len(f)}项，其中合规{n_pass}项、不合规{n_fail}项、不适用{int(oc.get('na', 0))}项、"
             f"无法判定{int(oc.get('unknown', 0))}项，总体合规率{percent(rate)}。")
    if len(cases):
        grades = cases["grade"].map(text).value_counts()
        parts = [f"{g}{int(grades[g])}件" for g in grade_order(run) if grades.get(g, 0)]
        text_ += f"案卷平均得分{number(round(float(cases['score'].mean()), 2))}分" + (f"，{'、'.join(parts)}" if parts else "")
        vetoed = int(cases["vetoed"].sum()) if "vetoed" in cases.columns else 0
        text_ += f"，有否决项的{vetoed}件。" if vetoed else "。"
    return text_


def _by_system(run: Run) -> str:
    f = run.findings
    parts = []
    for s in systems(run):
        outcomes = f.loc[f["system"] == s, "outcome"]
        p, fl = int((outcomes == "pass").sum()), int((outcomes == "fail").sum())
        if p + fl:
            parts.append(f"{s}{percent(p / (p + fl))}")
    return f"分制度看，合规率分别为：{'，'.join(parts)}。" if parts else ""


def _best_and_worst(ranking: pd.DataFrame) -> str:
    rated = ranking[ranking["rate"].notna()].sort_values("rate", ascending=False, kind="stable")
    if len(rated) < 2 or rated["rate"].iloc[0] == rated["rate"].iloc[-1]:
        return ""
    best, worst = rated.iloc[0], rated.iloc[-1]
    return (f"{mask_text(text(best['unit_name']))}合规率最高（{percent(best['rate'])}），"
            f"{mask_text(text(worst['unit_name']))}合规率最低（{percent(worst['rate'])}）。")
