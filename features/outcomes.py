"""Finding the row a check step talks about, and the words authors use for outcomes."""
from __future__ import annotations

from datetime import date

import pandas as pd

from casereview.features.tables import SpecError

OUTCOME_WORDS = {"合规": "pass", "不合规": "fail", "不适用": "na", "无法判定": "unknown",
                 "pass": "pass", "fail": "fail", "na": "na", "unknown": "unknown"}
OUTCOME_LABELS = {"pass": "合规", "fail": "不合规", "na": "不适用", "unknown": "无法判定"}


def outcome_of(word: str) -> str:
    key = word.strip().strip("“”\"。")
    if key.casefold() in OUTCOME_WORDS:
        return OUTCOME_WORDS[key.casefold()]
    raise SpecError(f"结论须是 合规/不合规/不适用/无法判定（或 pass/fail/na/unknown）：{word}")


def day_of(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise SpecError(f"日期须写作 YYYY-MM-DD：{text}") from None


def quoted(text: str) -> str:
    return text.strip().strip("“”\"")


def _only(values: list[str], what: str, hint: str) -> str:
    values = sorted(set(values))
    if len(values) != 1:
        raise SpecError(f"场景中有{len(values)}个{what}（{'、'.join(values) or '无'}），请写明{hint}")
    return values[0]


def single_case(world) -> str:
    return _only([c["case_id"] for c in world.cases], "案件", "“案件 编号 …”")


def finding(world, rule_id: str, *, case_id: str | None = None, unit_id: str | None = None) -> dict:
    """The one finding of rule_id for a case (case-level rule) or a unit (unit-level rule, e.g. FS04)."""
    res = world.result
    rule_id = rule_id.strip()
    case_rules = set(res.findings["rule_id"])
    unit_rules = set(res.unit_findings["rule_id"])
    if rule_id not in case_rules | unit_rules:
        known = "、".join(dict.fromkeys(list(res.findings["rule_id"]) + list(res.unit_findings["rule_id"])))
        raise SpecError(f"评查结果中没有规则“{rule_id}”（有：{known}）")
    if rule_id in unit_rules and case_id is None:
        f = res.unit_findings
        unit_id = unit_id or _only(list(f.loc[f["rule_id"] == rule_id, "unit_id"]), "单位", "“单位 编码 的 …”")
        rows = f[(f["rule_id"] == rule_id) & (f["unit_id"] == unit_id)]
        where = f"单位 {unit_id}"
    else:
        if unit_id is not None:
            raise SpecError(f"{rule_id} 是案件级规则，请写“案件 编号 的 {rule_id} 结论为…”")
        case_id = case_id or single_case(world)
        f = res.findings
        rows = f[(f["rule_id"] == rule_id) & (f["case_id"] == case_id)]
        where = f"案件 {case_id}"
    if len(rows) != 1:
        raise SpecError(f"{where} 的 {rule_id} 有 {len(rows)} 条结论（应为1条）")
    row = rows.iloc[0].to_dict()
    row["_where"] = where
    return row


def check_outcome(world, row: dict, expected: str) -> None:
    __tracebackhide__ = True
    got = row["outcome"]
    assert got == expected, (f"{row['_where']} 的 {row['rule_id']}：期望{OUTCOME_LABELS[expected]}，"
                             f"实际{OUTCOME_LABELS.get(got, got)}（说明：{row['reason']}）")
    world.last = row
    world.record(row["rule_id"], expected)


def case_row(world, case_id: str | None) -> pd.Series:
    case_id = case_id or single_case(world)
    c = world.result.cases
    rows = c[c["case_id"] == case_id]
    if len(rows) != 1:
        raise SpecError(f"评查结果中没有案件 {case_id}")
    return rows.iloc[0]
