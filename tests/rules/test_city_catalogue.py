"""rules/overlays/templates/city_catalogue.yaml: a city's 重大执法决定法制审核目录清单 as an overlay.

Its fine lines (个人 5000, 单位 50000) replace the standard 10000 / 100000, its decision types add 撤销许可证件
and 没收违法所得, and it adds FS90 重大执法决定不得适用简易程序 (行政处罚法 第五十一条).
"""
from datetime import date

import pytest

from casereview.engine.model.pack import load_pack
from casereview.rules import OVERLAY_DIR
from tests.support import OFFICERS, outcome, run

TEMPLATE = OVERLAY_DIR / "templates" / "city_catalogue.yaml"
CITY, STANDARD = (str(TEMPLATE),), ()
AS_OF = date(2024, 12, 31)


def case(**kw):
    return dict(dict(case_id="C1", unit_id="U1", case_type="行政处罚", procedure="普通程序", party_type="个人",
                     decision_date="2024-05-10", decision_types=["罚款"], fine_amount=500), **kw)


def test_template_loads_with_its_thresholds_and_extra_rule():
    loaded = load_pack(overlays=[TEMPLATE])
    assert loaded.files[-1] == TEMPLATE
    major = loaded.params.major
    assert (major.fine_individual, major.fine_organisation) == (5000, 50000)
    assert {"撤销许可证件", "没收违法所得"} <= set(major.decision_types)
    assert "FS90" in [c.rule.id for c in loaded.compiled]
    assert all(key[0] in ("parameters", "rules") for key in loaded.provenance)
    assert loaded.provenance[("parameters", "major", "fine_individual")] == "city_catalogue.yaml"


# (description, case fields, FS90 with the template, FS01 with the template, FS01 standard)
ROWS = [
    ("个人 6000 under 简易程序: major only here", dict(fine_amount=6000, procedure="简易程序"), "fail", "fail", "na"),
    ("个人 6000 under 普通程序", dict(fine_amount=6000), "pass", "fail", "na"),
    ("个人 4999: not major", dict(fine_amount=4999, procedure="简易程序"), "na", "na", "na"),
    ("单位 50000", dict(party_type="单位", fine_amount=50000), "pass", "fail", "na"),
    ("没收违法所得 is major here", dict(decision_types=["没收违法所得"], fine_amount=None), "pass", "fail", "na"),
    ("no decision yet", dict(decision_date=None, fine_amount=6000), "na", "na", "na"),
]


@pytest.mark.parametrize("desc, fields, fs90, fs01, fs01_standard", ROWS, ids=[r[0] for r in ROWS])
def test_template_rules_are_evaluated(desc, fields, fs90, fs01, fs01_standard):
    res = run([case(**fields)], acts=[], reviews=[], officers=OFFICERS, as_of=AS_OF, overlays=CITY)
    got, reason = outcome(res, "C1", "FS90")
    assert got == fs90, reason
    if desc.startswith("个人 6000"):
        assert reason == ("重大执法决定（罚款6000元达到5000元）适用了简易程序，应按普通程序办理并经法制审核" if fs90 == "fail"
                          else "重大执法决定（罚款6000元达到5000元）按普通程序办理")
    assert outcome(res, "C1", "FS01")[0] == fs01
    standard = run([case(**fields)], acts=[], reviews=[], officers=OFFICERS, as_of=AS_OF, overlays=STANDARD)
    assert outcome(standard, "C1", "FS01")[0] == fs01_standard
    assert "FS90" not in set(standard.findings["rule_id"])
