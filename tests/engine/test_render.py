"""Direct tests of engine/render.py: values as a person reads them, reason templates, evidence, finding rows."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import pytest

from casereview.engine.model.catalogue import Fact
from casereview.engine.model import render
from casereview.engine.model.expr import BOOL, Const
from casereview.engine.model.rule import Otherwise, Rule
from casereview.engine.model.pack import Branch, CompiledRule
from casereview.reports.safe import neutralise_frame


def fact(name: str, ftype: str, label: str) -> Fact:
    return Fact(name, ftype, label, meaning=label, derivation="测试")


META = {f.name: f for f in [
    fact("publish_date", "date", "公示日期"), fact("deadline", "date", "公示期限"),
    fact("fine", "number", "罚款金额"), fact("has_decision", "bool", "已作决定"),
    fact("case_type", "text", "案件类型"),
]}
UNIT_META = {"case_count": fact("case_count", "number", "案件数")}


@dataclass
class StubPack:
    """What render reads of a LoadedPack: param(), rules(level), facts_meta(level)."""
    compiled: list = field(default_factory=list)
    parameters: dict = field(default_factory=lambda: {
        "publish_days": 7.0, "major.fine": 5000, "short_types": ["简易程序", "警告"]})
    case_facts: dict = field(default_factory=lambda: dict(META))
    unit_facts: dict = field(default_factory=lambda: dict(UNIT_META))

    def param(self, dotted: str):
        return self.parameters[dotted]

    def rules(self, level: str) -> list:
        return [c for c in self.compiled if c.rule.level == level]

    def facts_meta(self, level: str) -> dict:
        return self.case_facts if level == "case" else self.unit_facts


def two_rows() -> pd.DataFrame:
    """Row 10: published 2024-10-16 against a 2024-10-15 deadline, fine 5000, 警告; row 11: all facts missing
    but the deadline. A non-default index shows rows keep their labels."""
    return pd.DataFrame({
        "publish_date": pd.to_datetime(["2024-10-16", None]),
        "deadline": pd.to_datetime(["2024-10-15", "2024-10-15"]),
        "fine": [5000.0, np.nan],
        "has_decision": [True, None],
        "case_type": ["警告", None],
    }, index=[10, 11])


# --- format_values ---------------------------------------------------------------------------

@pytest.mark.parametrize("ftype, values, expected", [
    ("date", pd.to_datetime(["2024-10-08", None]), ["2024-10-08", "（空）"]),
    ("date", [date(2024, 2, 29), None], ["2024-02-29", "（空）"]),
    ("number", [5000.0, 12.5, 1 / 3, np.nan, 0.0, -3.0, 1e6], ["5000", "12.5", "0.33", "（空）", "0", "-3", "1000000"]),
    ("number", np.array([1, 20], dtype="int64"), ["1", "20"]),
    ("number", [2.999, -0.001, 1234567890.125, np.nan], ["3.0", "-0.0", "1234567890.12", "（空）"]),
    ("number", [3.0, np.nan, -12.0], ["3", "（空）", "-12"]),
    ("date", pd.to_datetime(["2024-10-08 23:59:59", "1969-12-31 12:00:00"]), ["2024-10-08", "1969-12-31"]),
    ("text", pd.array(["决定", None], dtype="str"), ["决定", "（空）"]),
    ("text", [2.0, 2.5, ["甲", "乙"], None], ["2", "2.5", "甲、乙", "（空）"]),
    ("number", pd.array([7, None], dtype="Int64"), ["7", "（空）"]),
    ("bool", [True, False, None], ["是", "否", "（空）"]),
    ("bool", np.array([True, False]), ["是", "否"]),
    ("bool", pd.array([True, False, None], dtype="boolean"), ["是", "否", "（空）"]),
    ("text", ["警告", None, np.nan], ["警告", "（空）", "（空）"]),
    ("text", pd.array(["罚款", None], dtype="string"), ["罚款", "（空）"]),
])
def test_format_values(ftype, values, expected):
    """Dates read YYYY-MM-DD, whole numbers without .0, others to 2 places, booleans 是/否, missing （空）."""
    s = pd.Series(values, index=range(100, 100 + len(expected)))
    out = render.format_values(s, ftype)
    assert out.tolist() == expected
    assert out.index.tolist() == s.index.tolist()


@pytest.mark.parametrize("value, expected", [
    (["简易程序", "警告"], "简易程序、警告"),
    ((1, 2), "1、2"),
    (2.0, "2"),
    (2.5, "2.5"),
    (3, "3"),
    ("2024-10-15", "2024-10-15"),
])
def test_format_param(value, expected):
    assert render.format_param(value) == expected


# --- reason templates --------------------------------------------------------------------------

@pytest.mark.parametrize("template, expected", [
    ("公示日期 {publish_date} 晚于期限 {deadline}（决定后第{$publish_days}个工作日）",
     ["公示日期 2024-10-16 晚于期限 2024-10-15（决定后第7个工作日）",
      "公示日期 （空） 晚于期限 2024-10-15（决定后第7个工作日）"]),
    ("罚款 {fine} 元，达到 {$major.fine} 元", ["罚款 5000 元，达到 5000 元", "罚款 （空） 元，达到 5000 元"]),
    ("{case_type}不属于{$short_types}", ["警告不属于简易程序、警告", "（空）不属于简易程序、警告"]),
    ("已作决定：{has_decision}", ["已作决定：是", "已作决定：（空）"]),
    ("截至 {as_of} 未送达", ["截至 2025-01-02 未送达", "截至 2025-01-02 未送达"]),
    ("{fine}{fine}", ["50005000", "（空）（空）"]),
    ("无占位符", ["无占位符", "无占位符"]),
    ("{1} 与 {中文} 与 {} 原样保留", ["{1} 与 {中文} 与 {} 原样保留"] * 2),
])
def test_render_reason(template, expected):
    out = render.render(template, two_rows(), StubPack(), META, date(2025, 1, 2))
    assert out.tolist() == expected
    assert out.index.tolist() == [10, 11]


def test_render_keeps_text_verbatim_and_the_writer_neutralises_it():
    """render reports the value as read; formula neutralisation is the CSV/Excel writer's job (reports.safe)."""
    rows = pd.DataFrame({"case_type": ["=1+1", "@SUM(A1)"]})
    out = render.render("{case_type}", rows, StubPack(), META, date(2025, 1, 2))
    assert out.tolist() == ["=1+1", "@SUM(A1)"]
    assert neutralise_frame(pd.DataFrame({"reason": out}))["reason"].tolist() == ["'=1+1", "'@SUM(A1)"]


# --- evidence ------------------------------------------------------------------------------------

def rule(rid: str, level: str = "case", **kw) -> Rule:
    return Rule(id=rid, system=kw.pop("system", "公示"), title=kw.pop("title", "标题"),
                basis=kw.pop("basis", "依据"), level=level, otherwise=Otherwise(reason="其他"), **kw)


def compiled(r: Rule, branches: list[Branch] | None = None) -> CompiledRule:
    return CompiledRule(r, branches or [Branch(Const(True, BOOL), "pass", "通过", "otherwise")], set())


def test_evidence_labels_and_values():
    c = compiled(rule("GS03", evidence=["publish_date", "fine", "has_decision"]))
    assert render.evidence(c, two_rows(), META).tolist() == [
        "公示日期=2024-10-16；罚款金额=5000；已作决定=是",
        "公示日期=（空）；罚款金额=（空）；已作决定=（空）",
    ]


def test_evidence_empty_list_gives_empty_text():
    assert render.evidence(compiled(rule("GS03")), two_rows(), META).tolist() == ["", ""]


def test_evidence_shares_formatted_values():
    """A name already formatted is reused as given; the others are added to the shared dict."""
    rows = two_rows()
    formatted = {"fine": pd.Series(["甲", "乙"], index=rows.index)}
    c = compiled(rule("GS03", evidence=["fine", "case_type"]))
    assert render.evidence(c, rows, META, formatted).tolist() == ["罚款金额=甲；案件类型=警告", "罚款金额=乙；案件类型=（空）"]
    assert sorted(formatted) == ["case_type", "fine"]


# --- finding rows --------------------------------------------------------------------------------

def three_cases() -> pd.DataFrame:
    """A1 published late (2024-10-16 > 2024-10-15), fined 5000; A2 nothing known; A3 published on time, fined 200."""
    return pd.DataFrame({
        "case_id": ["A1", "A2", "A3"], "unit_id": ["U1", "U1", "U2"],
        "publish_date": pd.to_datetime(["2024-10-16", None, "2024-10-14"]),
        "deadline": pd.to_datetime(["2024-10-15", "2024-10-15", "2024-10-15"]),
        "fine": [5000.0, np.nan, 200.0],
    })


def two_rules() -> StubPack:
    true = Const(True, BOOL)
    gs01 = compiled(rule("GS01", system="公示", title="按期公示", basis="依据一", severity="严重", veto=True,
                         evidence=["publish_date", "deadline"]), [
        Branch(true, "na", "不适用", "applies"),
        Branch(true, "unknown", "缺少公示日期，无法判定", "guard"),
        Branch(true, "fail", "公示日期 {publish_date} 晚于期限 {deadline}"),
        Branch(true, "pass", "按期公示", "otherwise"),
    ])
    cx02 = compiled(rule("CX02", system="程序", title="法制审核", basis="依据二", deduction=5, evidence=["fine"]), [
        Branch(true, "na", "不适用", "applies"),
        Branch(true, "fail", "罚款 {fine} 元未经法制审核"),
        Branch(true, "pass", "已经法制审核（罚款 {fine} 元）", "otherwise"),
    ])
    return StubPack(compiled=[gs01, cx02])


def test_finding_rows_columns_and_values():
    """Rule order, then case order; deduction only on fail (a veto rule has none); reasons filled per branch."""
    decided = {"GS01": np.array([2, 1, 3]), "CX02": np.array([1, 0, 2])}
    out = render.findings(two_rules(), three_cases(), decided, date(2025, 1, 2))
    assert list(out.columns) == ["case_id", "unit_id", "rule_id", "system", "outcome", "severity", "deduction",
                                 "reason", "evidence", "basis", "title", "veto"]
    assert [tuple(r) for r in out.itertuples(index=False)] == [
        ("A1", "U1", "GS01", "公示", "fail", "严重", 0.0, "公示日期 2024-10-16 晚于期限 2024-10-15",
         "公示日期=2024-10-16；公示期限=2024-10-15", "依据一", "按期公示", True),
        ("A2", "U1", "GS01", "公示", "unknown", "严重", 0.0, "缺少公示日期，无法判定",
         "公示日期=（空）；公示期限=2024-10-15", "依据一", "按期公示", True),
        ("A3", "U2", "GS01", "公示", "pass", "严重", 0.0, "按期公示",
         "公示日期=2024-10-14；公示期限=2024-10-15", "依据一", "按期公示", True),
        ("A1", "U1", "CX02", "程序", "fail", "一般", 5.0, "罚款 5000 元未经法制审核", "罚款金额=5000",
         "依据二", "法制审核", False),
        ("A2", "U1", "CX02", "程序", "na", "一般", 0.0, "不适用", "罚款金额=（空）", "依据二", "法制审核", False),
        ("A3", "U2", "CX02", "程序", "pass", "一般", 0.0, "已经法制审核（罚款 200 元）", "罚款金额=200",
         "依据二", "法制审核", False),
    ]


def test_finding_rows_refuse_an_undecided_row():
    decided = {"GS01": np.array([2, -1, 3]), "CX02": np.array([1, 0, 2])}
    with pytest.raises(RuntimeError, match="规则 GS01 有记录未命中任何分支"):
        render.findings(two_rules(), three_cases(), decided, date(2025, 1, 2))


def test_no_rules_give_an_empty_table_with_the_columns():
    out = render.findings(StubPack(), three_cases(), {}, date(2025, 1, 2))
    assert out.empty and list(out.columns) == render.FINDING_COLUMNS


def test_unit_finding_rows():
    """Unit rules show their value fact formatted; no severity/deduction/veto columns."""
    units = pd.DataFrame({"unit_id": ["U1", "U2"], "unit_name": ["甲局", "乙局"], "case_count": [12.0, np.nan]})
    jl03 = compiled(rule("JL03", level="unit", system="记录", title="案件数", basis="依据三", value="case_count",
                         evidence=["case_count"]), [
        Branch(Const(True, BOOL), "fail", "案件数 {case_count} 件"),
        Branch(Const(True, BOOL), "unknown", "案件数（{case_count}）未知"),
    ])
    out = render.findings(StubPack(compiled=[jl03]), units, {"JL03": np.array([0, 1])}, date(2025, 1, 2), level="unit")
    assert list(out.columns) == ["unit_id", "unit_name", "rule_id", "system", "outcome", "value", "reason",
                                 "evidence", "basis", "title"]
    assert [tuple(r) for r in out.itertuples(index=False)] == [
        ("U1", "甲局", "JL03", "记录", "fail", "12", "案件数 12 件", "案件数=12", "依据三", "案件数"),
        ("U2", "乙局", "JL03", "记录", "unknown", "（空）", "案件数（（空））未知", "案件数=（空）", "依据三", "案件数"),
    ]
