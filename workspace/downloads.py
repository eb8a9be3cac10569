"""The files a run offers for download, written from its confirmed outcomes with the usual writers.

Each file is built for one viewer: a unit user's copy holds only their units' rows, and the roles that
must not see personal data (单位用户, 只读) get ID numbers masked in every text (party names are never in a
run's tables; the documents that print them mask them for everyone)."""
from __future__ import annotations

import dataclasses
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from casereview.casefiles.loader import load_casefiles
from casereview.casefiles.sampling import stratified_sample
from casereview.casefiles.tables import RECORD, CaseFileSet
from casereview.casefiles.workdays import WorkCalendar
from casereview.engine.model.pack import load_pack
from casereview.engine.run.result import Run
from casereview.errors import UsageError
from casereview.reports import paper
from casereview.reports.annual import annual_figures, report_stem, resolve_scope, review_year, write_annual
from casereview.reports.from_run import text
from casereview.reports.html import HTML_NAME, write_html
from casereview.reports.mask import mask_text
from casereview.reports.paper.case_header import heads_from_input
from casereview.reports.sample_book import write_sample_workbook
from casereview.reports.workbook import WORKBOOK_NAME, write_workbook
from casereview.rules import STANDARD_PACK
from casereview.workspace.records import records_dir

KINDS = {"workbook": "评查结果工作簿", "html": "评查报告", "annual": "年度统计年报", "sample": "抽样清单",
         "notices": "整改通知书"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SAMPLE_NAME = "抽样清单.xlsx"
DEFAULT_PER_UNIT, DEFAULT_SEED = 5, 1


class NoDownload(Exception):
    """This file cannot be made for this run or viewer (the route answers 404 with the message)."""


@dataclass(frozen=True)
class Download:
    filename: str
    content: bytes
    media_type: str


@dataclass(frozen=True)
class Ask:
    """What was asked for and by whom: `units` None = every unit; `masked` for 单位用户 and 只读."""

    kind: str
    units: frozenset[str] | None
    masked: bool
    unit: str | None = None          # notices: the unit
    year: int | None = None          # annual: the year (default: the year before the as-of date)
    per_unit: int = DEFAULT_PER_UNIT  # sample
    seed: int = DEFAULT_SEED


def build(run: Run, run_folder: Path | None, ask: Ask) -> Download:
    """The file `ask.kind` of `run` (already the confirmed outcomes), for the viewer `ask` describes."""
    if ask.kind not in KINDS:
        raise NoDownload("没有这种下载")
    run = scope_run(run, ask.units)
    if run.cases.empty and run.findings.empty:
        raise NoDownload("本次评查没有您所属单位的案件")
    if ask.masked:
        run = mask_run(run)
    with tempfile.TemporaryDirectory(prefix="casereview-dl-") as tmp:
        folder = Path(tmp)
        if ask.kind == "workbook":
            return _file(write_workbook(run, folder / WORKBOOK_NAME), WORKBOOK_NAME, XLSX)
        if ask.kind == "html":
            return _file(write_html(run, folder / HTML_NAME), HTML_NAME, "text/html; charset=utf-8")
        cfs = scope_casefiles(_records(run_folder), ask.units)
        if ask.kind == "notices":
            return _notice(run, cfs, ask, folder)
        if ask.kind == "sample":
            return _sample(run, cfs, ask, folder / SAMPLE_NAME)
        return _annual(run, cfs, ask, folder)


def scope_run(run: Run, units: frozenset[str] | None) -> Run:
    """The run cut to the rows of `units`: by unit_id, else by the units' case ids, else nothing; None: as it is."""
    if units is None:
        return run
    cases = set(run.cases.loc[run.cases["unit_id"].map(text).isin(units), "case_id"].map(text))
    cut = {}
    for f in dataclasses.fields(run):
        frame = getattr(run, f.name)
        if not isinstance(frame, pd.DataFrame):
            continue
        if "unit_id" in frame.columns:
            keep = frame["unit_id"].map(text).isin(units)
        elif "case_id" in frame.columns:
            keep = frame["case_id"].map(text).isin(cases)
        else:
            keep = pd.Series(False, index=frame.index)       # rows of no known unit: not theirs to see
        cut[f.name] = frame[keep].reset_index(drop=True)
    scoped = dataclasses.replace(run, **cut)
    return dataclasses.replace(scoped, info={**run.info, "counts": scoped_counts(scoped)})


def scoped_counts(run: Run) -> dict:
    """The 汇总 counts of a run already cut to some units: only their cases, never the whole run's totals.

    A case refused at input or dated after the as-of day has no unit the stored run can vouch for (it was never
    scored), so a unit's copy counts the cases it holds; other tables' counts are whole-run figures: left out."""
    rejected = run.rejects[(run.rejects["table"] == "cases") & (run.rejects["scope"] == RECORD)] \
        if {"table", "scope"} <= set(run.rejects.columns) else run.rejects.iloc[0:0]
    after = 0 if run.after_as_of is None or "table" not in run.after_as_of.columns else \
        int((run.after_as_of["table"] == "cases").sum())
    evaluated = len(run.cases)
    return {"cases": {"in": evaluated + len(rejected) + after, "evaluated": evaluated, "rejected": len(rejected),
                      "after_as_of": after}}


def shown_source(run: Run, upload_name: str | None) -> Run:
    """The run with its input named as people gave it (the upload's name, else the file's own name), never
    the folder it has on the server; database URLs stay (their passwords are masked when recorded)."""
    recorded = dict(run.info.get("input") or {})
    source = text(recorded.get("source"))
    recorded["source"] = upload_name or (source if "://" in source else Path(source).name)
    return dataclasses.replace(run, info={**run.info, "input": recorded})


def mask_run(run: Run) -> Run:
    """ID numbers masked in every text column of the findings, cases and unit findings."""
    masked = {}
    for name in ("findings", "cases", "unit_findings", "rejects"):
        frame = getattr(run, name).copy()
        for col in frame.columns:
            if frame[col].dtype == object or pd.api.types.is_string_dtype(frame[col]):
                frame[col] = frame[col].map(mask_text, na_action="ignore")
        masked[name] = frame
    return dataclasses.replace(run, **masked)


def scope_casefiles(cfs: CaseFileSet, units: frozenset[str] | None) -> CaseFileSet:
    """The input cut to the cases (and their records) and units of `units`; None: as it is."""
    if units is None:
        return cfs
    cases = cfs.tables["cases"]
    cases = cases[cases["unit_id"].map(text).isin(units)]
    keep = set(cases["case_id"])
    tables = {}
    for name, frame in cfs.tables.items():
        if name == "cases":
            tables[name] = cases
        elif name == "units":
            tables[name] = frame[frame["unit_id"].map(text).isin(units)]
        elif "case_id" in frame.columns:
            tables[name] = frame[frame["case_id"].isin(keep)]
        else:
            tables[name] = frame
    return dataclasses.replace(cfs, tables=tables)


def _records(run_folder: Path | None) -> CaseFileSet:
    folder = records_dir(run_folder) if run_folder is not None else None
    if folder is None or not folder.is_dir():
        raise NoDownload("这次评查没有保存输入记录，无法生成该文件")
    return load_casefiles(folder)


def _notice(run: Run, cfs: CaseFileSet, ask: Ask, folder: Path) -> Download:
    if not ask.unit:
        raise NoDownload("请指定单位（?unit=单位编码）")
    try:
        units = paper.select_units(run, ask.unit)
    except UsageError as e:
        raise NoDownload(str(e)) from e
    heads = paper.CaseHeads(heads_from_input(cfs, run), True)
    settings = paper.notice_settings(run, calendar=WorkCalendar.official())
    path, = paper.write_notice_files(run, folder, heads, settings, units[:1], bulletin=False)
    return _file(path, path.name, DOCX)


def _sample(run: Run, cfs: CaseFileSet, ask: Ask, path: Path) -> Download:
    try:
        sample = stratified_sample(cfs.tables["cases"], ask.per_unit, ask.seed)
    except UsageError as e:
        raise NoDownload(str(e)) from e
    units = cfs.tables.get("units")
    names = {} if units is None else {text(k): text(v) for k, v in zip(units["unit_id"], units["name"])}
    write_sample_workbook(sample, path, source=text(run.info.get("input", {}).get("source")), unit_names=names,
                          run=run)
    return _file(path, SAMPLE_NAME, XLSX)


def _annual(run: Run, cfs: CaseFileSet, ask: Ask, folder: Path) -> Download:
    as_of = run.as_of or date.today()
    year = ask.year or as_of.year - 1
    if not 1900 <= year <= as_of.year:
        raise NoDownload(f"年度须在 1900–{as_of.year} 之间：{year}")
    files = run.info.get("pack", {}).get("files") or [str(STANDARD_PACK)]
    loaded = load_pack(files[0], files[1:])
    result = review_year(cfs, loaded, year, resolve_scope(cfs), calendar=WorkCalendar.official())
    fig = annual_figures(cfs, year, None, result)
    stem = report_stem(year)
    docx = next(p for p in write_annual(fig, folder) if p.suffix == ".docx")
    return _file(docx, f"{stem}.docx", DOCX)


def _file(path: Path, filename: str, media_type: str) -> Download:
    return Download(filename, Path(path).read_bytes(), media_type)
