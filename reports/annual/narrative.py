"""情况说明: the annual report's short Chinese narrative, generated from the figures (≤ 2,000 characters)."""
from __future__ import annotations

from casereview.reports.annual.categories import POWER_ORDER
from casereview.reports.annual.tables import show, show_rate
from casereview.reports.mask import mask_text

MAX_CHARS = 2000          # indicator 56: 本级政府行政执法工作报告，不超过2000字
MAX_NAME = 40             # a unit name quoted in the narrative is cut to this length


def narrative(fig: dict, limit: int = MAX_CHARS) -> list[str]:
    """Paragraphs whose total length, joined by newlines, is at most `limit` characters."""
    required = [_overview(fig), _licensing_and_penalties(fig), _review_and_remedies(fig), _systems(fig)]
    optional = [_units(fig), _next_steps(fig)]
    paragraphs = [p for p in required if p]
    for extra in optional:
        if extra and len("\n".join(paragraphs + [extra])) <= limit:
            paragraphs.append(extra)
    text = "\n".join(paragraphs)
    if len(text) > limit:                      # only with absurdly long names: cut, never overflow
        text = text[:limit - 1] + "…"
    return text.split("\n")


def _name(text: str) -> str:
    text = mask_text(str(text))
    return text if len(text) <= MAX_NAME else text[:MAX_NAME - 1] + "…"


def _overview(fig: dict) -> str:
    powers = fig["powers"]
    used = [f"{t}{powers[t]}件" for t in POWER_ORDER if powers[t]]
    unused = [t for t in POWER_ORDER if not powers[t] and t != "其他"]
    text = f"{fig['year']}年，{_name(fig['body'])}共作出行政执法决定{fig['decided']}件"
    text += f"，其中{'、'.join(used)}。" if used else "。"
    if unused:
        text += f"本年度未实施{'、'.join(unused)}。"
    return text


def _licensing_and_penalties(fig: dict) -> str:
    lic, parts = fig["licensing"], []
    parts.append(f"受理行政许可申请{lic['申请']}件，作出准予许可决定{lic['准予']}件、不予许可决定{lic['不予']}件。")
    kinds = [f"{k}{n}件" for k, n in fig["penalties"].items() if n]
    text = f"作出行政处罚决定{fig['penalty_cases']}件"
    text += f"（一案多罚按最重种类计：{'；'.join(kinds)}）" if kinds else ""
    amounts = fig["amounts"]
    text += f"，罚款金额合计{show(amounts['罚款金额'])}元"
    if amounts["罚款未填金额件数"]:
        text += f"（另有{amounts['罚款未填金额件数']}件罚款决定未填金额）"
    parts.append(text + "；没收金额未采集。")
    return "".join(parts)


def _review_and_remedies(fig: dict) -> str:
    r, rem = fig["review"], fig["remedies"]
    text = "法制审核情况未采集；" if r["法制审核"] is None else f"经法制审核作出的决定{r['法制审核']}件；"
    if r["重大执法决定"] is not None:
        text += f"重大执法决定{r['重大执法决定']}件，其中决定前经法制审核{r['重大决定经审核']}件；"
    text += f"举行听证{r['听证']}件。本年度执法决定被变更、撤销{rem['变更撤销']}件；行政复议、行政诉讼情况未在案卷数据中采集。"
    return text


def _systems(fig: dict) -> str:
    systems = [s for s in fig["systems"] if s["rate"] is not None]
    if not systems:
        return "本年度未形成三项制度评查结果（无可判定的评查项）。" if fig["systems"] else ""
    parts = "，".join(f"{'总体' if s['system'] == '全部' else s['system']}{show_rate(s['rate'])}" for s in systems)
    text = f"对本年度作出决定的{fig['decided']}件案卷开展三项制度评查，合规率分别为：{parts}。"
    named = [s for s in systems if s["system"] != "全部"]
    if named:
        worst = min(named, key=lambda s: s["rate"])
        text += f"合规率最低的是{worst['system']}（{show_rate(worst['rate'])}，不合规{worst['fail']}项）。"
    unknown = sum(s["unknown"] for s in fig["systems"] if s["system"] == "全部")
    if unknown:
        text += f"另有{unknown}个评查项因数据不全无法判定，需人工核实。"
    return text


def _units(fig: dict) -> str:
    rated = []
    for u in fig["per_unit"]:
        total = [s for s in u["systems"] if s["system"] == "全部" and s["rate"] is not None]
        if total:
            rated.append((total[0]["rate"], u["name"]))
    if len(rated) < 2:
        return ""
    rated.sort(key=lambda x: x[0])
    low, high = rated[0], rated[-1]
    return (f"各单位中，总体合规率最高的是{_name(high[1])}（{show_rate(high[0])}），"
            f"最低的是{_name(low[1])}（{show_rate(low[0])}）。")


def _next_steps(fig: dict) -> str:
    named = [s for s in fig["systems"] if s["system"] != "全部" and s["rate"] is not None]
    focus = f"重点抓好{min(named, key=lambda s: s['rate'])['system']}环节的整改，" if named else ""
    return (f"下一步，将{focus}完善执法案卷数据采集（补充没收金额、行政复议和行政诉讼等信息），"
            "持续落实行政执法公示、执法全过程记录和重大执法决定法制审核制度。")
