"""A finished run folder read back into a Run, and the summary frames the report writers share."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from casereview.engine.model.pack import LoadedPack, load_pack
from casereview.engine.run.aggregate import UNIT_SCORES_CSV
from casereview.engine.run.invariants import AFTER_AS_OF_CSV
from casereview.engine.run.scoring import SECTION_PREFIX
from casereview.engine.run.result import OFFICERS_CSV, Run, officer_names
from casereview.errors import CaseReviewError, InputError, UsageError
from casereview.reports.due_output import DUE_CSV, NUMBER_COLUMNS, for_people
from casereview.reports.findings_file import findings_path, read_findings

CSV_ENCODING = "utf-8-sig"
FINDINGS_CSV = "findings.csv"
OUTCOME_LABELS = {"pass": "合规", "fail": "不合规", "na": "不适用", "unknown": "无法判定"}
PROBLEM_OUTCOMES = ("fail", "unknown")

# columns every run folder has, per file (a file without one is refused, never half-read)
_REQUIRED = {
    "findings.csv": ("case_id", "unit_id", "rule_id", "system", "outcome"),
    "cases.csv": ("case_id", "unit_id", "score", "grade"),
    "unit_findings.csv": ("unit_id", "rule_id", "system", "outcome"),
    "units.csv": ("unit_id", "unit_name", "level", "system", "pass", "fail", "unknown", "na", "rate"),
    "rejects.csv": ("table", "row", "error"),
}
# column -> kind, per run-folder file; every other column is read as text
_KINDS = {
    "findings.csv": {"deduction": "number", "veto": "bool"},
    "cases.csv": {"score": "number", "deductions": "number", "vetoed": "bool", "needs_check": "bool"},
    "unit_findings.csv": {},
    "units.csv": {"pass": "int", "fail": "int", "unknown": "int", "na": "int", "rate": "number"},
    "rejects.csv": {},
}


def load_run(folder: Path) -> Run:
    """The Run a finished folder holds: findings, cases, unit findings, units, rejects, after_as_of, due.csv and
    run.json; no pack, calendar or facts beyond case and unit ids (the writers need none)."""
    folder = _run_folder(folder)
    return _load(folder, _checked(read_findings(folder), findings_path(folder), _KINDS[FINDINGS_CSV]))


def load_for_reports(folder: Path, problems: Path | None = None, counts: dict[str, int] | None = None) -> Run:
    """The Run the workbook and the HTML report need: as load_run, but its findings only the problems (failed
    and unknown, in findings.csv order) and finding_counts the count of each outcome. The problems are scanned
    from `problems` (a CSV in findings.csv's format, then `counts` are the run's) or from the run's findings
    (findings.csv or findings.parquet), batch by batch: the whole findings never enter memory."""
    folder = _run_folder(folder)
    found, scanned = read_problems(problems or findings_path(folder))
    return _load(folder, found, counts if problems is not None and counts is not None else scanned)


def _run_folder(folder: Path) -> Path:
    folder = Path(folder)
    if not (folder / "run.json").is_file():
        raise UsageError(f"{folder} 不是已完成的评查结果目录（缺少 run.json）")
    return folder


def _load(folder: Path, findings: pd.DataFrame, finding_counts: dict[str, int] | None = None) -> Run:
    frames = {name: _read(folder / name, kinds) for name, kinds in _KINDS.items() if name != FINDINGS_CSV}
    cases = frames["cases.csv"]
    for col in [c for c in cases.columns if c.startswith(SECTION_PREFIX)]:     # packs with grading sections
        cases[col] = _numbers(cases[col])
    info = _run_json(folder / "run.json")
    units = frames["units.csv"]
    unit_facts = units[["unit_id", "unit_name"]].drop_duplicates("unit_id").reset_index(drop=True)
    case_facts = cases[[c for c in ("case_id", "unit_id", "handler_ids") if c in cases.columns]].copy()
    return Run(findings, cases, frames["unit_findings.csv"], units,
               frames["rejects.csv"], case_facts, unit_facts, info, _grading(info.get("pack", {})),
               after_as_of=_after_as_of(folder), due=_due(folder), unit_scores=_unit_scores(folder),
               officer_names=_officer_names(folder), finding_counts=finding_counts)


SCAN_BLOCK = 1 << 24        # bytes of CSV parsed at a time when scanning findings for the problems


def read_problems(path: Path) -> tuple[pd.DataFrame, dict[str, int]]:
    """The failed and unknown rows of a findings CSV (typed as load_run types findings.csv) and the count of
    each outcome, read batch by batch with pyarrow: only the problems are kept."""
    if not path.is_file():
        raise UsageError(f"评查结果目录缺少文件：{path}")
    if path.suffix == ".parquet":
        return _parquet_problems(path)
    try:
        with open(path, encoding=CSV_ENCODING, newline="") as f:
            names = next(csv.reader([f.readline()]), [])
        reader = pacsv.open_csv(path, read_options=pacsv.ReadOptions(block_size=SCAN_BLOCK, encoding="utf8"),
                                parse_options=pacsv.ParseOptions(newlines_in_values=True),
                                convert_options=pacsv.ConvertOptions(column_types={c: pa.string() for c in names},
                                                                     strings_can_be_null=False))
        missing = [c for c in _REQUIRED[FINDINGS_CSV] if c not in names]
        if missing:
            raise InputError(f"评查结果文件 {path} 无法读取：缺少列 {'、'.join(missing)}")
        kept, counts = [], {}
        wanted = pa.array(PROBLEM_OUTCOMES)
        for batch in reader:
            outcome = batch.column("outcome")
            for item in pc.value_counts(outcome).to_pylist():
                counts[item["values"]] = counts.get(item["values"], 0) + item["counts"]
            kept.append(batch.filter(pc.is_in(outcome, value_set=wanted)))
        table = pa.Table.from_batches(kept, schema=reader.schema)
    except (pa.ArrowInvalid, UnicodeDecodeError) as e:
        raise InputError(f"评查结果文件 {path} 无法读取：{type(e).__name__}: {str(e).strip()[:200]}") from None
    return _typed(table.to_pandas(), _KINDS[FINDINGS_CSV]), counts


def _parquet_problems(path: Path) -> tuple[pd.DataFrame, dict[str, int]]:
    """read_problems of findings.parquet: its outcome column counted, the problem rows read."""
    try:
        outcome = pq.read_table(path, columns=["outcome"]).column("outcome")
        counts = {item["values"]: item["counts"] for item in pc.value_counts(outcome).to_pylist()}
        table = pq.read_table(path, filters=[("outcome", "in", list(PROBLEM_OUTCOMES))])
    except (pa.ArrowInvalid, OSError) as e:
        raise InputError(f"评查结果文件 {path} 无法读取：{type(e).__name__}: {str(e).strip()[:200]}") from None
    return _checked(table.to_pandas(), path, _KINDS[FINDINGS_CSV]), counts


def _run_json(path: Path) -> dict:
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as e:       # JSONDecodeError is a ValueError
        raise InputError(f"评查结果文件 {path} 无法读取：不是有效的 JSON（{e}）") from None
    if not isinstance(info, dict):
        raise InputError(f"评查结果文件 {path} 无法读取：内容不是 JSON 对象")
    return info


def unchanged_pack(pack: dict) -> LoadedPack | None:
    """The pack run.json names (`pack`: files, sha256) when its files are still there unchanged; None otherwise."""
    files = pack.get("files") or []
    if not files:
        return None
    try:
        loaded = load_pack(files[0], files[1:])
    except (CaseReviewError, OSError):
        return None
    return loaded if loaded.digest == pack.get("sha256") else None


def _grading(pack: dict):
    """The grading table of the run's pack when unchanged (run.json does not keep it; without it grades are
    ordered by score)."""
    loaded = unchanged_pack(pack)
    return loaded.pack.grading if loaded is not None else None


def _due(folder: Path) -> pd.DataFrame | None:
    """due.csv of the run (None for run folders written before the due list existed, and
    for streamed runs written before they listed it)."""
    path = folder / DUE_CSV
    return _read(path, {c: "number" for c in NUMBER_COLUMNS}) if path.is_file() else None


def _unit_scores(folder: Path) -> pd.DataFrame | None:
    """unit_scores.csv of the run (None when its pack has no grading sections)."""
    path = folder / UNIT_SCORES_CSV
    if not path.is_file():
        return None
    out = _read(path, {"cases": "int", "vetoed": "int", "score": "number", "rank": "number"})
    out["rank"] = out["rank"].astype("Int64")
    return out


def _officer_names(folder: Path) -> dict[str, str] | None:
    """officers.csv of the run (None for folders written before it existed or without a 人员 table)."""
    path = folder / OFFICERS_CSV
    return officer_names(_read(path, {})) if path.is_file() else None


def _after_as_of(folder: Path) -> pd.DataFrame | None:
    """after_as_of.csv of the run (None for run folders written before the as-of cut existed)."""
    path = folder / AFTER_AS_OF_CSV
    return _read(path, {}) if path.is_file() else None


def _read(path: Path, kinds: dict) -> pd.DataFrame:
    if not path.is_file():
        raise UsageError(f"评查结果目录缺少文件：{path}")
    df = _arrow_text(path) if path.stat().st_size > ARROW_READ_BYTES else None
    if df is None:
        try:
            df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=CSV_ENCODING)
        except (ValueError, UnicodeDecodeError) as e:       # pandas' parser errors are ValueErrors
            raise InputError(f"评查结果文件 {path} 无法读取：{type(e).__name__}: {str(e).strip()[:200]}") from None
    return _checked(df, path, kinds)


ARROW_READ_BYTES = 1 << 20      # a bigger run-folder file is parsed by Arrow (cases.csv of a big run)


def _arrow_text(path: Path) -> pd.DataFrame | None:
    """The file as pd.read_csv(dtype=str, keep_default_na=False) reads it, parsed by Arrow; None when pandas
    should read it (a header with an empty or repeated name, a row of another length, bad UTF-8 ...: pandas
    gives those its own names and messages)."""
    try:
        with open(path, encoding=CSV_ENCODING, newline="") as f:
            names = next(csv.reader([f.readline()]), [])
        if not names or "" in names or len(set(names)) < len(names):
            return None
        table = pacsv.read_csv(path, read_options=pacsv.ReadOptions(encoding="utf8"),
                               parse_options=pacsv.ParseOptions(newlines_in_values=True),
                               convert_options=pacsv.ConvertOptions(column_types={c: pa.string() for c in names},
                                                                    strings_can_be_null=False))
    except (pa.ArrowInvalid, UnicodeDecodeError, csv.Error):
        return None
    return table.to_pandas() if table.column_names == names else None


def _checked(df: pd.DataFrame, path: Path, kinds: dict) -> pd.DataFrame:
    """A run-folder file read as text, checked for its required columns, `kinds` columns converted."""
    missing = [c for c in _REQUIRED.get(path.with_suffix(".csv").name, ()) if c not in df.columns]
    if missing:
        raise InputError(f"评查结果文件 {path} 无法读取：缺少列 {'、'.join(missing)}")
    return _typed(df, kinds)


def _typed(df: pd.DataFrame, kinds: dict) -> pd.DataFrame:
    """Text columns read back as their kind (number, int, bool); the rest stay text."""
    for col, kind in kinds.items():
        if col not in df.columns:
            continue
        if kind == "bool":
            df[col] = df[col].str.lower().isin(["true", "1", "是"])
        else:
            df[col] = _numbers(df[col])
            if kind == "int":
                df[col] = df[col].fillna(0).astype(int)
    return df


_WHOLE = r"^(0|-?[1-9][0-9]{0,14})$"        # whole numbers a float holds exactly ("-0" and "05" left to pandas)


def _numbers(text: pd.Series) -> pd.Series:
    """pd.to_numeric of a text column, "" missing: whole numbers parsed by Arrow (int64, or float64 when some
    are missing, as pandas gives them); any other column by pandas."""
    if len(text) and pd.api.types.is_string_dtype(text) and text.dtype != object:
        values = pa.array(text.array, pa.large_string())
        filled = pc.fill_null(pc.not_equal(values, ""), False)
        present = values.filter(filled)
        if pc.all(pc.match_substring_regex(present, _WHOLE)).as_py() is not False:
            if len(present) == len(values):
                return pd.Series(pc.cast(values, pa.int64()).to_numpy(), index=text.index, name=text.name)
            numbers = np.full(len(values), np.nan)
            numbers[filled.to_numpy(zero_copy_only=False)] = pc.cast(present, pa.int64()).to_numpy()
            return pd.Series(numbers, index=text.index, name=text.name)
    return pd.to_numeric(text.replace("", np.nan))


# --- shared by the workbook and the HTML report --------------------------------------------------

def text(value) -> str:
    """Missing values (None, NaN) as an empty string, everything else as text."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA or value is pd.NaT:
        return ""
    return str(value)


def grade_order(result: Run) -> list[str]:
    """Grades best first: from the pack's grading table, or (run folder) by the best score in each grade."""
    if result.grading is not None:
        return [g.name for g in result.grading.grades]
    cases = result.cases
    if cases.empty:
        return []
    best = cases.groupby("grade")["score"].max().sort_values(ascending=False)
    return [text(g) for g in best.index]


def systems(result: Run) -> list[str]:
    """The systems (公示 记录 审核 程序 ...) in the order of units.csv."""
    u = result.units
    return list(dict.fromkeys(u.loc[u["level"] == "system", "system"]))


def unit_names(result: Run) -> dict[str, str]:
    u = result.units
    return {text(k): text(v) for k, v in zip(u["unit_id"], u["unit_name"])}


def due_list(result: Run) -> pd.DataFrame | None:
    """The due list (预警) as shown to people, 承办人 with names when the run knows them: the Run's (computed by
    the review, or due.csv read back by load_run); None without one."""
    if result.due is None:
        return None
    due = for_people(result.due)
    due["handlers"] = due["handlers"].map(lambda h: people(h, result.officer_names))
    return due


def handlers(result: Run, case_ids: pd.Series | None = None) -> dict[str, str] | None:
    """case_id -> handlers joined by 、 (姓名（编号） when the run knows the 人员 table's names), when the facts
    carry handler_ids (of the cases `case_ids` names, or all); None otherwise."""
    facts = result.case_facts
    if facts is None or "handler_ids" not in facts.columns:
        return None
    if case_ids is not None:      # by Arrow hashing: pandas' isin on text turns every value into a Python string
        wanted = pc.unique(pa.array(case_ids, pa.string(), from_pandas=True))
        facts = facts[pc.is_in(pa.array(facts["case_id"], pa.string(), from_pandas=True), wanted).to_numpy(
            zero_copy_only=False)]
    return {text(c): people(h, result.officer_names) for c, h in zip(facts["case_id"], facts["handler_ids"])}


def people(ids, names: dict[str, str] | None) -> str:
    """Officer ids (a list, or text joined by 、) as 姓名（编号）、…; an id without a known name as it is."""
    if isinstance(ids, (list, tuple, np.ndarray)):
        items = [text(x) for x in ids]
    else:
        items = text(ids).split("、") if text(ids) else []
    names = names or {}
    return "、".join(f"{names[i]}（{i}）" if names.get(i) else i for i in items)


def headline(result: Run) -> list[tuple[str, object]]:
    """(label, value) pairs: pack, as-of, counts (with those after the as-of date), outcome counts, average
    score, grades, vetoed, 待核实."""
    info, cases = result.info, result.cases
    pack = info.get("pack", {})
    counts = info.get("counts", {}).get("cases", {})
    rows: list[tuple[str, object]] = [
        ("规则包", text(pack.get("title"))), ("规则包编号", text(pack.get("id"))),
        ("规则包版本", text(pack.get("version"))), ("评查日", text(info.get("as_of"))),
        ("引擎", text(info.get("engine"))), ("输入", text(info.get("input", {}).get("source"))),
        ("案件读入", int(counts.get("in", 0))), ("案件评查", int(counts.get("evaluated", 0))),
        ("案件拒收", int(counts.get("rejected", 0))), ("数据问题条数", len(result.rejects)),
        ("案件晚于评查日（不评查）", int(counts.get("after_as_of", 0))),
        ("评查日后的其他记录（不评查）", sum(int(c.get("after_as_of", 0)) for t, c in info.get("counts", {}).items()
                                if t != "cases")),
    ]
    oc = outcome_counts(result)
    rows += [(f"结论：{label}", int(oc.get(k, 0))) for k, label in OUTCOME_LABELS.items()]
    rows.append(("平均分", round(float(cases["score"].mean()), 2) if len(cases) else None))
    grades = cases["grade"].value_counts() if len(cases) else pd.Series(dtype=int)
    rows += [(f"等级：{g}", int(grades.get(g, 0))) for g in grade_order(result)]
    rows += [("否决", int(cases["vetoed"].sum()) if len(cases) else 0),
             ("待核实", int(cases["needs_check"].sum()) if len(cases) else 0)]
    return rows


def outcome_counts(result: Run) -> dict[str, int]:
    """outcome → count of the case findings (finding_counts of a run read for its reports)."""
    if result.finding_counts is not None:
        return result.finding_counts
    f = result.findings
    return {k: int(n) for k, n in f["outcome"].value_counts().items()} if len(f) else {}


def problem_count(result: Run) -> int:
    """How many case findings are failed or unknown."""
    counts = outcome_counts(result)
    return sum(counts.get(o, 0) for o in PROBLEM_OUTCOMES)


def input_warnings(result: Run) -> list[str]:
    """What a reader must know about the input before trusting the findings (absent columns ...)."""
    return [text(w) for w in result.info.get("input", {}).get("warnings", [])]


RATE_RANKING_RULE = ("按总体合规率从高到低排名（合规率 = 合规项 ÷（合规项 + 不合规项），无法判定和不适用不计入）；"
                     "合规率相同的按单位编码升序；没有可判定评查项的单位不排在前面，列在最后")


def unit_summary(result: Run) -> pd.DataFrame:
    """One row per unit, ranked as RATE_RANKING_RULE says: case counts, average score, grades, rate per system
    and overall; made once per run (the workbook and the HTML report both show it)."""
    return _once(result, _unit_summary)


def _unit_summary(result: Run) -> pd.DataFrame:
    u, cases = result.units, result.cases
    ids = list(dict.fromkeys(u["unit_id"]))
    out = pd.DataFrame({"unit_id": ids})
    out["unit_name"] = out["unit_id"].map(unit_names(result))
    by_unit = cases.groupby("unit_id")
    out["cases"] = out["unit_id"].map(by_unit.size()).fillna(0).astype(int)
    out["avg_score"] = out["unit_id"].map(by_unit["score"].mean()).round(2)
    out["vetoed"] = out["unit_id"].map(by_unit["vetoed"].sum()).fillna(0).astype(int)
    out["needs_check"] = out["unit_id"].map(by_unit["needs_check"].sum()).fillna(0).astype(int)
    for g in grade_order(result):
        out[f"grade:{g}"] = out["unit_id"].map(cases.loc[cases["grade"] == g, "unit_id"].value_counts()).fillna(0)
        out[f"grade:{g}"] = out[f"grade:{g}"].astype(int)
    per_sys = u[u["level"] == "system"]
    for s in systems(result):
        rows = per_sys[per_sys["system"] == s]
        out[f"rate:{s}"] = out["unit_id"].map(dict(zip(rows["unit_id"], rows["rate"])))
    total = u[u["level"] == "all"].set_index("unit_id")
    for col in ("pass", "fail", "unknown"):
        out[col] = out["unit_id"].map(total[col]).fillna(0).astype(int)
    out["rate"] = out["unit_id"].map(total["rate"])
    uf = result.unit_findings
    bad = uf[uf["outcome"].isin(PROBLEM_OUTCOMES)] if len(uf) else uf
    problems = {k: "；".join(f"{text(r)} {text(x)}" for r, x in zip(g["rule_id"], g["reason"]))
                for k, g in bad.groupby("unit_id")} if len(bad) else {}
    out["unit_problems"] = [problems.get(u, "") for u in out["unit_id"]]
    out = out.sort_values(["rate", "unit_id"], ascending=[False, True], na_position="last", kind="stable")
    out.insert(0, "rank", range(1, len(out) + 1))
    return out.reset_index(drop=True)


NO_SCORE = "—"           # a unit without reviewed cases has no score


def section_columns(result: Run) -> list[tuple[str, str]]:
    """(title, cases column) of each grading section's points, in pack order; [] without sections.
    A run read back without its pack names a section by its id."""
    cols = [c for c in result.cases.columns if c.startswith(SECTION_PREFIX)]
    titles = {s.id: s.title for s in result.grading.sections} if result.grading is not None else {}
    return [(titles.get(c.removeprefix(SECTION_PREFIX), c.removeprefix(SECTION_PREFIX)), c) for c in cols]


def unit_score_table(result: Run) -> pd.DataFrame | None:
    """The ranked unit scores as shown to people (a missing score or rank as “—”); None without sections."""
    if result.unit_scores is None:
        return None
    out = result.unit_scores.copy()
    names = unit_names(result)
    out["unit_name"] = [text(n) or names.get(text(u), "") for n, u in zip(out["unit_name"], out["unit_id"])]
    out["score"] = out["score"].astype(object).where(out["score"].notna(), NO_SCORE)
    out["rank"] = out["rank"].astype(object).where(out["rank"].notna(), NO_SCORE)
    return out


def problems(result: Run) -> pd.DataFrame:
    """Every failed or unknown case finding, with the unit's name and (when known) the case's handlers; made once
    per run (the workbook and the HTML report both list them)."""
    return _once(result, _problems)


def _once(result: Run, make) -> pd.DataFrame:
    """make(result), made on the first call for this run and kept in result.derived; each caller gets its own
    frame (columns it adds or replaces are not seen by the next)."""
    if make.__name__ not in result.derived:
        result.derived[make.__name__] = make(result)
    return result.derived[make.__name__].copy(deep=False)


def _problems(result: Run) -> pd.DataFrame:
    f = result.findings
    wanted = f["outcome"].isin(PROBLEM_OUTCOMES).to_numpy()
    out = f.copy() if wanted.all() else f[wanted].copy()      # a run read for its reports keeps only these
    out["unit_name"] = out["unit_id"].map(unit_names(result))
    hs = handler_column(result, out["case_id"])
    if hs is not None:
        out["handlers"] = hs
    return out.reset_index(drop=True)


def handler_column(result: Run, case_ids: pd.Series) -> pd.Series | None:
    """The handlers (as `handlers` gives them, "" for a case it does not know) of each of `case_ids`; None when the
    facts carry no handler_ids. Handler ids read back as text are shown once per distinct value and found per
    case by Arrow hashing."""
    facts = result.case_facts
    if facts is None or "handler_ids" not in facts.columns:
        return None
    ids = facts["handler_ids"]
    if not (pd.api.types.is_string_dtype(ids) and pd.api.types.infer_dtype(ids, skipna=True) in ("string", "empty")):
        hs = handlers(result, case_ids)     # lists of ids (a review's own facts)
        return case_ids.map(hs).fillna("")
    codes, distinct = pd.factorize(ids)
    shown = np.array([people(h, result.officer_names) for h in distinct] + [""], dtype=object)[codes]
    known = pa.array(facts["case_id"], pa.string(), from_pandas=True)
    known = known.take(pa.array(np.arange(len(known) - 1, -1, -1)))     # reversed: the last of a case id wins
    at = pc.index_in(pa.array(case_ids, pa.string(), from_pandas=True), value_set=known).to_numpy(
        zero_copy_only=False)
    found = ~np.isnan(at)
    values = np.full(len(case_ids), "", dtype=object)
    values[found] = shown[len(known) - 1 - at[found].astype(np.int64)]
    return pd.Series(values, index=case_ids.index, dtype=case_ids.dtype)


def top_problems(result: Run, n: int = 10) -> pd.DataFrame:
    """The rules most often failed or undecidable: rule_id, title, system, fail, unknown, total."""
    f = result.findings
    p = f[f["outcome"].isin(PROBLEM_OUTCOMES)]
    if p.empty:
        return pd.DataFrame(columns=["rule_id", "title", "system", "fail", "unknown", "total"])
    counts = p.groupby(["rule_id", "outcome"]).size().unstack("outcome", fill_value=0)
    counts = counts.reindex(columns=list(PROBLEM_OUTCOMES), fill_value=0)
    counts["total"] = counts["fail"] + counts["unknown"]
    meta = p.drop_duplicates("rule_id").set_index("rule_id")
    counts["title"] = meta["title"] if "title" in meta.columns else ""
    counts["system"] = meta["system"]
    counts = counts.reset_index().sort_values(["total", "rule_id"], ascending=[False, True], kind="stable")
    return counts.head(n)[["rule_id", "title", "system", "fail", "unknown", "total"]].reset_index(drop=True)
