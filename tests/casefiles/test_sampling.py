"""Stratified sampling: reproducible for a seed whatever the row order, N per unit (all of a smaller unit)."""
from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from casereview.casefiles.sampling import stratified_sample
from casereview.cli.main import main
from casereview.errors import UsageError
from tests.support import frame

INJECTION = '=HYPERLINK("http://x","y")'


def population(sizes: dict[str, int], types=("行政处罚", "行政许可")) -> pd.DataFrame:
    """`sizes[unit]` cases per unit, ids <unit>-000.., case types alternating."""
    rows = [dict(case_id=f"{u}-{i:03d}", unit_id=u, case_type=types[i % len(types)],
                 decision_date="2024-09-30", handler_ids=["P1", "P2"], party_name="某甲")
            for u, n in sizes.items() for i in range(n)]
    return frame("cases", rows)


def ids(sample) -> list[str]:
    return list(sample.cases["case_id"])


def test_same_seed_same_sample_whatever_the_row_order():
    cases = population({"A": 40, "B": 25})
    first = stratified_sample(cases, 5, seed=7)
    shuffled = cases.sample(frac=1, random_state=3).reset_index(drop=True)
    assert list(shuffled["case_id"]) != list(cases["case_id"])
    assert ids(stratified_sample(shuffled, 5, seed=7)) == ids(first)
    assert ids(stratified_sample(cases, 5, seed=7)) == ids(first)


def test_different_seed_different_sample():
    cases = population({"A": 40, "B": 25})
    # C(40,5) × C(25,5) ≈ 3.5e10 possible samples
    assert ids(stratified_sample(cases, 5, seed=7)) != ids(stratified_sample(cases, 5, seed=8))


def test_counts_per_unit_and_small_units_taken_whole():
    cases = population({"A": 10, "B": 2, "C": 3})
    s = stratified_sample(cases, 3, seed=1)
    counts = s.cases.groupby("unit_id").size().to_dict()
    assert counts == {"A": 3, "B": 2, "C": 3}
    assert set(s.cases.loc[s.cases["unit_id"] == "B", "case_id"]) == {"B-000", "B-001"}
    assert s.strata.to_dict("records") == [
        {"unit_id": "A", "population": 10, "sampled": 3}, {"unit_id": "B", "population": 2, "sampled": 2},
        {"unit_id": "C", "population": 3, "sampled": 3}]
    assert s.cases["case_id"].is_unique and set(s.cases.loc[s.cases["unit_id"] == "A", "case_id"]) <= \
        {f"A-{i:03d}" for i in range(10)}


def test_by_case_type_samples_each_type_per_unit():
    cases = population({"A": 7, "B": 3})          # A: 4 处罚 (0,2,4,6) + 3 许可; B: 2 处罚 + 1 许可
    s = stratified_sample(cases, 2, seed=5, by=("case_type",))
    got = s.strata.set_index(["unit_id", "case_type"])[["population", "sampled"]].to_dict("index")
    assert got == {("A", "行政处罚"): {"population": 4, "sampled": 2}, ("A", "行政许可"): {"population": 3, "sampled": 2},
                   ("B", "行政处罚"): {"population": 2, "sampled": 2}, ("B", "行政许可"): {"population": 1, "sampled": 1}}
    assert len(s.cases) == 7


def test_a_unit_sample_does_not_depend_on_other_units():
    alone = stratified_sample(population({"A": 30}), 4, seed=11)
    together = stratified_sample(population({"A": 30, "B": 12, "0": 5}), 4, seed=11)
    assert ids(alone) == [i for i in ids(together) if i.startswith("A-")]


@pytest.mark.parametrize("n, seed, message", [(0, 1, "--per-unit"), (2, -1, "--seed")])
def test_bad_parameters(n, seed, message):
    with pytest.raises(UsageError, match=message):
        stratified_sample(population({"A": 3}), n, seed)


def _write_input(folder, sizes: dict[str, int]) -> None:
    folder.mkdir()
    rows = [dict(case_id=f"{u}-{i:03d}", unit_id=u, case_type="行政处罚", decision_date="2024/9/30",
                 handler_ids="P1、P2", party_name="张某某", party_type="个人")
            for u, n in sizes.items() for i in range(n)]
    rows.append(dict(case_id=INJECTION, unit_id="B", case_type="行政许可", decision_date="",
                     handler_ids="P3", party_name="张某某", party_type="个人"))
    pd.DataFrame(rows).to_csv(folder / "cases.csv", index=False)
    pd.DataFrame([dict(unit_id="A", name="某区公安分局"), dict(unit_id="B", name=INJECTION)]) \
        .to_csv(folder / "units.csv", index=False)


def _rows(ws) -> list[tuple]:
    return list(ws.iter_rows(values_only=True))


def test_cli_workbook_read_back(tmp_path, capsys):
    src = tmp_path / "in"
    _write_input(src, {"A": 6, "B": 1})
    out = tmp_path / "抽样.xlsx"
    assert main(["sample", str(src), "--per-unit", "3", "--seed", "42", "--out", str(out)]) == 0
    assert "抽取 5 件" in capsys.readouterr().out          # A: 3 of 6; B: both of 2
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["抽样清单", "抽样说明"]
    listing = _rows(book["抽样清单"])
    assert listing[0] == ("序号", "案件编号", "办案单位编码", "单位名称", "执法类别", "决定日期", "承办人")
    body = [dict(zip(listing[0], r)) for r in listing[1:]]
    assert [r["办案单位编码"] for r in body] == ["A", "A", "A", "B", "B"]
    assert {r["案件编号"] for r in body if r["办案单位编码"] == "B"} == {"B-000", "'" + INJECTION}
    a_row = body[0]
    assert (a_row["单位名称"], a_row["决定日期"], a_row["承办人"]) == ("某区公安分局", "2024-09-30", "P1、P2")
    assert {r["单位名称"] for r in body if r["办案单位编码"] == "B"} == {"'" + INJECTION}
    cells = [c for ws in book for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert not [c.value for c in cells if isinstance(c.value, str) and "张某某" in c.value]   # no party names
    notes = {r[0]: r[1] for r in _rows(book["抽样说明"]) if r[0]}
    assert (notes["抽样种子"], notes["每层抽取数 N"], notes["案件总数"], notes["抽取总数"]) == (42, 3, 8, 5)
    header = next(i for i, r in enumerate(_rows(book["抽样说明"])) if r[0] == "办案单位编码")
    strata = _rows(book["抽样说明"])[header + 1:]
    assert [r[:4] for r in strata] == [("A", "某区公安分局", 6, 3), ("B", "'" + INJECTION, 2, 2)]
    again = tmp_path / "again.xlsx"
    assert main(["sample", str(src), "--per-unit", "3", "--seed", "42", "--out", str(again)]) == 0
    assert _rows(openpyxl.load_workbook(again)["抽样清单"]) == listing


def test_cli_with_review_scores(tmp_path, capsys):
    sample_en = __import__("pathlib").Path(__file__).parent / "data" / "sample_en"
    run = tmp_path / "run"
    assert main(["review", str(sample_en), "--out", str(run), "--as-of", "2026-11-20", "--quiet"]) == 0
    out = tmp_path / "s.xlsx"
    assert main(["sample", str(sample_en), "--per-unit", "5", "--seed", "1", "--out", str(out),
                 "--review", str(run)]) == 0
    listing = _rows(openpyxl.load_workbook(out)["抽样清单"])
    body = {r[1]: dict(zip(listing[0], r)) for r in listing[1:]}
    scores = pd.read_csv(run / "cases.csv", dtype=str, encoding="utf-8-sig").set_index("case_id")
    assert set(body) == set(scores.index)                  # every unit smaller than 5: all three cases
    for case_id, row in body.items():
        assert (row["得分"], row["等级"]) == (float(scores.loc[case_id, "score"]), scores.loc[case_id, "grade"])
    capsys.readouterr()
    assert main(["sample", str(sample_en), "--per-unit", "5", "--seed", "1", "--out", str(out)]) == 4
    assert "已存在" in capsys.readouterr().err
