"""`casereview history` help, and a review that fails is marked failed (never complete)."""
from __future__ import annotations

import pytest

from casereview.cli.main import main
from casereview.history import list_runs


@pytest.mark.parametrize("argv, words", [
    (["history", "--help"], ["list", "show"]),
    (["history", "list", "--help"], ["--db", "SQLite"]),
    (["history", "show", "--help"], ["run_id", "--db", "--out", "结果目录"]),
])
def test_help_text(argv, words, capsys):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert all(w in out for w in words)


def test_review_that_fails_is_marked_failed(sqlite_db, tmp_path, capsys):
    bad = tmp_path / "坏.csv"
    bad.write_text("不是案卷\n", encoding="utf-8")
    out = tmp_path / "run"
    assert main(["review", str(bad), "--out", str(out), "--as-of", "2026-11-20", "--quiet", "--db", sqlite_db]) == 2
    assert not out.exists()
    assert list_runs(sqlite_db)["status"].tolist() == ["failed"]


def test_empty_history(sqlite_db, capsys):
    assert main(["history", "list", "--db", sqlite_db]) == 0
    assert "还没有评查记录" in capsys.readouterr().out
