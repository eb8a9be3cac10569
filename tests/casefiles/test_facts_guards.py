"""A rejected value in any table makes the rules that read it unknown, naming the row — never a substitute."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from casereview.casefiles.loader import load_casefiles
from casereview.engine.run.review import review
from tests.support import pack, review_on_every_engine

AS_OF = date(2024, 12, 31)
# C1: 行政检查 with one act A1 on 2024-05-06 by P1 and a second officer; 普通程序, so two qualified
# officers are needed (行政处罚法 art. 42). Officers: header = row 1, so P1 is row 2, the second row 3.
CASES = "案件编号,办案单位编码,执法类别,程序类型\nC1,U1,行政检查,普通程序\n"
ACTS = ("活动编号,案件编号,活动类型,开始时间,执法人员,出示证件\n"
        "A1,C1,现场检查,2024-05-06 09:00,P1、{second},是\n")
OFFICERS_HEAD = "人员编号,单位编码,人员类别,执法证号,证件有效期起,证件有效期止\n"
P1 = "P1,U1,执法人员,Z1,,\n"


def load(tmp_path: Path, **tables: str):
    src = tmp_path / "in"
    src.mkdir()
    for name, text in tables.items():
        (src / f"{name}.csv").write_text(text, encoding="utf-8")
    return load_casefiles(src)


def judged(cfs, rule: str, level: str = "case") -> tuple[str, str]:
    """(outcome, reason) of the only row of `rule`, decided alike on both engines."""
    res = review_on_every_engine(cfs, pack(), AS_OF)
    found = res.findings if level == "case" else res.unit_findings
    f = found[found["rule_id"] == rule]
    assert len(f) == 1
    return f["outcome"].iloc[0], f["reason"].iloc[0]


def test_control_two_qualified_officers_pass(tmp_path):
    cfs = load(tmp_path, cases=CASES, acts=ACTS.format(second="P2"),
               officers=OFFICERS_HEAD + P1 + "P2,U1,执法人员,Z2,,\n")
    assert judged(cfs, "GS01")[0] == "pass"


def test_rejected_auxiliary_role_is_never_a_qualified_officer(tmp_path):
    """人员类别 “辅警” is not one of the three roles: rejected. Read as empty, X (with a certificate
    number) would count as the second qualified officer and GS01 would pass."""
    cfs = load(tmp_path, cases=CASES, acts=ACTS.format(second="X"),
               officers=OFFICERS_HEAD + P1 + "X,U1,辅警,Z9,,\n")
    outcome, reason = judged(cfs, "GS01")
    assert outcome == "unknown"
    assert "人员表第3行（X）人员类别“辅警”" in reason and "rejects.csv" in reason


def test_unreadable_certificate_end_is_not_no_expiry(tmp_path):
    """证件有效期止 “2023-13-01” has no month 13: rejected. Read as empty it would mean “no expiry”
    and P2 would be qualified on 2024-05-06."""
    cfs = load(tmp_path, cases=CASES, acts=ACTS.format(second="P2"),
               officers=OFFICERS_HEAD + P1 + "P2,U1,执法人员,Z2,2020-01-01,2023-13-01\n")
    outcome, reason = judged(cfs, "GS01")
    assert outcome == "unknown" and "人员表第3行（P2）证件有效期止“2023-13-01”" in reason


def test_rejected_officer_role_reaches_only_the_cases_that_list_the_officer(tmp_path):
    """C2's act is by P1 and P2 only: X's rejected role does not touch it."""
    cases = CASES + "C2,U1,行政检查,普通程序\n"
    acts = ACTS.format(second="X") + "A2,C2,现场检查,2024-05-06 09:00,P1、P2,是\n"
    cfs = load(tmp_path, cases=cases, acts=acts,
               officers=OFFICERS_HEAD + P1 + "P2,U1,执法人员,Z2,,\nX,U1,辅警,Z9,,\n")
    f = review(cfs, pack(), AS_OF).findings.set_index(["case_id", "rule_id"])
    assert f.loc[("C1", "GS01"), "outcome"] == "unknown" and f.loc[("C2", "GS01"), "outcome"] == "pass"


def test_unparseable_officer_list_is_unknown_not_zero_officers(tmp_path):
    """A JSON Lines act whose 执法人员 is `true` is not a list: rejected. Read as an empty list the act
    would have 0 qualified officers and GS01 would fail (a veto)."""
    src = tmp_path / "in"
    src.mkdir()
    case = dict(案件编号="C1", 办案单位编码="U1", 执法类别="行政检查", 程序类型="普通程序",
                acts=[dict(活动编号="A1", 活动类型="现场检查", 开始时间="2024-05-06 09:00", 执法人员=True,
                           出示证件="是")])
    (src / "cases.jsonl").write_text(json.dumps(case, ensure_ascii=False) + "\n", encoding="utf-8")
    officers = [dict(officer_id=o, unit_id="U1", role="执法人员", certificate_no=f"Z{o}",
                     certificate_valid_from=None, certificate_valid_to=None) for o in ("P1", "P2")]
    (src / "officers.jsonl").write_text("".join(json.dumps(o) + "\n" for o in officers), encoding="utf-8")
    cfs = load_casefiles(src / "cases.jsonl")
    outcome, reason = judged(cfs, "GS01")
    assert outcome == "unknown" and "执法活动表第1行（A1）执法人员“TRUE”" in reason, reason


def test_rejected_staff_count_is_not_replaced_by_a_count_of_officers(tmp_path):
    """执法人员总数 “40人” is not an integer: rejected. Counted from the officers table instead, U1 has
    2 staff of whom 1 reviewer (50%), and FS04 would pass."""
    units = "单位编码,单位名称,执法人员总数,法制审核人员数\nU1,一所,40人,2\n"
    officers = OFFICERS_HEAD + P1 + "R1,U1,法制审核人员,Z7,,\n"
    cfs = load(tmp_path, cases=CASES, units=units, officers=officers)
    outcome, reason = judged(cfs, "FS04", level="unit")
    assert outcome == "unknown" and "单位表第2行（U1）执法人员总数“40人”" in reason


def test_empty_staff_count_is_still_counted_from_officers(tmp_path):
    """Control: an empty 执法人员总数 is counted from officers (P1 + R1 = 2 staff, R1 = 1 reviewer: 50%)."""
    units = "单位编码,单位名称,执法人员总数,法制审核人员数\nU1,一所,,\n"
    officers = OFFICERS_HEAD + P1 + "R1,U1,法制审核人员,Z7,,\n"
    cfs = load(tmp_path, cases=CASES, units=units, officers=officers)
    assert judged(cfs, "FS04", level="unit")[0] == "pass"


def test_rejected_role_makes_a_count_from_officers_unknown(tmp_path):
    """No units table: U1 is counted from officers, and X's role “辅警” is unreadable."""
    officers = OFFICERS_HEAD + P1 + "R1,U1,法制审核人员,Z7,,\nX,U1,辅警,,,\n"
    cfs = load(tmp_path, cases=CASES, officers=officers)
    outcome, reason = judged(cfs, "FS04", level="unit")
    assert outcome == "unknown" and "人员表第4行（X）人员类别“辅警”" in reason


def test_rejected_document_phase_is_not_looked_up_from_its_name(tmp_path):
    """环节 “调查” is not one of the four phases: rejected. Looked up from 询问笔录 it would be 调查取证.
    Served Mon 2024-05-13 after a decision on Fri 05-10: the service deadline is met, so JL01 judges the phases."""
    cases = ("案件编号,办案单位编码,执法类别,程序类型,决定日期,送达日期\n"
             "C1,U1,行政检查,普通程序,2024-05-10,2024-05-13\n")
    docs = ("文书编号,案件编号,文书名称,环节\nD1,C1,立案审批表,启动\nD2,C1,询问笔录,调查\n"
            "D3,C1,行政处罚决定书,审核决定\nD4,C1,送达回证,送达执行\n")
    cfs = load(tmp_path, cases=cases, documents=docs)
    outcome, reason = judged(cfs, "JL01")
    assert outcome == "unknown" and "文书表第3行（D2）环节“调查”" in reason


def test_case_without_acts_keeps_gs02_not_applicable(tmp_path):
    """GS02 applies to cases with acts; C2 has none (the acts table is there, with a rejected value)."""
    cases = CASES + "C2,U1,行政检查,普通程序\n"
    acts = ACTS.format(second="P2").replace(",是\n", ",也许\n")
    cfs = load(tmp_path, cases=cases, acts=acts, officers=OFFICERS_HEAD + P1 + "P2,U1,执法人员,Z2,,\n")
    f = review(cfs, pack(), AS_OF).findings.set_index(["case_id", "rule_id"])
    assert f.loc[("C2", "GS02"), "outcome"] == "na"
    assert f.loc[("C1", "GS02"), "outcome"] == "unknown" and "出示证件“也许”" in f.loc[("C1", "GS02"), "reason"]


def test_act_of_no_readable_case_makes_every_case_unknown_on_acts(tmp_path):
    """A2's 案件编号 is empty: it may be C1's second act, so C1 (one act by P1 and P2, a pass on its
    own) cannot pass GS01; nor can C2, which has no act of its own (GS02 would be na)."""
    cases = CASES + "C2,U1,行政检查,普通程序\n"
    acts = ACTS.format(second="P2") + "A2,,现场检查,2024-05-07 09:00,P1,是\n"
    cfs = load(tmp_path, cases=cases, acts=acts, officers=OFFICERS_HEAD + P1 + "P2,U1,执法人员,Z2,,\n")
    f = review(cfs, pack(), AS_OF).findings.set_index(["case_id", "rule_id"])
    for case in ("C1", "C2"):
        for rule in ("GS01", "GS02"):
            assert f.loc[(case, rule), "outcome"] == "unknown"
            assert "执法活动表有 1 条记录的案件编号为空或无法识别" in f.loc[(case, rule), "reason"]


def test_officer_of_unreadable_unit_makes_counts_from_officers_unknown(tmp_path):
    """Y's 单位编码 holds a control character: Y may be one of U1's staff, so U1's count is unknown."""
    officers = OFFICERS_HEAD + P1 + "R1,U1,法制审核人员,Z7,,\nY,U\x011,执法人员,Z8,,\n"
    cfs = load(tmp_path, cases=CASES, officers=officers)
    outcome, reason = judged(cfs, "FS04", level="unit")
    assert outcome == "unknown" and "人员表第4行（Y）单位编码" in reason


def test_absent_staff_column_is_unknown_unless_declared(tmp_path):
    """The units table has no 执法人员总数 column: FS04 is unknown, not counted from officers."""
    units = "单位编码,单位名称,法制审核人员数\nU1,一所,1\n"
    officers = OFFICERS_HEAD + P1 + "R1,U1,法制审核人员,Z7,,\n"
    cfs = load(tmp_path, cases=CASES, units=units, officers=officers)
    assert judged(cfs, "FS04", level="unit") == (
        "unknown", "输入缺少列 单位.执法人员总数（units.enforcement_staff），无法判定")


def test_officer_listed_twice_is_kept_not_rejected(tmp_path):
    """“P1、P1” counts as one officer (a data problem, not a rejected value): GS01 fails, not unknown."""
    cfs = load(tmp_path, cases=CASES, acts=ACTS.format(second="P1"), officers=OFFICERS_HEAD + P1)
    assert judged(cfs, "GS01")[0] == "fail"


def test_officers_written_with_a_space_are_unknown_not_one_unknown_officer(tmp_path):
    """执法人员 “P1 P2”: two qualified officers, or one id with a space? Read as one id that is not in the
    officers table, the act would have at most 1 officer of the 2 needed and GS01 (a veto) would fail."""
    cfs = load(tmp_path, cases=CASES, acts=ACTS.format(second="P2").replace("P1、P2", "P1 P2"),
               officers=OFFICERS_HEAD + P1 + "P2,U1,执法人员,Z2,,\n")
    outcome, reason = judged(cfs, "GS01")
    assert outcome == "unknown" and "执法活动表第2行（A1）执法人员“P1 P2”" in reason, reason


def test_handlers_written_with_a_space_do_not_clear_the_reviewer(tmp_path):
    """承办人 “P1 R1”: R1, the legal reviewer, may be one of the handlers (a conflict: FS03 fails). Read
    as one id “P1 R1”, R1 would not be a handler and FS03 would pass."""
    cases = "案件编号,办案单位编码,执法类别,程序类型,承办人\nC1,U1,行政检查,普通程序,P1 R1\n"
    reviews = "审核编号,案件编号,审核人,审核日期,审核结论\nV1,C1,R1,2024-05-07,同意\n"
    officers = OFFICERS_HEAD + P1 + "P2,U1,执法人员,Z2,,\nR1,U1,法制审核人员,Z7,,\n"
    cfs = load(tmp_path, cases=cases, reviews=reviews, officers=officers, acts=ACTS.format(second="P2"))
    outcome, reason = judged(cfs, "FS03")
    assert outcome == "unknown" and "“承办人”的取值无法识别" in reason, reason


def test_control_handlers_with_a_separator_make_the_reviewer_a_conflict(tmp_path):
    cases = "案件编号,办案单位编码,执法类别,程序类型,承办人\nC1,U1,行政检查,普通程序,P1；R1\n"
    reviews = "审核编号,案件编号,审核人,审核日期,审核结论\nV1,C1,R1,2024-05-07,同意\n"
    officers = OFFICERS_HEAD + P1 + "P2,U1,执法人员,Z2,,\nR1,U1,法制审核人员,Z7,,\n"
    cfs = load(tmp_path, cases=cases, reviews=reviews, officers=officers, acts=ACTS.format(second="P2"))
    assert judged(cfs, "FS03")[0] == "fail"


def test_decisions_written_with_a_space_are_not_taken_as_not_major(tmp_path):
    """处理决定 “罚款 吊销许可证件”: 吊销许可证件 makes the decision major (rules/三项制度.yaml), and there
    is no legal review, so FS01 fails. Read as one unknown decision type it would be not major: FS01 n/a."""
    head = "案件编号,办案单位编码,执法类别,程序类型,当事人类型,重大执法决定,疑难复杂,是否听证,罚款金额,决定日期,处理决定\n"
    cases = head + "C1,U1,行政处罚,普通程序,个人,否,否,否,500,2024-05-10,{}\n"
    outcome, reason = judged(load(tmp_path, cases=cases.format("罚款 吊销许可证件"), reviews="审核编号,案件编号,审核日期\n"),
                             "FS01")
    assert outcome == "unknown" and "“处理决定”的取值无法识别" in reason, reason
    (tmp_path / "in").rename(tmp_path / "first")
    control = load(tmp_path, cases=cases.format("罚款、吊销许可证件"), reviews="审核编号,案件编号,审核日期\n")
    assert judged(control, "FS01")[0] == "fail"


def test_child_of_a_look_alike_case_id_makes_that_case_unknown(tmp_path):
    """An act filed under “ｃ１” (full-width, lower case) names no case, but a reader takes it for C1's. Left
    out, C1 would have no acts and GS02 would be 不适用; it may be C1's act, so C1's act rules are unknown."""
    acts = ACTS.format(second="P2").replace(",C1,", ",ｃ１,")
    cfs = load(tmp_path, cases=CASES, acts=acts, officers=OFFICERS_HEAD + P1 + "P2,U1,执法人员,Z2,,\n")
    outcome, reason = judged(cfs, "GS02")
    assert outcome == "unknown" and "1 条执法活动记录被拒收" in reason, reason
    assert cfs.rejects["error"].iloc[0] == ("案件编号 ｃ１ 不存在（与案件 C1 只差大小写、全角半角或空格，可能属于该案："
                                           "该案依赖本表的规则判为无法判定）")


def test_child_of_an_unrelated_case_id_stays_apart(tmp_path):
    """Control: an act of “C9” (no case reads like it, perhaps a case outside this batch) is rejected and
    leaves C1 alone: C1 has no acts, so GS02 is 不适用."""
    acts = ACTS.format(second="P2").replace(",C1,", ",C9,")
    cfs = load(tmp_path, cases=CASES, acts=acts, officers=OFFICERS_HEAD + P1 + "P2,U1,执法人员,Z2,,\n")
    assert judged(cfs, "GS02")[0] == "na"
    assert cfs.rejects["error"].iloc[0] == "案件编号 C9 不存在"
