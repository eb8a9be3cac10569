"""`casereview diff`: plain table when not a terminal, files with --out, exit 4 for different packs."""
from __future__ import annotations

import io
import json
import shutil

from casereview.cli.main import main


def test_plain_table_and_files(corrections, tmp_path, capsys):
    first, second = corrections
    assert main(["diff", str(first), str(second), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "== 明细（有变化的案件/单位 × 规则） ==" in out
    assert "案件\tC4\tU2\tGS02\t公示\t新增问题\t合规\t不合规" in out
    assert "单位\t\tU2\tFS04\t审核\t已整改\t不合规\t合规" in out
    assert "\x1b[" not in out                    # no colour codes when not a terminal
    assert (tmp_path / "out" / "复查对比.xlsx").is_file()


def test_different_packs_exit_4(corrections, tmp_path, capsys):
    first, second = corrections
    other = tmp_path / "other"
    shutil.copytree(second, other)
    info = json.loads((other / "run.json").read_text(encoding="utf-8"))
    info["pack"]["id"] = "城市目录"
    (other / "run.json").write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
    assert main(["diff", str(first), str(other)]) == 4
    err = capsys.readouterr().err
    assert "规则包不同" in err and "编号" in err and "Traceback" not in err
    assert main(["diff", str(first), str(other), "--allow-different-packs"]) == 0
    assert "提示：两次评查使用的规则包不同" in capsys.readouterr().err


def test_not_a_run_folder(tmp_path, capsys):
    assert main(["diff", str(tmp_path), str(tmp_path)]) == 4
    assert "run.json" in capsys.readouterr().err


def test_non_empty_out_refused(corrections, tmp_path, capsys):
    (tmp_path / "x.txt").write_text("x")
    assert main(["diff", *map(str, corrections), "--out", str(tmp_path)]) == 4
    assert "不为空" in capsys.readouterr().err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_rich_table_on_a_terminal(corrections, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    from casereview.reports.diff import diff_folders
    from casereview.reports.diff_table import render

    diff = diff_folders(*corrections)
    diff.details.loc[diff.details.index[0], "case_id"] = "[bold]C1[/bold]"    # data is never read as markup
    stream = _Terminal()
    render(diff, stream)
    out = stream.getvalue()
    assert "┃" in out and "新增问题" in out and "[bold]C1[/bold]" in out
