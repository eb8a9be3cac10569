"""The input and output contract (docs/format.md): the template filled with the tables' and outputs' columns."""
from __future__ import annotations

from casereview.engine.model.schema import BOOL, DATE, DATETIME, ENUM, INT, LIST, NUMBER, TABLES, TEXT, Column
from casereview.casefiles.tables import AFTER_AS_OF_COLUMNS, REJECT_COLUMNS
from casereview.engine.run.aggregate import UNIT_COLUMNS, UNIT_SCORE_COLUMNS, UNIT_SCORES_CSV
from casereview.reports.docs.rules import TEMPLATES, fill
from casereview.engine.model.rule import OUTCOME_LABELS, OUTCOMES
from casereview.engine.model.render import FINDING_COLUMNS, UNIT_FINDING_COLUMNS
from casereview.engine.run.scoring import CASE_COLUMNS

_KINDS = {TEXT: "文本", DATE: "日期", DATETIME: "日期时间", BOOL: "是否", NUMBER: "数值", INT: "整数",
          LIST: "列表", ENUM: "取值集合"}

# What a column means, where the name alone does not say it (input columns by table.column).
INPUT_NOTES = {
    "cases.case_id": "唯一", "cases.unit_id": "对应单位表", "cases.case_subtype": "如 治安案件、道路交通",
    "cases.procedure": "为空按普通程序", "cases.party_name": "个人信息：对外报告中脱敏",
    "cases.filed_date": "受案 / 立案", "cases.notified_date": "处罚前告知（陈述、申辩、听证权利）",
    "cases.decision_date": "为空表示尚未作出决定",
    "cases.decision_types": "警告、罚款、没收违法所得、吊销许可证件、责令停产停业、行政拘留、准予许可……",
    "cases.fine_amount": "元", "cases.major_flag": "来源系统的重大执法决定标记",
    "cases.extension_days": "经批准延长的办案天数", "cases.publish_exempt_reason": "不为空表示依法不予公开",
    "cases.revoked_date": "决定后来被变更、撤销、确认违法或无效的日期", "cases.handler_ids": "人员编号列表",
    "acts.act_id": "唯一",
    "acts.act_type": "现场检查、调查取证、询问、勘验、查封、扣押、先行登记保存、强制拆除、强制执行、听证、送达、"
                     "留置送达、公告送达、当场处罚、接报案、受案登记、调解……",
    "acts.start_time": "只有日期时，依赖时刻的检查为“无法判定”",
    "acts.officer_ids": "在场的全部人员编号，含执法辅助人员",
    "recordings.act_id": "为空时算作本案与其时间重叠的每项活动",
    "reviews.reviewer_id": "人员编号",
    "documents.doc_type": "如 立案审批表、询问笔录、行政处罚事先告知书、法制审核意见书、行政处罚决定书、送达回证",
    "documents.phase": "为空时按文书名称查规则包的对照表",
    "officers.officer_id": "唯一", "officers.certificate_no": "为空表示没有执法证件",
    "officers.certificate_valid_from": "为空表示该端不限", "officers.certificate_valid_to": "为空表示该端不限",
    "units.unit_id": "唯一", "units.enforcement_staff": "为空时按人员表统计",
    "units.legal_reviewers": "为空时按人员表统计",
    "units.field": "如 公安、市场监管：按领域选用规则包（`--packs`、`--overlay-for`，见 docs/rules.md）；缺少此列不提示",
}

OUTPUT_NOTES = {
    "case_id": "案件编号", "unit_id": "单位编码", "unit_name": "单位名称", "rule_id": "规则编号",
    "system": "制度：公示 记录 审核 程序", "outcome": "结论代码（见下）", "severity": "严重 一般 建议",
    "deduction": "不合规时扣的分", "reason": "结论的理由（写明读到的值、期限）", "evidence": "判定所读事实的值",
    "basis": "法律依据", "title": "规则名称", "veto": "是否否决项", "value": "单位级规则的数值（如法制审核人员占比）",
    "case_type": "执法类别", "score": "得分", "grade": "等级", "vetoed": "是否因否决项得 0 分",
    "failed_rules": "不合规的规则编号", "unknown_rules": "无法判定的规则编号", "needs_check": "待核实（有无法判定）",
    "deductions": "扣分合计", "handler_ids": "承办人", "level": "rule（规则）、system（制度）或 all（全部）",
    "pass": "合规数", "fail": "不合规数", "unknown": "无法判定数", "na": "不适用数",
    "rate": "合规率 pass ÷ (pass + fail)，两者都为 0 时为空",
    "table": "表", "row": "行号（工作表/CSV 的行，JSON Lines 的行，Parquet 与数据库的记录序号）",
    "record_id": "记录编号", "column": "列", "error": "原因（中文）",
    "scope": "record（整条记录被拒收）或 value（只拒收该取值）",
    # a column that means something else in one file: "<file>:<column>"
    "after_as_of.csv:column": "据以判断的日期列（子记录随所属案件时为 case_id）",
    "after_as_of.csv:value": "该日期（或所属案件编号）",
    "cases.csv:deductions": "扣分合计（规则包设了分项时，其后每个分项一列 `score_<分项编号>`：该分项所余分值，否决时为 0）",
    "unit_scores.csv:rank": "排名（见 rules.md“分项计分”的排名规则；没有已评查案卷的单位为空）",
    "unit_scores.csv:cases": "已评查案卷数", "unit_scores.csv:vetoed": "否决案卷数",
    "unit_scores.csv:score": "单位得分：已评查案卷得分的平均值，保留两位小数；没有已评查案卷时为空（报告中显示“—”）",
    "after_as_of.csv:reason": "说明（中文），如“立案日期 2025-07-03 晚于评查日 2025-06-30，不在本次评查范围”",
}

OUTPUTS = (("findings.csv", FINDING_COLUMNS), ("cases.csv", CASE_COLUMNS),
           ("unit_findings.csv", UNIT_FINDING_COLUMNS), ("units.csv", UNIT_COLUMNS), ("rejects.csv", REJECT_COLUMNS),
           ("after_as_of.csv", AFTER_AS_OF_COLUMNS), (UNIT_SCORES_CSV, UNIT_SCORE_COLUMNS))


def _type(c: Column) -> str:
    text = _KINDS[c.kind]
    if c.choices:
        text += "：" + " ".join(c.choices)
    if c.minimum is not None:
        text += f"，≥ {c.minimum:g}"
    return text


def tables_md() -> str:
    parts = []
    for t in TABLES.values():
        head = f"### {t.name} · {t.label}" + ("（必需）" if t.name == "cases" else "")
        rows = ["| 列 | 中文列名 | 类型 | 必填 | 说明 |", "|---|---|---|---|---|"]
        rows += [f"| `{c.name}` | {c.label} | {_type(c)} | {'是' if c.required else ''} | "
                 f"{INPUT_NOTES.get(f'{t.name}.{c.name}', '')} |" for c in t.columns]
        parts.append(head + "\n\n" + "\n".join(rows))
    return "\n\n".join(parts)


def outputs_md() -> str:
    parts = []
    for name, columns in OUTPUTS:
        rows = ["| 列 | 含义 |", "|---|---|"] + [f"| `{c}` | {OUTPUT_NOTES.get(f'{name}:{c}', OUTPUT_NOTES.get(c, ''))} |"
                                                 for c in columns]
        parts.append(f"### {name}\n\n" + "\n".join(rows))
    return "\n\n".join(parts)


def outcomes_md() -> str:
    return "\n".join(f"- `{o}`：{OUTCOME_LABELS[o]}" for o in OUTCOMES)


def format_md() -> str:
    blocks = {"tables": tables_md(), "outputs": outputs_md(), "outcomes": outcomes_md()}
    return fill((TEMPLATES / "format.md.tmpl").read_text(encoding="utf-8"), blocks)
