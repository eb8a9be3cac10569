"""The condition language looking into the case's child records: exists / count / all / min / max over
acts, documents, recordings and reviews with a filter, and list membership ('吊销许可证件' in decision_types).

Rules are added through a pack overlay in a temp folder (ids not in the standard pack) and reviewed on
every engine (the same branches demanded); every expected outcome is worked out by hand in the comments.
All decisions are dated 2024-05-10; the standard pack's fine line for an individual is 10000."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from casereview.engine.model import expr
from casereview.engine.model.expr import DATE, NUMBER, TEXT, LIST
from casereview.engine.model.pack import lint_pack, load_pack
from casereview.features.engines import casefile_set, outcome, review_on_every_engine
from casereview.rules import STANDARD_PACK

AS_OF = date(2026, 11, 20)

OVERLAY = """\
pack: {id: children, title: 子记录条件测试, version: "1", extends: 三项制度}
rules:
  - id: QT01
    system: 程序
    title: 较大数额罚款、吊销许可证件、责令停产停业、责令关闭前须送达听证告知书
    basis: 《行政处罚法》第六十三条
    severity: 严重
    deduction: 5
    applies: >-
      has_decision and (fine_amount >= $major.fine_individual or '吊销许可证件' in decision_types
      or '责令停产停业' in decision_types or '责令关闭' in decision_types)
    not_applicable: 非须告知听证的处罚
    checks:
      - when: "not exists(documents, doc_type == '听证告知书' and doc_date <= decision_date)"
        outcome: fail
        reason: 决定前没有听证告知书
    otherwise: {reason: 决定前有听证告知书}
  - id: QT02
    system: 审核
    title: 重大执法决定前有法制审核意见书
    basis: 测试
    severity: 严重
    deduction: 5
    applies: is_major and has_decision
    not_applicable: 非重大执法决定
    checks:
      - when: "not exists(documents, doc_type == '法制审核意见书' and doc_date <= case.decision_date)"
        outcome: fail
        reason: 决定前没有法制审核意见书
    otherwise: {reason: 决定前有法制审核意见书}
  - id: QT03
    system: 记录
    title: 每项扣押都有标注为该活动的音像记录
    basis: 测试
    severity: 一般
    deduction: 2
    applies: "count(acts, act_type == '扣押') >= 1"
    not_applicable: 没有扣押
    checks:
      - when: "not all(acts, act_type != '扣押' or recording_count >= 1)"
        outcome: fail
        reason: 有扣押没有音像记录
    otherwise: {reason: 每项扣押都有音像记录}
  - id: QT04
    system: 程序
    title: 送达回证不早于决定
    basis: 测试
    severity: 一般
    deduction: 1
    applies: has_decision
    not_applicable: 尚未决定
    checks:
      - when: "min(documents, doc_date, doc_type == '送达回证') is null"
        outcome: unknown
        reason: 没有注明日期的送达回证
      - when: "min(documents, doc_date, doc_type == '送达回证') < decision_date"
        outcome: fail
        reason: 送达回证早于决定
    otherwise: {reason: 送达回证不早于决定}
"""


def case(case_id: str, **values) -> dict:
    return dict(case_id=case_id, unit_id="U1", case_type="行政处罚", party_type="个人", **values)


def doc(doc_id: str, case_id: str, doc_type: str, doc_date: str | None) -> dict:
    return dict(doc_id=doc_id, case_id=case_id, doc_type=doc_type, doc_date=doc_date)


def act(act_id: str, case_id: str, act_type: str | None) -> dict:
    return dict(act_id=act_id, case_id=case_id, act_type=act_type)


def rec(recording_id: str, case_id: str, act_id: str | None) -> dict:
    return dict(recording_id=recording_id, case_id=case_id, act_id=act_id)


CASES = [
    case("A", decision_date="2024-05-10", fine_amount=20000.0, decision_types=["罚款"]),
    case("B", decision_date="2024-05-10", decision_types=["吊销许可证件"]),
    case("C", decision_date="2024-05-10", fine_amount=500.0, decision_types=["警告"]),
    case("D", decision_date="2024-05-10", decision_types=["责令关闭"]),
    case("E", decision_types=[]),
]
DOCUMENTS = [
    doc("A1", "A", "听证告知书", "2024-05-01"), doc("A2", "A", "法制审核意见书", "2024-05-09"),
    doc("A3", "A", "送达回证", "2024-05-15"), doc("A4", "A", "送达回证", "2024-05-12"),
    doc("B1", "B", "听证告知书", "2024-05-11"), doc("B2", "B", "法制审核意见书", None),
    doc("D1", "D", "听证告知书", "2024-05-10"), doc("D2", "D", "送达回证", "2024-05-08"),
    doc("D3", "D", "法制审核意见书", "2024-05-10"),
]
ACTS = [
    act("XA1", "A", "扣押"), act("XA2", "A", "检查"),
    act("XB1", "B", "扣押"), act("XB2", "B", "扣押"),
    act("XE1", "E", "扣押"), act("XE2", "E", None),
]
RECORDINGS = [rec("RA1", "A", "XA1"), rec("RB2", "B", "XB2"), rec("RB0", "B", None), rec("RE1", "E", "XE1")]

# case → rule → (outcome, reason)
EXPECTED = {
    # A: fine 20000 ≥ 10000; 听证告知书 05-01 ≤ 05-10. Major by the fine; 法制审核意见书 05-09 ≤ 05-10.
    # One 扣押 (XA1, recording RA1 tagged to it); XA2 is no 扣押. Earliest 送达回证 05-12 (of 05-15, 05-12) ≥ 05-10.
    "A": {"QT01": ("pass", "决定前有听证告知书"), "QT02": ("pass", "决定前有法制审核意见书"),
          "QT03": ("pass", "每项扣押都有音像记录"), "QT04": ("pass", "送达回证不早于决定")},
    # B: 吊销许可证件; its 听证告知书 is dated 05-11, after the decision. Major by the decision type; the
    # 法制审核意见书 has no date: the comparison with a null is false. 扣押 XB1 has no recording tagged to it
    # (RB0 is tagged to no act). No 送达回证: min of no rows is null.
    "B": {"QT01": ("fail", "决定前没有听证告知书"), "QT02": ("fail", "决定前没有法制审核意见书"),
          "QT03": ("fail", "有扣押没有音像记录"), "QT04": ("unknown", "没有注明日期的送达回证")},
    # C: fine 500, 警告: no hearing notice needed, not major, no acts (count 0), no documents (min null).
    "C": {"QT01": ("na", "非须告知听证的处罚"), "QT02": ("na", "非重大执法决定"), "QT03": ("na", "没有扣押"),
          "QT04": ("unknown", "没有注明日期的送达回证")},
    # D: 责令关闭; 听证告知书 on the decision day itself (≤ holds). Major (责令关闭 is in the catalogue);
    # 法制审核意见书 05-10. No acts. 送达回证 05-08 < 05-10.
    "D": {"QT01": ("pass", "决定前有听证告知书"), "QT02": ("pass", "决定前有法制审核意见书"),
          "QT03": ("na", "没有扣押"), "QT04": ("fail", "送达回证早于决定")},
    # E: no decision. 扣押 XE1 is recorded, but XE2's act type is empty: `act_type != '扣押'` reads a null
    # and is false, and XE2 has no recording, so not every act passes the filter.
    "E": {"QT01": ("na", "非须告知听证的处罚"), "QT02": ("na", "非重大执法决定"),
          "QT03": ("fail", "有扣押没有音像记录"), "QT04": ("na", "尚未决定")},
}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    path = Path(tmp_path_factory.mktemp("overlay")) / "子记录.yaml"
    path.write_text(OVERLAY, encoding="utf-8")
    return load_pack(overlays=[path])


@pytest.fixture(scope="module")
def result(loaded):
    cfs = casefile_set(CASES, documents=DOCUMENTS, acts=ACTS, recordings=RECORDINGS, reviews=[],
                       officers=[], units=[])
    return review_on_every_engine(cfs, loaded, AS_OF)


@pytest.mark.parametrize("case_id,rule_id", [(c, r) for c, rules in EXPECTED.items() for r in rules])
def test_outcomes_worked_by_hand(result, case_id, rule_id):
    assert outcome(result, case_id, rule_id) == EXPECTED[case_id][rule_id]


def test_hidden_columns_hold_the_per_case_values(result):
    f = result.case_facts.set_index("case_id")
    # 扣押 per case: A 1, B 2, C 0, D 0, E 1
    assert f["count(acts, act_type == '扣押')"].to_dict() == {"A": 1.0, "B": 2.0, "C": 0.0, "D": 0.0, "E": 1.0}
    # all() over no acts is true (C, D)
    assert f["all(acts, act_type != '扣押' or recording_count >= 1)"].to_dict() == \
        {"A": True, "B": False, "C": True, "D": True, "E": False}
    earliest = f["min(documents, doc_date, doc_type == '送达回证')"]
    assert earliest["A"] == pd.Timestamp("2024-05-12") and earliest["D"] == pd.Timestamp("2024-05-08")
    assert earliest[["B", "C", "E"]].isna().all()
    assert f["'责令关闭' in decision_types"].to_dict() == {"A": False, "B": False, "C": False, "D": True, "E": False}


def test_a_missing_documents_table_is_unknown_never_a_failure(loaded):
    """A's documents would pass QT01; without a documents table the rule cannot say."""
    cfs = casefile_set(CASES[:1], documents=None, acts=[], recordings=[], reviews=[], officers=[], units=[])
    result = review_on_every_engine(cfs, loaded, AS_OF)
    assert outcome(result, "A", "QT01") == ("unknown", "输入中没有文书表，无法判定")
    # QT03 reads acts only (count 0 → not applicable): the missing documents table does not matter
    assert outcome(result, "A", "QT03") == ("na", "没有扣押")


def test_a_missing_recordings_table_makes_the_recording_check_unknown(loaded):
    cfs = casefile_set(CASES[:1], documents=DOCUMENTS[:4], acts=ACTS[:2], recordings=None, reviews=[],
                       officers=[], units=[])
    result = review_on_every_engine(cfs, loaded, AS_OF)
    assert outcome(result, "A", "QT03") == ("unknown", "输入中没有音像记录表，无法判定")


# --- the language itself ---------------------------------------------------------------------------

TYPES = {"decision_date": DATE, "served_date": DATE, "fine_amount": NUMBER, "case_type": TEXT,
         "decision_types": LIST, "is_major": "bool"}


def parse(text: str) -> expr.Node:
    return expr.parse(text, TYPES, lambda name: {"line": 10000}[name])


@pytest.mark.parametrize("text,column", [
    # bare case facts in a filter are written `case.` in the canonical text; constants mirrored
    ("exists(documents, '听证告知书' == doc_type and doc_date <= decision_date)",
     "exists(documents, doc_type == '听证告知书' and doc_date <= case.decision_date)"),
    ("exists(documents, doc_type == '听证告知书' and doc_date <= case.decision_date)",
     "exists(documents, doc_type == '听证告知书' and doc_date <= case.decision_date)"),
    ("count(acts) > 0", "count(acts)"),
    ("min(documents, doc_date) is null", "min(documents, doc_date)"),
    ("max(reviews, review_date, conclusion == '同意' and (reviewer_id is null or not certificate_ok)) > "
     "decision_date", None),
    ("'吊销许可证件' not in decision_types", "'吊销许可证件' in decision_types"),
])
def test_canonical_column(text, column):
    if column is None:       # `certificate_ok` is no column of reviews and no fact
        with pytest.raises(expr.ExprError, match="法制审核表（reviews）没有列“certificate_ok”，也没有这个案件事实"):
            parse(text)
        return
    assert [a.column for a in expr.aggregates_of(parse(text))] == [column]


def test_reads_and_inputs():
    node = parse("count(acts, act_type == '扣押' and recording_count == 0 and case.is_major) == 0 "
                 "and '罚款' in decision_types")
    assert expr.facts_of(node) == {"is_major", "decision_types"}
    # recording_count reads the recordings' act ids: their guards apply
    assert expr.inputs_of(node) == {"acts", "acts.act_type", "recordings", "recordings.act_id"}


@pytest.mark.parametrize("text,message,suggestion", [
    ("exists(document, doc_type == 'x')", "exists 的第1个参数须为子表名（acts、recordings、reviews、documents），实为“document”",
     "documents"),
    ("exists(documents, doc_typ == 'x')", "文书表（documents）没有列“doc_typ”，也没有这个案件事实", "doc_type"),
    ("min(acts, act_type) is null", "min 只能取日期或数值列，acts.act_type 是文本", None),
    ("max(documents, doc_dat) is null", "文书表（documents）没有列“doc_dat”", "doc_date"),
    ("exists(acts, exists(documents))", "exists(…) 不能写在另一个子表函数的筛选条件里（不支持嵌套）", None),
    ("exists(acts) == true", "exists(…) 本身是真假值", None),
    ("count(acts)", "count(…) 的结果是数值，不是真假值", None),
    ("decision_types == '罚款'", "decision_types 是列表，不能用“==”比较；判断是否含某项请写“'值' in decision_types”", None),
    ("decision_types in ['罚款']", "decision_types 是列表：判断是否含某项请写“'值' in decision_types”", None),
    ("'罚款' in case_type", "“… in case_type”要求 case_type 是列表，它是文本", None),
    ("exists(acts, days_between(start_time, decision_date) > 1)", "acts 的筛选条件中暂不支持函数“days_between(…)”", None),
    ("exist(acts)", "条件语言不支持函数调用“exist(…)”", "exists"),
])
def test_errors_are_chinese_with_did_you_mean(text, message, suggestion):
    with pytest.raises(expr.ExprError) as e:
        parse(text)
    assert message in str(e.value)
    assert e.value.suggestion == suggestion


def test_a_pack_rule_with_a_mistyped_child_column_is_refused(tmp_path):
    path = tmp_path / "错.yaml"
    path.write_text(OVERLAY.replace("doc_type == '听证告知书'", "doc_tpye == '听证告知书'"), encoding="utf-8")
    problems = lint_pack(STANDARD_PACK, [path])
    assert [(p.rule_id, p.fatal, p.suggestion) for p in problems] == [("QT01", True, "doc_type")]
    assert "文书表（documents）没有列“doc_tpye”" in problems[0].message


def test_a_unit_level_rule_cannot_look_into_case_records(tmp_path):
    path = tmp_path / "单位.yaml"
    path.write_text(OVERLAY.replace("    applies: \"count(acts, act_type == '扣押') >= 1\"",
                                    "    level: unit\n    applies: \"count(acts, act_type == '扣押') >= 1\""),
                    encoding="utf-8")
    problems = [p for p in lint_pack(STANDARD_PACK, [path]) if p.rule_id == "QT03"]
    assert [p.fatal for p in problems] == [True, True]     # applies and the check
    assert "单位级规则不能读取案件的子记录（count(acts, act_type == '扣押')）" in problems[0].message


def test_a_closed_list_literal_in_a_filter_is_checked(tmp_path):
    """reviews.conclusion holds 同意 / 不同意 / 退回补充 only: '同 意' would never match."""
    path = tmp_path / "结论.yaml"
    path.write_text(OVERLAY.replace("applies: is_major and has_decision",
                                    "applies: is_major and has_decision and exists(reviews, conclusion == '同 意')"),
                    encoding="utf-8")
    problems = [p for p in lint_pack(STANDARD_PACK, [path]) if p.rule_id == "QT02"]
    assert [(p.suggestion, "未知的法制审核.审核结论“同 意”" in p.message) for p in problems] == [("同意", True)]
