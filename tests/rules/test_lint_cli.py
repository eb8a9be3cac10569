"""`casereview rules lint`: the ten seeded mistakes all at once, with file and line; bundled packs are clean."""
import json
from pathlib import Path

import pytest

from casereview.cli.main import build_parser, main
from casereview.rules import OVERLAY_DIR

TEN = Path(__file__).parent / "data" / "ten_mistakes.yaml"
TEMPLATE = OVERLAY_DIR / "templates" / "city_catalogue.yaml"

# (rule id or None for a parameter, the rule's first line or None, text on the mistaken line, message fragment)
SEEDED = [
    (None, None, "dispute_act_types: [现场检察", "未知的执法活动类型“现场检察”；是否想写“现场检查”？"),
    ("GS01", "- id: GS01", "{$min_officer}", "未知参数“$min_officer”；是否想写“min_officers”？"),
    ("GS02", "- id: GS02", "deduction: 五分", "deduction：须为数值，实为“五分”"),
    ("GS03", "- id: GS03", "deducton: 10", "未知的键“deducton”；是否想写“deduction”？"),
    ("GS04", "- id: GS04", "has_decison", "未知事实“has_decison”；是否想写“has_decision”？"),
    ("JL02", "- id: JL02", "av_uncovered_count > '零'", "av_uncovered_count 是数值，不能与“零”比较"),
    ("JL03", "- id: JL03", "- id: JL03", "缺少必填项 basis"),
    ("FS01", "- id: FS01", "severity: 严格", "取值“严格”无效，须为 严重、一般、建议 之一；是否想写“严重”？"),
    ("CX02", "- id: CX02", "deduction: 5", "否决项（veto）不应再设扣分（deduction）"),
    ("CX03", "- id: CX03", "outcome: failed", "取值“failed”无效，须为 pass、fail、na、unknown 之一；是否想写“fail”？"),
]


def seeded_line(start: str | None, fragment: str) -> int:
    lines = TEN.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if start in line) if start else 0
    return next(i for i, line in enumerate(lines[first:], first + 1) if fragment in line)


def test_lint_reports_all_ten_seeded_mistakes_with_file_and_line(capsys):
    assert main(["rules", "lint", str(TEN)]) == 3
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == f"共发现 10 个问题：{TEN}"
    problems = out[:-1]
    assert len(problems) == 10
    for (rule_id, start, fragment, message), text in zip(SEEDED, problems):
        where = f"{TEN}:{seeded_line(start, fragment)}"
        assert text.startswith(where + (f" 规则 {rule_id}：" if rule_id else "：")), (text, where)
        assert text.endswith(message), text


def test_lint_json_lists_the_same_problems(capsys):
    assert main(["rules", "lint", str(TEN), "--json"]) == 3
    data = json.loads(capsys.readouterr().out)
    assert [p["rule_id"] for p in data] == [s[0] for s in SEEDED]
    assert all(p["file"] == str(TEN) and p["line"] for p in data)


@pytest.mark.parametrize("args", [[], ["三项制度", "--overlay", "police"], ["--overlay", str(TEMPLATE)]])
def test_bundled_packs_are_clean(capsys, args):
    assert main(["rules", "lint", *args]) == 0
    assert capsys.readouterr().out.startswith("未发现问题")


def test_yaml_syntax_error_is_one_line_not_a_traceback(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("pack: {id: x\nrules: []\n", encoding="utf-8")
    assert main(["rules", "lint", str(bad)]) == 3
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(f"{bad}:") and "YAML 格式错误" in first


def test_every_rules_command_has_chinese_help():
    parser = build_parser()
    rules = parser._subparsers._group_actions[0].choices["rules"]
    commands = rules._subparsers._group_actions[0]
    helps = {a.dest: a.help for a in commands._choices_actions}
    for name in ("lint", "show", "schema"):
        assert helps.get(name) and any("\u4e00" <= ch <= "\u9fff" for ch in helps[name]), name
