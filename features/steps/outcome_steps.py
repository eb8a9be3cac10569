"""Steps checking a rule's outcome and the reason a reviewer reads."""
from __future__ import annotations

from casereview.features.outcomes import check_outcome, finding, outcome_of, quoted
from casereview.features.registry import StepGroup
from casereview.features.tables import SpecError

steps = StepGroup("规则结论")


@steps.then("{rule} 的结论为{outcome}")
def _outcome(world, rule, outcome):
    """检查唯一一件案件（或唯一一个单位，对 FS04 这类单位级规则）某条规则的结论。

    结论写 合规/不合规/不适用/无法判定，也可写 pass/fail/na/unknown。
    规则覆盖表按这一步（及下面几步）统计每条规则各结论的场景数。

        那么 GS03 的结论为不合规
    """
    __tracebackhide__ = True
    check_outcome(world, finding(world, rule), outcome_of(outcome))


@steps.then("案件 {case} 的 {rule} 结论为{outcome}")
def _case_outcome(world, case, rule, outcome):
    """有多件案件时，检查指定案件某条规则的结论。

        那么 案件 C2 的 JL01 结论为不合规
    """
    __tracebackhide__ = True
    check_outcome(world, finding(world, rule, case_id=case.strip()), outcome_of(outcome))


@steps.then("单位 {unit} 的 {rule} 结论为{outcome}")
def _unit_outcome(world, unit, rule, outcome):
    """检查指定单位的单位级规则（如 FS04）的结论。

        那么 单位 U9 的 FS04 结论为不合规
    """
    __tracebackhide__ = True
    check_outcome(world, finding(world, rule, unit_id=unit.strip()), outcome_of(outcome))


@steps.then("说明包含“{text}”")
def _reason_has(world, text):
    """上一步所查结论的说明（给评查人员看的理由）包含这段文字。

        而且 说明包含“晚于期限 2024-10-15（决定后第7个工作日）”
    """
    __tracebackhide__ = True
    row = _last(world)
    assert text in row["reason"], f"{row['_where']} 的 {row['rule_id']} 说明不含“{text}”：{row['reason']}"


@steps.then("说明不包含“{text}”")
def _reason_lacks(world, text):
    """上一步所查结论的说明不包含这段文字。

        而且 说明不包含“X9”
    """
    __tracebackhide__ = True
    row = _last(world)
    assert text not in row["reason"], f"{row['_where']} 的 {row['rule_id']} 说明含有“{text}”：{row['reason']}"


@steps.then("各规则结论为：")
def _outcomes(world, datatable):
    """一次检查多条规则：表头为 规则 | 结论，可加 说明包含、案件编号 两列。

        那么 各规则结论为：
          | 规则 | 结论   | 说明包含 |
          | GS03 | 合规   |          |
          | CX03 | 不合规 | 仍未送达 |
    """
    __tracebackhide__ = True
    header = [h.strip() for h in datatable[0]]
    unknown = set(header) - {"规则", "结论", "说明包含", "案件编号"}
    if unknown or not {"规则", "结论"} <= set(header):
        raise SpecError(f"表头须为 规则 | 结论 [| 说明包含] [| 案件编号]，实际：{' | '.join(header)}")
    for cells in datatable[1:]:
        r = dict(zip(header, (c.strip() for c in cells)))
        row = finding(world, r["规则"], case_id=r.get("案件编号") or None)
        check_outcome(world, row, outcome_of(r["结论"]))
        text = quoted(r.get("说明包含", ""))
        assert text in row["reason"], f"{row['_where']} 的 {row['rule_id']} 说明不含“{text}”：{row['reason']}"


def _last(world) -> dict:
    if world.last is None:
        raise SpecError("“说明包含”要跟在检查结论的步骤之后")
    return world.last
