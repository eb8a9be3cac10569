"""A review killed (SIGKILL) while it stores its run leaves no finished run folder and no complete run;
the same command run again succeeds."""
from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from casereview.cli.main import main
from casereview.history import database_url, list_runs, read_run
from casereview.reports.from_run import load_run
from tests.history.runner import BIG_CASES, review_args, start_review


def _kill_when(proc: subprocess.Popen, ready, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        assert proc.poll() is None, f"评查在被终止前已结束：{proc.communicate()}"
        assert time.monotonic() < deadline, "等待超时"
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)


def _writing(db: str):
    """True while another connection holds an uncommitted write transaction on the history database."""
    if "://" not in db:
        return lambda: Path(db + "-journal").exists()        # SQLite's rollback journal lives that long
    engine = sa.create_engine(database_url(db))
    sql = sa.text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                  "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL")

    def check() -> bool:
        with engine.connect() as conn:
            return conn.execute(sql).scalar_one() > 0
    return check


def test_killed_while_storing_then_rerun(db, big_input, tmp_path):
    out = tmp_path / "run"
    proc = start_review(big_input, out, db)
    writing = _writing(db)
    # run.json in the hidden folder and a write transaction open: the run is being stored
    _kill_when(proc, lambda: any(tmp_path.glob(".run.partial-*/run.json")) and writing())
    assert proc.returncode == -signal.SIGKILL

    assert not out.exists()
    left = [p.name for p in tmp_path.iterdir() if not p.name.startswith("history.db")]
    assert left == [f".run.partial-{proc.pid}"]             # hidden, named partial: not a run folder
    assert "://" in db or Path(db + "-journal").exists()      # SQLite: killed inside the transaction
    runs = list_runs(db)
    assert list(runs["status"]) == ["running"]

    assert main(review_args(big_input, out, db)) == 0      # the same command again, in this process
    folder = load_run(out)
    runs = list_runs(db).set_index("id")
    assert runs["status"].to_dict() == {1: "running", 2: "complete"}
    assert runs.loc[2, "findings_count"] == len(folder.findings) == BIG_CASES * 14
    pd.testing.assert_frame_equal(read_run(db, 2).cases, folder.cases)
