"""Absent, ignored and declared-absent columns: recorded by the loader, refused when required, judged unknown."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from casereview.casefiles.loader import load_casefiles
from casereview.cli.main import summary
from casereview.errors import InputError
from casereview.engine.run.review import review
from casereview.reports.run_folder import write_run
from tests.support import pack, review_on_every_engine

ROOT = Path(__file__).resolve().parents[2]
AS_OF = date(2024, 12, 31)

# C1: 行政处罚 decided Mon 2024-09-30; by 2024-12-31 both the 7-working-day publication deadline
# (2024-10-15, National Day 10-01..07 off, 10-12 Sat worked) and the service deadline have passed.
CASES_FULL = ("案件编号,办案单位编码,执法类别,程序类型,决定日期,公示日期,送达日期,不予公开理由\n"
              "C1,U1,行政处罚,普通程序,2024-09-30,2024-10-15,2024-10-08,\n")
CASES_NO_DATES = ("案件编号,办案单位编码,执法类别,程序类型,决定日期,不予公开理由\n"
                  "C1,U1,行政处罚,普通程序,2024-09-30,\n")


def folder(tmp_path: Path, cases: str, **more: str) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    (src / "cases.csv").write_text(cases, encoding="utf-8")
    for name, text in more.items():
        (src / f"{name}.csv").write_text(text, encoding="utf-8")
    return src


def outcomes(cfs, rule: str) -> list[tuple[str, str]]:
    """(outcome, reason) of `rule` per case, decided alike on both engines."""
    found = review_on_every_engine(cfs, pack(), AS_OF).findings
    f = found[found["rule_id"] == rule]
    return list(zip(f["outcome"], f["reason"]))


def test_full_columns_are_judged(tmp_path):
    """Control: published on 2024-10-15 (working day 7) and served 10-08 (working day 1) pass."""
    cfs = load_casefiles(folder(tmp_path, CASES_FULL))
    assert outcomes(cfs, "GS03")[0][0] == "pass" and outcomes(cfs, "CX03")[0][0] == "pass"
    assert cfs.absent["cases"][:2] == ["case_subtype", "party_type"] and "published_date" not in cfs.absent["cases"]


def test_missing_publish_and_serve_columns_are_unknown_not_fail(tmp_path):
    """Without 公示日期 and 送达日期 columns the case used to fail GS03 and CX03 ("仍未公示")."""
    cfs = load_casefiles(folder(tmp_path, CASES_NO_DATES))
    assert {"published_date", "served_date"} <= set(cfs.absent["cases"])
    assert outcomes(cfs, "GS03") == [("unknown", "输入缺少列 公示日期（published_date），无法判定")]
    assert outcomes(cfs, "CX03") == [("unknown", "输入缺少列 送达日期（served_date），无法判定")]
    assert any("公示日期（published_date）" in w and "缺少列" in w for w in cfs.warnings)


def test_unrecognised_header_is_ignored_and_its_column_absent(tmp_path):
    """“公示时间” is not a known header: it is listed as ignored, and 公示日期 counts as absent."""
    cases = CASES_FULL.replace("公示日期", "公示时间")
    cfs = load_casefiles(folder(tmp_path, cases))
    assert cfs.ignored_columns == {"cases": ["公示时间"]}
    assert "published_date" in cfs.absent["cases"]
    assert outcomes(cfs, "GS03")[0] == ("unknown", "输入缺少列 公示日期（published_date），无法判定")
    assert any("公示时间" in w for w in cfs.warnings)


def test_mapping_declares_a_field_the_source_system_lacks(tmp_path):
    """Declared absent: the column reads as empty, so the overdue publication fails as before."""
    mapping = tmp_path / "map.yaml"
    mapping.write_text("absent:\n  案件: [公示日期, served_date]\n", encoding="utf-8")
    cfs = load_casefiles(folder(tmp_path, CASES_NO_DATES), mapping=mapping)
    assert cfs.declared_absent == {"cases": ["served_date", "published_date"]}
    assert "published_date" not in cfs.absent["cases"]
    outcome, reason = outcomes(cfs, "GS03")[0]
    assert outcome == "fail" and "仍未公示" in reason and "2024-10-15" in reason
    assert any("映射文件声明" in w and "公示日期（published_date）" in w for w in cfs.warnings)


def test_a_column_declared_absent_but_present_is_read_and_warned(tmp_path):
    """The mapping says 公示日期 does not exist, yet the file has it: the file's value (2024-10-15, the
    7th working day after 2024-09-30) is judged, and a warning asks to check the mapping."""
    mapping = tmp_path / "map.yaml"
    mapping.write_text("absent:\n  cases: [published_date]\n", encoding="utf-8")
    cfs = load_casefiles(folder(tmp_path, CASES_FULL), mapping=mapping)
    assert outcomes(cfs, "GS03")[0][0] == "pass"
    assert any("但输入中有此列" in w and "公示日期（published_date）" in w for w in cfs.warnings)


@pytest.mark.parametrize("text, message", [
    ("absent:\n  cases: [case_type]\n", "必填列"),
    ("absent:\n  cases: [publshed_date]\n", "published_date"),
    ("absent:\n  案卷: [published_date]\n", "不是七张表之一"),
])
def test_mapping_absent_entries_are_checked(tmp_path, text, message):
    mapping = tmp_path / "map.yaml"
    mapping.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_casefiles(folder(tmp_path, CASES_FULL), mapping=mapping)


def test_required_column_missing_is_refused_naming_headers_and_a_guess(tmp_path):
    acts = "活动编号,案件号,活动类型\nA1,C1,询问\n"
    with pytest.raises(InputError) as e:
        load_casefiles(folder(tmp_path, CASES_FULL, acts=acts))
    text = str(e.value)
    assert "缺少必填列 案件编号（case_id）" in text and "活动编号、案件号、活动类型" in text
    assert "是否想写“案件号”" in text and "\n" not in text


def test_required_column_missing_exits_2_and_leaves_no_run_folder(tmp_path):
    src = folder(tmp_path, "案件编号,执法类别\nC1,行政处罚\n")
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "casereview", "review", str(src), "--out", str(out),
                           "--as-of", "2024-12-31"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "缺少必填列 办案单位编码（unit_id）" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_run_json_and_reports_say_which_columns_were_absent_or_ignored(tmp_path):
    cfs = load_casefiles(folder(tmp_path, CASES_FULL.replace("送达日期", "送达时间")))
    result = review(cfs, pack(), AS_OF)
    out = write_run(result, tmp_path / "out", extra_writers=_report_writers())
    printed = summary(result, out).splitlines()
    assert any(line.startswith("输入警告：") and "送达日期（served_date）" in line for line in printed[:3])
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert "served_date" in info["input"]["absent_columns"]["cases"]
    assert info["input"]["ignored_columns"] == {"cases": ["送达时间"]}
    assert any("送达日期（served_date）" in w for w in info["input"]["warnings"])
    # documents for people name the column in Chinese only (the id stays in run.json and the terminal, for authors)
    html = (out / "评查报告.html").read_text(encoding="utf-8")
    warnings = html[html.index('id="input-warnings"'):]
    warnings = warnings[:warnings.index("</div>")]
    assert "送达日期" in warnings and "送达时间" in warnings and "served_date" not in warnings
    from openpyxl import load_workbook
    first = load_workbook(out / "评查结果.xlsx").worksheets[0]
    cells = " ".join(str(c.value) for row in first.iter_rows() for c in row if c.value is not None)
    assert "送达日期" in cells and "送达时间" in cells and "served_date" not in cells


def _report_writers():
    from casereview.reports.html import html_writer
    from casereview.reports.workbook import workbook_writer
    return [workbook_writer, html_writer]


def test_documents_name_a_rejected_value_by_the_inputs_own_header(tmp_path):
    """“公示时间” mapped to 公示日期 holds a date that cannot be read: 数据问题 (workbook) and the HTML name the
    column as the input did; rejects.csv keeps the stable code; run.json records the header."""
    mapping = tmp_path / "map.yaml"
    mapping.write_text("columns:\n  cases:\n    公示时间: published_date\n", encoding="utf-8")
    cases = CASES_FULL.replace("公示日期", "公示时间").replace("2024-10-15", "十月十五日")
    cfs = load_casefiles(folder(tmp_path, cases), mapping=mapping)
    result = review(cfs, pack(), AS_OF)
    out = write_run(result, tmp_path / "out", extra_writers=_report_writers())
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert info["input"]["own_headers"] == {"cases": {"published_date": "公示时间"}}
    rejects = (out / "rejects.csv").read_text(encoding="utf-8-sig")
    assert "published_date" in rejects and "十月十五日" in rejects
    from openpyxl import load_workbook
    sheet = load_workbook(out / "评查结果.xlsx")["数据问题"]
    rows = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert any("公示时间" in row and "十月十五日" in row for row in rows), rows
    assert not any("公示日期" in row for row in rows)
