"""A run with cases and records after its as-of date is stored, shown and written back: the counts travel in
run.json; the listing (after_as_of.csv) is not stored, so the written-back folder has none and still checks."""
from __future__ import annotations

import json

from casereview.cli.main import main
from casereview.history import record_run
from casereview.reports.folder_check import run_folder_problems
from tests.history.runner import SAMPLE


def test_show_and_write_back_a_run_with_records_after_the_as_of_date(sqlite_db, tmp_path, capsys):
    run = tmp_path / "run"
    assert main(["review", str(SAMPLE), "--out", str(run), "--as-of", "2025-06-30", "--quiet"]) == 0
    counts = json.loads((run / "run.json").read_text(encoding="utf-8"))["counts"]
    assert counts["cases"]["after_as_of"] > 0
    run_id = record_run(sqlite_db, run)
    capsys.readouterr()
    back = tmp_path / "back"
    assert main(["history", "show", str(run_id), "--db", sqlite_db, "--out", str(back)]) == 0
    assert f"案件晚于评查日（不评查）：{counts['cases']['after_as_of']}" in capsys.readouterr().out
    assert json.loads((back / "run.json").read_text(encoding="utf-8"))["counts"] == counts
    assert not (back / "after_as_of.csv").exists()
    assert run_folder_problems(back) == []
