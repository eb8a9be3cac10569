"""One loader for `rules lint` and `review`: every problem in one run, and only lint-level ones let a review run."""
from pathlib import Path

import pytest

from casereview.cli.main import main
from casereview.engine.model.pack import lint_pack, load_pack
from casereview.errors import PackError
from casereview.rules import STANDARD_PACK

TEXT = STANDARD_PACK.read_text(encoding="utf-8")
SAMPLE = Path(__file__).resolve().parents[2] / "casefiles" / "samples" / "三项制度评查样例.xlsx"

# three different mistakes in three rules of the base pack: (old, new, text on the mistaken line)
BASE_MISTAKES = [
    ("when: act_count == 0", "when: act_count == '零'", "act_count == '零'"),                         # GS01: type
    ("and has_decision\n    not_applicable: 非行政许可", "and has_decison\n    not_applicable: 非行政许可",
     "has_decison"),                                                                                   # GS03: fact
    ("    deduction: 15\n", "    deduktion: 15\n", "deduktion"),                                       # JL02: key
]
OVERLAY = "pack: {id: local, title: 本地, extends: 三项制度}\nrules:\n  - id: CX01\n    evidence: [has_decison]\n"


def _line(path: Path, fragment: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if fragment in line)


@pytest.fixture
def four_mistakes(tmp_path) -> tuple[Path, Path, list[str]]:
    """The broken pack, the broken overlay and the four `file:line 规则 ID` places, in file and line order."""
    text = TEXT
    for old, new, _ in BASE_MISTAKES:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    pack, overlay = tmp_path / "坏规则包.yaml", tmp_path / "本地.yaml"
    pack.write_text(text, encoding="utf-8")
    overlay.write_text(OVERLAY, encoding="utf-8")
    places = [f"{pack}:{_line(pack, frag)} 规则 {rid}" for (_, _, frag), rid in zip(BASE_MISTAKES, ("GS01", "GS03", "JL02"))]
    places.append(f"{overlay}:4 规则 CX01")
    return pack, overlay, places


def test_lint_reports_all_four_mistakes_in_one_run(four_mistakes, capsys):
    pack, overlay, places = four_mistakes
    assert main(["rules", "lint", str(pack), "--overlay", str(overlay)]) == 3
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == f"共发现 4 个问题：{pack} + {overlay}"
    assert [line.split("：", 1)[0] for line in out[:-1]] == places
    assert "未知的键“deduktion”；是否想写“deduction”？" in out[2]
    assert out[3].endswith("证据中的未知事实“has_decison”；是否想写“has_decision”？")


def test_review_refuses_the_pack_naming_all_four_mistakes(four_mistakes, tmp_path, capsys):
    pack, overlay, places = four_mistakes
    out = tmp_path / "结果"
    code = main(["review", str(SAMPLE), "--out", str(out), "--pack", str(pack), "--overlay", str(overlay),
                 "--as-of", "2026-11-20", "--quiet"])
    err = capsys.readouterr().err.strip()
    assert code == 3 and not out.exists()
    assert "\n" not in err
    first_file, first_line = places[0].split(" ")[0].rsplit(":", 1)
    assert err.startswith(f"规则包错误（{first_file} 第{first_line}行 规则 GS01）：条件“act_count == '零'”")
    assert " 另有 3 个问题：" in err
    for place in places[1:]:
        assert place + "：" in err, place


def test_pack_error_carries_the_first_problem_and_the_others(four_mistakes):
    pack, overlay, places = four_mistakes
    with pytest.raises(PackError) as e:
        load_pack(pack, [overlay])
    assert (e.value.file, e.value.line, e.value.rule_id) == (str(pack), _line(pack, "act_count == '零'"), "GS01")
    assert [str(p).split("：", 1)[0] for p in e.value.others] == places[1:]


# mistakes lint reports while a review still runs: the pack behaves as if the value matched nothing
LINT_ONLY = [
    ("unknown act type", "av_mandatory_act_types: [查封, 扣押, 强制拆除, 强制执行]",
     "av_mandatory_act_types: [查封, 扣压, 强制拆除, 强制执行]", "未知的执法活动类型“扣压”"),
    ("key written twice", "    deduction: 5\n    applies: act_count > 0",
     "    deduction: 5\n    deduction: 5\n    applies: act_count > 0", "键“deduction”重复出现"),
]


@pytest.mark.parametrize("kind, old, new, message", LINT_ONLY, ids=[m[0] for m in LINT_ONLY])
def test_lint_only_mistakes_do_not_stop_a_review(tmp_path, kind, old, new, message):
    path = tmp_path / "pack.yaml"
    path.write_text(TEXT.replace(old, new), encoding="utf-8")
    [problem] = lint_pack(path)
    assert message in problem.message and not problem.fatal
    assert [c.rule.id for c in load_pack(path).compiled] == [c.rule.id for c in load_pack().compiled]


def test_an_overlay_without_extends_still_loads_and_lint_names_it(tmp_path):
    ov = tmp_path / "heavy.yaml"
    ov.write_text("pack: {id: heavy, title: 测试加重}\nrules:\n  - id: JL02\n    deduction: 95\n", encoding="utf-8")
    assert next(r for r in load_pack(overlays=[ov]).pack.rules if r.id == "JL02").deduction == 95
    [problem] = lint_pack(STANDARD_PACK, [ov])
    assert "pack.extends" in problem.message and (problem.file, problem.line) == (str(ov), 1)


def test_a_broken_condition_in_a_disabled_rule_stops_only_lint(tmp_path):
    ov = tmp_path / "off.yaml"
    ov.write_text("pack: {id: off, extends: 三项制度}\nrules:\n  - id: CX03\n    replaces: CX03\n"
                  "    applies: has_decison\n    system: 程序\n    title: 送达\n    basis: 依据\n"
                  "    otherwise: {reason: 合规}\ndisable: [CX03]\n", encoding="utf-8")
    assert "CX03" not in [c.rule.id for c in load_pack(overlays=[ov]).compiled]
    [problem] = lint_pack(STANDARD_PACK, [ov])
    assert (problem.line, problem.rule_id, problem.suggestion) == (5, "CX03", "has_decision")


def test_a_deadline_on_an_unknown_column_stops_the_review(tmp_path):
    path = tmp_path / "pack.yaml"
    path.write_text(TEXT.replace("done: served_date", "done: serve_date", 1), encoding="utf-8")
    with pytest.raises(PackError, match="serve_date") as e:
        load_pack(path)
    assert e.value.suggestion == "served_date"


def test_a_literal_the_input_can_never_hold_stops_a_review(tmp_path):
    """case_type == '行政处理' would never match: a silent wrong verdict, so review refuses the pack too."""
    path = tmp_path / "pack.yaml"
    path.write_text(TEXT.replace("applies: case_type == '行政处罚' and is_published",
                                 "applies: case_type == '行政处理' and is_published"), encoding="utf-8")
    [problem] = lint_pack(path)
    assert problem.fatal and "未知的执法类别“行政处理”" in problem.message and problem.suggestion == "行政处罚"
    with pytest.raises(PackError) as e:
        load_pack(path)
    assert "未知的执法类别“行政处理”" in str(e.value)
