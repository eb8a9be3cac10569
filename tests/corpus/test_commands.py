"""The bad-input corpus through every other command: expected exit code, one Chinese line, never a traceback."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from casereview.cli.main import main
from tests.corpus.build import cases_csv, csv_folder
from tests.corpus.cases import CASES
from tests.corpus.commands import (COMMAND_CASES, INPUT_COMMANDS, OUT_KINDS, PACK_COMMANDS, Bad, Runs,
                                   expected, input_argv, is_pack_kind, out_path)
from tests.corpus.model import Case, Fails


def _run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err, (argv, captured.err)
    return code, captured.out, captured.err


def _one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


def _check_output(command: str, out: Path, stdout: str) -> None:
    """A command that completed wrote what it says."""
    if command == "due":
        assert stdout.startswith("预警（评查日 2026-11-20）：已逾期 "), stdout
        assert (out / "预警清单.csv").is_file() and (out / "逾期清单.csv").is_file()
    elif command == "sample":
        assert out.is_file() and out.stat().st_size > 0
    elif command == "annual":
        assert (out / "2024年行政执法统计年报.docx").is_file()
        assert (out / "2024年行政执法统计年报.csv").is_file()


@pytest.mark.parametrize("case", CASES, ids=[c.kind for c in CASES])
def test_input_kind_through_commands(case: Case, tmp_path: Path, capsys) -> None:
    args = case.build(tmp_path)            # one input per kind, read by every command
    says = next((e.says for e in case.expect if isinstance(e, Fails)), ())
    for command in PACK_COMMANDS if is_pack_kind(args) else INPUT_COMMANDS:
        out = out_path(case, command, tmp_path)
        existed = out.exists()
        code, stdout, stderr = _run(input_argv(command, args, out), capsys)
        want, fragments = expected(case, command, says)
        assert code == want, (command, stdout, stderr)
        if command == "lint":                               # problems listed on stdout, one per line
            assert all(f in stdout for f in fragments), (fragments, stdout)
        elif code:
            line = _one_line(stderr)
            assert all(f in line for f in fragments), (command, fragments, line)
            assert out.exists() == existed, command         # nothing written on failure
        else:
            _check_output(command, out, stdout)
    if case.kind == "out_not_empty":
        assert (tmp_path / "out" / "旧结果.txt").read_text(encoding="utf-8") == "保留"
    assert not (tmp_path / "已执行").exists()              # a hostile pack never ran anything


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> Runs:
    """Two real reviews of one hand-written input: with the standard pack and with the police overlay."""
    tmp = tmp_path_factory.mktemp("runs")
    src = csv_folder({"cases.csv": cases_csv("C1,U1,行政处罚,2024-03-05", "C2,U2,行政许可,2024-09-02",
                                             head="案件编号,办案单位编码,执法类别,决定日期")})(tmp)
    for name, extra in (("前次", []), ("police", ["--overlay", "police"])):
        assert main(["review", *src, "--out", str(tmp / name), "--as-of", "2024-12-31", "--quiet", *extra]) == 0
    return Runs(good=tmp / "前次", other_pack=tmp / "police")


def _annual_zero(tmp: Path) -> None:
    """Every figure counted from the year's cases is 0 (the 三项制度 rows also hold unit-level rules)."""
    figures = pd.read_csv(tmp / "年报" / "2031年行政执法统计年报.csv", encoding="utf-8-sig", dtype=str,
                          keep_default_na=False)
    counted = figures[~figures["分类"].str.startswith("三项制度") & figures["说明"].eq("")]
    assert len(counted) > 20 and set(counted["数值"]) <= {"0", "0.0"}, counted.to_string()


def _db_untouched(tmp: Path) -> None:
    assert (tmp / "历史.db").read_text(encoding="utf-8") == "这是一份文本，不是 SQLite 数据库\n" * 50


AFTER = {"annual_year_without_data": _annual_zero, "history_list_not_sqlite": _db_untouched,
         "history_show_not_sqlite": _db_untouched}


@pytest.mark.parametrize("bad", COMMAND_CASES, ids=[b.kind for b in COMMAND_CASES])
def test_command_bad_input(bad: Bad, runs: Runs, tmp_path: Path, capsys) -> None:
    before = {p.name for p in runs.good.iterdir()}
    code, stdout, stderr = _run(bad.argv(tmp_path, runs), capsys)
    assert code == bad.code, (stdout, stderr)
    text = _one_line(stderr) if code else stdout
    assert all(f in text for f in bad.says), (bad.says, text)
    assert not [s for s in bad.never if s in stdout + stderr]
    assert not (tmp_path / "报告").exists()                 # report refused before writing anything
    assert {p.name for p in runs.good.iterdir()} == before
    AFTER.get(bad.kind, lambda tmp: None)(tmp_path)


def test_history_show_missing_run_on_postgresql(pg_db: str, capsys) -> None:  # noqa: F811
    code, stdout, stderr = _run(["history", "show", "2000000000", "--db", pg_db], capsys)
    assert code == 1 and stdout == ""
    assert "中没有编号为 2000000000 的评查记录" in _one_line(stderr)


def test_every_command_kind_is_distinct() -> None:
    kinds = [b.kind for b in COMMAND_CASES] + [c.kind for c in CASES]
    assert len(set(kinds)) == len(kinds)
    assert set(OUT_KINDS) <= {c.kind for c in CASES}
