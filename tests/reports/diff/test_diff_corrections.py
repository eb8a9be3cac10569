"""Acceptance: the diff of a run against a run on the corrected files lists exactly the corrections made."""
from __future__ import annotations

import json
import shutil

import pytest

from casereview.errors import UsageError
from casereview.reports import diff as d
from casereview.reports.diff import diff_folders

RATE = 5e-5        # units.csv holds rates rounded to 4 places

# (scope, case, unit, rule, before, after, category) — from the corrections in conftest.py, worked by hand
EXPECTED = {
    ("案件", "C1", "U1", "GS03", "fail", "pass", "已整改"),
    ("案件", "C2", "U1", "FS01", "fail", "pass", "已整改"),
    ("案件", "C3", "U2", "GS01", "fail", "pass", "已整改"),
    ("案件", "C4", "U2", "GS02", "pass", "fail", "新增问题"),
    ("案件", "C5", "U1", "CX02", "fail", "fail", "仍未整改"),
    ("单位", "", "U2", "FS04", "fail", "pass", "已整改"),
}


@pytest.fixture(scope="module")
def diff(corrections):
    return diff_folders(*corrections)


def test_lists_exactly_the_corrections(diff):
    got = {tuple(r) for r in diff.details[["scope", "case_id", "unit_id", "rule_id", "before", "after",
                                           "category"]].itertuples(index=False)}
    assert got == EXPECTED
    assert list(diff.details["case_id"]) == ["C1", "C2", "C3", "C4", "C5", ""]     # cases first, then units
    assert diff.counts() == {"已整改": 4, "新增问题": 1, "仍未整改": 1, "待核实变化": 0, "案件新增": 0, "案件移除": 0}
    assert diff.warnings == []


def test_case_scores_before_and_after(diff):
    # C1: -10 for GS03, then clean; C2, C3, C5: veto → 0; C4: clean, then -5 for GS02; C6: clean both times
    want = {"C1": (90, 100, "优秀", "优秀"), "C2": (0, 100, "不合格", "优秀"), "C3": (0, 100, "不合格", "优秀"),
            "C4": (100, 95, "优秀", "优秀"), "C5": (0, 0, "不合格", "不合格"), "C6": (100, 100, "优秀", "优秀")}
    c = diff.cases.set_index("case_id")
    for case_id, (before, after, g_before, g_after) in want.items():
        row = c.loc[case_id]
        assert (row["score_before"], row["score_after"], row["score_change"]) == (before, after, after - before)
        assert (row["grade_before"], row["grade_after"], row["status"]) == (g_before, g_after, "复查")
    assert c.loc["C4", "fixed_rules"] == "" and c.loc["C4", "new_rules"] == "GS02"
    assert c.loc["C5", "still_rules"] == "CX02"


def test_unit_rates_per_system_worked_by_hand(diff):
    u = diff.units.set_index(["unit_id", "system"])
    # U1 公示: GS01, GS02, GS03 on C1 C2 C5 C6 = 12 applicable, C1's GS03 failed → 11/12, then 12/12
    assert (u.loc[("U1", "公示"), "pass_before"], u.loc[("U1", "公示"), "fail_before"]) == (11, 1)
    assert u.loc[("U1", "公示"), "rate_before"] == pytest.approx(11 / 12, abs=RATE)
    assert u.loc[("U1", "公示"), "rate_after"] == pytest.approx(1.0, abs=RATE)
    # U1 审核: FS04 pass, C2's FS01 fail (FS02, FS03 na without a review) → 1/2; then FS01-03 and FS04 → 4/4
    assert u.loc[("U1", "审核"), "rate_before"] == pytest.approx(0.5, abs=RATE)
    assert (u.loc[("U1", "审核"), "pass_after"], u.loc[("U1", "审核"), "rate_after"]) == (4, 1.0)
    # U1 程序: CX01-03 on four cases, C5's CX02 fails both times → 11/12 unchanged, one 仍未整改
    assert u.loc[("U1", "程序"), "rate_change"] == pytest.approx(0.0, abs=RATE)
    assert u.loc[("U1", "程序"), "仍未整改"] == 1
    # U2 公示: C3's GS01 fail → 5/6; then C4's GS02 fail → 5/6: same rate, one fixed and one new behind it
    row = u.loc[("U2", "公示")]
    assert (row["rate_before"], row["rate_after"]) == (pytest.approx(5 / 6, abs=RATE), pytest.approx(5 / 6, abs=RATE))
    assert (row["已整改"], row["新增问题"]) == (1, 1)
    # U2 审核: only FS04 applies: 0/1 → 1/1
    assert (u.loc[("U2", "审核"), "rate_before"], u.loc[("U2", "审核"), "rate_after"]) == (0.0, 1.0)
    assert list(diff.units[diff.units["unit_id"] == "U1"]["system"]) == ["公示", "记录", "审核", "程序", "总体"]


@pytest.mark.parametrize("before, after, want", [
    ("fail", "pass", d.FIXED), ("fail", "na", d.FIXED), ("fail", "fail", d.STILL),
    ("pass", "fail", d.NEW), ("na", "fail", d.NEW), ("", "fail", d.NEW),
    ("unknown", "pass", d.CHECK), ("pass", "unknown", d.CHECK), ("fail", "unknown", d.CHECK),
    ("unknown", "fail", d.CHECK), ("fail", "", d.CHECK),
    ("pass", "pass", None), ("na", "na", None), ("pass", "na", None), ("unknown", "unknown", None),
    ("", "pass", None),
])
def test_category_table(before, after, want):
    assert d.category(before, after) == want


def _with_pack(src, dest, **changes):
    shutil.copytree(src, dest)
    info = json.loads((dest / "run.json").read_text(encoding="utf-8"))
    info["pack"].update(changes.pop("pack", {}))
    info.update(changes)
    (dest / "run.json").write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
    return dest


def test_different_packs_refused_unless_allowed(corrections, tmp_path):
    first, second = corrections
    other = _with_pack(second, tmp_path / "other", pack={"version": "2027.1", "sha256": "0" * 64})
    with pytest.raises(UsageError) as e:
        diff_folders(first, other)
    assert e.value.exit_code == 4
    assert "规则包不同" in str(e.value) and "版本" in str(e.value) and "--allow-different-packs" in str(e.value)
    allowed = diff_folders(first, other, allow_different_packs=True)
    assert any("规则包不同" in w for w in allowed.warnings)


def test_as_of_difference_is_a_warning(corrections, tmp_path):
    first, second = corrections
    later = _with_pack(second, tmp_path / "later", as_of="2026-12-01")
    warnings = diff_folders(first, later).warnings
    assert len(warnings) == 1 and "2026-11-20" in warnings[0] and "2026-12-01" in warnings[0]
