"""Issue 15 acceptance: `rules lint` on a pack seeded with fifteen author mistakes reports each of the thirteen
real ones at its own file and line in Chinese; the `and (` group and a nullable boolean in evidence are accepted,
and a review renders that evidence on every engine."""
import re
from datetime import date
from pathlib import Path

import pytest

from casereview.cli.main import main
from casereview.engine.model.pack import lint_pack, load_pack
from casereview.features.engines import casefile_set, review_on_every_engine
from casereview.rules import STANDARD_PACK

DATA = Path(__file__).parent / "data" / "fifteen_mistakes"
BASE = DATA / "三项制度.yaml"              # the ten mistakes of docs/authoring-lint.md
LOCAL = DATA / "本地.yaml"                 # reused base id without replaces, undeclared parameter
COLON = DATA / "全角冒号.yaml"             # full-width colon after a key
ACCEPTED = DATA / "可接受.yaml"            # `and (` group, nullable boolean in evidence: no problem
OVERLAYS = [LOCAL, COLON, ACCEPTED]

# (file, line, rule id or None, key phrase): lines counted by reading the data files
EXPECTED = {
    (BASE, 22, None, "dispute_act_types 中未知的执法活动类型“现场检察”；是否想写“现场检查”？"),
    (BASE, 73, "GS01", "说明中引用了未知参数“$min_officer”；是否想写“min_officers”？"),
    (BASE, 79, "GS02", "deduction：须为数值，实为“五分”"),
    (BASE, 97, "GS03", "未知的键“deducton”；是否想写“deduction”？"),
    (BASE, 128, "GS04", "未知事实“has_decison”；是否想写“has_decision”？"),
    (BASE, 207, "JL02", "av_uncovered_count 是数值，不能与“零”比较"),
    (BASE, 216, "JL03", "缺少必填项 basis"),
    (BASE, 238, "FS01", "取值“严格”无效，须为 严重、一般、建议 之一；是否想写“严重”？"),
    (BASE, 334, "CX02", "否决项（veto）不应再设扣分（deduction）"),
    (BASE, 370, "CX03", "取值“failed”无效，须为 pass、fail、na、unknown 之一；是否想写“fail”？"),
    (LOCAL, 14, "CX01", f"规则编号 CX01 已由 {BASE}:307 的规则“自立案之日起法定期限内作出行政处罚决定”使用；"
                        "叠加包给出 checks、otherwise 即重新定义该规则，须写明 replaces: CX01"),
    (LOCAL, 26, "CX92", "未知参数“$hearing_fine_minimum”；是否想写“hearing_fine_min”？"),
    (COLON, 4, None, "YAML 格式错误：“title”后用了全角冒号“：”，须用半角冒号加空格“: ”"),
}
PROBLEM_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+)(?: 规则 (?P<rule>[^\s：]+))?：(?P<message>.+)$")
# pydantic's and PyYAML's own (English) wording, and any English sentence of three words or more
ENGLISH = re.compile(r"Field required|Input should|Value error|could not|expected|found|mapping|scanning"
                     r"|[A-Za-z]+ [A-Za-z]+ [A-Za-z]+")
QUOTED = re.compile(r"“[^”]*”")


@pytest.fixture(scope="module")
def lint_output() -> list[str]:
    problems = lint_pack(BASE, OVERLAYS)
    return [str(p) for p in problems]


def parsed(lines: list[str]) -> list[tuple[Path, int, str | None, str]]:
    out = []
    for text in lines:
        m = PROBLEM_LINE.match(text)
        assert m, text
        out.append((Path(m["file"]), int(m["line"]), m["rule"], m["message"]))
    return out


def test_cli_reports_thirteen_problems_and_exits_3(capsys, lint_output):
    assert main(["rules", "lint", str(BASE), *(a for o in OVERLAYS for a in ("--overlay", str(o)))]) == 3
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == f"共发现 13 个问题：{' + '.join(str(f) for f in [BASE, *OVERLAYS])}"
    assert sorted(out[:-1]) == sorted(lint_output)


def test_each_real_mistake_is_at_its_own_file_and_line(capsys):
    main(["rules", "lint", str(BASE), *(a for o in OVERLAYS for a in ("--overlay", str(o)))])
    got = parsed(capsys.readouterr().out.splitlines()[:-1])
    assert sorted((f, line, rule) for f, line, rule, _ in got) == sorted((f, line, rule) for f, line, rule, _ in EXPECTED)
    for file, line, rule, phrase in EXPECTED:
        [message] = [m for f, n, r, m in got if (f, n, r) == (file, line, rule)]
        assert phrase in message, (file, line, message)


def test_the_accepted_writings_bring_no_problem(lint_output):
    assert not [text for text in lint_output if text.startswith(str(ACCEPTED))]
    assert lint_pack(STANDARD_PACK, [ACCEPTED]) == []


def test_every_message_is_chinese(lint_output):
    for text in lint_output:
        message = PROBLEM_LINE.match(text)["message"]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in message), text
        assert not ENGLISH.search(QUOTED.sub("", message)), text


CASES = [  # case id, case type, hearing held, fine: evidence, outcome (worked out from 可接受.yaml)
    ("C1", "行政处罚", True, None, "是否听证=是；罚款金额=（空）", "pass"),
    ("C2", "行政处罚", False, 500, "是否听证=否；罚款金额=500", "pass"),
    ("C3", "行政处罚", None, 500, "是否听证=（空）；罚款金额=500", "pass"),
    ("C4", "行政处罚", None, None, "是否听证=（空）；罚款金额=（空）", "na"),
    # without the group, `a and b or c` would hold here (fine given): the group keeps it 不适用
    ("C5", "行政许可", None, 500, "是否听证=（空）；罚款金额=500", "na"),
]


def test_group_and_nullable_boolean_evidence_render_on_every_engine():
    loaded = load_pack(overlays=[ACCEPTED])
    cases = [dict(case_id=cid, unit_id="U1", case_type=ctype, procedure="普通程序", decision_date="2024-05-10",
                  notified_date="2024-05-09", fine_amount=fine, hearing_held=held)
             for cid, ctype, held, fine, _, _ in CASES]
    result = review_on_every_engine(casefile_set(cases, acts=[]), loaded, date(2024, 12, 31))
    rows = result.findings[result.findings.rule_id == "CX93"].set_index("case_id")
    for cid, _, held, fine, evidence, outcome in CASES:
        assert rows.loc[cid, "outcome"] == outcome, cid
        assert rows.loc[cid, "evidence"] == evidence, cid
    assert rows.loc["C3", "reason"] == "是否听证：（空）（罚款金额500）"
    assert rows.loc["C1", "reason"] == "是否听证：是（罚款金额（空））"
