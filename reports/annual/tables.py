"""The figures as titled tables of display text, shared by the .docx, the HTML and the CSV."""
from __future__ import annotations

from dataclasses import dataclass

from casereview.reports.annual.categories import DASH, POWER_ORDER
from casereview.reports.mask import mask_text


@dataclass(frozen=True)
class ReportTable:
    key: str                       # CSV name of the table
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def show(value) -> str:
    """Display text: None → —, counts as digits, amounts with two decimals and thousands separators."""
    if value is None:
        return DASH
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return str(value)
    return mask_text(str(value))


def show_rate(value) -> str:
    return DASH if value is None else f"{value * 100:.1f}%"


def _pairs(key: str, title: str, items, head=("项目", "数量")) -> ReportTable:
    return ReportTable(key, title, head, tuple((mask_text(k), show(v)) for k, v in items))


def report_tables(fig: dict) -> list[ReportTable]:
    tables = [
        _pairs("powers", "一、行政执法决定总体情况（按执法类别，件）",
               [*((t, fig["powers"][t]) for t in POWER_ORDER), ("合计", fig["decided"])]),
        _pairs("licensing", "二、行政许可（件）",
               [("申请（本年受理）", fig["licensing"]["申请"]), ("准予许可", fig["licensing"]["准予"]),
                ("不予许可", fig["licensing"]["不予"]), ("其他决定", fig["licensing"]["其他"])]),
        _pairs("penalties", "三、行政处罚（按最重处罚种类计，件）",
               [*fig["penalties"].items(), ("合计", fig["penalty_cases"])]),
        _pairs("amounts", "四、罚没金额（元）",
               [("罚款金额", fig["amounts"]["罚款金额"]), ("没收金额", fig["amounts"]["没收金额"]),
                ("罚没金额合计（仅含罚款）", fig["amounts"]["罚没金额"]),
                ("罚款决定未填金额（件）", fig["amounts"]["罚款未填金额件数"])], head=("项目", "金额")),
        _pairs("review", "五、法制审核与听证（件）",
               [("经法制审核的决定", fig["review"]["法制审核"]), ("重大执法决定", fig["review"]["重大执法决定"]),
                ("其中决定前经法制审核", fig["review"]["重大决定经审核"]), ("举行听证", fig["review"]["听证"])]),
        _pairs("remedies", "六、行政复议、行政诉讼与纠错（件）",
               [("行政复议", fig["remedies"]["行政复议"]), ("行政诉讼", fig["remedies"]["行政诉讼"]),
                ("决定被变更、撤销", fig["remedies"]["变更撤销"])]),
        system_table(fig["systems"]),
    ]
    if len(fig["per_unit"]) > 1 or fig["unit"] is None:
        tables.append(unit_table(fig))
    return tables


def system_table(systems: list[dict]) -> ReportTable:
    rows = tuple((mask_text(s["system"]), str(s["pass"]), str(s["fail"]), str(s["unknown"]), str(s["na"]),
                  show_rate(s["rate"])) for s in systems)
    return ReportTable("systems", "七、三项制度执行情况（评查项）",
                       ("制度", "合规", "不合规", "无法判定", "不适用", "合规率"), rows)


def unit_table(fig: dict) -> ReportTable:
    names = [s["system"] for s in fig["systems"]]
    head = ("单位", "决定", "行政许可", "行政处罚", "行政强制", "行政检查", "罚款金额（元）", "法制审核", "听证",
            *(f"{n}合规率" for n in names))
    rows = []
    for u in fig["per_unit"]:
        rates = {s["system"]: s["rate"] for s in u["systems"]}
        rows.append((mask_text(u["name"]), show(u["decided"]), show(u["powers"]["行政许可"]),
                     show(u["powers"]["行政处罚"]), show(u["powers"]["行政强制"]), show(u["powers"]["行政检查"]),
                     show(u["amounts"]["罚款金额"]), show(u["review"]["法制审核"]), show(u["review"]["听证"]),
                     *(show_rate(rates.get(n)) for n in names)))
    return ReportTable("units", "八、各单位情况", head, tuple(rows))
