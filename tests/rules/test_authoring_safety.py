"""Authoring safety: an overlay redefining a rule says `replaces`, touching a veto rule warns, every pack
error names the file and line it is written at (overlay or base) in Chinese, in lint, review, show and test;
evidence of a nullable fact renders on every engine."""
import json
import re
from datetime import date
from pathlib import Path

import pytest

from casereview.cli.main import main
from casereview.engine.model.pack import lint_pack, load_pack, pack_summary
from casereview.rules import STANDARD_PACK
from casereview.features.engines import casefile_set, review_on_every_engine

DATA = Path(__file__).parent / "data"
MISTAKES = DATA / "overlay_mistakes.yaml"
SAMPLE = Path(__file__).resolve().parents[2] / "casefiles" / "samples" / "三项制度评查样例.xlsx"
BASE = str(STANDARD_PACK)
BASE_TEXT = STANDARD_PACK.read_text(encoding="utf-8")
# pydantic's and PyYAML's own (English) wording
ENGLISH = re.compile(r"Field required|Input should|Value error|could not|expected|found|mapping|scanning")


def base_line(rule_id: str) -> int:
    return BASE_TEXT.splitlines().index(f"  - id: {rule_id}") + 1


def write(tmp_path: Path, text: str, name: str = "本地.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# overlay_mistakes.yaml: (line, rule, fatal, message fragment), worked out by reading the file
SEEDED = [
    (7, "GS01", False, f"停用了否决项规则 GS01（{BASE}:{base_line('GS01')}）"),
    (12, "CX02", True, f"规则编号 CX02 已由 {BASE}:{base_line('CX02')} 的规则“作出行政处罚决定前告知当事人”使用；"
                       "叠加包给出 checks、otherwise 即重新定义该规则，须写明 replaces: CX02"),
    (22, "FS02", False, f"停用了否决项规则 FS02（{BASE}:{base_line('FS02')}）"),
    (24, "FS01", False, f"替换了否决项规则 FS01（{BASE}:{base_line('FS01')}）"),
    (32, "CX03", True, "replaces 须与 id 相同（要替换的规则编号 CX03），实为“CX01”"),
    (35, "CX90", True, "要替换的规则“CX09”不存在，本条按新增规则处理"),
]


def test_lint_reports_every_overlay_safety_problem_at_its_overlay_line():
    problems = lint_pack(STANDARD_PACK, [MISTAKES])
    assert [(p.file, p.line, p.rule_id, p.fatal) for p in problems] == \
        [(str(MISTAKES), line, rid, fatal) for line, rid, fatal, _ in SEEDED]
    for p, (_, _, _, fragment) in zip(problems, SEEDED):
        assert fragment in p.message


def test_an_adjustment_of_a_base_rule_stays_allowed():
    """Changing deduction, severity, texts or evidence of a base rule keeps its logic: no problem."""
    ov = DATA / "overlay_adjust.yaml"
    assert lint_pack(STANDARD_PACK, [ov]) == []
    loaded = load_pack(overlays=[ov])
    gs02 = next(c for c in loaded.compiled if c.rule.id == "GS02")
    standard = next(c for c in load_pack().compiled if c.rule.id == "GS02")
    assert (gs02.rule.deduction, gs02.rule.severity) == (3, "建议")
    assert gs02.rule.checks == standard.rule.checks and gs02.rule.applies == standard.rule.applies
    assert lint_pack(STANDARD_PACK, ["police"]) == []


def test_replaces_swaps_the_whole_rule_in_its_place_and_warns_for_a_veto_rule(tmp_path):
    ov = write(tmp_path, "\n".join([
        "pack: {id: 本地, title: 本地, extends: 三项制度}",
        "rules:",
        "  - id: CX02",
        "    replaces: CX02",
        "    system: 程序",
        "    title: 本地告知",
        "    basis: 本地规定",
        "    deduction: 2",
        "    checks:",
        "      - {when: notified_date is null, outcome: fail, reason: 没有告知}",
        "    otherwise: {reason: 已告知}",
    ]) + "\n")
    loaded = load_pack(overlays=[ov])
    ids = [r.id for r in loaded.pack.rules]
    assert ids.index("CX02") == 13 and len(ids) == 15
    cx02 = next(r for r in loaded.pack.rules if r.id == "CX02")
    # nothing of the base rule is left: not its veto, severity, applies or evidence
    assert (cx02.title, cx02.veto, cx02.deduction, cx02.severity, cx02.applies, cx02.evidence) == \
        ("本地告知", False, 2, "一般", "true", [])
    assert [c.when for c in cx02.checks] == ["notified_date is null"]
    [warning] = loaded.warnings
    assert (warning.file, warning.line, warning.fatal) == (str(ov), 4, False)
    assert pack_summary(loaded)["warnings"] == [f"{ov}:4 规则 CX02：替换了否决项规则 CX02（{BASE}:{base_line('CX02')}）"]
    assert "warnings" not in pack_summary(load_pack()) and "warnings" not in pack_summary(load_pack(overlays=["police"]))


def test_a_missing_field_of_a_replacing_rule_is_located_in_the_overlay(tmp_path):
    ov = write(tmp_path, "pack: {id: 本地, extends: 三项制度}\nrules:\n  - id: CX02\n    replaces: CX02\n"
                         "    system: 程序\n    title: 本地\n    otherwise: {reason: 好}\n")
    problems = [p for p in lint_pack(STANDARD_PACK, [ov]) if p.fatal]
    assert [(p.file, p.line, p.rule_id, p.message) for p in problems] == [(str(ov), 3, "CX02", "缺少必填项 basis")]


def test_review_runs_with_a_disabled_veto_rule_and_records_the_warning(tmp_path, capsys):
    ov = write(tmp_path, "pack: {id: 本地, title: 本地, extends: 三项制度}\ndisable: [CX02]\n")
    out = tmp_path / "结果"
    assert main(["review", str(SAMPLE), "--out", str(out), "--overlay", str(ov), "--as-of", "2026-11-20",
                 "--quiet"]) == 0
    expected = f"{ov}:2 规则 CX02：停用了否决项规则 CX02（{BASE}:{base_line('CX02')}）"
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["pack"]["warnings"] == [expected]
    assert f"规则包警告：{expected}" in capsys.readouterr().out.splitlines()


# --- every command names the file and line, in Chinese, exit 3 ------------------------------------------

def _base_with(old: str, new: str):
    def make(tmp_path: Path) -> tuple[list[str], Path]:
        assert BASE_TEXT.count(old) == 1, old
        path = write(tmp_path, BASE_TEXT.replace(old, new), "坏规则包.yaml")
        return [str(path)], path
    return make


def _overlay(text: str):
    def make(tmp_path: Path) -> tuple[list[str], Path]:
        path = write(tmp_path, text)
        return [BASE, "--overlay", str(path)], path
    return make


# (name, files to pass, expected line, message fragment)
BROKEN = [
    ("full-width colon in the base pack", _base_with("    title: 执法时出示执法证件\n", "    title： 执法时出示执法证件\n"),
     BASE_TEXT.splitlines().index("    title: 执法时出示执法证件") + 1, "“title”后用了全角冒号“：”"),
    ("full-width colon in an overlay", _overlay("pack:\n  id: 本地\n  title： 本地\n  extends: 三项制度\n"), 3,
     "“title”后用了全角冒号“：”"),
    ("full-width colon after a rule's id", _overlay("pack: {id: 本地, extends: 三项制度}\nrules:\n  - id： FS90\n"
                                                    "    system: 审核\n"), 3, "“id”后用了全角冒号“：”"),
    ("full-width colon on the last key", _overlay("pack: {id: 本地, extends: 三项制度}\ndisable： [JL03]\n"), 2,
     "“disable”后用了全角冒号“：”"),
    ("full-width space indentation", _overlay("pack:\n  id: 本地\n\u3000\u3000title: 本地\n  extends: 三项制度\n"), 3,
     "全角空格"),
    ("full-width space indenting every key", _overlay("pack:\n\u3000\u3000id: 本地\n\u3000\u3000extends: 三项制度\n"),
     2, "全角空格"),
    ("tab indentation", _overlay("pack:\n  id: 本地\n\textends: 三项制度\n"), 3, "制表符"),
    ("no space after a colon", _overlay("pack:\n  id:本地\n  extends: 三项制度\n"), 2, "“id:”后缺空格"),
    ("unclosed list", _overlay("pack: {id: 本地, extends: 三项制度}\ndisable: [JL03\nrules: []\n"), 2, "方括号"),
    ("new overlay rule without basis", _overlay("pack: {id: 本地, extends: 三项制度}\nrules:\n  - id: FS90\n"
                                                "    system: 审核\n    title: 新规则\n    otherwise: {reason: 好}\n"),
     3, "缺少必填项 basis"),
    ("overlay value of a wrong type", _overlay("pack: {id: 本地, extends: 三项制度}\nrules:\n  - id: GS02\n"
                                               "    deduction: -2\n    enabled: 也许\n"), 4, "deduction：须≥ 0，实为 -2"),
    ("overlay grading", _overlay("pack: {id: 本地, extends: 三项制度}\ngrading:\n  start: 100\n"
                                 "  grades: [{name: 合格, min: 60}]\n"), 4, "等级表有空档"),
    ("overlay breaking a deadline", _overlay("pack: {id: 本地, extends: 三项制度}\nparameters:\n  deadlines: 7\n"), 3,
     "deadlines：须为映射"),
    ("overlay making a rule with a deduction a veto", _overlay("pack: {id: 本地, extends: 三项制度}\nrules:\n"
                                                              "  - id: GS02\n    veto: true\n"), 4, "否决项"),
    ("overlay redefining a rule", _overlay("pack: {id: 本地, extends: 三项制度}\nrules:\n  - id: CX03\n"
                                           "    applies: has_decision\n"), 3, "replaces: CX03"),
]


@pytest.mark.parametrize("make, line, fragment", [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_lint_names_the_file_and_line_in_chinese(make, line, fragment, tmp_path, capsys):
    args, path = make(tmp_path)
    assert main(["rules", "lint", *args]) == 3
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(f"{path}:{line}") and fragment in first, first
    assert not ENGLISH.search(first), first


@pytest.mark.parametrize("command", ["review", "show", "test"])
@pytest.mark.parametrize("make, line, fragment", [b[1:] for b in BROKEN[:2] + BROKEN[-1:]],
                         ids=[b[0] for b in BROKEN[:2] + BROKEN[-1:]])
def test_review_show_and_test_report_the_same_place(command, make, line, fragment, tmp_path, capsys):
    args, path = make(tmp_path)
    pack, overlays = (args[0], args[1:]) if args[0] != BASE else (None, args[1:])
    argv = {"review": ["review", str(SAMPLE), "--out", str(tmp_path / "结果"), "--as-of", "2026-11-20", "--quiet",
                       *(["--pack", pack] if pack else []), *overlays],
            "show": ["rules", "show", *([pack] if pack else []), *overlays],
            "test": ["rules", "test", *([pack] if pack else []), *overlays]}[command]
    assert main(argv) == 3
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"规则包错误（{path} 第{line}行") and fragment in err, err
    assert "\n" not in err and not ENGLISH.search(err), err


# --- evidence of a nullable boolean renders on every engine ---------------------------------------------

HEARING = DATA / "overlay_hearing_evidence.yaml"


@pytest.mark.parametrize("held, shown", [(True, "是"), (False, "否"), (None, "（空）")])
def test_evidence_of_a_nullable_boolean_renders_on_every_engine(held, shown):
    loaded = load_pack(overlays=[HEARING])
    assert lint_pack(STANDARD_PACK, [HEARING]) == []
    case = dict(case_id="C1", unit_id="U1", case_type="行政处罚", procedure="普通程序", decision_date="2024-05-10",
                notified_date="2024-05-09", fine_amount=None, hearing_held=held)
    result = review_on_every_engine(casefile_set([case], acts=[]), loaded, date(2024, 12, 31))
    row = result.findings[result.findings.rule_id == "CX91"].iloc[0]
    assert row["evidence"] == f"是否听证={shown}；罚款金额=（空）；决定日期=2024-05-10；当事人类型=（空）"
    assert row["reason"] == f"是否听证：{shown}（罚款金额（空））"
