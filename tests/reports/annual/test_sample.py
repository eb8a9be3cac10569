"""The bundled sample: `casereview annual` for its busiest decision year, checked against an independent
count made here from the raw workbook with plain pandas (not through reports.annual)."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from casereview.casefiles.loader import load_casefiles
from casereview.cli.main import main
from casereview.engine.model.pack import load_pack
from casereview.reports.annual import annual_figures, resolve_scope, review_year

SAMPLE = Path(__file__).resolve().parents[3] / "casefiles" / "samples" / "三项制度评查样例.xlsx"

# Penalty kinds ranked light → heavy as 行政处罚法 art. 9 lists them; the label of each rank in the report.
RANK = {"警告": 1, "通报批评": 1, "罚款": 2, "没收违法所得": 3, "没收非法财物": 3, "暂扣许可证件": 4,
        "降低资质等级": 4, "吊销许可证件": 5, "吊销营业执照": 5, "限制开展生产经营活动": 6, "责令停产停业": 7,
        "责令关闭": 7, "限制从业": 7, "行政拘留": 8}
LABEL = {0: "其他", 1: "警告、通报批评", 2: "罚款", 3: "没收违法所得、没收非法财物", 4: "暂扣许可证件、降低资质等级",
         5: "吊销许可证件", 6: "限制开展生产经营活动", 7: "责令停产停业、责令关闭、限制从业", 8: "行政拘留"}


@pytest.fixture(scope="module")
def raw() -> dict[str, pd.DataFrame]:
    return pd.read_excel(SAMPLE, sheet_name=None, engine="openpyxl")


@pytest.fixture(scope="module")
def year(raw) -> int:
    return int(pd.to_datetime(raw["案件"]["决定日期"]).dt.year.mode().iloc[0])


@pytest.fixture(scope="module")
def figures(year):
    cfs = load_casefiles(SAMPLE)
    return annual_figures(cfs, year, None, review_year(cfs, load_pack(), year, resolve_scope(cfs)))


def _types(cell) -> list[str]:
    return [t for t in re.split(r"[;；,，、|]", cell if isinstance(cell, str) else "") if t.strip()]


def test_sample_year_is_2024(year):
    assert year == 2024      # 146 decisions dated 2024, 139 in 2025 (and a few in other years)


def test_figures_equal_an_independent_count(raw, year, figures):
    c = raw["案件"]
    decided = c[pd.to_datetime(c["决定日期"]).dt.year == year]
    assert figures["decided"] == len(decided)
    assert figures["powers"] == {t: int((decided["执法类别"] == t).sum()) for t in figures["powers"]}
    assert sum(figures["powers"].values()) == len(decided)

    penal = decided[decided["执法类别"] == "行政处罚"]
    heaviest = penal["处理决定"].map(lambda cell: LABEL[max([RANK.get(t, 0) for t in _types(cell)] or [0])])
    assert figures["penalties"] == {k: int((heaviest == k).sum()) for k in figures["penalties"]}
    assert figures["amounts"]["罚款金额"] == pytest.approx(float(penal["罚款金额"].fillna(0).sum()))

    lic = decided[decided["执法类别"] == "行政许可"]
    assert figures["licensing"]["准予"] == int(lic["处理决定"].map(lambda v: "准予许可" in _types(v)).sum())
    assert figures["licensing"]["不予"] == int(lic["处理决定"].map(lambda v: "不予许可" in _types(v)).sum())
    filed = (pd.to_datetime(c["立案日期"]).dt.year == year) & (c["执法类别"] == "行政许可")
    assert figures["licensing"]["申请"] == int(filed.sum())

    assert figures["review"]["听证"] == int((decided["是否听证"] == "是").sum())
    assert figures["review"]["法制审核"] == int(decided["案件编号"].isin(raw["法制审核"]["案件编号"]).sum())
    revoked = pd.to_datetime(c["变更撤销日期"]).dt.year == year
    assert figures["remedies"]["变更撤销"] == int(revoked.sum())

    per_unit = {u["unit_id"]: u["decided"] for u in figures["per_unit"]}
    expected = decided["办案单位编码"].value_counts()
    assert per_unit == {u: int(expected.get(u, 0)) for u in raw["单位"]["单位编码"]}


def test_sample_rates_pool_the_units(figures):
    s = {r["system"]: r for r in figures["systems"]}
    assert set(s) == {"公示", "记录", "审核", "程序", "全部"}
    for name in ("pass", "fail", "unknown", "na"):
        assert s["全部"][name] == sum(s[k][name] for k in ("公示", "记录", "审核", "程序"))
        assert s["全部"][name] == sum(r[name] for u in figures["per_unit"] for r in u["systems"] if r["system"] == "全部")
    assert s["全部"]["rate"] == pytest.approx(s["全部"]["pass"] / (s["全部"]["pass"] + s["全部"]["fail"]), abs=1e-4)


def test_sample_outputs_hold_no_party_name(raw, year, tmp_path):
    out = tmp_path / "年报"
    assert main(["annual", str(SAMPLE), "--year", str(year), "--out", str(out)]) == 0
    with zipfile.ZipFile(out / f"{year}年行政执法统计年报.docx") as z:
        texts = ["".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))]
    texts += [(out / f"{year}年行政执法统计年报.{s}").read_text(encoding="utf-8-sig") for s in ("html", "csv")]
    names = set(raw["案件"]["当事人"].dropna())
    assert len(names) > 50
    for text in texts:
        assert [n for n in names if n in text] == []
