"""The sampling workbook: 抽样清单 (no party names or ID numbers) and 抽样说明 (seed, N, method, strata)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from casereview.casefiles.sampling import STRATA_CHOICES, Sample
from casereview.engine.run.result import Run
from casereview.reports.from_run import text
from casereview.reports.safe import neutralise
from casereview.reports import workbook as review_book
from casereview.reports.xlsx_style import Columns, atomic_workbook, pairs_sheet, table_sheet

SHEETS = ("抽样清单", "抽样说明")


def sample_list(sample: Sample, unit_names: dict[str, str], run: Run | None) -> pd.DataFrame:
    """The sampled cases as the list shows them: ids, unit, type, decision date, handlers (+ score, grade)."""
    c = sample.cases
    out = pd.DataFrame({"no": range(1, len(c) + 1), "case_id": c["case_id"].tolist(),
                        "unit_id": c["unit_id"].tolist()})
    out["unit_name"] = out["unit_id"].map(lambda u: unit_names.get(u, ""))
    for col in ("case_type", *[b for b in sample.by if b != "case_type"]):
        out[col] = c[col].map(text).tolist()
    out["decision_date"] = [d.strftime("%Y-%m-%d") if pd.notna(d) else "" for d in c["decision_date"]]
    out["handlers"] = [_joined(h) for h in c["handler_ids"]]
    if run is not None:
        scored = run.cases.set_index("case_id")     # run folders hold neutralised ids
        keys = out["case_id"].map(neutralise)
        out["score"] = keys.map(scored["score"])
        out["grade"] = keys.map(scored["grade"]).fillna("（不在评查结果中）")
    return out


def list_columns(sample: Sample, with_review: bool) -> Columns:
    cols = [("序号", "no", "int"), ("案件编号", "case_id", "text"), ("办案单位编码", "unit_id", "text"),
            ("单位名称", "unit_name", "text"), ("执法类别", "case_type", "text")]
    cols += [(STRATA_CHOICES[b], b, "text") for b in sample.by if b != "case_type"]
    cols += [("决定日期", "decision_date", "text"), ("承办人", "handlers", "text")]
    if with_review:
        cols += [("得分", "score", "score"), ("等级", "grade", "text")]
    return cols


def explanation(sample: Sample, source: str, run_folder: Path | None) -> list[tuple[str, object]]:
    by = "、".join(["办案单位", *[STRATA_CHOICES[b] for b in sample.by]])
    rows: list[tuple[str, object]] = [
        ("输入", source), ("抽样种子", int(sample.seed)), ("每层抽取数 N", int(sample.per_stratum)),
        ("分层依据", by), ("分层数", len(sample.strata)),
        ("案件总数", int(sample.strata["population"].sum())), ("抽取总数", int(sample.strata["sampled"].sum())),
        ("抽样方法", sample.method())]
    if run_folder is not None:
        rows.append(("得分与等级取自评查结果", str(run_folder)))
    return rows


def strata_columns(sample: Sample) -> Columns:
    return [("办案单位编码", "unit_id", "text"), ("单位名称", "unit_name", "text"),
            *[(STRATA_CHOICES[b], b, "text") for b in sample.by],
            ("案件总数", "population", "int"), ("抽取数", "sampled", "int")]


def write_sample_workbook(sample: Sample, path: Path, *, source: str, unit_names: dict[str, str],
                          run: Run | None = None, run_folder: Path | None = None) -> Path:
    listing = sample_list(sample, unit_names, run)
    strata = sample.strata.assign(unit_name=sample.strata["unit_id"].map(lambda u: unit_names.get(u, "")))
    with atomic_workbook(path) as (wb, fmt):
        table_sheet(wb, fmt, "抽样清单", listing, list_columns(sample, run is not None))
        ws = pairs_sheet(wb, fmt, "抽样说明", explanation(sample, source, run_folder))
        _strata_block(ws, fmt, strata, strata_columns(sample), first_row=len(explanation(sample, source,
                                                                                          run_folder)) + 2)
    return Path(path)


def _strata_block(ws, fmt, strata: pd.DataFrame, cols: Columns, first_row: int) -> None:
    """The per-stratum population and sample below the (item, value) rows of 抽样说明."""
    for j, (header, _, _) in enumerate(cols):
        ws.write_string(first_row, j, header, fmt["header"])
    for i, rec in enumerate(strata.to_dict("records"), start=first_row + 1):
        for j, (_, key, kind) in enumerate(cols):
            review_book.write_cell(ws, fmt, i, j, rec.get(key), kind)


def _joined(value) -> str:
    if isinstance(value, (list, tuple)):
        return "、".join(text(v) for v in value)
    return text(value)
