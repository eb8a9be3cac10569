"""`casereview report RUN`: registered through register(subparsers), rebuilds the reports from a run folder."""
from __future__ import annotations

import argparse
import shutil

import openpyxl
import pytest

from casereview.cli import report as report_cli
from casereview.errors import UsageError
from casereview.reports.html import HTML_NAME
from casereview.reports.workbook import WORKBOOK_NAME


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="casereview")
    report_cli.register(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(["report", *argv])


def test_help_text(capsys):
    with pytest.raises(SystemExit):
        _parse(["--help"])
    out = capsys.readouterr().out
    assert "--xlsx" in out and "--html" in out and "评查结果目录" in out


@pytest.mark.parametrize("flags, files", [
    (["--xlsx"], {WORKBOOK_NAME}),
    (["--html"], {HTML_NAME}),
    ([], {WORKBOOK_NAME, HTML_NAME}),
])
def test_writes_the_requested_reports(sample_run, tmp_path, flags, files, capsys):
    run = tmp_path / "run"
    shutil.copytree(sample_run.folder, run)
    for name in (WORKBOOK_NAME, HTML_NAME):
        (run / name).unlink()
    a = _parse([str(run), *flags])
    assert a.func(a) == 0
    assert {p.name for p in run.iterdir()} >= files
    assert not ({WORKBOOK_NAME, HTML_NAME} - files) & {p.name for p in run.iterdir()}
    assert "已写出" in capsys.readouterr().out
    if WORKBOOK_NAME in files:
        assert openpyxl.load_workbook(run / WORKBOOK_NAME).sheetnames[0] == "汇总"


def test_out_folder_and_no_leftovers(sample_run, tmp_path):
    a = _parse([str(sample_run.folder), "--out", str(tmp_path / "reports")])
    assert a.func(a) == 0
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == sorted([WORKBOOK_NAME, HTML_NAME])


def test_not_a_run_folder(tmp_path):
    a = _parse([str(tmp_path)])
    with pytest.raises(UsageError, match="run.json"):
        a.func(a)
