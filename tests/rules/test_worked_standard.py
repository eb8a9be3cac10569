"""rules/templates/测绘案卷评查.yaml: a published 行政处罚案卷评查标准 (测绘地理信息, 附件2) as a full pack.

Checked here: it lints clean, it has the standard's three parts (基本标准 as vetoes, 卷面 20 and 内容 80 as
grading sections) and at least 30 items, every item has its own .feature file beside the pack
(rules/templates/测绘案卷评查/<编号>.feature) naming the source standard, and `casereview rules test` on the pack
with those specs passes on both engines with every rule covered (a 合规 and a 不合规 scenario each).
"""
import re

from casereview.cli.main import main
from casereview.engine.model.pack import load_pack
from casereview.engine.model.pack_yaml import resolve_pack_path
from casereview.features.runner import own_specs
from casereview.rules import PACK_DIR, STANDARD_PACK

PACK = PACK_DIR / "templates" / "测绘案卷评查.yaml"
SPECS = PACK_DIR / "templates" / "测绘案卷评查"


def test_found_by_name_with_its_own_specs():
    assert resolve_pack_path("测绘案卷评查") == PACK
    assert own_specs(PACK) == SPECS
    assert own_specs(STANDARD_PACK) is None          # the standard pack's specs are the shipped features/


def test_lint_is_clean(capsys):
    assert main(["rules", "lint", str(PACK)]) == 0
    assert "未发现问题" in capsys.readouterr().out


def test_three_parts_and_at_least_thirty_items():
    loaded = load_pack(PACK)
    rules = [c.rule for c in loaded.compiled]
    by_system = {s: [r.id for r in rules if r.system == s] for s in ("基本标准", "卷面", "内容")}
    assert sum(map(len, by_system.values())) == len(rules) >= 30
    assert all(r.veto and r.deduction == 0 for r in rules if r.system == "基本标准")
    assert not any(r.veto for r in rules if r.system != "基本标准")
    assert {s.id: s.points for s in loaded.pack.grading.sections} == {"form": 20, "content": 80}
    assert {r.section for r in rules if r.system == "卷面"} == {"form"}
    # 内容 items' deductions add up to the 80 points of the part; 卷面 item 2 (4 points) has four 1-point items
    assert sum(r.deduction for r in rules if r.system == "内容") == 80
    assert sum(r.deduction for r in rules if r.system == "卷面") == 4
    assert all("测绘地理信息行政处罚案卷评查标准" in r.basis for r in rules)


def test_every_item_has_its_own_feature_naming_the_source():
    rules = [c.rule for c in load_pack(PACK).compiled]
    for rule in rules:
        spec = SPECS / f"{rule.id}.feature"
        assert spec.is_file(), f"{rule.id} has no feature file"
        head = spec.read_text(encoding="utf-8").split("背景:")[0]
        assert f"功能: {rule.id} " in head and "测绘地理信息行政处罚案卷评查标准" in head, rule.id
    assert (SPECS / "评分.feature").is_file()


def test_rules_test_passes_on_both_engines_with_every_rule_covered(capsys):
    """The CLI's `rules test` runs each scenario on the vector and the durable_rules engine and fails on any
    disagreement, failed expectation or coverage gap; the coverage table must list every rule with at least
    one passing 合规 and one passing 不合规 scenario."""
    code = main(["rules", "test", "测绘案卷评查"])     # by name; its specs are the folder beside it
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert code == 0, out
    assert "失败 0" in out and "覆盖缺口：无" in out, out
    rows = {m.group(1): tuple(map(int, m.group(2, 3, 4, 5)))
            for m in re.finditer(r"^(\w+)\s+\S+\s+.+?\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$", out, re.M)}
    ids = [c.rule.id for c in load_pack(PACK).compiled]
    assert set(rows) == set(ids), out
    assert all(rows[i][0] >= 1 and rows[i][1] >= 1 for i in ids), rows
