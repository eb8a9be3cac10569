"""`casereview rules show`: the effective pack, each parameter with the file it came from, rules with their origin."""
import json

from casereview.cli.main import main
from casereview.rules import OVERLAY_DIR

TEMPLATE = OVERLAY_DIR / "templates" / "city_catalogue.yaml"


def show(capsys, *args) -> tuple[int, str]:
    code = main(["rules", "show", *args])
    return code, capsys.readouterr().out


def test_standard_pack_values_come_from_the_pack_file(capsys):
    code, out = show(capsys)
    assert code == 0
    assert "  min_officers = 2  ← 三项制度.yaml" in out
    assert "  major.fine_individual = 10000  ← 三项制度.yaml" in out
    assert "规则（共 15 条，启用 15 条）" in out
    assert "  GS01  启用  公示  严重·否决  执法人员不少于两人且均持有效执法证件  ← 三项制度.yaml" in out
    assert "FS04  启用  审核·单位" in out


def test_police_overlay_values_are_attributed_to_it(capsys):
    _, out = show(capsys, "--overlay", "police")
    assert "  major.fine_individual = 2000  ← police.yaml" in out
    assert "  single_officer.procedures = 简易程序  ← police.yaml" in out
    assert "  deadlines.decide.calendar_days_by_subtype.治安案件 = 30  ← police.yaml" in out
    assert "  deadlines.decide.calendar_days = 90  ← 三项制度.yaml" in out
    assert "police.yaml（" not in out          # parameters only: no rule changed


def test_template_thresholds_and_rule_are_attributed_to_the_template(capsys):
    _, out = show(capsys, "--overlay", str(TEMPLATE))
    assert "  major.fine_individual = 5000  ← city_catalogue.yaml" in out
    assert "  major.fine_organisation = 50000  ← city_catalogue.yaml" in out
    assert "撤销许可证件" in out and "  min_reviewer_percent = 5  ← 三项制度.yaml" in out
    assert "  FS90  启用  审核  严重·扣10分  重大执法决定不得适用简易程序  ← city_catalogue.yaml（新增）" in out
    assert "规则（共 16 条，启用 16 条）" in out


def test_json_output_with_disabled_and_changed_rules(tmp_path, capsys):
    ov = tmp_path / "local.yaml"
    ov.write_text("pack: {id: local, extends: 三项制度}\nrules:\n  - {id: GS02, deduction: 3}\ndisable: [JL03]\n"
                  "grading:\n  grades: [{name: 合格, min: 60}, {name: 不合格, min: 0}]\n", encoding="utf-8")
    code, out = show(capsys, "--overlay", str(ov), "--json")
    assert code == 0
    view = json.loads(out)
    rules = {r["id"]: r for r in view["rules"]}
    assert rules["GS02"]["deduction"] == 3 and (rules["GS02"]["source"], rules["GS02"]["change"]) == ("local.yaml", "修改")
    assert rules["JL03"]["enabled"] is False and rules["JL03"]["disabled_by"] == "local.yaml"
    assert rules["GS01"]["source"] == "三项制度.yaml" and rules["GS01"]["change"] is None
    assert view["grading"]["source"] == "local.yaml" and view["pack"]["id"] == "三项制度+local"
    params = {p["name"]: p for p in view["parameters"]}
    assert params["min_officers"] == {"name": "min_officers", "value": 2, "source": "三项制度.yaml"}
    _, text = show(capsys, "--overlay", str(ov))
    assert "  JL03  停用  记录" in text and "← 三项制度.yaml；local.yaml 停用" in text
    assert "等级（← local.yaml）：起始 100 分，最低 0 分；合格 ≥ 60，不合格 ≥ 0" in text


def test_broken_pack_is_one_line_with_exit_code_3(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("pack: {id: x, title: y}\ngrading: {grades: [{name: 合格, min: 0}]}\nrules: [{id: x}]\n", encoding="utf-8")
    assert main(["rules", "show", str(bad)]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("规则包错误")
