"""rules/templates/测绘案卷评查.yaml: a published 行政处罚案卷评查标准 (测绘地理信息, 附件2) as a full pack.

Checked here: it lints clean, it has the standard's three parts (基本标准 as vetoes, 卷面 20 and 内容 80 as
grading sections) and at least 30 items. Only JB08A has its .feature file so far (rules/templates/测绘案卷评查/).
`casereview rules test` on this pack does not pass yet on the durable engine (durable_rules errors 113 and
303 on a pack of this size; see docs/worked-standard.md), so it is not asserted here.
"""
from pathlib import Path

from casereview.cli.main import main
from casereview.engine.model.pack import load_pack
from casereview.rules import PACK_DIR

PACK = PACK_DIR / "templates" / "测绘案卷评查.yaml"
SPECS = PACK_DIR / "templates" / "测绘案卷评查"


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
