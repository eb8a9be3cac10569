"""Command-line usage errors: one Chinese line and exit 4 (README), never argparse's English frame or exit 2."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from casereview.cli.main import build_parser, main

ENGLISH_FRAME = ("usage:", "error:", "options:", "positional arguments", "show this help", "invalid",
                 "required", "unrecognized", "argument ")


def usage_error(argv: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 4
    err = capsys.readouterr().err
    assert not any(w in err for w in ENGLISH_FRAME), err
    assert "用法：" in err and "命令行用法错误" in err
    return err


def test_non_integer_year(capsys):
    err = usage_error(["annual", "x.xlsx", "--year", "二〇二五", "--out", "o"], capsys)
    assert "参数 --year：须为整数，而给出的是 '二〇二五'" in err


def test_missing_required_argument(capsys):
    err = usage_error(["annual", "x.xlsx", "--out", "o"], capsys)
    assert "缺少必需的参数：--year" in err


def test_unknown_option(capsys):
    err = usage_error(["review", "x.xlsx", "--out", "o", "--engien", "durable"], capsys)
    assert "无法识别的参数：--engien durable" in err


def test_unknown_command(capsys):
    err = usage_error(["reveiw", "x.xlsx"], capsys)
    assert "没有“reveiw”这个命令" in err and "review" in err


def test_unknown_rules_command(capsys):
    err = usage_error(["rules", "tset"], capsys)
    assert "没有“tset”这个命令（可用命令：lint、show、schema、test）" in err


def test_bad_choice_and_bad_date(capsys):
    assert "取值 'zip' 无效（可选：xlsx、csv、parquet、jsonl、sqlite）" in usage_error(
        ["generate", "--cases", "5", "--format", "zip", "--out", "o"], capsys)
    assert "参数 --as-of：日期须为 YYYY-MM-DD：2024-13-01" in usage_error(
        ["review", "x.xlsx", "--out", "o", "--as-of", "2024-13-01"], capsys)


def test_installed_command_exits_4():
    done = subprocess.run([sys.executable, "-m", "casereview", "annual", "x.xlsx", "--year", "abc", "--out", "o"],
                          capture_output=True, text=True)
    assert done.returncode == 4 and "须为整数" in done.stderr and "usage:" not in done.stderr


@pytest.mark.parametrize("path", list(build_parser().command_paths()), ids=" ".join)
def test_help_frame_is_chinese(path, capsys):
    with pytest.raises(SystemExit) as stop:
        main([*path, "--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：") and "选项：" in out and "显示本帮助并退出" in out
    assert not any(w in out for w in ("usage:", "options:", "positional arguments", "show this help")), out
    assert not re.search(r"^\S+:$", out, re.M), out
