"""engine.lint: each kind of mistake is found with file, line, rule id and a did-you-mean; clean packs are clean."""
from pathlib import Path

import pytest

from casereview.engine.model.pack import Problem, lint_pack
from casereview.engine.model.pack_checks import KNOWN_ACT_TYPES
from casereview.rules import OVERLAY_DIR, STANDARD_PACK

TEMPLATE = OVERLAY_DIR / "templates" / "city_catalogue.yaml"
TEXT = STANDARD_PACK.read_text(encoding="utf-8")


def write(tmp_path: Path, text: str, name: str = "bad.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def mutate(tmp_path: Path, old: str, new: str) -> Path:
    assert TEXT.count(old) == 1, old
    return write(tmp_path, TEXT.replace(old, new))


def line_of(path: Path, fragment: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if fragment in line)


@pytest.mark.parametrize("overlays", [[], ["police"], [str(TEMPLATE)], ["police", str(TEMPLATE)]])
def test_bundled_packs_are_clean(overlays):
    assert lint_pack(STANDARD_PACK, overlays) == []


# (kind, old text, new text, line fragment, rule id, message fragment, suggestion)
MISTAKES = [
    ("unknown fact in a condition", "and has_decision\n    not_applicable: 非行政许可", "and has_decison\n    not_applicable: 非行政许可",
     "has_decison", "GS03", "未知事实“has_decison”", "has_decision"),
    ("unknown fact in a reason", "reason: 执法活动 {cert_detail} 未出示执法证件", "reason: 执法活动 {cert_detial} 未出示执法证件",
     "cert_detial", "GS02", "说明中引用了未知事实“cert_detial”", "cert_detail"),
    ("unknown fact in evidence", "evidence: [act_count, cert_detail]", "evidence: [act_count, cert_detial]",
     "cert_detial", "GS02", "证据中的未知事实“cert_detial”", "cert_detail"),
    ("unknown parameter in a condition", "$publish_short_types and has_decision\n    not_applicable: 非行政许可",
     "$publish_short_type and has_decision\n    not_applicable: 非行政许可",
     "$publish_short_type and", "GS03", "未知参数“$publish_short_type”", "publish_short_types"),
    ("unknown parameter in a reason", "{$recording_gap_seconds}", "{$recording_gap}",
     "{$recording_gap}", "JL02", "未知参数“$recording_gap”", "recording_gap_seconds"),
    ("unknown fact as a unit rule's value", "    value: reviewer_percent", "    value: reviewer_percnt",
     "reviewer_percnt", "FS04", "value 中的未知事实“reviewer_percnt”", "reviewer_percent"),
    ("number fact compared with text", "when: act_count == 0", "when: act_count == '零'",
     "act_count == '零'", "GS01", "act_count 是数值，不能与“零”比较", None),
    ("text fact ordered", "when: last_review_conclusion != '同意'", "when: last_review_conclusion > '同意'",
     "last_review_conclusion > '同意'", "FS02", "不能用“>”比较", None),
    ("unknown system", "    system: 审核\n    title: 法制审核人员具备资格", "    system: 审查\n    title: 法制审核人员具备资格",
     "system: 审查", "FS03", "体系“审查”不在 systems", "审核"),
    ("unknown act type", "av_mandatory_act_types: [查封, 扣押, 强制拆除, 强制执行]",
     "av_mandatory_act_types: [查封, 扣压, 强制拆除, 强制执行]", "av_mandatory_act_types", None, "未知的执法活动类型“扣压”", "扣押"),
    ("unknown case type in a parameter", "publish_short_types: [行政许可, 行政处罚]", "publish_short_types: [行政许可, 行政处理]",
     "publish_short_types", None, "未知的执法类别“行政处理”", "行政处罚"),
    ("unknown case type in a condition", "applies: case_type == '行政处罚' and is_published",
     "applies: case_type == '行政处理' and is_published", "行政处理", "GS05", "未知的执法类别“行政处理”", "行政处罚"),
    ("unknown procedure in a condition", "procedure == '简易程序' and notified_date > decision_date",
     "procedure == '简易' and notified_date > decision_date",
     "'简易' and", "CX02", "未知的程序类型“简易”", "简易程序"),
    ("duplicate rule id", "  - id: CX03\n", "  - id: CX01   # 重复\n", "# 重复", "CX01", "规则编号重复：CX01", None),
    ("deduction on a veto rule", "    veto: true\n    evidence: [act_count", "    veto: true\n    deduction: 3\n    evidence: [act_count",
     "deduction: 3", "GS01", "否决项（veto）不应再设扣分", None),
    ("grades out of order", "    - {name: 良好, min: 80}\n    - {name: 合格, min: 60}",
     "    - {name: 合格, min: 60}\n    - {name: 良好, min: 80}", "{name: 良好, min: 80}", None, "等级须按分数线从高到低排列", None),
    ("grade table with a gap", "{name: 不合格, min: 0}", "{name: 不合格, min: 30}", "不合格", None, "等级表有空档", None),
    ("unknown key in a rule", "    deduction: 15\n", "    deduktion: 15\n", "deduktion", "JL02", "未知的键“deduktion”", "deduction"),
    ("unknown key in a check", "      - when: reviews_before_decision == 0\n        outcome: fail",
     "      - when: reviews_before_decision == 0\n        outcom: fail", "outcom: fail", "FS01", "未知的键“outcom”", "outcome"),
    ("unknown parameter key", "  min_officers: 2", "  min_officer: 2", "min_officer: 2", None, "未知的键“min_officer”", "min_officers"),
    ("unknown key in a deadline", "serve: {label: 送达, from:", "serve: {label: 送达, form:", "serve:", None, "未知的键“form”", "from"),
    ("unknown top-level key", "systems: [公示", "system: [公示", "system: [公示", None, "未知的键“system”", "systems"),
    ("deadline naming an unknown column", "done: served_date", "done: serve_date", "serve:", None,
     "期限 serve 的 done 指向未知的案件表日期列“serve_date”", "served_date"),
    ("deadline adding an unknown number column", "plus_days_from: extension_days", "plus_days_from: extension",
     "decide:", None, "未知的案件表数值列“extension”", "extension_days"),
    ("bad outcome", "        outcome: unknown\n        reason: 案卷中没有执法活动记录", "        outcome: unkown\n        reason: 案卷中没有执法活动记录",
     "outcome: unkown", "GS01", "取值“unkown”无效", "unknown"),
    ("missing required field", "    title: 执法时出示执法证件\n", "", "- id: GS02", "GS02", "缺少必填项 title", None),
    ("key written twice", "    deduction: 5\n    applies: act_count > 0", "    deduction: 5\n    deduction: 6\n    applies: act_count > 0",
     "deduction: 6", None, "键“deduction”重复出现", None),
]


@pytest.mark.parametrize("kind, old, new, fragment, rule_id, message, suggestion", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_each_mistake_is_reported_once_with_file_line_rule_and_suggestion(
        tmp_path, kind, old, new, fragment, rule_id, message, suggestion):
    path = mutate(tmp_path, old, new)
    problems = lint_pack(path)
    assert len(problems) == 1, problems
    p = problems[0]
    assert (p.file, p.line, p.rule_id) == (str(path), line_of(path, fragment), rule_id), str(p)
    assert message in p.message and p.suggestion == suggestion, str(p)


def test_every_mistake_at_once(tmp_path):
    # a condition stops at its first mistake, a broken deadline hides its column: leave those two out
    skip = {"unknown parameter in a condition", "unknown key in a deadline"}
    text, applied = TEXT, []
    for kind, old, new, _, rule_id, message, _ in MISTAKES:
        if kind not in skip and text.count(old) == 1:
            text = text.replace(old, new)
            applied.append((rule_id, message))
    assert len(applied) > 20
    problems = lint_pack(write(tmp_path, text))
    assert len(problems) == len(applied)
    for rule_id, message in applied:
        assert any(p.rule_id == rule_id and message in p.message for p in problems), message
    assert [p.line for p in problems] == sorted(p.line for p in problems)


def test_yaml_syntax_error_has_line_and_chinese_hint(tmp_path):
    path = mutate(tmp_path, "  - id: GS02\n", "  - id: GS02\n   x: [\n")
    [p] = lint_pack(path)
    assert p.line == line_of(path, "x: [") and p.message.startswith("YAML 格式错误") and "缩进" in p.message


def test_a_broken_overlay_does_not_hide_the_others(tmp_path):
    broken = write(tmp_path, "pack: {id: x, extends: 三项制度\n", "broken.yaml")
    problems = lint_pack(STANDARD_PACK, [broken, "police", "nosuch"])
    assert [p.file for p in problems] == ["nosuch", str(broken)]
    assert "找不到叠加包“nosuch”" in problems[0].message and "YAML" in problems[1].message


def test_overlay_mistakes_point_into_the_overlay(tmp_path):
    ov = write(tmp_path, "\n".join([
        "pack: {id: x, title: 本地, extends: 三项制度}",
        "disable: [JL04, GS01]",
        "paramters: {min_officers: 3}",
        "parameters:",
        "  dispute_act_types: [现场检查, 听证会]",
        "rules:",
        "  - id: GS02",
        "    deducton: 3",
        "  - id: XX90",
        "    system: 公示",
        "    title: 新规则",
        "    basis: 依据",
        "    applies: has_decison",
        "    otherwise: {reason: 合规}",
    ]) + "\n", "local.yaml")
    got = {(p.file, p.line, p.rule_id, p.suggestion) for p in lint_pack(STANDARD_PACK, [ov])}
    f = str(ov)
    assert got == {(f, 2, "JL04", "JL03"), (f, 2, "GS01", None), (f, 3, None, "parameters"), (f, 5, None, "听证"),
                   (f, 8, "GS02", "deduction"), (f, 13, "XX90", "has_decision")}


def test_overlay_must_name_the_pack_it_extends(tmp_path):
    missing = write(tmp_path, "pack: {id: x}\n", "a.yaml")
    other = write(tmp_path, "pack: {id: x, extends: 其他包}\n", "b.yaml")
    assert "pack.extends" in lint_pack(STANDARD_PACK, [missing])[0].message
    [p] = lint_pack(STANDARD_PACK, [other])
    assert "叠加于“其他包”" in p.message and p.suggestion == "三项制度"


def test_a_rule_changed_by_an_overlay_is_located_where_the_value_was_written(tmp_path):
    ov = write(tmp_path, "pack: {id: x, extends: 三项制度}\nrules:\n  - id: GS03\n    evidence: [has_decison]\n", "o.yaml")
    [p] = lint_pack(STANDARD_PACK, [ov])
    assert (p.file, p.line, p.rule_id) == (str(ov), 4, "GS03")
    missing = write(tmp_path, TEXT.replace("    title: 执法时出示执法证件\n", ""), "base.yaml")
    got = [(p.file, p.rule_id) for p in lint_pack(missing, [ov])]   # GS02 wrong in base, GS03 in overlay
    assert got == [(str(missing), "GS02"), (str(ov), "GS03")]


def test_known_act_types_cover_the_bundled_overlays():
    assert {"现场检查", "接受证据", "信息采集", "送达", "当场处罚"} <= set(KNOWN_ACT_TYPES)


def test_problem_reads_as_one_chinese_line():
    p = Problem("a.yaml", 7, "GS03", "未知事实“x”", "y")
    assert str(p) == "a.yaml:7 规则 GS03：未知事实“x”；是否想写“y”？"
    assert str(Problem("a.yaml", None, None, "无法读取")) == "a.yaml：无法读取"
