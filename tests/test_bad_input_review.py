"""Bad input through the whole review: reject rows or unknown findings in Chinese, never a traceback."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from casereview.errors import UsageError
from casereview.reports.run_folder import write_run

ROOT = Path(__file__).resolve().parent.parent

CASES = """案件编号,办案单位编码,执法类别,程序类型,决定日期,公示日期,不予公开理由
C1,U1,行政处罚,普通程序,2024-13-45,,
C2,U1,行政处罚,普通程序,2024-09-30,2024-10-16,
C2,U1,行政许可,普通程序,2024-09-30,,
C3,U1,行政处罚,普通程序,2028-03-02,2028-03-05,
C4,,行政处罚,普通程序,2024-01-01,,
C5,U1,行政处罚,普通程序,2024-09-30,2024-10-15,
"""
ACTS = """act_id,case_id,act_type,start_time,end_time,officer_ids,certificate_shown
A1,C9,现场检查,2024-09-01 09:00,2024-09-01 10:00,P1;P2,是
A2,C5,现场检查,2024-09-01 09:00,2024-09-01 10:00,P1;GHOST,是
"""
OFFICERS = """officer_id,name,unit_id,role,certificate_no,certificate_valid_from,certificate_valid_to
P1,张三,U1,执法人员,Z1,,
P2,李四,U1,执法人员,Z2,,
"""
REVIEWS = """review_id,case_id,reviewer_id,review_date
V1,C5,P1,
"""


def cli(*args):
    return subprocess.run([sys.executable, "-m", "casereview", *args], capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    src = tmp_path_factory.mktemp("bad")
    (src / "案件.csv").write_text(CASES, encoding="gb18030")
    (src / "acts.csv").write_text(ACTS, encoding="utf-8")
    (src / "officers.csv").write_text(OFFICERS, encoding="utf-8-sig")
    (src / "reviews.csv").write_text(REVIEWS, encoding="utf-8")
    out = src.parent / "out"
    done = cli("review", str(src), "--out", str(out), "--as-of", "2026-11-20")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return out


def rows(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out / name, encoding="utf-8-sig", dtype=str, keep_default_na=False)


def finding(out, case_id, rule_id):
    f = rows(out, "findings.csv")
    hit = f[(f["case_id"] == case_id) & (f["rule_id"] == rule_id)]
    assert len(hit) == 1
    return hit.iloc[0]


def reject(out, table, column, value):
    r = rows(out, "rejects.csv")
    hit = r[(r["table"] == table) & (r["column"] == column) & (r["value"] == value)]
    assert len(hit) >= 1, r.to_string()
    return hit.iloc[0]


def test_malformed_date_is_a_reject_and_its_rules_say_unknown(run_dir):
    r = reject(run_dir, "cases", "decision_date", "2024-13-45")
    assert r["row"] == "2" and r["record_id"] == "C1" and "决定日期" in r["error"]
    f = finding(run_dir, "C1", "GS03")
    assert f["outcome"] == "unknown" and "决定日期" in f["reason"] and "rejects.csv" in f["reason"]


def test_duplicate_case_id_rejects_every_copy(run_dir):
    r = rows(run_dir, "rejects.csv")
    dup = r[(r["table"] == "cases") & (r["record_id"] == "C2")]
    assert sorted(dup["row"]) == ["3", "4"] and dup["error"].str.contains("重复").all()
    assert "C2" not in set(rows(run_dir, "cases.csv")["case_id"])


def test_missing_required_value_rejects_the_record(run_dir):
    r = reject(run_dir, "cases", "unit_id", "")
    assert r["record_id"] == "C4" and "不能为空" in r["error"]


def test_act_pointing_to_a_missing_case(run_dir):
    r = reject(run_dir, "acts", "case_id", "C9")
    assert r["record_id"] == "A1" and "C9" in r["error"] and "不存在" in r["error"]


def test_missing_required_value_rejects_the_review(run_dir):
    r = rows(run_dir, "rejects.csv")
    rev = r[r["table"] == "reviews"]
    assert len(rev) == 1 and "审核日期" in rev.iloc[0]["error"]
    # the case whose review was rejected cannot be judged on review rules
    assert finding(run_dir, "C5", "FS03")["outcome"] == "unknown"


def test_unknown_officer_gives_unknown_naming_the_id(run_dir):
    f = finding(run_dir, "C5", "GS01")
    assert f["outcome"] == "unknown" and "GHOST" in f["reason"]


def test_date_beyond_the_calendar_is_unknown(run_dir):
    f = finding(run_dir, "C3", "GS03")
    assert f["outcome"] == "unknown" and "2028-03-02" in f["reason"] and "日历" in f["reason"]


def test_counts_reconcile(run_dir):
    info = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
    assert info["counts"]["cases"] == {"in": 6, "evaluated": 3, "rejected": 3, "after_as_of": 0}
    assert info["counts"]["acts"] == {"in": 2, "evaluated": 1, "rejected": 1, "after_as_of": 0}
    assert sorted(rows(run_dir, "cases.csv")["case_id"]) == ["C1", "C3", "C5"]


def test_unreadable_input_is_one_clear_line(tmp_path):
    fake = tmp_path / "伪装.xlsx"
    fake.write_text("这不是工作簿", encoding="utf-8")
    done = cli("review", str(fake), "--out", str(tmp_path / "o"), "--as-of", "2026-11-20")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "伪装.xlsx" in done.stderr
    assert not (tmp_path / "o").exists()


def test_non_empty_out_dir_is_refused(tmp_path):
    (tmp_path / "o").mkdir()
    (tmp_path / "o" / "keep.txt").write_text("x")
    sample = ROOT / "casefiles" / "samples" / "三项制度评查样例.xlsx"
    done = cli("review", str(sample), "--out", str(tmp_path / "o"), "--as-of", "2026-11-20")
    assert done.returncode == 4 and "不为空" in done.stderr
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["keep.txt"]


def test_failed_write_leaves_no_complete_looking_folder(tmp_path):
    from tests.support import run

    result = run([dict(case_id="C1", unit_id="U1", case_type="行政处罚")], acts=[])

    def boom(result, folder):
        assert (folder / "findings.csv").exists()
        raise OSError("磁盘已满")

    with pytest.raises(OSError):
        write_run(result, tmp_path / "out", extra_writers=[boom])
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(UsageError):
        (tmp_path / "busy").mkdir()
        (tmp_path / "busy" / "x").write_text("x")
        write_run(result, tmp_path / "busy")


def test_every_command_has_chinese_help():
    for args in (["--help"], ["review", "--help"], ["generate", "--help"], ["rules", "--help"]):
        done = cli(*args)
        assert done.returncode == 0, done.stderr
        assert "退出码" in done.stdout
