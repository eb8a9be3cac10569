"""The hand-built annual-report input: 19 cases around the year 2025, three units, reviews, officers."""
from __future__ import annotations

import pandas as pd

from tests.support import frame

INJECTION = '=HYPERLINK("http://x","y")'
BODY = "-1 某市综合行政执法局"
ID_IN_UNIT = "110101199003071234"          # an ID number inside a unit name: must come out masked
ID_MASKED = "110101********1234"
ID_IN_PARTY = "320102198801011234"

# Unit names carry formula starts (= + - @) and an ID number; U3 has no cases at all.
UNITS = [
    dict(unit_id="U1", name="@SUM(A1) 城东执法所", enforcement_staff=20, legal_reviewers=1),
    dict(unit_id="U2", name=INJECTION, enforcement_staff=40, legal_reviewers=1),
    dict(unit_id="U3", name=f"+1 城西执法所 {ID_IN_UNIT}", enforcement_staff=10, legal_reviewers=1),
]
OFFICERS = [
    dict(officer_id="P1", name="执法甲", unit_id="U1", role="执法人员", certificate_no="ZF001"),
    dict(officer_id="P2", name="执法乙", unit_id="U1", role="执法人员", certificate_no="ZF002"),
    dict(officer_id="R1", name="审核丙", unit_id="U1", role="法制审核人员", certificate_no="ZF009"),
]


def _case(case_id, unit_id, case_type, decided=None, types=(), fine=None, party=("个人", None), **extra):
    return dict(case_id=case_id, unit_id=unit_id, case_type=case_type, decision_date=decided,
                decision_types=list(types), fine_amount=fine, party_type=party[0], party_name=party[1],
                handler_ids=["P1", "P2"], **extra)


CASES = [
    # U1 — decided in 2025 unless noted
    _case("C01", "U1", "行政处罚", "2025-03-10", ["警告", "罚款"], 500, ("个人", "张某某"), revoked_date="2026-02-01"),
    _case("C02", "U1", "行政处罚", "2025-04-15", ["罚款", "没收违法所得"], 2000, ("个人", "欧阳娜娜")),
    _case("C03", "U1", "行政处罚", "2025-05-20", ["行政拘留", "罚款"], 1000, ("个人", "李小龙")),
    _case("C04", "U1", "行政处罚", "2025-06-02", ["警告"], None, ("单位", "南京某某科技有限公司")),
    _case("C05", "U1", "行政处罚", "2025-07-01", ["吊销许可证件", "罚款", "没收违法所得"], 50000,
          ("单位", "华东某某化工厂"), hearing_held=True),
    _case("C06", "U1", "行政处罚", "2025-08-08", ["责令改正"], None, ("个人", f"赵六 {ID_IN_PARTY}")),
    _case("C07", "U1", "行政处罚", "2025-09-09", ["罚款"], None, ("个人", "钱七")),
    _case("C08", "U1", "行政许可", "2025-01-20", ["准予许可"], filed_date="2025-01-05", party=("个人", "孙八")),
    _case("C09", "U1", "行政许可", "2025-01-10", ["不予许可"], filed_date="2024-12-20", party=("个人", "周九")),
    _case("C10", "U1", "行政许可", None, filed_date="2025-12-01", party=("个人", "吴十")),          # not decided
    _case("C11", "U1", "行政检查", "2025-02-14", ["未发现违法行为"], party=("单位", "某某餐饮店")),
    _case("C12", "U1", "行政强制", "2025-10-10", ["查封场所设施财物"], party=("个人", "郑十一")),
    # U2
    _case("C13", "U2", "行政处罚", "2025-11-11", ["通报批评", "责令停产停业"], party=("单位", "某某砖厂")),
    _case("C14", "U2", "行政处罚", "2025-12-31", ["罚款"], 300, ("个人", "冯十二")),
    _case("C15", "U2", "行政处罚", "2024-12-31", ["罚款"], 9999, ("个人", "陈十三"), revoked_date="2025-03-01"),
    _case("C16", "U2", "行政处罚", "2026-01-01", ["行政拘留"], None, ("个人", "褚十四"), hearing_held=True),
    _case("C17", "U2", "行政确认", "2025-05-05", ["予以确认"], party=("个人", "卫十五")),
    _case("C18", "U2", "行政处罚", None, filed_date="2025-06-01", party=("个人", "蒋十六")),     # not decided
    _case("C19", "U2", "行政许可", "2025-03-03", ["准予许可"], filed_date="2025-02-01", party=("个人", "沈十七")),
]
REVIEWS = [
    dict(review_id="V1", case_id="C05", reviewer_id="R1", review_date="2025-06-25", conclusion="同意"),
    dict(review_id="V2", case_id="C03", reviewer_id="R1", review_date="2025-05-18", conclusion="同意"),
    dict(review_id="V3", case_id="C16", reviewer_id="R1", review_date="2025-12-30", conclusion="同意"),
]
PARTY_NAMES = [c["party_name"] for c in CASES]




def tables() -> dict[str, pd.DataFrame]:
    return {"cases": frame("cases", CASES), "reviews": frame("reviews", REVIEWS),
            "officers": frame("officers", OFFICERS), "units": frame("units", UNITS)}
