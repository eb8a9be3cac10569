"""The due list for people: Chinese headers, dates as text, CSV files, and the list of a review result."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from casereview.engine.run.due import DUE_COLUMNS, LATE, due_items

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
    from casereview.reports.run_folder import write_csv

    out.mkdir(parents=True, exist_ok=True)
    shown = for_people(due).rename(columns=LABELS)
    overdue = due["status"].isin(LATE).to_numpy()
    paths = [out / PENDING_CSV, out / OVERDUE_CSV]
    write_csv(shown[~overdue], paths[0])
    write_csv(shown[overdue], paths[1])
    return paths


def due_for_result(result, cal=None) -> pd.DataFrame | None:
    """The due list of a review result as of its as-of date (None when its facts or pack are not at hand)."""
    from casereview.engine.run.due_pack import pack_of_run

    facts = result.case_facts
    if facts is None or not any(c.endswith("_status") for c in facts.columns):
        return None
    loaded = pack_of_run(result.info.get("pack", {}))
    if loaded is None:
        return None
    names = dict(zip(result.unit_facts["unit_id"], result.unit_facts["unit_name"])) \
        if result.unit_facts is not None and "unit_name" in result.unit_facts else {}
    as_of = date.fromisoformat(result.info["as_of"])
    if cal is None:
        from casereview.casefiles.workdays import WorkCalendar
        cal = WorkCalendar.official()
    return due_items(facts, loaded, as_of, cal, names)


def due_writer(result, folder: Path) -> Path:
    """Extra writer for reports.run_folder.write_run: due.csv, kept on the result for the workbook and HTML."""
    from casereview.reports.run_folder import write_csv

    due = getattr(result, "due", None)
    if due is None:
        due = due_for_result(result)
        result.due = due
    path = Path(folder) / DUE_CSV
    if due is not None:
        write_csv(for_people(due), path)
    return path
