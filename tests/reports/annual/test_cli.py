"""`casereview annual` command line: unit chosen by name, unknown units and bad years are usage errors (exit 4)."""
from __future__ import annotations

import docx

from casereview.cli.main import main
from tests.reports.annual.fixture import UNITS


def test_unit_by_name_reports_that_unit_only(annual_source, tmp_path, capsys):
    out = tmp_path / "u1"
    assert main(["annual", str(annual_source), "--year", "2025", "--unit", UNITS[0]["name"], "--out", str(out)]) == 0
    assert "共作出行政执法决定 11 件，其中行政处罚 7 件" in capsys.readouterr().out     # C01–C09, C11, C12
    d = docx.Document(str(out / "2025年行政执法统计年报.docx"))
    assert d.paragraphs[1].text == f"填报单位：{UNITS[0]['name']}"
    assert not any(p.text == "八、各单位情况" for p in d.paragraphs)               # one unit: no per-unit table


def test_unknown_unit_exit_4(annual_source, tmp_path, capsys):
    assert main(["annual", str(annual_source), "--year", "2025", "--unit", "U9", "--out", str(tmp_path / "x")]) == 4
    err = capsys.readouterr().err
    assert "单位“U9”不在输入中" in err and "U1（@SUM(A1) 城东执法所）" in err
    assert not (tmp_path / "x").exists()


def test_bad_year_exit_4(annual_source, tmp_path, capsys):
    assert main(["annual", str(annual_source), "--year", "25", "--out", str(tmp_path / "x")]) == 4
    assert "--year 须为四位年份：25" in capsys.readouterr().err
