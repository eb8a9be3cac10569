"""The JSON Schema of packs and overlays (`casereview rules schema`): what an editor checks while YAML is typed."""
from __future__ import annotations

import copy

from casereview.engine.model.rule import Pack

SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema"
_DESCRIPTIONS = {
    "Pack": ("规则包：规则编号稳定，参数可由叠加包覆盖", {
        "pack": "规则包信息", "systems": "制度（体系）名称，规则的 system 须取其一", "parameters": "参数：期限、金额线、类型清单等",
        "facts": "规则包声明的事实：条件中读作其表达式，说明和证据中显示其值",
        "grading": "计分与等级", "rules": "规则列表：每条是一张“首条命中”的判定表"}),
    "PackInfo": ("规则包信息", {"id": "规则包编号", "title": "规则包名称", "version": "版本",
                            "extends": "叠加包所叠加的规则包编号（只用于叠加包）"}),
    "Parameters": ("参数（叠加包可逐项覆盖；列表整体替换）", {
        "min_officers": "执法人员最少人数", "auxiliary_roles": "不计入执法人数的人员类别（辅助人员）",
        "single_officer": "可由一名执法人员办理的例外", "av_mandatory_act_types": "须全程音像记录的执法活动类型",
        "recording_gap_seconds": "音像记录允许的间隙（秒）", "dispute_act_types": "容易引发争议、须音像记录的执法活动类型",
        "required_phases": "须有文书的环节", "document_phases": "环节 → 文书名称，用于补全文书所属环节",
        "reviewer_roles": "法制审核人员的人员类别", "staff_roles": "计入执法人员总数的人员类别",
        "min_reviewer_percent": "法制审核人员占执法人员总数的最低百分比", "major": "重大执法决定法制审核目录清单",
        "publish_short_types": "7个工作日内公示的执法类别", "deadlines": "期限：名称 → 期限定义；每个期限生成 <名称>_due/_status 等事实"}),
    "DeclaredParameter": ("规则包自己声明的参数（写在 parameters 下：名称: {type, label, value}），条件中写 $名称", {
        "type": "类型：number 数值、integer 整数、date 日期、text 文本、list 文本列表", "label": "参数含义（中文）",
        "value": "参数值，须符合 type"}),
    "NamedFact": ("规则包声明的事实：条件中写其名称即读作其表达式（不能用于说明和证据）", {
        "name": "名称（小写英文、数字、下划线），不得与内置事实、函数同名", "type": "类型：bool 条件，number/date/text 为事实或函数",
        "meaning": "含义（中文）", "expr": "表达式（条件语言）：bool 为条件，其他类型为一个事实或函数调用"}),
    "SingleOfficer": ("一名执法人员即可的例外", {"procedures": "适用的程序类型", "act_types": "适用的执法活动类型",
                                         "require_full_recording": "例外须有全程音像记录"}),
    "MajorCatalogue": ("重大执法决定法制审核目录清单", {
        "flags": "案件表中标志重大的真假值列", "decision_types": "属于重大的处理决定类型",
        "fine_individual": "个人罚款金额线（元，达到即重大）", "fine_organisation": "单位罚款金额线（元，达到即重大）"}),
    "Deadline": ("期限：自 from 日期起，以 done 日期完成；working_days 与 calendar_days 须且只能给出其一", {
        "label": "期限名称（中文，用于说明）", "from": "起算日期（案件表日期列）", "done": "完成日期（案件表日期列）",
        "working_days": "工作日数", "calendar_days": "自然日数", "plus_days_from": "另加天数所在的案件表数值列，如 extension_days",
        "calendar_days_by_subtype": "按案件细类另定的自然日数"}),
    "Grading": ("计分与等级", {"start": "起始分（分项计分时须等于各分项分值之和）", "floor": "最低分",
                           "grades": "等级表：按分数线从高到低，最低一档不高于最低分",
                           "sections": "分项（如卷面 20、内容 80）：各自扣分、扣至 0 为止，不影响其他分项；不设则整体计分"}),
    "Section": ("一个分项：本分项规则的扣分只从本分项的分值中扣除，扣完为 0", {
        "id": "分项编号，规则的 section 须取其一", "title": "分项名称（中文）", "points": "分项分值"}),
    "Grade": ("一个等级", {"name": "等级名称", "min": "分数线（含）"}),
    "Rule": ("一条规则", {
        "id": "规则编号，如 GS01（两个大写字母+两位数字）", "system": "所属制度，须在 systems 中", "title": "规则名称",
        "basis": "依据（法条原文）", "level": "case 按案件评查；unit 按单位评查", "severity": "严重程度",
        "deduction": "不合规时的扣分（每案每条规则至多扣一次）",
        "section": "所属分项（grading.sections 的编号）；设了分项时每条案件级规则都须注明", "veto": "否决项：不合规即不合格（不再设扣分）", "applies": "适用条件，不满足即“不适用”",
        "not_applicable": "不适用时的说明", "checks": "判定表：自上而下，首条成立者决定结论", "otherwise": "都不成立时的结论",
        "evidence": "结论中列出的事实", "value": "单位级规则：单位结果中 value 列显示的事实", "enabled": "是否启用",
        "due": "本规则评查的、有期限的义务：尚未履行时列入预警清单（见 Due）"}),
    "Due": ("规则评查的、有期限的义务（预警）：deadline 与 before 二选一", {
        "deadline": "本规则执行的期限（parameters.deadlines 中的名称），如 publish_short",
        "before": "义务须在其之前完成的案件日期，如 FS01 的 decision_date（决定前须经法制审核）"}),
    "Check": ("判定表的一行", {"when": "条件（见 engine/model/expr.py 的条件语言）", "outcome": "结论：pass 合规、fail 不合规、na 不适用、unknown 无法判定",
                           "reason": "说明，可引用 {事实} 与 {$参数}"}),
    "Otherwise": ("都不成立时的结论", {"outcome": "结论，默认 pass", "reason": "说明，可引用 {事实} 与 {$参数}"}),
}


def pack_schema() -> dict:
    """JSON Schema for packs and overlays (an overlay is a file whose pack.extends is set)."""
    pack = Pack.model_json_schema()
    defs = pack.pop("$defs")
    defs["Pack"] = pack
    for name, (text, props) in _DESCRIPTIONS.items():
        defs[name]["description"] = text
        defs[name].pop("title", None)
        for key, desc in props.items():
            defs[name]["properties"][key]["description"] = desc
    defs["Parameters"]["properties"].pop("declared")
    defs["Parameters"]["additionalProperties"] = {"$ref": "#/$defs/DeclaredParameter"}
    defs["Rule"]["if"] = {"properties": {"veto": {"const": True}}, "required": ["veto"]}
    defs["Rule"]["then"] = {"properties": {"deduction": {"const": 0}}}
    partial = copy.deepcopy(defs["Deadline"])
    partial.pop("required")
    defs["Deadline"]["oneOf"] = [{"required": ["working_days"]}, {"required": ["calendar_days"]}]
    params = copy.deepcopy(defs["Parameters"])
    params["properties"]["deadlines"]["additionalProperties"] = {"$ref": "#/$defs/OverlayDeadline"}
    rule = copy.deepcopy(defs["Rule"])
    rule["required"], rule["description"] = ["id"], ("新增规则（须完整）、按编号调整已有规则的若干项（不含 applies、checks、"
                                                     "otherwise、level），或写 replaces 整条替换已有规则（须完整）")
    rule["properties"]["replaces"] = {"type": "string", "description": "整条替换的已有规则编号，须与 id 相同"}
    info = copy.deepcopy(defs["PackInfo"])
    info["required"] = ["extends"]
    defs.update(OverlayDeadline=partial, OverlayParameters=params, OverlayRule=rule, OverlayPackInfo=info)
    defs["Overlay"] = {
        "description": "叠加包：覆盖或声明参数、声明事实、新增或修改规则、停用规则；须在 pack.extends 写明所叠加的规则包",
        "type": "object", "additionalProperties": False, "required": ["pack"],
        "properties": {
            "pack": {"$ref": "#/$defs/OverlayPackInfo"},
            "parameters": {"$ref": "#/$defs/OverlayParameters", "description": "要覆盖的参数（映射逐项合并，列表整体替换）"},
            "facts": {"type": "array", "items": {"$ref": "#/$defs/NamedFact"}, "description": "新增声明的事实"},
            "grading": {"$ref": "#/$defs/Grading", "description": "整体替换等级表"},
            "rules": {"type": "array", "items": {"$ref": "#/$defs/OverlayRule"},
                      "description": "编号已有的规则逐项调整（或以 replaces 整条替换），编号没有的规则新增"},
            "disable": {"type": "array", "items": {"type": "string"}, "description": "停用的规则编号"},
        }}
    return {"$schema": SCHEMA_URI, "title": "案卷评查规则包与叠加包",
            "description": "由 engine/model/rule.py 生成（casereview rules schema），请勿手改",
            "if": {"required": ["pack"], "properties": {"pack": {"type": "object", "required": ["extends"]}}},
            "then": {"$ref": "#/$defs/Overlay"}, "else": {"$ref": "#/$defs/Pack"},
            "$defs": dict(sorted(defs.items()))}
