"""Progress display: a bar with counts and rate on a terminal; only the summary otherwise."""
from __future__ import annotations

import io
import subprocess
import sys
from datetime import date
from pathlib import Path

from rich.console import Console

from casereview.casefiles.loader import load_casefiles
from casereview.cli.progress import STAGES, StageProgress
from casereview.engine.model.pack import load_pack
from casereview.engine.run.review import review

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "casefiles" / "samples" / "三项制度评查样例.xlsx"
REVIEW_STAGES = ["facts", "rules", "findings", "scoring", "due"]


def terminal() -> tuple[Console, io.StringIO]:
    buf = io.StringIO()
    return Console(file=buf, force_terminal=True, width=120), buf


def test_review_reports_each_stage_start_and_end():
    calls = []
    review(load_casefiles(SAMPLE), load_pack(), date(2026, 11, 20),
           progress=lambda *a: calls.append(a))
    assert calls == [c for s in REVIEW_STAGES for c in ((s, 0, 360), (s, 360, 360))]


def test_terminal_shows_stages_with_counts_and_rate():
    console, buf = terminal()
    with StageProgress(console=console) as progress:
        progress("load", 0, None)
        progress("load", 360, 360)
        progress("facts", 0, 360)
        progress("facts", 360, 360)
    out = buf.getvalue()
    assert STAGES["load"] in out and STAGES["facts"] in out
    assert "360/360" in out and "件/秒" in out


def test_quiet_or_not_a_terminal_shows_nothing():
    console, buf = terminal()
    for p in (StageProgress(console=console, quiet=True), StageProgress(console=Console(file=io.StringIO()))):
        with p as progress:
            progress("facts", 0, 360)
            progress("facts", 360, 360)
        assert not p.enabled
    assert buf.getvalue() == ""


def test_cli_not_on_a_terminal_prints_only_the_summary(tmp_path):
    out = tmp_path / "run"
    done = subprocess.run([sys.executable, "-m", "casereview", "review", str(SAMPLE), "--out", str(out),
                           "--as-of", "2026-11-20"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert lines[0].startswith("评查完成") and lines[-1] == f"结果已写入 {out}"
    assert len(lines) == 5 and "\x1b" not in done.stdout
    assert not any(label in done.stdout for label in STAGES.values())
