"""Steps checking a case's score, grade, veto and manual-check mark, and a unit's compliance rate."""
from __future__ import annotations

import math
import re

from casereview.features.outcomes import case_row
from casereview.features.registry import StepGroup
from casereview.features.tables import SpecError

steps = StepGroup("得分与合规率", all_rules=True)
_LEVELS = {"公示": "system", "记录": "system", "审核": "system", "程序": "system", "全部": "all"}


def _number(text: str) -> float:
    try:
        return float(text.strip().removesuffix("分"))
    except ValueError:
        raise SpecError(f"得分须为数字：{text}") from None


def _check_score(world, case, score, grade=None):
    __tracebackhide__ = True
    row = case_row(world, case)
    want = _number(score)
    assert row["score"] == want, f"案件 {row['case_id']} 得分 {row['score']:g}，期望 {want:g}（不合规：{row['failed_rules']}）"
    if grade is not None:
        assert row["grade"] == grade.strip(), f"案件 {row['case_id']} 等级为{row['grade']}，期望{grade.strip()}"


@steps.then("得分为 {score}")
def _score(world, score):
    """唯一一件案件的得分（满分100，不合规规则扣分，否决项不合规得0分）。

        那么 得分为 90
    """
    __tracebackhide__ = True
    _check_score(world, None, score)


@steps.then("等级为{grade}")
def _grade(world, grade):
    """唯一一件案件的等级（优秀/良好/合格/不合格，按规则包的等级表）。

        而且 等级为优秀
    """
    __tracebackhide__ = True
    row = case_row(world, None)
    assert row["grade"] == grade.strip(), f"案件 {row['case_id']} 等级为{row['grade']}，期望{grade.strip()}"


@steps.then("案件 {case} 得分为 {score}，等级为{grade}")
def _case_score(world, case, score, grade):
    """指定案件的得分和等级。

        那么 案件 C2 得分为 80，等级为良好
    """
    __tracebackhide__ = True
    _check_score(world, case.strip(), score, grade)


@steps.then("案件被否决")
def _vetoed(world):
    """唯一一件案件因否决项（GS01、FS01、FS02、CX02）不合规而被否决。

        而且 案件被否决
    """
    __tracebackhide__ = True
    row = case_row(world, None)
    assert bool(row["vetoed"]), f"案件 {row['case_id']} 未被否决（不合规：{row['failed_rules']}）"


@steps.then("案件未被否决")
def _not_vetoed(world):
    """唯一一件案件没有被否决。

        而且 案件未被否决
    """
    __tracebackhide__ = True
    row = case_row(world, None)
    assert not bool(row["vetoed"]), f"案件 {row['case_id']} 被否决（不合规：{row['failed_rules']}）"


@steps.then("案件待核实")
def _needs_check(world):
    """唯一一件案件有“无法判定”的规则，需要人工核实（不扣分）。

        而且 案件待核实
    """
    __tracebackhide__ = True
    row = case_row(world, None)
    assert bool(row["needs_check"]), f"案件 {row['case_id']} 不需核实"


@steps.then("案件无需核实")
def _no_check(world):
    """唯一一件案件没有“无法判定”的规则。

        而且 案件无需核实
    """
    __tracebackhide__ = True
    row = case_row(world, None)
    assert not bool(row["needs_check"]), f"案件 {row['case_id']} 待核实（无法判定：{row['unknown_rules']}）"


def _unit_row(world, unit, key):
    unit, key = unit.strip(), key.strip()
    u = world.result.units
    level = _LEVELS.get(key, "rule")
    col = "rule_id" if level == "rule" else "system"
    rows = u[(u["unit_id"] == unit) & (u["level"] == level) & (u[col] == key)]
    if len(rows) != 1:
        raise SpecError(f"合规率表中没有单位 {unit} 的“{key}”（可写规则编号、公示/记录/审核/程序 或 全部）")
    return rows.iloc[0]


@steps.then("单位 {unit} 的 {key} 合规率为 {rate}")
def _rate(world, unit, key, rate):
    """单位的合规率 = 合规 ÷（合规 + 不合规）；不适用和无法判定不计入。

    对象可以是规则编号、体系（公示/记录/审核/程序）或“全部”；合规率写 87.5% 或 0.875，
    没有合规也没有不合规时写“无”。百分数按所写的小数位比较。

        那么 单位 U1 的 公示 合规率为 87.5%
    """
    __tracebackhide__ = True
    row = _unit_row(world, unit, key)
    got = row["rate"]
    got = None if got is None or (isinstance(got, float) and math.isnan(got)) else float(got)
    text = rate.strip()
    if text in ("无", "—", "-"):
        assert got is None, f"单位 {unit} 的 {key} 合规率为 {got:.2%}，期望无"
        return
    m = re.fullmatch(r"(\d+(?:\.(\d+))?)(%?)", text)
    if not m:
        raise SpecError(f"合规率写作 87.5%、0.875 或 无：{rate}")
    want = float(m.group(1)) / (100 if m.group(3) else 1)
    places = len(m.group(2) or "") + (2 if m.group(3) else 0)
    assert got is not None, f"单位 {unit} 的 {key} 没有合规率（合规、不合规都为0），期望 {text}"
    assert abs(got - want) <= 0.5 * 10 ** -places + 1e-9, f"单位 {unit} 的 {key} 合规率为 {got:.4%}，期望 {text}"


@steps.then("单位 {unit} 的 {key} 合规 {p} 件、不合规 {f} 件、无法判定 {u} 件、不适用 {n} 件")
def _counts(world, unit, key, p, f, u, n):
    """单位在某条规则、某个体系或全部规则上的结论件数。

        那么 单位 U1 的 GS03 合规 1 件、不合规 1 件、无法判定 1 件、不适用 0 件
    """
    __tracebackhide__ = True
    row = _unit_row(world, unit, key)
    got = tuple(int(row[c]) for c in ("pass", "fail", "unknown", "na"))
    want = tuple(int(x) for x in (p, f, u, n))
    assert got == want, f"单位 {unit} 的 {key}：合规/不合规/无法判定/不适用 实际 {got}，期望 {want}"
