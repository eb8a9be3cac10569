"""Case scores, grades, veto, 待核实 and unit compliance rates (domain.md “Scoring”, “Unit compliance”).

A case starts at 100; each failed rule deducts GS02 5, GS03 10, GS04 5, GS05 5, JL01 10, JL02 15, JL03 0,
FS03 10, CX01 10, CX03 5; a failed veto rule (GS01 FS01 FS02 CX02) makes the score 0; floor 0.
Grades: 优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60, else 不合格. unknown deducts nothing but marks the case 待核实.
Unit rate = pass / (pass + fail) per rule, per system (pooled) and for all rules; empty when 0.

The clean case below (行政处罚 普通程序, decision Mon 2024-09-30) passes or is na on every rule:
  GS01/GS02 pass (act with P1+P2, certificate shown); GS03 pass (published 10-15 = wd7, see GS03 tests);
  GS04 na (行政处罚); GS05 na (not revoked); JL01 pass (four phases); JL02/JL03 na (询问 only);
  FS01/FS02 na (fine 500 个人: not major); FS03 na (no reviews); CX01 pass (09-02 → 09-30 = 28 days);
  CX02 pass (notified 09-20); CX03 pass (served 10-08 = wd1).
Each defect below breaks exactly one rule.
"""
import math
from datetime import date

import pytest

from tests.support import OFFICERS, run

AS_OF = date(2025, 12, 31)
PHASE_DOCS = ["立案审批表", "询问笔录", "行政处罚决定书", "送达回证"]


def casefile(cid, *defects):
    c = dict(case_id=cid, unit_id="U1", case_type="行政处罚", procedure="普通程序", party_type="个人",
             filed_date="2024-09-02", notified_date="2024-09-20", decision_date="2024-09-30",
             decision_types=["罚款"], fine_amount=500, published_date="2024-10-15", served_date="2024-10-08",
             handler_ids=["P1", "P2"])
    acts = [dict(act_id=f"{cid}-A1", case_id=cid, act_type="询问", start_time="2024-09-05 09:00:00",
                 end_time="2024-09-05 10:00:00", officer_ids=["P1", "P2"], certificate_shown=True)]
    docs = [dict(doc_id=f"{cid}-D{i}", case_id=cid, doc_type=t) for i, t in enumerate(PHASE_DOCS)]
    reviews = []

    def extra_act(n, act_type):
        acts.append(dict(acts[0], act_id=f"{cid}-A{n}", act_type=act_type))

    for d in defects:
        if d == "GS01":                       # one officer → veto
            acts[0]["officer_ids"] = ["P1"]
        elif d == "GS02":                     # certificate not shown → -5
            acts[0]["certificate_shown"] = False
        elif d == "GS02?":                    # not recorded → unknown
            acts[0]["certificate_shown"] = None
        elif d == "GS03":                     # published 10-16 = wd8 → -10
            c["published_date"] = "2024-10-16"
        elif d == "GS03?":                    # published before the decision → unknown
            c["published_date"] = "2024-09-29"
        elif d == "GS05":                     # revoked Mon 2024-10-21, never withdrawn → overdue → -5
            c["revoked_date"] = "2024-10-21"
        elif d == "JL01":                     # no 送达回证 → -10
            docs.pop()
        elif d == "JL02":                     # 扣押 without any recording → -15
            extra_act(2, "扣押")
        elif d == "JL03":                     # 现场检查 without any recording → 0
            extra_act(3, "现场检查")
        elif d == "FS03":                     # reviewed by handler P1 → -10 (not major: FS01/FS02 stay na)
            reviews.append(dict(review_id=f"{cid}-V1", case_id=cid, reviewer_id="P1", review_date="2024-09-25",
                                conclusion="同意"))
        elif d == "FS01":                     # major, no review → veto
            c["major_flag"] = True
        elif d == "FS02":                     # major, reviewed by R1 but 不同意 → veto (FS01 passes)
            c["major_flag"] = True
            reviews.append(dict(review_id=f"{cid}-V1", case_id=cid, reviewer_id="R1", review_date="2024-09-25",
                                conclusion="不同意"))
        elif d == "CX01":                     # filed 2024-06-01 → 09-30 = 121 days → -10
            c["filed_date"] = "2024-06-01"
        elif d == "CX02":                     # no notice → veto
            c["notified_date"] = None
        elif d == "CX03":                     # served 10-16 = wd8 → -5
            c["served_date"] = "2024-10-16"
        else:
            raise ValueError(d)
    return c, acts, docs, reviews


def review_all(files, **kw):
    cases, acts, docs, reviews = [], [], [], []
    for c, a, d, r in files:
        cases.append(c), acts.extend(a), docs.extend(d), reviews.extend(r)
    return run(cases, acts=acts, documents=docs, reviews=reviews, recordings=[], officers=OFFICERS,
               as_of=AS_OF, **kw)


# (description, defects, score, grade, vetoed) — arithmetic in the description
SCORES = [
    ("clean: 100", (), 100, "优秀", False),
    ("GS03: 100-10 = 90 (优秀 boundary)", ("GS03",), 90, "优秀", False),
    ("GS02: 100-5 = 95", ("GS02",), 95, "优秀", False),
    ("GS03+GS02: 100-15 = 85", ("GS03", "GS02"), 85, "良好", False),
    ("GS03+JL01: 100-20 = 80 (良好 boundary)", ("GS03", "JL01"), 80, "良好", False),
    ("GS03+JL02: 100-25 = 75", ("GS03", "JL02"), 75, "合格", False),
    ("GS03+JL01+CX01+CX03: 100-35 = 65", ("GS03", "JL01", "CX01", "CX03"), 65, "合格", False),
    ("GS03+JL01+CX01+CX03+GS02: 100-40 = 60 (合格 boundary)", ("GS03", "JL01", "CX01", "CX03", "GS02"), 60, "合格",
     False),
    ("… + GS05: 100-45 = 55", ("GS03", "JL01", "CX01", "CX03", "GS02", "GS05"), 55, "不合格", False),
    ("FS03+JL02: 100-25 = 75", ("FS03", "JL02"), 75, "合格", False),
    # every deducting rule at once (GS04 cannot fail with GS03 on one case): 5+10+5+10+15+0+10+10+5 = 70 → 30
    ("all deductions: 100-70 = 30", ("GS02", "GS03", "GS05", "JL01", "JL02", "JL03", "FS03", "CX01", "CX03"), 30,
     "不合格", False),
    ("JL03 deducts 0", ("JL03",), 100, "优秀", False),
    ("GS01 veto", ("GS01",), 0, "不合格", True),
    ("FS01 veto", ("FS01",), 0, "不合格", True),
    ("FS02 veto", ("FS02",), 0, "不合格", True),
    ("CX02 veto", ("CX02",), 0, "不合格", True),
    ("veto with deductions is still 0", ("CX02", "GS03", "JL01"), 0, "不合格", True),
]


@pytest.mark.parametrize("desc, defects, score, grade, vetoed", SCORES, ids=[r[0] for r in SCORES])
def test_score_and_grade(desc, defects, score, grade, vetoed):
    res = review_all([casefile("C1", *defects)])
    row = res.cases.set_index("case_id").loc["C1"]
    assert (row["score"], row["grade"], bool(row["vetoed"])) == (score, grade, vetoed)
    failed = {r for r in row["failed_rules"].split(";") if r}
    assert failed == set(defects)
    assert not row["needs_check"] and row["unknown_rules"] == ""


def test_gs04_deduction_on_another_case_type():
    # 行政检查 published Mon 2025-02-24 = wd21 after Mon 2025-01-20 (see GS04 tests) → -5 = 95;
    # 行政检查: CX01/CX02 na; no acts → GS01 unknown, GS02 na; JL01 na (简易程序); CX03 served same day.
    case = dict(case_id="C1", unit_id="U1", case_type="行政检查", procedure="简易程序", decision_date="2025-01-20",
                published_date="2025-02-24", served_date="2025-01-20")
    res = run([case], acts=[], recordings=[], documents=[], reviews=[], officers=OFFICERS, as_of=AS_OF)
    row = res.cases.iloc[0]
    assert (row["score"], row["grade"], row["failed_rules"]) == (95, "优秀", "GS04")
    assert row["needs_check"] and row["unknown_rules"] == "GS01"


# (description, defects, score, grade, unknown rules)
CHECKS = [
    ("unknown deducts nothing", ("GS02?",), 100, "优秀", {"GS02"}),
    ("unknown + a failure", ("GS03", "GS02?"), 90, "优秀", {"GS02"}),
    ("two unknowns", ("GS03?", "GS02?"), 100, "优秀", {"GS02", "GS03"}),
]


@pytest.mark.parametrize("desc, defects, score, grade, unknown", CHECKS, ids=[r[0] for r in CHECKS])
def test_unknown_marks_needs_check(desc, defects, score, grade, unknown):
    res = review_all([casefile("C1", *defects)])
    row = res.cases.iloc[0]
    assert (row["score"], row["grade"], bool(row["needs_check"])) == (score, grade, True)
    assert set(row["unknown_rules"].split(";")) == unknown


def test_floor_zero_without_veto(tmp_path):
    # The standard pack cannot reach below 30 without a veto, so an overlay raises JL02 to 95:
    # GS03 10 + JL02 95 = 105 → 100-105 = -5 → floor 0, not vetoed.
    heavy = tmp_path / "heavy.yaml"
    heavy.write_text("pack: {id: heavy, title: 测试加重}\nrules:\n  - id: JL02\n    deduction: 95\n", encoding="utf-8")
    res = review_all([casefile("C1", "GS03", "JL02")], overlays=(str(heavy),))
    row = res.cases.iloc[0]
    assert (row["score"], row["grade"], bool(row["vetoed"])) == (0, "不合格", False)


# --- unit rates ----------------------------------------------------------------------------
# U1: C1 clean, C2 GS03 fail, C3 GS03 unknown (published before decision); units row U1 20/1 → FS04 pass.
# U2: a unit without cases, staff 0 → FS04 unknown, every rate empty.
# U1 per rule: GS01 3 pass, GS02 3 pass, GS03 1/1/1, GS04 3 na, GS05 3 na          → 公示 7 pass 1 fail 1 unk 6 na
#              JL01 3 pass, JL02 3 na, JL03 3 na                                    → 记录 3 pass 6 na
#              FS01 3 na, FS02 3 na, FS03 3 na, FS04 1 pass (unit-level counts once) → 审核 1 pass 9 na
#              CX01 3 pass, CX02 3 pass, CX03 3 pass                                → 程序 9 pass
#              all: 20 pass, 1 fail, 1 unknown, 21 na (3 × 14 + 1 = 43 findings); rate 20/21
@pytest.fixture(scope="module")
def units():
    files = [casefile("C1"), casefile("C2", "GS03"), casefile("C3", "GS03?")]
    unit_rows = [dict(unit_id="U1", name="一大队", enforcement_staff=20, legal_reviewers=1),
                 dict(unit_id="U2", name="二大队", enforcement_staff=0, legal_reviewers=0)]
    return review_all(files, units=unit_rows).units


UNIT_ROWS = [
    # (unit, level, rule_id or system, pass, fail, unknown, na, rate)
    ("U1", "rule", "GS03", 1, 1, 1, 0, 0.5),
    ("U1", "rule", "GS01", 3, 0, 0, 0, 1.0),
    ("U1", "rule", "GS04", 0, 0, 0, 3, None),
    ("U1", "rule", "FS04", 1, 0, 0, 0, 1.0),
    ("U1", "system", "公示", 7, 1, 1, 6, 7 / 8),
    ("U1", "system", "记录", 3, 0, 0, 6, 1.0),
    ("U1", "system", "审核", 1, 0, 0, 9, 1.0),
    ("U1", "system", "程序", 9, 0, 0, 0, 1.0),
    ("U1", "all", "全部", 20, 1, 1, 21, 20 / 21),
    ("U2", "rule", "FS04", 0, 0, 1, 0, None),
    ("U2", "rule", "GS03", 0, 0, 0, 0, None),
    ("U2", "system", "审核", 0, 0, 1, 0, None),
    ("U2", "all", "全部", 0, 0, 1, 0, None),
]


@pytest.mark.parametrize("unit, level, key, p, f, u, n, rate", UNIT_ROWS,
                         ids=[f"{r[0]}-{r[1]}-{r[2]}" for r in UNIT_ROWS])
def test_unit_rates(units, unit, level, key, p, f, u, n, rate):
    col = "rule_id" if level == "rule" else "system"
    row = units[(units.unit_id == unit) & (units.level == level) & (units[col] == key)]
    assert len(row) == 1
    row = row.iloc[0]
    assert (row["pass"], row["fail"], row["unknown"], row["na"]) == (p, f, u, n)
    if rate is None:
        assert math.isnan(row["rate"])          # empty when pass + fail = 0
    else:
        assert row["rate"] == pytest.approx(rate, abs=1e-4)


def test_unit_rate_rows_cover_every_rule_and_system(units):
    u1 = units[units.unit_id == "U1"]
    assert len(u1[u1.level == "rule"]) == 15          # 14 case rules + FS04
    assert set(u1[u1.level == "system"]["system"]) == {"公示", "记录", "审核", "程序"}
    assert len(u1[u1.level == "all"]) == 1
    assert set(u1["unit_name"]) == {"一大队"}


def test_score_cases_on_hand_made_findings():
    """A: GS03 fails (−10), then GS01 (veto), GS02 unknown; B: only passes; a finding of X (no such case)
    counts nowhere. Failed and unknown rules are listed in finding order; B keeps 100 (优秀)."""
    import pandas as pd
    from casereview.engine.run.scoring import score_cases
    from tests.support import pack

    findings = pd.DataFrame({
        "case_id": ["A", "B", "A", "X", "A"], "rule_id": ["GS03", "GS03", "GS01", "GS01", "GS02"],
        "outcome": ["fail", "pass", "fail", "fail", "unknown"], "deduction": [10.0, 0.0, 0.0, 0.0, 0.0],
        "veto": [False, False, True, True, False]}, dtype=object).astype({"deduction": float, "veto": bool})
    facts = pd.DataFrame({"case_id": ["B", "A"], "unit_id": ["U1", "U2"], "case_type": ["行政许可", "行政处罚"]})
    out = score_cases(findings, facts, pack().pack.grading)
    assert out["case_id"].tolist() == ["B", "A"]
    assert out["score"].tolist() == [100.0, 0.0]
    assert out["grade"].tolist() == ["优秀", "不合格"]
    assert out["vetoed"].tolist() == [False, True]
    assert out["failed_rules"].tolist() == ["", "GS03;GS01"]
    assert out["unknown_rules"].tolist() == ["", "GS02"]
    assert out["needs_check"].tolist() == [False, True]
    assert out["deductions"].tolist() == [0.0, 10.0]
