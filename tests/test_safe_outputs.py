"""Safe outputs: formula starts and markup in every text field of the input come out inert in every
csv / xlsx / html / docx that review, report, due, annual, diff and sample write."""
from __future__ import annotations

import csv
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from casereview.casefiles.generate import generate_tables
from casereview.engine.model.schema import LIST, TABLES, TEXT
from casereview.casefiles.writers import write_tables
from casereview.cli.main import main

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# ＝ (full-width) is not a formula start in Excel, WPS or LibreOffice: it must pass through unchanged
FREE_TEXT = ["=cmd|' /C calc'!A0", "+1+1", "-2", "@SUM(A1)", "\t=1", "＝1", "<script>alert(1)</script>",
             '"><img src=x onerror=alert(1)>']
ID_PREFIXES = ["=1+", "+1+", "-2", "@SUM(A1)", "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']
NUMBER = re.compile(r"-?\d+(\.\d+)?(e-?\d+)?%?")


def _id(value: str) -> str:
    """The same id always gets the same prefix, so references still join."""
    return ID_PREFIXES[sum(map(ord, value)) % len(ID_PREFIXES)] + value


def hostile_input(dest: Path) -> Path:
    """Generated case files as CSV with every text column poisoned: ids prefixed, free text replaced,
    and in the last row of each table every enum/date column too (those become rejected values)."""
    tables, _ = generate_tables(30, 3)
    folder = write_tables(tables, dest, "csv", headers="en")
    for name, table in TABLES.items():
        path = folder / f"{name}.csv"
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for k, col in enumerate(c for c in table.columns if c.name in frame):
            s = frame[col.name]
            if col.name.endswith("_id") or col.name.endswith("_ids"):
                frame[col.name] = s.map(lambda v: "；".join(_id(x) for x in v.split("；")) if v else v)
            elif col.kind == TEXT and col.name not in ("act_type", "doc_type"):
                frame[col.name] = [FREE_TEXT[(i + k) % len(FREE_TEXT)] for i in range(len(s))]
            elif len(s) and col.kind != LIST:
                frame.loc[frame.index[-1], col.name] = FREE_TEXT[k % len(FREE_TEXT)]
        frame.to_csv(path, index=False)
    return folder


def risky(text: str) -> bool:
    return text.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(text)


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.bad: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on") and "alert(1)" in (value or ""):
                self.bad.append(f"<{tag} {name}>")

    def handle_data(self, data):
        if self._in_script and ("alert(1)" == data.strip() or "</script" in data.lower()):
            self.bad.append(f"script: {data[:60]}")

    def handle_endtag(self, tag):
        self._in_script = False


def unsafe_cells(path: Path) -> list[str]:
    """Cells of one output file that a spreadsheet would run or a browser would execute."""
    if path.suffix == ".csv":
        with open(path, encoding="utf-8-sig", newline="") as f:
            return [f"{path.name}:{i}: {v!r}" for i, row in enumerate(csv.reader(f)) for v in row if risky(v)]
    if path.suffix == ".xlsx":
        bad = []
        for ws in openpyxl.load_workbook(path).worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if c.data_type == "f" or (isinstance(c.value, str) and (risky(c.value) or c.data_type != "s")):
                        bad.append(f"{path.name}/{ws.title}!{c.coordinate}: {c.value!r} ({c.data_type})")
        return bad
    if path.suffix == ".html":
        page = _Page()
        page.feed(path.read_text(encoding="utf-8"))
        return [f"{path.name}: {b}" for b in page.bad]
    if path.suffix == ".docx":
        xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
        return [f"{path.name}: field" for tag in ("<w:fldSimple", "<w:instrText") if tag in xml]
    return []


def all_outputs(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".csv", ".xlsx", ".html", ".docx"))


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("safe")
    source = hostile_input(root / "input")
    out = {name: root / name for name in ("review", "again", "report", "due", "annual", "diff")}
    commands = [
        ["review", str(source), "--out", str(out["review"]), "--as-of", "2026-11-20", "--quiet"],
        ["review", str(source), "--out", str(out["again"]), "--as-of", "2025-06-30", "--quiet"],
        ["report", str(out["review"]), "--out", str(out["report"])],
        ["due", str(source), "--as-of", "2025-06-30", "--out", str(out["due"])],
        ["annual", str(source), "--year", "2025", "--as-of", "2026-11-20", "--out", str(out["annual"])],
        ["diff", str(out["again"]), str(out["review"]), "--out", str(out["diff"])],
        ["sample", str(source), "--per-unit", "2", "--seed", "1", "--review", str(out["review"]),
         "--out", str(root / "sample" / "抽样.xlsx")],
    ]
    for args in commands:
        assert main(args) == 0, args
    out["sample"] = root / "sample"
    out["input"] = source
    return out


def test_the_input_really_is_hostile(runs):
    cases = pd.read_csv(runs["input"] / "cases.csv", dtype=str, keep_default_na=False)
    assert all(c.startswith(tuple(ID_PREFIXES)) for c in cases["case_id"])
    assert set(cases["party_name"]) == set(FREE_TEXT)
    findings = pd.read_csv(runs["review"] / "findings.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert findings["case_id"].str.startswith("'").any()        # neutralised, not dropped
    rejects = pd.read_csv(runs["review"] / "rejects.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert {"'-2", "'@SUM(A1)", "<script>alert(1)</script>"} <= set(rejects["value"])   # rejected enum/date values


EXPECTED = {"review": {".csv", ".xlsx", ".html"}, "report": {".xlsx", ".html"}, "due": {".csv"},
            "annual": {".docx", ".html", ".csv"}, "diff": {".csv", ".xlsx"}, "sample": {".xlsx"}}


@pytest.mark.parametrize("command", list(EXPECTED))
def test_every_output_is_inert(runs, command):
    files = all_outputs(runs[command])
    assert {f.suffix for f in files} >= EXPECTED[command], files
    problems = [p for f in files for p in unsafe_cells(f)]
    assert not problems, "\n".join(problems[:20])


def test_markup_is_escaped_not_dropped(runs):
    page = (runs["review"] / "评查报告.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page or "\\u003cscript\\u003ealert(1)" in page
    book = openpyxl.load_workbook(runs["review"] / "评查结果.xlsx")
    texts = {c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert any(t.startswith("'=1+") for t in texts) and any("＝1" in t for t in texts)


def test_the_checks_catch_unsafe_files(tmp_path):
    (tmp_path / "a.csv").write_text("id,name\n1,=1+1\n2,-3\n", encoding="utf-8")
    book = openpyxl.Workbook()
    book.active["A1"], book.active["A2"] = "=SUM(1,2)", "@x"
    book.save(tmp_path / "b.xlsx")
    (tmp_path / "c.html").write_text('<p><script>alert(1)</script><img src=x onerror=alert(1)></p>', encoding="utf-8")
    assert unsafe_cells(tmp_path / "a.csv") == ["a.csv:1: '=1+1'"]             # -3 is a number
    assert len(unsafe_cells(tmp_path / "b.xlsx")) == 2
    assert len(unsafe_cells(tmp_path / "c.html")) == 2
