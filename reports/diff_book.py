"""A re-review written out: 复查对比_*.csv files and the workbook 复查对比.xlsx (汇总, 案件变化, 单位变化, 明细)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from casereview.reports import diff as d
from casereview.reports.from_run import OUTCOME_LABELS, text
from casereview.reports.csv_file import CSV_ENCODING
from casereview.reports.run_folder import check_out_dir
from casereview.reports.safe import neutralise_frame
from casereview.reports.xlsx_style import Columns, atomic_workbook, highlight, pairs_sheet, table_sheet

WORKBOOK_NAME = "复查对比.xlsx"
SHEETS = ("汇总", "案件变化", "单位变化", "明细")
ABSENT_LABEL = "无此项"


def detail_columns() -> Columns:
    return [("范围", "scope", "text"), ("案件编号", "case_id", "text"), ("单位编码", "unit_id", "text"),
            ("单位名称", "unit_name", "text"), ("规则编号", "rule_id", "text"), ("规则名称", "title", "text"),
            ("制度", "system", "text"), ("变化", "category", "text"), ("前次结论", "before_label", "text"),
            ("复查结论", "after_label", "text"), ("前次理由", "reason_before", "long"),
            ("复查理由", "reason_after", "long")]


def case_columns() -> Columns:
    return [("案件编号", "case_id", "text"), ("单位编码", "unit_id", "text"), ("单位名称", "unit_name", "text"),
            ("状态", "status", "text"), ("前次得分", "score_before", "score"), ("复查得分", "score_after", "score"),
            ("得分变化", "score_change", "score"), ("前次等级", "grade_before", "text"),
            ("复查等级", "grade_after", "text"), *[(c, c, "int") for c in d.CATEGORIES[:4]],
            ("已整改规则", "fixed_rules", "text"), ("新增问题规则", "new_rules", "text"),
            ("仍未整改规则", "still_rules", "text")]


def unit_columns() -> Columns:
    return [("单位编码", "unit_id", "text"), ("单位名称", "unit_name", "text"), ("制度", "system", "text"),
            ("前次合规率", "rate_before", "rate"), ("复查合规率", "rate_after", "rate"),
            ("合规率变化", "rate_change", "rate"), ("前次合规项", "pass_before", "int"),
            ("前次不合规项", "fail_before", "int"), ("复查合规项", "pass_after", "int"),
            ("复查不合规项", "fail_after", "int"), *[(c, c, "int") for c in d.CATEGORIES[:4]]]


def labelled_details(diff: d.RunDiff) -> pd.DataFrame:
    out = diff.details.copy()
    for side in ("before", "after"):
        out[f"{side}_label"] = out[side].map(lambda o: OUTCOME_LABELS.get(o, ABSENT_LABEL))
    return out


def summary_rows(diff: d.RunDiff) -> list[tuple[str, object]]:
    """(item, value): both runs' pack, as-of and input, case counts, change counts, average scores, warnings."""
    rows: list[tuple[str, object]] = []
    for label, info in (("前次", diff.before), ("复查", diff.after)):
        pack = info.get("pack", {})
        rows += [(f"{label}规则包", f"{text(pack.get('title'))} {text(pack.get('version'))}"),
                 (f"{label}评查日", text(info.get("as_of"))),
                 (f"{label}晚于评查日的案件（未评查）",
                  int(info.get("counts", {}).get("cases", {}).get("after_as_of", 0))),
                 (f"{label}输入", text(info.get("input", {}).get("source")))]
    status = diff.cases["status"].value_counts()
    rows += [("两次均有的案件", int(status.get("复查", 0)))]
    rows += [(c, n) for c, n in diff.counts().items()]
    for label, col in (("前次平均分", "score_before"), ("复查平均分", "score_after")):
        s = diff.cases[col].dropna()
        rows.append((label, round(float(s.mean()), 2) if len(s) else None))
    rows += [("提示", w) for w in diff.warnings]
    return rows


def write_diff(diff: d.RunDiff, out: Path) -> list[Path]:
    """Write the CSVs and the workbook into `out` (which must not exist or be empty)."""
    out = Path(out)
    check_out_dir(out)
    out.mkdir(parents=True, exist_ok=True)
    frames = {"汇总": pd.DataFrame(summary_rows(diff), columns=["项目", "数值"]),
              "案件变化": _headed(diff.cases, case_columns()), "单位变化": _headed(diff.units, unit_columns()),
              "明细": _headed(labelled_details(diff), detail_columns())}
    written = []
    for name, frame in frames.items():
        path = out / f"复查对比_{name}.csv"
        neutralise_frame(frame).to_csv(path, index=False, encoding=CSV_ENCODING, lineterminator="\n",
                                       float_format="%.10g")
        written.append(path)
    written.append(write_diff_workbook(diff, out / WORKBOOK_NAME))
    return written


def write_diff_workbook(diff: d.RunDiff, path: Path) -> Path:
    label = f"前次评查日 {text(diff.before.get('as_of'))}；复查评查日 {text(diff.after.get('as_of'))}"
    with atomic_workbook(path, title="复查对比", run_label=label) as (wb, fmt):
        pairs_sheet(wb, fmt, "汇总", summary_rows(diff))
        table_sheet(wb, fmt, "案件变化", diff.cases, case_columns())
        table_sheet(wb, fmt, "单位变化", diff.units, unit_columns())
        details, cols = labelled_details(diff), detail_columns()
        ws = table_sheet(wb, fmt, "明细", details, cols)
        highlight(ws, fmt, details, cols, "category", d.NEW, "bad")
        highlight(ws, fmt, details, cols, "category", d.STILL, "warn")
    return Path(path)


def _headed(frame: pd.DataFrame, cols: Columns) -> pd.DataFrame:
    """The columns of `cols`, renamed to their Chinese headers (for the CSV files)."""
    return frame.reindex(columns=[k for _, k, _ in cols]).set_axis([h for h, _, _ in cols], axis=1)
