"""annual_figures on the hand-built input: every figure below is counted by hand from fixture.py."""
from __future__ import annotations

import pytest

from casereview.casefiles.loader import load_casefiles
from casereview.engine.model.pack import load_pack
from casereview.reports.annual import annual_figures, resolve_scope, review_year
from casereview.reports.annual.categories import heaviest_penalty

YEAR = 2025


@pytest.fixture(scope="module")
def cfs(annual_source):
    return load_casefiles(annual_source)


@pytest.fixture(scope="module")
def figures(cfs):
    result = review_year(cfs, load_pack(), YEAR, resolve_scope(cfs))
    return annual_figures(cfs, YEAR, None, result)


def test_decisions_counted_by_decision_date_in_the_year(figures):
    # Decided in 2025: C01–C09, C11, C12 (U1: 11) and C13, C14, C17, C19 (U2: 4) = 15.
    # Not counted: C10, C18 (no decision), C15 (2024-12-31), C16 (2026-01-01). C14 on 12-31 counts.
    assert figures["decided"] == 15
    # 许可 C08 C09 C19; 处罚 C01–C07 C13 C14; 强制 C12; 检查 C11; 确认 C17; powers not used show 0.
    assert figures["powers"] == {"行政许可": 3, "行政处罚": 9, "行政强制": 1, "行政检查": 1, "行政征收": 0,
                                 "行政征用": 0, "行政确认": 1, "行政裁决": 0, "其他": 0}


def test_licensing(figures):
    # 申请 = 许可 filed in 2025: C08 (01-05), C10 (12-01, undecided), C19 (02-01); C09 was filed 2024-12-20.
    # 准予: C08, C19; 不予: C09.
    assert figures["licensing"] == {"申请": 3, "准予": 2, "不予": 1, "其他": 0}


def test_several_penalties_count_once_under_the_heaviest(figures):
    # C01 警告+罚款 → 罚款; C02 罚款+没收 → 没收; C03 拘留+罚款 → 拘留; C04 警告; C05 吊销+罚款+没收 → 吊销;
    # C06 责令改正 only → 其他; C07 罚款; C13 通报批评+责令停产停业 → 停产停业; C14 罚款.
    assert figures["penalties"] == {
        "警告、通报批评": 1, "罚款": 3, "没收违法所得、没收非法财物": 1, "暂扣许可证件、降低资质等级": 0,
        "吊销许可证件": 1, "限制开展生产经营活动": 0, "责令停产停业、责令关闭、限制从业": 1, "行政拘留": 1, "其他": 1}
    assert figures["penalty_cases"] == 9 == sum(figures["penalties"].values())


def test_fine_totals(figures):
    # C01 500 + C02 2000 + C03 1000 + C05 50000 + C14 300 = 53800; C07 罚款 without an amount;
    # C15's 9999 was decided in 2024. 没收金额 is not in the input: None (shown “—”), never 0.
    assert figures["amounts"] == {"罚款金额": 53800.0, "没收金额": None, "罚没金额": 53800.0, "罚款未填金额件数": 1}


def test_legal_review_hearings_and_corrections(figures):
    # Reviews: C05, C03 (and C16, decided 2026). Major (pack catalogue): C05 (听证, 吊销), C13 (责令停产停业);
    # reviewed before the decision: C05 only. Hearing: C05 (C16's is 2026).
    assert figures["review"] == {"法制审核": 2, "重大执法决定": 2, "重大决定经审核": 1, "听证": 1}
    # 变更撤销 in 2025: C15 (revoked 2025-03-01); C01 was revoked in 2026. 复议/诉讼: not collected.
    assert figures["remedies"] == {"行政复议": None, "行政诉讼": None, "变更撤销": 1}


def test_three_systems_rates_from_the_review(figures):
    s = {r["system"]: r for r in figures["systems"]}
    # 审核: FS01 C05 pass, C13 fail; FS02 C05 pass (C13 na); FS03 C03, C05 unknown (no acts table);
    # FS04 U1 1/20 = 5% pass, U2 1/40 fail, U3 1/10 pass → pass 4, fail 2, unknown 2 → 4/6.
    assert (s["审核"]["pass"], s["审核"]["fail"], s["审核"]["unknown"]) == (4, 2, 2)
    assert s["审核"]["rate"] == pytest.approx(0.6667)
    # 记录: no documents, acts or recordings tables → JL01, JL02, JL03 unknown on all 15 cases; no rate.
    assert (s["记录"]["pass"], s["记录"]["fail"], s["记录"]["unknown"], s["记录"]["rate"]) == (0, 0, 45, None)
    assert list(s) == ["公示", "记录", "审核", "程序", "全部"]
    assert s["全部"]["pass"] == sum(s[k]["pass"] for k in ("公示", "记录", "审核", "程序"))


def test_per_unit_rows(figures):
    units = {u["unit_id"]: u for u in figures["per_unit"]}
    assert list(units) == ["U1", "U2", "U3"]
    assert [units[u]["decided"] for u in units] == [11, 4, 0]
    assert units["U1"]["amounts"]["罚款金额"] == 53500.0 and units["U2"]["amounts"]["罚款金额"] == 300.0
    assert units["U3"]["powers"] == dict.fromkeys(units["U3"]["powers"], 0)
    rates = {u: {s["system"]: s["rate"] for s in units[u]["systems"]} for u in units}
    # 审核 per unit: U1 FS01+FS02+FS04 pass = 3/3; U2 FS01 fail + FS04 fail = 0/2; U3 FS04 pass = 1/1.
    assert (rates["U1"]["审核"], rates["U2"]["审核"], rates["U3"]["审核"]) == (1.0, 0.0, 1.0)


def test_unit_option_limits_every_figure(cfs):
    scope = resolve_scope(cfs, "U2")
    fig = annual_figures(cfs, YEAR, "U2", review_year(cfs, load_pack(), YEAR, scope))
    # U2 in 2025: C13 (停产停业), C14 (罚款 300), C17 (确认), C19 (准予许可).
    assert fig["decided"] == 4 and fig["penalty_cases"] == 2 and fig["amounts"]["罚款金额"] == 300.0
    assert fig["review"]["法制审核"] == 0 and fig["remedies"]["变更撤销"] == 1      # C15 revoked 2025
    assert [u["unit_id"] for u in fig["per_unit"]] == ["U2"]
    s = {r["system"]: r for r in fig["systems"]}
    assert (s["审核"]["pass"], s["审核"]["fail"]) == (0, 2)                      # FS01 C13, FS04 U2


def test_unknown_unit_is_a_usage_error(cfs):
    from casereview.errors import UsageError
    with pytest.raises(UsageError, match="U9"):
        resolve_scope(cfs, "U9")


def test_without_a_review_the_review_figures_are_unknown_not_zero(cfs):
    fig = annual_figures(cfs, YEAR)
    assert fig["systems"] == [] and fig["review"]["重大执法决定"] is None and fig["decided"] == 15


@pytest.mark.parametrize("types, expected", [
    (["警告", "罚款"], "罚款"), (["罚款", "没收违法所得"], "没收违法所得、没收非法财物"),
    (["暂扣许可证件"], "暂扣许可证件、降低资质等级"), (["限制开展生产经营活动", "吊销许可证件"], "限制开展生产经营活动"),
    (["责令关闭"], "责令停产停业、责令关闭、限制从业"), (["行政拘留", "吊销许可证件"], "行政拘留"),
    (["责令改正"], "其他"), ([], "其他"), (["通报批评"], "警告、通报批评"),
])
def test_heaviest_penalty_follows_article_9_order(types, expected):
    assert heaviest_penalty(types) == expected
