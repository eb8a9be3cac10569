"""`casereview due`: exit codes, plain-text table when not a terminal, 预警清单.csv / 逾期清单.csv (BOM, Chinese
headers, neutralised cells), --within and --unit.

Sample case A32010120240000839: 行政处罚 decided Fri 2024-09-27, not published by 2024-10-10 → GS03 due
2024-10-12 (09-29 Sun make-up is wd 1, 10-12 Sat make-up is wd 7), as of 10-10 two working days left (10-11, 10-12).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from casereview.engine.model.schema import TABLES
from casereview.cli.main import main
from casereview.reports.due_output import LABELS, OVERDUE_CSV, PENDING_CSV

SAMPLE = Path(__file__).resolve().parents[2] / "casefiles" / "samples" / "三项制度评查样例.xlsx"


def read(path: Path) -> pd.DataFrame:
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def test_sample_due_list_csvs_and_table(tmp_path, capsys):
    rc = main(["due", str(SAMPLE), "--as-of", "2024-10-10", "--out", str(tmp_path / "out")])
    assert rc == 0
    out = capsys.readouterr().out
    pending, overdue = read(tmp_path / "out" / PENDING_CSV), read(tmp_path / "out" / OVERDUE_CSV)
    assert list(pending.columns) == list(LABELS.values())
    row = pending[(pending["案件编号"] == "A32010120240000839") & (pending["规则编号"] == "GS03")].iloc[0]
    assert (row["起算日期"], row["期限"], row["剩余工作日"], row["状态"]) == ("2024-09-27", "2024-10-12", "2", "待办")
    assert set(pending["状态"]) <= {"待办", "无法判定"} and set(overdue["状态"]) <= {"已逾期", "超期未办结"}
    left = pending.loc[pending["状态"] == "待办", "剩余工作日"].replace("", None).dropna().astype(int)
    assert list(left) == sorted(left)                      # fewest days left first
    n = overdue["状态"].value_counts()
    assert f"已逾期 {n.get('已逾期', 0)} 项，超期未办结 {n.get('超期未办结', 0)} 项" in out and "A32010120240000839\t" in out   # plain text: not a terminal


def test_within_and_unit_filters(tmp_path, capsys):
    rc = main(["due", str(SAMPLE), "--as-of", "2024-10-10", "--within", "2", "--unit", "南京市公安局玄武分局",
               "--out", str(tmp_path / "x.csv")])
    assert rc == 0
    pending = read(tmp_path / PENDING_CSV)
    assert set(pending["办案单位"]) == {"南京市公安局玄武分局"}
    assert pending["剩余工作日"].astype(int).max() <= 2 and len(pending) >= 1


def test_cells_are_neutralised(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    pd.DataFrame([{"case_id": "=1+1", "unit_id": "@U1", "case_type": "行政处罚", "decision_date": "2024-09-27",
                   "served_date": "2024-09-27"}]).to_csv(src / "cases.csv", index=False)
    assert main(["due", str(src), "--as-of", "2024-09-30", "--out", str(tmp_path / "out")]) == 0
    row = read(tmp_path / "out" / PENDING_CSV).iloc[0]
    assert (row["案件编号"], row["办案单位编码"], row["期限"]) == ("'=1+1", "'@U1", "2024-10-12")


def test_exit_codes(tmp_path, capsys):
    assert main(["due", str(SAMPLE), "--as-of", "2024-10-10", "--within", "-1"]) == 4
    assert main(["due", str(tmp_path / "missing.xlsx"), "--as-of", "2024-10-10"]) == 2
    assert "missing.xlsx" in capsys.readouterr().err


def test_overlay_and_holidays_options_reach_the_due_list(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    pd.DataFrame([{"case_id": "Z1", "unit_id": "U1", "case_type": "行政处罚", "case_subtype": "治安案件",
                   "filed_date": "2024-09-01"},
                  {"case_id": "Y1", "unit_id": "U1", "case_type": "行政处罚", "decision_date": "2026-12-28",
                   "served_date": "2026-12-28"}]).reindex(columns=TABLES["cases"].names).to_csv(
        src / "cases.csv", index=False)      # every column present: an absent one makes its rules unknown
    holidays = tmp_path / "2027.yaml"
    holidays.write_text("year: 2027\nsource: 测试用安排\nholidays: [2027-01-01]\n", encoding="utf-8")
    # 治安案件 filed 2024-09-01: 30 days (police overlay) → due 2024-10-01
    assert main(["due", str(src), "--as-of", "2024-09-20", "--overlay", "police", "--out", str(tmp_path / "a")]) == 0
    assert read(tmp_path / "a" / PENDING_CSV).set_index("案件编号").loc["Z1", "期限"] == "2024-10-01"
    # decision 2026-12-28: 12-29, 12-30, 12-31, (01-01 off) 01-04 .. 01-07 → wd 7 = 2027-01-07
    assert main(["due", str(src), "--as-of", "2026-12-30", "--holidays", str(holidays),
                 "--out", str(tmp_path / "b")]) == 0
    row = read(tmp_path / "b" / PENDING_CSV).set_index(["案件编号", "规则编号"]).loc[("Y1", "GS03")]
    assert (row["期限"], row["剩余工作日"], row["状态"]) == ("2027-01-07", "5", "待办")


def test_help_lists_the_command(capsys):
    with pytest.raises(SystemExit) as e:
        main(["due", "--help"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    assert "--within" in out and "退出码" in out and "预警清单.csv" in out
