"""The due list for people: Chinese headers, dates as text, CSV files, and due.csv of a run folder."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from casereview.engine.run.due import DUE_COLUMNS, LATE
from casereview.reports.csv_file import write_csv

DUE_CSV = "due.csv"                       # in a review's run folder (canonical headers, like findings.csv)
PENDING_CSV, OVERDUE_CSV = "预警清单.csv", "逾期清单.csv"
LABELS = {"case_id": "案件编号", "unit_id": "办案单位编码", "unit_name": "办案单位", "handlers": "承办人",
          "obligation": "事项", "rule_id": "规则编号", "rule_title": "规则名称", "start_date": "起算日期",
          "due_date": "期限", "workdays_left": "剩余工作日", "calendar_days_left": "剩余自然日",
          "status": "状态", "note": "说明"}
DATE_COLUMNS = ("start_date", "due_date")
NUMBER_COLUMNS = ("workdays_left", "calendar_days_left")


def for_people(due: pd.DataFrame) -> pd.DataFrame:
    """Dates as YYYY-MM-DD, day counts as whole numbers (blank when unknown), missing text blank."""
    out = due[DUE_COLUMNS].copy()
    for c in DATE_COLUMNS:
        out[c] = pd.to_datetime(out[c]).dt.strftime("%Y-%m-%d").fillna("")
    for c in NUMBER_COLUMNS:
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("Int64")
    for c in set(DUE_COLUMNS) - set(DATE_COLUMNS) - set(NUMBER_COLUMNS):
        out[c] = out[c].astype(object).where(out[c].notna(), "")
    return out


def write_due_csvs(due: pd.DataFrame, out: Path) -> list[Path]:
    """预警清单.csv (to do, unknown) and 逾期清单.csv (已逾期, 超期未办结) in folder `out`, Chinese headers."""
    out.mkdir(parents=True, exist_ok=True)
    shown = for_people(due).rename(columns=LABELS)
    overdue = due["status"].isin(LATE).to_numpy()
    paths = [out / PENDING_CSV, out / OVERDUE_CSV]
    write_csv(shown[~overdue], paths[0])
    write_csv(shown[overdue], paths[1])
    return paths
