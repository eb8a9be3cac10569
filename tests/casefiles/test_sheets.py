"""Choosing sheets, unreadable cells, numeric ids and memory on stray far cells, with real .xlsx files."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import xlsxwriter

from casereview.casefiles import sheets
from casereview.casefiles.loader import load_casefiles, load_mapping
from casereview.errors import InputError

HEAD = ["案件编号", "办案单位编码", "执法类别"]
PEAK_RSS_MB = 400


def book(path: Path, *specs, decorate=None) -> Path:
    """specs: (sheet name, hidden, rows); the first visible sheet is the active one."""
    wb = xlsxwriter.Workbook(str(path))
    made = []
    for name, hidden, rows in specs:
        ws = wb.add_worksheet(name)
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                if v is not None:
                    ws.write(i, j, v)
        made.append((ws, hidden))
    next(ws for ws, hidden in made if not hidden).activate()
    for ws, hidden in made:
        if hidden:
            ws.hide()
    if decorate:
        decorate(wb, [ws for ws, _ in made])
    wb.close()
    return path


def stale_and_copy(tmp: Path, hidden: bool) -> Path:
    return book(tmp / "台账.xlsx", ("案件", hidden, [HEAD, ["OLD", "U1", "行政处罚"]]),
                ("案件 (2)", False, [HEAD, ["NEW", "U1", "行政处罚"]]))


def test_hidden_stale_sheet_is_not_read(tmp_path: Path) -> None:
    cfs = load_casefiles(stale_and_copy(tmp_path, hidden=True))
    assert list(cfs.tables["cases"]["case_id"]) == ["NEW"]
    assert any("隐藏" in n and "案件 (2)" in n for n in cfs.notes)


def test_two_visible_candidates_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"“案件”和“案件 \(2\)”都对应表"):
        load_casefiles(stale_and_copy(tmp_path, hidden=False))


@pytest.mark.parametrize("sheet, case", [("案件 (2)", "NEW"), ("案件", "OLD")])
def test_sheet_chosen(tmp_path: Path, sheet: str, case: str) -> None:
    cfs = load_casefiles(stale_and_copy(tmp_path, hidden=True), sheets={"cases": sheet})
    assert list(cfs.tables["cases"]["case_id"]) == [case]


def test_sheet_chosen_in_mapping(tmp_path: Path) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text("sheets:\n  案件: 案件\n", encoding="utf-8")
    assert load_mapping(mapping).sheets == {"cases": "案件"}
    cfs = load_casefiles(stale_and_copy(tmp_path, hidden=False), mapping=mapping)
    assert list(cfs.tables["cases"]["case_id"]) == ["OLD"]


def test_chosen_sheet_missing(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="指定的工作表“案件 \\(3\\)”不存在"):
        load_casefiles(stale_and_copy(tmp_path, hidden=True), sheets={"cases": "案件 (3)"})


def test_uncached_formula_rejected_naming_cell(tmp_path: Path) -> None:
    """J14 is row 14, column 10: the cell a clerk finds in Excel."""
    rows = [["标题"]] + [[]] * 11 + [HEAD + [None] * 6 + ["罚款金额"], ["C1", "U1", "行政处罚"]]
    path = book(tmp_path / "f.xlsx", ("案件", False, rows),
                decorate=lambda wb, ws: ws[0].write_formula(13, 9, "=SUM(K1:K3)", None, ""))
    cfs = load_casefiles(path)
    r = cfs.rejects.iloc[0]
    assert (r["row"], r["column"], r["value"]) == (14, "fine_amount", "=SUM(K1:K3)")
    assert "案件!J14" in r["error"] and "没有保存计算结果" in r["error"]
    assert cfs.tables["cases"]["fine_amount"].isna().all()


def test_id_typed_as_number(tmp_path: Path) -> None:
    """An 18-digit 身份证号-like id typed into a number cell keeps 15 digits: rejected; a short
    numeric id stays digits."""
    path = book(tmp_path / "n.xlsx", ("案件", False, [HEAD, [350102199001011234, "U1", "行政处罚"],
                                                     [12345, 678, "行政处罚"]]))
    cfs = load_casefiles(path)
    assert list(cfs.tables["cases"]["case_id"]) == ["12345"]
    assert list(cfs.tables["cases"]["unit_id"]) == ["678"]
    r = cfs.rejects.iloc[0]
    assert r["row"] == 2 and "15 位有效数字" in r["error"]


def _stray(tmp: Path, row: int, col: int) -> Path:
    return book(tmp / "stray.xlsx", ("案件", False, [HEAD, ["C1", "U1", "行政处罚"]]),
                decorate=lambda wb, ws: ws[0].write(row, col, "x"))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="需要 Linux /proc 读取峰值内存")
@pytest.mark.parametrize("row, col", [(1048575, 16383), (1048575, 0)], ids=["XFD1048576", "A1048576"])
def test_stray_far_cell_bounded_memory(tmp_path: Path, row: int, col: int) -> None:
    """Peak RSS of a child process that loads the workbook stays under 400 MB (calamine alone
    aborts on XFD1048576 trying to allocate 512 GiB; A1048576 used to take ~1–3 GB). The child
    reads its own high-water mark (VmHWM): ru_maxrss can carry the parent's over exec."""
    path = _stray(tmp_path, row, col)
    assert path.stat().st_size < 10_000
    code = ("import json, sys\nfrom casereview.casefiles.loader import load_casefiles\n"
            "c = load_casefiles(sys.argv[1])\n"
            "peak = [int(line.split()[1]) for line in open('/proc/self/status') if line.startswith('VmHWM')]\n"
            "print(json.dumps({'ids': list(c.tables['cases']['case_id']), 'rows': [int(r) for r in c.rejects['row']],"
            " 'peak_kb': peak[0]}))")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                         timeout=300, check=True)
    got = json.loads(out.stdout)
    assert got["peak_kb"] / 1024 < PEAK_RSS_MB, got
    assert got["ids"] == ["C1"]
    assert got["rows"] == ([1048576] if col == 0 else [])     # a stray id alone: a rejected record


def test_over_budget_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(sheets, "MEMORY_BUDGET", 1000)
    with pytest.raises(InputError, match="超过上限") as e:
        load_casefiles(_stray(tmp_path, 1048575, 0))
    assert e.value.sheet == "案件" and "A1:C1048576" in str(e.value)


def test_sparse_reads_like_calamine(tmp_path: Path) -> None:
    """The same sheet read whole (calamine) and sparsely (forced by a far cell) gives the same
    cases: text, numbers, Excel dates and date-times, booleans, merges, an uncached formula."""
    import datetime as dt

    def sheet(wb, ws, far: bool) -> None:
        s = ws[0]
        s.write_datetime(1, 3, dt.datetime(2024, 3, 5), wb.add_format({"num_format": "yyyy/m/d"}))
        s.write_datetime(2, 3, dt.datetime(2024, 3, 6, 14, 30), wb.add_format({"num_format": "yyyy-mm-dd hh:mm"}))
        s.write_boolean(1, 4, True)
        s.write_formula(2, 5, "=1+1", None, "")
        s.merge_range(1, 1, 2, 1, "U1")
        if far:
            s.write(1048575, 16383, "x")

    rows = [HEAD + ["决定日期", "是否听证", "罚款金额"], ["C1", None, "行政处罚", None, None, 500],
            ["C2", None, "行政处罚", None, "否", None]]
    got = []
    for far in (False, True):
        path = book(tmp_path / f"s{far}.xlsx", ("案件", False, rows), decorate=lambda wb, ws: sheet(wb, ws, far))
        cfs = load_casefiles(path)
        cols = ["case_id", "unit_id", "decision_date", "hearing_held", "fine_amount"]
        got.append((cfs.tables["cases"][cols].map(str).values.tolist(),
                    cfs.rejects[["row", "column", "value"]].values.tolist()))
    assert got[0] == got[1]
    assert got[0][0] == [["C1", "U1", "2024-03-05 00:00:00", "True", "500.0"],
                         ["C2", "U1", "2024-03-06 00:00:00", "False", "nan"]]
    assert got[0][1] == [[3, "fine_amount", "=1+1"]]
