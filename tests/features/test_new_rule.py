"""Adding a rule takes YAML and a .feature file only: a copied pack plus one rule passes `casereview rules test`."""
import shutil
from pathlib import Path

import yaml

from casereview.cli.main import main
from casereview.rules import STANDARD_PACK

FEATURES = Path(__file__).resolve().parents[2] / "features"
# The copied pack keeps the standard pack's 程序 rules and FS04 (the durable_rules backend needs a
# unit-level rule) with their specs; the whole bundled suite on both engines is `rules test`'s own test.
KEPT_RULES = ("CX01", "CX02", "CX03", "FS04")

NEW_RULE = """
  - id: CX04
    system: 程序
    title: 举行听证的案件适用普通程序
    basis: 《行政处罚法》第六十三条、第六十四条（听证程序）
    deduction: 5
    applies: hearing_held == true and has_decision
    not_applicable: 未举行听证或尚未作出决定
    evidence: [procedure]
    checks:
      - when: procedure != '普通程序'
        outcome: fail
        reason: 举行听证的案件适用了{procedure}
    otherwise:
      reason: 举行听证的案件适用普通程序
"""

NEW_FEATURE = """# language: zh-CN
@CX04 @程序
功能: CX04 举行听证的案件适用普通程序
  依据：《行政处罚法》第六十三条、第六十四条。

  背景:
    假如 评查日为 2024-12-31
    而且 有以下案件：
      | 执法类别 | 是否听证 | 决定日期   |
      | 行政处罚 | 是       | 2024-05-10 |

  场景: 听证案件按普通程序办理
    假如 案件的程序类型为普通程序
    那么 CX04 的结论为合规

  场景: 听证案件却适用简易程序
    假如 案件的程序类型为简易程序
    那么 CX04 的结论为不合规
    而且 说明包含“举行听证的案件适用了简易程序”
    而且 得分为 0

  场景: 没有举行听证
    假如 案件的是否听证为否
    那么 CX04 的结论为不适用
"""


def rules_test(capsys, *args) -> tuple[int, str]:
    code = main(["rules", "test", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_a_new_rule_needs_only_yaml_and_a_feature_file(tmp_path, capsys):
    data = yaml.safe_load(STANDARD_PACK.read_text(encoding="utf-8"))
    data["rules"] = [r for r in data["rules"] if r["id"] in KEPT_RULES] + yaml.safe_load(NEW_RULE)
    pack = tmp_path / "本地包.yaml"
    pack.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    specs = tmp_path / "我的说明书"
    specs.mkdir()
    for rule_id in KEPT_RULES:
        shutil.copy(FEATURES / "三项制度" / f"{rule_id}.feature", specs)

    # the copied specs still hold for the copied pack, but the new rule has no scenario yet
    code, out = rules_test(capsys, pack, "--features", specs)
    assert code == 1, out
    assert "失败 0" in out
    assert "CX04 举行听证的案件适用普通程序：缺少“合规”、“不合规”场景" in out
    assert "结果：未通过（1 条规则覆盖不足）" in out                 # the copied rules stay covered

    (specs / "CX04.feature").write_text(NEW_FEATURE, encoding="utf-8")
    code, out = rules_test(capsys, pack, "--features", specs)
    assert code == 0, out
    row = next(line for line in out.splitlines() if line.startswith("CX04"))
    assert row.split()[-4:] == ["1", "1", "1", "0"]          # 合规 不合规 不适用 无法判定
    assert "结果：通过" in out
    assert not list(tmp_path.rglob("*.py"))                 # no Python was written
