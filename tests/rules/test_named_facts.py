"""Named facts (`facts:`) and declared parameters (`name: {type, label, value}` under `parameters:`) of an
overlay: a rule reading both, decided by hand on every engine; each authoring mistake at its file:line."""
from datetime import date
from pathlib import Path

import pytest

from casereview.cli.main import main
from casereview.engine.model.pack import lint_pack, load_pack
from casereview.errors import PackError
from casereview.reports.docs.build import fact_catalogue_md
from casereview.features.engines import casefile_set, outcome, review_on_every_engine

AS_OF = date(2024, 12, 31)

OVERLAY = """\
pack: {id: hearing, title: 听证金额线, extends: 三项制度}
parameters:
  hearing_fine_min:
    type: number
    label: 应当告知听证的罚款金额（元）
    value: 5000
facts:
  - name: hearing_fine_reached
    type: bool
    meaning: 罚款金额达到本叠加包的听证金额线
    expr: fine_amount >= $hearing_fine_min
  - name: decision_span
    type: number
    meaning: 立案至决定的自然日数
    expr: days_between(filed_date, decision_date)
  - name: slow_large_fine
    type: bool
    meaning: 达到听证金额线且立案后逾30日才决定
    expr: hearing_fine_reached and decision_span > 30
rules:
  - id: TZ01
    system: 程序
    title: 较大数额罚款应当举行听证并及时决定
    basis: 《行政处罚法》第六十三条
    deduction: 5
    applies: hearing_fine_reached
    not_applicable: 罚款未达听证金额线
    checks:
      - when: not hearing_held
        outcome: fail
        reason: 罚款 {fine_amount} 元达到 {$hearing_fine_min} 元，未举行听证
      - when: slow_large_fine
        outcome: fail
        reason: 立案后逾30日才作出决定
    otherwise:
      reason: 已举行听证
"""


def write(tmp_path: Path, text: str, name: str = "hearing.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def case(case_id: str, **kw) -> dict:
    return dict(dict(case_id=case_id, unit_id="U1", case_type="行政处罚", procedure="普通程序", party_type="个人",
                     filed_date="2024-05-01", decision_date="2024-05-10", decision_types=["罚款"],
                     hearing_held=True), **kw)


# (case, TZ01 outcome, reason) — worked by hand with hearing_fine_min 5000
ROWS = [
    (case("C1", fine_amount=6000, hearing_held=False), "fail", "罚款 6000 元达到 5000 元，未举行听证"),
    (case("C2", fine_amount=6000), "pass", "已举行听证"),                       # 9 days from filing
    (case("C3", fine_amount=6000, filed_date="2024-03-01"), "fail", "立案后逾30日才作出决定"),   # 70 days
    (case("C4", fine_amount=4999), "na", "罚款未达听证金额线"),
    (case("C5", fine_amount=5000, filed_date="2024-04-10"), "pass", "已举行听证"),   # exactly 5000; 30 days
    (case("C6", fine_amount=None), "na", "罚款未达听证金额线"),                  # null: the comparison is false
]


def test_overlay_rule_reads_declared_parameter_and_named_facts_on_every_engine(tmp_path):
    loaded = load_pack(overlays=[write(tmp_path, OVERLAY)])
    assert loaded.param("hearing_fine_min") == 5000
    assert list(loaded.named_facts)[-3:] == ["hearing_fine_reached", "decision_span", "slow_large_fine"]
    result = review_on_every_engine(casefile_set([row[0] for row in ROWS], acts=[], reviews=[]), loaded, AS_OF)
    for fields, want, reason in ROWS:
        assert outcome(result, fields["case_id"], "TZ01") == (want, reason), fields["case_id"]


def test_named_fact_is_expanded_into_plain_conditions(tmp_path):
    """The compiled rule reads the facts behind the names, never the names themselves."""
    loaded = load_pack(overlays=[write(tmp_path, OVERLAY)])
    rule = next(c for c in loaded.compiled if c.rule.id == "TZ01")
    assert {"fine_amount", "hearing_held", "filed_date", "decision_date"} <= rule.facts
    assert not rule.facts & {"hearing_fine_reached", "decision_span", "slow_large_fine"}


def _problems(tmp_path, text):
    path = write(tmp_path, text)
    return path, [(p.file, p.line, p.message) for p in lint_pack(overlays=[path])]


def test_cycle_is_reported_at_each_fact(tmp_path):
    text = OVERLAY.replace("expr: days_between(filed_date, decision_date)", "expr: days_between(filed_date, decision_date)\n"
                           "  - name: loop_a\n    type: bool\n    meaning: 甲\n    expr: loop_b\n"
                           "  - name: loop_b\n    type: bool\n    meaning: 乙\n    expr: not loop_a")
    path, problems = _problems(tmp_path, text)
    assert (str(path), 19, "命名事实循环引用：loop_a → loop_b → loop_a") in problems
    assert (str(path), 23, "命名事实循环引用：loop_b → loop_a → loop_b") in problems


def test_clash_with_a_builtin_fact(tmp_path):
    path, problems = _problems(tmp_path, OVERLAY.replace("name: decision_span", "name: is_major"))
    assert (str(path), 12, "命名事实“is_major”与内置事实同名，须另取名称") in problems


def test_wrong_type_of_a_named_fact(tmp_path):
    path, problems = _problems(tmp_path, OVERLAY.replace("    type: number\n    meaning: 立案",
                                                         "    type: date\n    meaning: 立案"))
    assert (str(path), 15, "命名事实 decision_span 声明为日期（date），"
                           "其表达式“days_between(filed_date, decision_date)”是数值（number）") in problems


def test_wrong_type_of_a_declared_parameter_value(tmp_path):
    path, problems = _problems(tmp_path, OVERLAY.replace("value: 5000", "value: 五千"))
    assert (str(path), 6, "value：参数声明为数值（number），值“五千”不是数值") in problems


def test_parameter_compared_with_a_fact_of_another_type(tmp_path):
    text = OVERLAY.replace("type: number\n    label", "type: date\n    label").replace("value: 5000", "value: 2024-01-01")
    path, problems = _problems(tmp_path, text)
    assert (str(path), 11, "命名事实 hearing_fine_reached：fine_amount 是数值，不能与“2024-01-01”比较") in problems


def test_undeclared_parameter_with_did_you_mean(tmp_path):
    path = write(tmp_path, OVERLAY.replace("expr: fine_amount >= $hearing_fine_min",
                                           "expr: fine_amount >= $hearing_fine_mn"))
    problems = lint_pack(overlays=[path])
    hit = [p for p in problems if p.line == 11]
    assert [(p.message, p.suggestion) for p in hit] == [("命名事实 hearing_fine_reached：未知参数“$hearing_fine_mn”",
                                                      "hearing_fine_min")]
    with pytest.raises(PackError):
        load_pack(overlays=[path])


SHOWN = OVERLAY.replace("reason: 已举行听证", "reason: 已举行听证，立案后 {decision_span} 日决定").replace(
    "    meaning: 立案至决定的自然日数\n", "    label: 办案天数\n    meaning: 立案至决定的自然日数\n").replace(
    "    deduction: 5\n", "    deduction: 5\n    evidence: [fine_amount, decision_span, hearing_fine_reached]\n")


def test_named_fact_is_shown_in_a_reason_and_in_evidence_on_every_engine(tmp_path):
    """Its value per case, formatted as a fact of its type: C2 filed 05-01, decided 05-10 → 9 days;
    C5 filed 04-10 → 30 days; a condition reads 是/否; evidence names the declared label (else the name)."""
    loaded = load_pack(overlays=[write(tmp_path, SHOWN)])
    assert {"decision_span", "hearing_fine_reached"} <= set(loaded.shown)
    result = review_on_every_engine(casefile_set([row[0] for row in ROWS], acts=[], reviews=[]), loaded, AS_OF)
    assert outcome(result, "C2", "TZ01") == ("pass", "已举行听证，立案后 9 日决定")
    assert outcome(result, "C5", "TZ01") == ("pass", "已举行听证，立案后 30 日决定")
    f = result.findings.set_index(["case_id", "rule_id"])
    assert f.loc[("C2", "TZ01"), "evidence"] == "罚款金额=6000；办案天数=9；hearing_fine_reached=是"
    assert f.loc[("C4", "TZ01"), "evidence"] == "罚款金额=4999；办案天数=9；hearing_fine_reached=否"


def test_named_fact_shown_by_a_unit_rule_is_refused(tmp_path):
    text = SHOWN + """\
  - id: TZ02
    system: 审核
    title: 单位级
    basis: 测试
    level: unit
    checks: []
    otherwise:
      reason: 立案后 {decision_span} 日
"""
    path, problems = _problems(tmp_path, text)
    assert (str(path), 46, "单位级规则的说明中不能引用命名事实“decision_span”（命名事实按案件级事实解析）") in problems


def test_standard_pack_declares_its_deadline_facts_and_notice_parameters():
    loaded = load_pack()
    assert {"publish_short_deadline", "publish_short_open", "serve_deadline", "serve_open",
            "withdraw_deadline", "decide_span"} <= set(loaded.named_facts)
    declared = {name: (d.type, d.value) for name, d in loaded.params.declared.items()}
    assert declared == {"notice_due_working_days": ("integer", 15), "notice_max_chars": ("integer", 1500)}


def test_rules_show_lists_declared_parameters_and_facts_with_their_file(tmp_path, capsys):
    path = write(tmp_path, OVERLAY)
    assert main(["rules", "show", "--overlay", str(path)]) == 0
    out = capsys.readouterr().out
    assert "  $hearing_fine_min = 5000  number  应当告知听证的罚款金额（元）  ← hearing.yaml" in out
    assert ("  hearing_fine_reached  bool  罚款金额达到本叠加包的听证金额线：fine_amount >= $hearing_fine_min"
            "  ← hearing.yaml") in out
    assert "  TZ01  启用  程序  一般·扣5分  较大数额罚款应当举行听证并及时决定  ← hearing.yaml（新增）" in out


def test_fact_catalogue_has_a_section_for_declared_facts(tmp_path):
    text = fact_catalogue_md(load_pack(overlays=[write(tmp_path, OVERLAY)]))
    assert "## 规则包声明的事实" in text
    assert "| `decision_span` | 数值 | 立案至决定的自然日数 | `days_between(filed_date, decision_date)` | hearing.yaml |" in text
    standard = fact_catalogue_md(load_pack())
    assert ("| `serve_deadline` | 日期 | 决定书送达期限日（决定后第 N 个工作日） | "
            "`nth_workday_after(decision_date, $deadlines.serve.working_days)` | 三项制度.yaml |") in standard


def test_malformed_declaration_is_reported_where_written(tmp_path):
    path, problems = _problems(tmp_path, OVERLAY.replace("    type: number\n    meaning: 立案",
                                                         "    type: duration\n    meaning: 立案"))
    assert (str(path), 13, "type：取值“duration”无效，须为 bool、number、date、text 之一") in problems
