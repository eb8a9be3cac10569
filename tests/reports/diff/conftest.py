"""A hand-made review with known corrections: the first run, the corrected files reviewed again, both as folders.

Every case starts from CLEAN, a 行政处罚 (普通程序) that passes every rule that applies to it (score 100):
two qualified officers on its one 询问 act with certificates shown; one document per phase; filed 2024-09-02,
notified 09-20, decided 2024-09-30 (Mon); served 10-08 = working day 1 after the decision (10-01..10-07 are
the National Day holiday) and published 10-10 = working day 3 (7 allowed: 10-15 is working day 7).

Corrections between the runs (what the diff must list, and nothing else):
  C1  published_date missing (GS03 fail, -10)        → published 2024-10-15, working day 7: GS03 pass
  C2  major decision without legal review (FS01 veto) → review by R1 on 2024-09-25, 同意: FS01 pass
  C3  officer P3's certificate expired 2024-06-30     → renewed to 2026-12-31: GS01 pass
  U2  legal_reviewers 0 of 20 staff (FS04 fail)       → 1 of 20 = 5%: FS04 pass
New problem: C4's act now says the certificate was not shown (GS02 fail, -5).
Still failing: C5 has no notified_date (CX02 fail, veto) in both runs. C6 stays clean.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from casereview.engine.model.pack import load_pack
from casereview.engine.run.review import review
from casereview.reports.run_folder import write_run
from casereview.rules import STANDARD_PACK
from tests.support import casefile_set

AS_OF = date(2026, 11, 20)
INJECTION = '=HYPERLINK("http://x","y")'

CLEAN = dict(unit_id="U1", case_type="行政处罚", procedure="普通程序", party_type="个人", party_name="某甲",
             filed_date="2024-09-02", notified_date="2024-09-20", decision_date="2024-09-30",
             decision_types=["罚款"], fine_amount=500, served_date="2024-10-08", published_date="2024-10-10",
             handler_ids=["P1", "P2"])
PHASES = {"启动": "立案审批表", "调查取证": "询问笔录", "审核决定": "行政处罚决定书", "送达执行": "送达回证"}


@dataclass
class Tables:
    cases: list[dict]
    acts: list[dict]
    documents: list[dict]
    reviews: list[dict]
    officers: list[dict]
    units: list[dict]

    def casefiles(self):
        return casefile_set(self.cases, acts=self.acts, documents=self.documents, reviews=self.reviews,
                            officers=self.officers, units=self.units, recordings=[])

    def case(self, case_id: str) -> dict:
        return next(c for c in self.cases if c["case_id"] == case_id)


def case(case_id: str, officers=("P1", "P2"), **changes) -> tuple[dict, dict, list[dict]]:
    """A CLEAN case with `changes`, its one act and its four documents."""
    row = dict(CLEAN, case_id=case_id, **changes)
    act = dict(act_id=f"A-{case_id}", case_id=case_id, act_type="询问", start_time="2024-09-05 09:00",
               end_time="2024-09-05 10:00", officer_ids=list(officers), certificate_shown=True)
    docs = [dict(doc_id=f"D-{case_id}-{i}", case_id=case_id, doc_type=t, phase=p, doc_date="2024-09-05")
            for i, (p, t) in enumerate(PHASES.items())]
    return row, act, docs


def officer(officer_id: str, unit: str, role: str = "执法人员", valid_to: str | None = None) -> dict:
    return dict(officer_id=officer_id, name=f"人员{officer_id}", unit_id=unit, role=role,
                certificate_no=f"ZF-{officer_id}", certificate_valid_to=valid_to)


def first_tables(unit_name_u2: str = "某区市场监管局", c6_id: str = "C6") -> Tables:
    specs = [case("C1", published_date=None), case("C2", major_flag=True),
             case("C3", officers=("P3", "P4"), unit_id="U2", handler_ids=["P3", "P4"]),
             case("C4", officers=("P4", "P5"), unit_id="U2", handler_ids=["P4", "P5"]),
             case("C5", notified_date=None), case(c6_id)]
    officers = [officer("P1", "U1"), officer("P2", "U1"), officer("R1", "U1", "法制审核人员"),
                officer("P3", "U2", valid_to="2024-06-30"), officer("P4", "U2"),
                officer("P5", "U2")]
    units = [dict(unit_id="U1", name="某区公安分局", enforcement_staff=20, legal_reviewers=1),
             dict(unit_id="U2", name=unit_name_u2, enforcement_staff=20, legal_reviewers=0)]
    return Tables([s[0] for s in specs], [s[1] for s in specs], [d for s in specs for d in s[2]], [],
                  officers, units)


def corrected(t: Tables) -> Tables:
    """The known corrections and the one new problem applied to a copy of `t`."""
    t = copy.deepcopy(t)
    t.case("C1")["published_date"] = "2024-10-15"
    t.reviews.append(dict(review_id="RV-C2", case_id="C2", reviewer_id="R1", submitted_date="2024-09-24",
                          review_date="2024-09-25", conclusion="同意"))
    next(o for o in t.officers if o["officer_id"] == "P3")["certificate_valid_to"] = "2026-12-31"
    next(u for u in t.units if u["unit_id"] == "U2")["legal_reviewers"] = 1
    next(a for a in t.acts if a["case_id"] == "C4")["certificate_shown"] = False
    return t


def review_into(tables: Tables, folder: Path) -> Path:
    result = review(tables.casefiles(), load_pack(STANDARD_PACK), AS_OF)
    return write_run(result, folder)


@pytest.fixture(scope="session")
def corrections(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("diff")
    first = first_tables()
    return review_into(first, root / "first"), review_into(corrected(first), root / "second")


@pytest.fixture(scope="session")
def hostile_runs(tmp_path_factory) -> tuple[Path, Path]:
    """The same corrections with a formula in a unit name and in a case id."""
    root = tmp_path_factory.mktemp("diff_hostile")
    first = first_tables(unit_name_u2=INJECTION, c6_id=INJECTION)
    second = corrected(first)
    second.case(INJECTION)["published_date"] = None          # a new problem on the hostile case id
    return review_into(first, root / "first"), review_into(second, root / "second")
