"""`casereview report RUN --case-sheets / --notices`: the options, where files go, what the command says."""
from __future__ import annotations

import argparse
import csv
import json
import shutil

import pytest

from casereview.cli import report as report_cli
from casereview.errors import UsageError
from casereview.reports.paper import BULLETIN_NAME, CASE_SHEETS_DIR, NOTICES_DIR
from casereview.reports.paper.output import NO_OFFICE
from tests.pdf_pages import page_sizes_mm
from tests.reports.conftest import SMALL
from tests.reports.paper.docx_read import texts


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="casereview")
    report_cli.register(parser.add_subparsers(dest="command", required=True))
    a = parser.parse_args(["report", *argv])
    return a.func(a)


def _cases(folder) -> list[dict]:
    with open(folder / "cases.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_help_names_the_paper_documents(capsys):
    with pytest.raises(SystemExit):
        _run(["--help"])
    out = capsys.readouterr().out
    for option in ("--case-sheets", "--notices", "--unit", "--notice-date", "--due-days", "--max-chars", "--input"):
        assert option in out


def test_case_sheets_of_one_unit_with_pdf(hostile_run, tmp_path, capsys):
    """The hostile run's unit U01 (formula text in its name): a safe file name, a PDF with a page per case."""
    assert _run([str(hostile_run.folder), "--case-sheets", "--unit", "U01", "--out", str(tmp_path)]) == 0
    files = sorted((tmp_path / CASE_SHEETS_DIR).iterdir())
    assert [p.suffix for p in files] == [".docx", ".pdf"]
    assert not any(c in files[0].name for c in '"/:<>')
    n = sum(c["unit_id"] == "U01" for c in _cases(hostile_run.folder))
    assert len(page_sizes_mm(files[1])) == n
    assert "已写出" in capsys.readouterr().out
    assert not (tmp_path / NOTICES_DIR).exists() and not (tmp_path / BULLETIN_NAME).exists()


def test_without_libreoffice_only_docx_and_says_so(sample_run, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert _run([str(sample_run.folder), "--case-sheets", "--unit", "U320151", "--out", str(tmp_path / "o")]) == 0
    assert [p.suffix for p in (tmp_path / "o" / CASE_SHEETS_DIR).iterdir()] == [".docx"]
    assert NO_OFFICE in capsys.readouterr().out


def test_notices_for_every_unit_and_the_bulletin(sample_run, tmp_path, capsys):
    assert _run([str(sample_run.folder), "--notices", "--notice-date", "2026-09-24", "--due-days", "6",
                 "--out", str(tmp_path)]) == 0
    units = {c["unit_id"] for c in _cases(sample_run.folder)}
    assert len(list((tmp_path / NOTICES_DIR).glob("*.docx"))) == len(units)
    assert (tmp_path / BULLETIN_NAME).is_file()
    out = capsys.readouterr().out
    # 2026-09-24 + 6 working days: 9-28, 9-29, 9-30, (国庆 10-01…07 off) 10-08, 10-09, 10-10 (a worked Saturday)
    assert "截止 2026年10月10日" in out and "命令行" in out
    assert "2026年10月10日" in "".join(texts(tmp_path / BULLETIN_NAME))
    assert "（评查组织单位盖章）" in texts(tmp_path / BULLETIN_NAME)      # no --issuer: a place to stamp


def test_issuer_signs_the_notice(sample_run, tmp_path):
    assert _run([str(sample_run.folder), "--notices", "--unit", "U320101", "--issuer", "南京市司法局",
                 "--out", str(tmp_path)]) == 0
    shown = texts(tmp_path / NOTICES_DIR / "整改通知书_南京市公安局玄武分局.docx")
    assert "南京市司法局" in shown and "（评查组织单位盖章）" not in shown


def test_one_units_notice_has_no_bulletin(sample_run, tmp_path):
    assert _run([str(sample_run.folder), "--notices", "--unit", "南京市公安局玄武分局", "--out", str(tmp_path)]) == 0
    assert [p.name for p in (tmp_path / NOTICES_DIR).iterdir()] == ["整改通知书_南京市公安局玄武分局.docx"]
    assert not (tmp_path / BULLETIN_NAME).exists()


def test_unknown_unit_is_refused_with_a_suggestion(sample_run, tmp_path):
    with pytest.raises(UsageError, match="U320101"):
        _run([str(sample_run.folder), "--notices", "--unit", "U32101", "--out", str(tmp_path)])


@pytest.mark.parametrize("option", [["--unit", "U320101"], ["--issuer", "南京市司法局"]])
def test_paper_options_need_a_paper_document(sample_run, tmp_path, option):
    with pytest.raises(UsageError, match="--case-sheets"):
        _run([str(sample_run.folder), *option, "--out", str(tmp_path)])


def test_other_input_than_the_reviewed_one_is_refused(sample_run, tmp_path):
    with pytest.raises(UsageError, match="与评查时的输入不同"):
        _run([str(sample_run.folder), "--case-sheets", "--no-pdf", "--input", str(SMALL), "--out", str(tmp_path)])


def test_without_the_input_the_head_shows_what_the_run_has(sample_run, tmp_path, capsys):
    run = tmp_path / "run"
    shutil.copytree(sample_run.folder, run)
    info = json.loads((run / "run.json").read_text(encoding="utf-8"))
    info["input"]["source"] = str(tmp_path / "gone.xlsx")
    (run / "run.json").write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
    assert _run([str(run), "--case-sheets", "--no-pdf", "--unit", "U320151", "--out", str(tmp_path / "o")]) == 0
    assert "未找到评查时的输入" in capsys.readouterr().out
    docx = next((tmp_path / "o" / CASE_SHEETS_DIR).glob("*.docx"))
    text = "\n".join(texts(docx))
    # A32015120240000405's 承办人 by name, from the run folder's officers.csv (the party and dates need the input)
    assert "胡玲（320151004）、叶艳强（320151006）" in text
