"""JL01 启动、调查取证、审核决定、送达执行各环节均有文字记录 (记录, deduction 10).

Basis: 国办发〔2018〕118号“要通过文字、音像等记录形式，对行政执法的启动、调查取证、审核决定、送达执行等
全部过程进行记录，并全面系统归档保存”. Applies to 普通程序 cases with a decision (empty procedure =
普通程序). A document's phase is its `phase`, or, when empty, looked up from doc_type in the pack's
document_phases table. Missing phase → fail naming it; a missing phase while some document's phase
cannot be determined → unknown; documents table missing → unknown. Only 送达执行 missing while the case
is not served and its service deadline (CX03, 7 working days) has not passed on the as-of date → na: that
phase has not come yet (2025 notice: 1 January is the only New Year holiday, no make-up day).
"""
from datetime import date

import pytest

from tests.support import outcome, run

AS_OF = date(2024, 12, 31)


def doc(n, doc_type, phase=None):
    return dict(doc_id=f"D{n}", case_id="C1", doc_type=doc_type, phase=phase, doc_date="2024-06-01")


# one document per phase, each found through the pack's doc_type table (phase left empty)
START, INVEST, DECIDE, SERVE = doc(1, "立案审批表"), doc(2, "询问笔录"), doc(3, "行政处罚决定书"), doc(4, "送达回证")
FULL = [START, INVEST, DECIDE, SERVE]


def case(**kw):
    return dict(dict(case_id="C1", unit_id="U1", case_type="行政处罚", procedure="普通程序",
                     decision_date="2024-06-20"), **kw)


# (description, case, documents, expected, reason fragments)
ROWS = [
    ("all four phases via doc_type", case(), FULL, "pass", ["启动、调查取证、审核决定、送达执行各环节均有文书"]),
    ("other names from the table", case(),
     [doc(1, "受案登记表"), doc(2, "现场检查笔录"), doc(3, "法制审核意见书"), doc(4, "结案报告")], "pass", ["各环节均有文书"]),
    ("missing 送达执行", case(), [START, INVEST, DECIDE], "fail", ["缺少送达执行环节的文书"]),
    ("missing 调查取证 and 送达执行", case(), [START, DECIDE], "fail", ["调查取证", "送达执行"]),
    ("no documents at all", case(), [], "fail", ["启动", "调查取证", "审核决定", "送达执行"]),
    # an explicit phase wins: 其他材料 is not in the table but says 送达执行
    ("explicit phase on an unlisted doc_type", case(), [START, INVEST, DECIDE, doc(5, "其他材料", "送达执行")],
     "pass", ["各环节均有文书"]),
    # 送达回证 explicitly filed under 启动: 送达执行 is then missing
    ("explicit phase overrides the doc_type table", case(), [doc(1, "送达回证", "启动"), INVEST, DECIDE], "fail",
     ["缺少送达执行环节的文书"]),
    ("empty procedure defaults to 普通程序", case(procedure=None), [START, INVEST, DECIDE], "fail", ["送达执行"]),
    ("行政检查 普通程序 applies too", case(case_type="行政检查"), [START, DECIDE, SERVE], "fail", ["调查取证"]),
    # --- unknown: 情况说明 has no phase and is not in the table; it might be the missing 送达执行 ---
    ("unphased document while a phase is missing", case(), [START, INVEST, DECIDE, doc(5, "情况说明")], "unknown",
     ["送达执行", "情况说明"]),
    # nothing missing → the unphased document does not matter
    ("unphased document, nothing missing", case(), FULL + [doc(5, "情况说明")], "pass", ["各环节均有文书"]),
    # --- na ---
    ("简易程序", case(procedure="简易程序"), [], "na", ["非普通程序案件或尚未作出决定"]),
    ("快速办理", case(procedure="快速办理"), [], "na", ["非普通程序案件"]),
    ("no decision", case(decision_date=None), [], "na", ["尚未作出决定"]),
    ("decision after as_of", case(decision_date="2025-01-05"), [], "na", ["尚未作出决定"]),
    # decided Fri 2024-12-27, not served: 7 working days after → 2025-01-08 (01-01 holiday), not yet due
    # on 2024-12-31, so 送达执行 has not come yet; the other phases are there
    ("only 送达执行 missing, service not yet due", case(decision_date="2024-12-27"), [START, INVEST, DECIDE], "na",
     ["其余环节均有文书", "送达期限 2025-01-08 未届满"]),
    # the same, 调查取证 missing too: that phase was due → fail
    ("送达执行 not yet due but 调查取证 missing", case(decision_date="2024-12-27"), [START, DECIDE], "fail",
     ["调查取证、送达执行"]),
    # decided 2024-12-27 but served 2024-12-30 without a 送达 document: the phase was reached → fail
    ("served, no 送达 document", case(decision_date="2024-12-27", served_date="2024-12-30"), [START, INVEST, DECIDE],
     "fail", ["缺少送达执行环节的文书"]),
]


@pytest.mark.parametrize("desc, the_case, docs, expected, fragments", ROWS, ids=[r[0] for r in ROWS])
def test_jl01(desc, the_case, docs, expected, fragments):
    res = run([the_case], acts=[], documents=docs, as_of=AS_OF)
    got, reason = outcome(res, "C1", "JL01")
    assert got == expected, reason
    for fragment in fragments:
        assert fragment in reason


def test_jl01_documents_table_missing():
    res = run([case()], acts=[], documents=None, as_of=AS_OF)
    assert outcome(res, "C1", "JL01") == ("unknown", "输入中没有文书表，无法判定")


def test_jl01_documents_table_missing_simple_procedure_is_na():
    # 简易程序 is not applicable whatever the documents
    res = run([case(procedure="简易程序")], acts=[], documents=None, as_of=AS_OF)
    assert outcome(res, "C1", "JL01")[0] == "na"


def test_jl01_documents_of_another_case_do_not_count():
    other = [dict(d, case_id="C2") for d in FULL]
    res = run([case(), case(case_id="C2")], acts=[], documents=[START, INVEST, DECIDE] + other[3:], as_of=AS_OF)
    assert outcome(res, "C1", "JL01")[0] == "fail"
    assert outcome(res, "C2", "JL01")[0] == "fail"   # C2 only has a 送达执行 document
