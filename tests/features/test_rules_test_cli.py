"""`casereview rules test`: the bundled specs pass with full coverage; failures, gaps and bad input exit non-zero."""
from pathlib import Path

import pytest
import yaml

from casereview.cli.main import main
from casereview.rules import STANDARD_PACK


def rules_test(capsys, *args) -> tuple[int, str]:
    code = main(["rules", "test", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_bundled_specs_pass_with_full_coverage_under_police(capsys):
    # through 公安/*.feature the bundled specs cover the police overlay; with --overlay police every
    # scenario runs on standard + police except those depending on a parameter police changes (skipped,
    # e.g. 个人罚款9999元 is major under police's 2000 yuan line: FS01 reads is_major). The same command on the standard
    # pack runs after the scenarios in tests/features/test_features.py (their reviews are memoised there).
    code, out = rules_test(capsys, "--overlay", "police")
    assert code == 0, out
    assert "覆盖缺口：无" in out and "结果：通过" in out
    for rule in ("GS01", "GS05", "JL02", "FS04", "CX03"):
        assert f"\n{rule}  " in out
    assert "命令行叠加包：police" in out and "失败 0" in out
    assert "major.fine_individual 10000→2000（叠加包 police.yaml）" in out
    assert "\n    三项制度/FS01.feature：未达重大标准时不适用[个人罚款9999元-个人-9999]\n" in out


def mini_pack(tmp_path: Path, *rule_ids: str) -> Path:
    """The standard pack with only some of its rules (same pack id, so the bundled specs apply).

    It keeps a unit-level rule (FS04): the durable_rules backend cannot review a pack without one.
    """
    data = yaml.safe_load(STANDARD_PACK.read_text(encoding="utf-8"))
    data["rules"] = [r for r in data["rules"] if r["id"] in rule_ids]
    path = tmp_path / "mini.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_failing_scenario_and_coverage_gap_exit_1(tmp_path, capsys):
    (tmp_path / "GS01.feature").write_text(
        "# language: zh-CN\n功能: 错误的期望\n\n  场景: 两人执法却写成不合规\n"
        "    假如 有以下案件：\n      | 执法类别 |\n      | 行政处罚 |\n"
        "    而且 有以下执法活动：\n      | 活动类型 | 开始时间         | 结束时间         | 执法人员 |\n"
        "      | 询问     | 2024-07-01 09:00 | 2024-07-01 10:00 | P1、P2   |\n"
        "    那么 GS01 的结论为不合规\n", encoding="utf-8")
    code, out = rules_test(capsys, mini_pack(tmp_path, "GS01", "FS04"), "--features", tmp_path)
    assert code == 1
    # one line per failed scenario, no pytest traceback (that is `-v`)
    assert ("\n  GS01.feature：两人执法却写成不合规 —— 案件 C1 的 GS01：期望不合规，实际合规"
            "（说明：全部 1 项执法活动均有足够的合格执法人员（一般不少于2人））\n") in out
    assert "Traceback" not in out and "def " not in out and "FAILED" not in out
    assert "场景：通过 0，失败 1" in out
    assert "GS01 执法人员不少于两人且均持有效执法证件：缺少“合规”、“不合规”场景" in out
    assert "FS04 法制审核人员不少于执法人员总数的5%：缺少“合规”、“不合规”场景" in out
    assert "结果：未通过（1 个场景失败；2 条规则覆盖不足）" in out


def test_features_folder_must_exist(tmp_path, capsys):
    code, out = rules_test(capsys, "--features", tmp_path / "nowhere")
    assert code == 4 and "说明书目录不存在" in out
    code, out = rules_test(capsys, "--features", tmp_path)
    assert code == 4 and "没有 .feature 文件" in out


def test_broken_pack_exits_3(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("pack: {id: x, title: x}\nrules:\n  - id: X1\n    sytem: 公示\n", encoding="utf-8")
    code, out = rules_test(capsys, bad)
    assert code == 3 and "规则包错误" in out


def test_help_is_in_chinese(capsys):
    with pytest.raises(SystemExit) as e:
        main(["rules", "test", "--help"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    assert "覆盖" in out and "--overlay" in out and "--features" in out and "退出码" in out
