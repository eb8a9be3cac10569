"""Specs that survive local parameters: shipped scenarios a local overlay invalidates are skipped (参数已改),
an office's own feature folder runs beside the shipped one, coverage counts the tested pack's rules only."""
from pathlib import Path

import yaml
from gherkin.parser import Parser

from casereview.cli.main import main
from casereview.engine.model.pack import load_pack
from casereview.features.params import Change, leaves, parameter_changes, rule_params, stale_reason, touches
from casereview.rules import STANDARD_PACK

FEATURES = Path(__file__).resolve().parents[2] / "features"
# 本市: publication of 行政许可/行政处罚 decisions within 5 working days instead of 7
CITY_OVERLAY = """pack: {id: 本市, title: 本市参数, version: "1", extends: 三项制度}
parameters:
  deadlines:
    publish_short: {working_days: 5}
"""
# worked by hand: decided Mon 2024-09-30; 10-01..10-07 national holiday; working days after it:
# 10-08 (1), 10-09 (2), 10-10 (3), 10-11 (4), Sat 10-12 (5, an adjusted working day); Mon 10-14 is the 6th
CITY_GS03 = """# language: zh-CN
@GS03 @公示
功能: GS03 本市：行政许可、行政处罚决定5个工作日内公示
  依据：本市规定。

  背景:
    假如 评查日为 2025-12-31

  场景: 第5个工作日（调休上班的周六）公示
    假如 有以下案件：
      | 执法类别 | 决定日期   | 公示日期   |
      | 行政处罚 | 2024-09-30 | 2024-10-12 |
    那么 GS03 的结论为合规
    而且 说明包含“未超过期限 2024-10-12（决定后第5个工作日）”

  场景: 第6个工作日公示
    假如 有以下案件：
      | 执法类别 | 决定日期   | 公示日期   |
      | 行政处罚 | 2024-09-30 | 2024-10-14 |
    那么 GS03 的结论为不合规
    而且 说明包含“晚于期限 2024-10-12（决定后第5个工作日）”
"""


def rules_test(capsys, *args) -> tuple[int, str]:
    code = main(["rules", "test", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out + out.err


def city_overlay(tmp_path: Path) -> Path:
    path = tmp_path / "本市.yaml"
    path.write_text(CITY_OVERLAY, encoding="utf-8")
    return path


def scenario_count(feature: Path) -> int:
    """Scenarios plus one per example row of each outline (what pytest-bdd collects)."""
    doc = Parser().parse(feature.read_text(encoding="utf-8"))
    count = 0
    for child in doc["feature"]["children"]:
        sc = child.get("scenario")
        if sc:
            count += sum(len(e["tableBody"]) for e in sc["examples"]) if sc["examples"] else 1
    return count


# --- what a scenario depends on ------------------------------------------------------------------

def test_leaves_are_dotted_paths():
    assert leaves({"a": 1, "b": {"c": [1, 2], "d": {}}}) == {"a": 1, "b.c": [1, 2]}


def test_a_dependency_is_touched_by_a_change_below_or_above_it():
    assert touches("major", "major.fine_individual")
    assert touches("deadlines.publish_short.working_days", "deadlines.publish_short")
    assert not touches("deadlines.publish_short", "deadlines.publish_long.working_days")
    assert not touches("major", "major_x")
    assert touches("*", "min_officers")


def test_rules_depend_on_the_parameters_they_and_their_facts_read():
    std = load_pack()
    # GS03: `case_type in $publish_short_types`, and the publish_short_* deadline facts
    assert {"publish_short_types", "deadlines.publish_short"} <= rule_params(std, "GS03")
    assert "deadlines.publish_long" not in rule_params(std, "GS03") and "major" not in rule_params(std, "GS03")
    assert "major" in rule_params(std, "FS01")                               # is_major
    assert {"min_officers", "single_officer", "auxiliary_roles"} <= rule_params(std, "GS01")   # acts_short_*
    assert {"min_reviewer_percent", "staff_roles", "reviewer_roles"} <= rule_params(std, "FS04")
    assert rule_params(std, "GS02") == set()                                # certificate facts: no parameter


def test_changed_parameters_are_named_with_old_and_new_value_and_file(tmp_path):
    std, city = load_pack(), load_pack(STANDARD_PACK, [city_overlay(tmp_path)])
    assert parameter_changes(std, city) == [
        Change("deadlines.publish_short.working_days", 7, 5, "叠加包 本市.yaml")]
    why = "参数已改：deadlines.publish_short.working_days 7→5（叠加包 本市.yaml）"
    assert stale_reason(std, city, {"GS03"}) == why
    assert stale_reason(std, city, {"GS04", "CX03"}) is None                 # publish_long, serve: unchanged
    assert stale_reason(std, city, None) == why                             # a score reads every rule
    assert stale_reason(std, city, {"GS02"}, {"deadlines.publish_short"}) == why   # @参数:… tag
    assert stale_reason(std, std, None, {"*"}) is None


def test_a_disabled_rule_is_named(tmp_path):
    overlay = tmp_path / "停用.yaml"
    overlay.write_text("pack: {id: 停用, title: 停用, extends: 三项制度}\ndisable: [GS05]\n", encoding="utf-8")
    std, local = load_pack(), load_pack(STANDARD_PACK, [overlay])
    assert stale_reason(std, local, {"GS05"}) == "规则已停用：GS05（叠加包 停用.yaml）"
    assert stale_reason(std, local, {"GS04"}) is None


# --- the command ---------------------------------------------------------------------------------

def test_local_overlay_skips_shipped_scenarios_and_local_specs_cover_the_rule(tmp_path, capsys):
    # before: the shipped specs under this overlay had 33 failed scenarios (GS03 and the score scenarios)
    overlay = city_overlay(tmp_path)
    office = tmp_path / "本单位说明书"
    office.mkdir()
    (office / "GS03.feature").write_text(CITY_GS03, encoding="utf-8")

    code, out = rules_test(capsys, "--shipped", "--features", office, "--overlay", overlay)
    assert code == 0, out
    assert "失败 0" in out and "结果：通过" in out
    assert "  参数已改：deadlines.publish_short.working_days 7→5（叠加包 本市.yaml）：" in out
    skipped = [line.strip() for line in out.splitlines() if line.startswith("    ")]
    # every shipped GS03 scenario is skipped, no GS04 one (it reads publish_long), none of the office's
    assert sum(s.startswith("三项制度/GS03.feature：") for s in skipped) == scenario_count(FEATURES / "三项制度" / "GS03.feature")
    assert not any(s.startswith("三项制度/GS04.feature：") for s in skipped)
    assert not any(s.startswith("GS03.feature：") for s in skipped)
    row = next(line for line in out.splitlines() if line.startswith("GS03  "))
    assert row.split()[-4:] == ["1", "1", "0", "0"]          # the office's two scenarios only


def test_office_specs_alone_are_not_skipped(tmp_path, capsys):
    office = tmp_path / "本单位说明书"
    office.mkdir()
    (office / "GS03.feature").write_text(CITY_GS03, encoding="utf-8")
    code, out = rules_test(capsys, "--features", office, "--overlay", city_overlay(tmp_path))
    assert "场景：通过 2，失败 0\n" in out and "参数已改" not in out
    assert code == 1                    # the other rules have no scenario in this folder: coverage gaps


def test_coverage_lists_only_the_tested_packs_rules(tmp_path, capsys):
    overlay = tmp_path / "停用.yaml"
    overlay.write_text("pack: {id: 停用, title: 停用, extends: 三项制度}\ndisable: [GS05]\n", encoding="utf-8")
    code, out = rules_test(capsys, "--overlay", overlay, "-k", "GS05 or GS04")
    assert "失败 0" in out
    assert "  规则已停用：GS05（叠加包 停用.yaml）：" in out
    assert "\nGS05  " not in out and "GS05 已公示" not in out          # neither a row nor a gap
    assert "\nGS04  " in out


def test_a_pack_without_some_rules_skips_their_shipped_scenarios(tmp_path, capsys):
    data = yaml.safe_load(STANDARD_PACK.read_text(encoding="utf-8"))
    data["rules"] = [r for r in data["rules"] if r["id"] in ("GS01", "FS04")]
    pack = tmp_path / "本单位包.yaml"
    pack.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, out = rules_test(capsys, pack, "-k", "GS02 or FS04")
    assert "失败 0" in out
    assert "  被测规则包中没有规则 GS02：" in out
    table = out[out.index("规则覆盖"):]
    assert "\nGS02  " not in table and "\nGS01  " in table and "\nFS04  " in table


def test_verbose_shows_pytest_output_for_a_failure(tmp_path, capsys):
    (tmp_path / "GS02.feature").write_text(
        "# language: zh-CN\n功能: 错误的期望\n\n  场景: 没有活动却写成合规\n"
        "    假如 有以下案件：\n      | 执法类别 |\n      | 行政处罚 |\n"
        "    那么 GS02 的结论为合规\n", encoding="utf-8")
    code, out = rules_test(capsys, "--features", tmp_path, "-v")
    assert code == 1 and "FAILED" in out and "期望合规，实际不适用" in out
    assert "失败的场景（每个一行" not in out
