"""durable_rules aborts the process when too many tests hold for one fact at once (measured: 42 extra rules
with three branches each on top of the standard pack); the backend splits the rules into rulesets."""
from datetime import date

import pytest

from casereview.engine.backends.durable import host
from casereview.engine.backends.durable.decide import RULES_PER_RULESET, rule_groups
from casereview.engine.model.pack import load_pack
from casereview.engine.run.review import review
from casereview.rules import STANDARD_PACK
from tests.support import OFFICERS, casefile_set

pytestmark = pytest.mark.skipif(not host.INSTALLED, reason="durable_rules 未安装")


def _many_rules(n: int) -> str:
    """n rules of which two tests each hold for a fine of 5 yuan (checks 1 and 2 differ from 5)."""
    return "".join(f"""  - id: ZZ{i:03d}
    system: 程序
    title: 测试规则{i}
    basis: 测试
    deduction: 0
    checks:
      - when: fine_amount != {i + 100}
        outcome: fail
        reason: 罚款不等于{i + 100}
      - when: fine_amount != {i + 1000}
        outcome: unknown
        reason: 罚款不等于{i + 1000}
    otherwise:
      reason: 罚款为{i + 100}
""" for i in range(n))


def test_a_pack_of_many_rules_is_decided_by_durable_as_by_vector(tmp_path):
    path = tmp_path / "many.yaml"
    path.write_text(STANDARD_PACK.read_text(encoding="utf-8") + "\n" + _many_rules(42), encoding="utf-8")
    loaded = load_pack(path)
    cfs = casefile_set([dict(case_id="C1", unit_id="U1", case_type="行政处罚", fine_amount=5.0),
                        dict(case_id="C2", unit_id="U1", case_type="行政处罚", fine_amount=103.0)],
                       acts=[], officers=OFFICERS)
    cols = ["case_id", "rule_id", "outcome", "reason"]
    vector, durable = (review(cfs, loaded, date(2025, 1, 1), engine=e).findings[cols] for e in ("vector", "durable"))
    assert vector.equals(durable)
    zz = durable[durable["rule_id"].str.startswith("ZZ")].set_index(["case_id", "rule_id"])["outcome"]
    assert zz[("C1", "ZZ000")] == "fail" and zz[("C2", "ZZ003")] == "unknown" and zz[("C2", "ZZ000")] == "fail"


def test_rules_are_cut_into_contiguous_near_equal_groups():
    rules = list(range(57))
    groups = rule_groups(rules, -(-57 // RULES_PER_RULESET))
    assert [len(g) for g in groups] == [14, 14, 15, 14] and sum(groups, []) == rules
    assert rule_groups(rules[:14], 1) == [rules[:14]]
    assert rule_groups(rules[:3], 8) == [[0], [1], [2]]

