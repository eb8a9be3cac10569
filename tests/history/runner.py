"""Running the real command line in child processes, for the history tests."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "casefiles" / "samples" / "三项制度评查样例.xlsx"
AS_OF = "2026-11-20"
BIG_CASES = 600


def casereview(*args, timeout: float = 180) -> subprocess.CompletedProcess:
    """`casereview ARGS...` in a child process, output captured as text."""
    return subprocess.run([sys.executable, "-m", "casereview", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout)


def review_args(source, out: Path, db: str) -> list[str]:
    """`review` arguments (after the program name) storing the run in `db`."""
    return ["review", str(source), "--out", str(out), "--as-of", AS_OF, "--quiet", "--db", db]


def start_review(source, out: Path, db: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "casereview", *review_args(source, out, db)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
