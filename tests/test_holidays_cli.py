"""A year the official calendar does not know: unknown, until the user supplies its holidays."""
import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent

# Fictional 2027 arrangement for the test only (not an official notice): 2027-01-01 off.
HOLIDAYS_2027 = """year: 2027
source: 测试用虚构安排（非官方）
holidays: [2027-01-01]
workdays: []
"""


def review(src: Path, out: Path, *extra: str) -> pd.DataFrame:
    done = subprocess.run([sys.executable, "-m", "casereview", "review", str(src), "--out", str(out),
                           "--as-of", "2027-03-01", *extra], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    f = pd.read_csv(out / "findings.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    return f.set_index(["case_id", "rule_id"])


def test_user_holiday_file_makes_2027_deadlines_decidable(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    # decided Mon 2027-01-04; published Wed 01-13: with 01-01 the only holiday, working days after
    # 01-04 are 01-05..01-08 (4), 01-11, 01-12, 01-13 → the 7th working day is 01-13 → in time.
    (src / "cases.csv").write_text("case_id,unit_id,case_type,decision_date,published_date,publish_exempt_reason\n"
                                   "K1,U1,行政处罚,2027-01-04,2027-01-13,\n"
                                   "K2,U1,行政处罚,2027-01-04,2027-01-14,\n", encoding="utf-8")
    without = review(src, tmp_path / "a")
    assert without.loc[("K1", "GS03"), "outcome"] == "unknown"
    assert "2027" in without.loc[("K1", "GS03"), "reason"]
    (tmp_path / "2027.yaml").write_text(HOLIDAYS_2027, encoding="utf-8")
    with_file = review(src, tmp_path / "b", "--holidays", str(tmp_path / "2027.yaml"))
    assert with_file.loc[("K1", "GS03"), "outcome"] == "pass"
    assert with_file.loc[("K2", "GS03"), "outcome"] == "fail"
    assert "2027-01-13" in with_file.loc[("K2", "GS03"), "reason"]
