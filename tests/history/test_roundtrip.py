"""The same review stored in SQLite and in PostgreSQL reads back identical, and identical to its run folder."""
from __future__ import annotations

import time
from datetime import date

import pandas as pd

from casereview.cli.main import main
from casereview.history import list_runs, read_run, record_run
from casereview.reports.from_run import load_run

FRAMES = ("findings", "cases", "unit_findings", "units", "rejects")
CSVS = [f"{name}.csv" for name in FRAMES]


def test_sqlite_and_postgresql_read_back_identical(sample_run, sqlite_db, pg_db):
    folder = load_run(sample_run)
    stored = {db: read_run(db, record_run(db, sample_run)) for db in (sqlite_db, pg_db)}
    lite, pg = stored[sqlite_db], stored[pg_db]
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(lite, name), getattr(pg, name))
        pd.testing.assert_frame_equal(getattr(lite, name), getattr(folder, name))
    assert lite.info == pg.info == folder.info


def test_run_row_holds_pack_as_of_input_and_counts(db, sample_run):
    run_id = record_run(db, sample_run)
    runs = list_runs(db)
    assert list(runs["id"]) == [run_id]
    row = runs.iloc[0]
    assert row["status"] == "complete"
    assert (row["pack_id"], row["pack_version"], row["engine"]) == ("三项制度", "2026.1", "vector")
    assert row["as_of"] == date(2026, 11, 20)
    assert row["input_source"].endswith("三项制度评查样例.xlsx")
    # 360 cases × 14 case-level rules (15 rules in the pack, FS04 is judged per unit) = 5,040 findings
    assert (row["cases_in"], row["findings_count"]) == (360, 360 * 14)
    assert row["rejects_count"] == len(load_run(sample_run).rejects)
    assert row["finished_at"] >= row["started_at"]


def test_show_out_writes_the_same_csv_files(db, sample_run, tmp_path, capsys):
    record_run(db, sample_run)
    back = tmp_path / "back"
    assert main(["history", "show", "1", "--db", db, "--out", str(back)]) == 0
    out = capsys.readouterr().out
    assert "评查日：2026-11-20" in out and "案件评查：360" in out
    for name in CSVS:
        assert (back / name).read_bytes() == (sample_run / name).read_bytes(), name
    assert load_run(back).info["input"] == load_run(sample_run).info["input"]


def test_list_names_every_run(sqlite_db, sample_run, capsys):
    record_run(sqlite_db, sample_run)
    record_run(sqlite_db, sample_run)
    assert main(["history", "list", "--db", sqlite_db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["编号", "状态", "开始时间（UTC）"]
    assert [line.split()[:2] for line in lines[1:]] == [["2", "完成"], ["1", "完成"]]


def test_unknown_run_is_one_clear_error(sqlite_db, sample_run, capsys):
    record_run(sqlite_db, sample_run)
    assert main(["history", "show", "99", "--db", sqlite_db]) == 1
    assert "没有编号为 99 的评查记录" in capsys.readouterr().err


def test_sample_stores_in_well_under_a_few_seconds(db, sample_run):
    record_run(db, sample_run)                 # schema created outside the timing
    start = time.perf_counter()
    record_run(db, sample_run)
    assert time.perf_counter() - start < 3.0
