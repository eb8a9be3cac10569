"""How an input will be read, before any review: per table its source, header rows, column fates,
missing fields, skipped rows and sample values (`casereview inspect`)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from casereview.engine.model.catalogue import input_parts
from casereview.casefiles.columns import require_columns
from casereview.casefiles.flat import flat_child_of, source_name, split_flat
from casereview.casefiles.loader import cases_hint, load_mapping, read_input
from casereview.casefiles.readers import Names, RawInput, RawTable, column_label, norm_name
from casereview.engine.model.schema import CASE_CHILDREN, TABLES
from casereview.casefiles.tables import empty_rejects
from casereview.casefiles.validate import validate
from casereview.casefiles.values import number_text, parse_column, time_text
from casereview.errors import InputError
from casereview.engine.model.expr import did_you_mean
from casereview.engine.model.pack import LoadedPack, load_pack
from casereview.rules import STANDARD_PACK

IGNORED = "忽略"
SAMPLES = 3
EXAMPLES = 3                  # rejected records shown per table


@dataclass
class ColumnFate:
    """One source column: the field it is read as (None: ignored) and what was read in it."""

    header: str                   # as read (group headers joined with "/")
    table: str | None             # table the field belongs to (a flat source's child columns: the child)
    column: str | None            # canonical field, None when ignored
    label: str                    # “公示日期（published_date）” or 忽略
    samples: list[str] = field(default_factory=list)   # a few parsed values, as text
    rejected: int = 0             # values of this column that were rejected
    first_problem: str | None = None  # the first of them: “第5行：决定日期（decision_date）无法识别…”
    suggestion: str | None = None  # for an ignored header: the field it may mean (as `column`)
    suggestion_label: str | None = None


@dataclass
class TableView:
    table: str
    label: str
    source: str | None            # where it is read from; None: not in the input
    name: str | None = None       # sheet / file stem / database table name, for a mapping
    flat_of: str | None = None    # a child table split out of this flat cases source
    header_rows: list[int] = field(default_factory=list)
    records: int = 0
    rejected: int = 0
    rejected_examples: list[str] = field(default_factory=list)   # the first few: “第7行：案件编号 A1 重复出现 2 次…”
    columns: list[ColumnFate] = field(default_factory=list)
    missing_required: list[str] = field(default_factory=list)
    missing_for_rules: list[str] = field(default_factory=list)   # “公示日期（published_date）：GS03、GS04”
    missing_optional: list[str] = field(default_factory=list)    # other tables: absent optional columns
    rules: list[str] = field(default_factory=list)                # rules that read this table
    skipped: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Inspection:
    source: str
    tables: list[TableView]
    ignored: list[tuple[str, str]] = field(default_factory=list)   # (source, reason) not read
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)               # the review would refuse the input
    mapping: str | None = None
    sheets: dict[str, str] = field(default_factory=dict)           # table -> sheet the user chose


def rule_inputs(loaded: LoadedPack) -> dict[str, list[str]]:
    """"<table>.<column>" or "<table>" (any of its columns or records) -> ids of the rules that read it;
    "*" -> every rule id, in pack order."""
    out: dict[str, list[str]] = {"*": [c.rule.id for c in loaded.compiled]}
    for c in loaded.compiled:                 # pack order
        facts = loaded.unit_facts if c.rule.level == "unit" else loaded.case_facts
        for name in sorted(c.facts):
            for inp in facts[name].inputs:
                table, column, _ = input_parts(inp)      # a column read counts for its table too
                for key in (table, f"{table}.{column}") if column else (table,):
                    ids = out.setdefault(key, [])
                    if c.rule.id not in ids:
                        ids.append(c.rule.id)
    return out


def _shown(v: object) -> str:
    if isinstance(v, tuple):
        return "、".join(v)
    if isinstance(v, (bool, np.bool_)):
        return "是" if v else "否"
    if isinstance(v, pd.Timestamp):
        return time_text(v)
    if isinstance(v, float):
        return number_text(v)
    return str(v)


def _samples(rt: RawTable, column: str) -> list[str]:
    if column not in rt.frame:
        return []
    values = parse_column(rt.frame[column], TABLES[rt.name].column(column)).values
    shown = dict.fromkeys(_shown(v) for v in values.dropna().head(SAMPLES * 20)
                          if not (isinstance(v, tuple) and not v))
    return list(shown)[:SAMPLES]


def _problem(rejects: pd.DataFrame) -> list[str]:
    return [f"第{r}行：{e}" for r, e in zip(rejects["row"], rejects["error"])]


def _suggest(header: str, table: str, taken: set[str], names: Names) -> str | None:
    """An unmatched header's likely field: its last part after “/” is a label, or a close name."""
    candidates = {}
    for t in (table, *dict.fromkeys(names.flat.values())) if table == "cases" else (table,):
        for c in TABLES[t].columns:
            key = c.name if t == table else f"{t}.{c.name}"
            if key not in taken:
                candidates.update({norm_name(c.label): key, norm_name(c.name): key})
    leaf = norm_name(header.rsplit("/", 1)[-1])
    close = candidates.get(leaf) or candidates.get(did_you_mean(leaf, candidates) or "")
    return close


def _fates(rt: RawTable, raw_cols: list[tuple[str, str | None]], split: dict[str, RawTable],
           rejects: pd.DataFrame, names: Names) -> list[ColumnFate]:
    taken = {c for _, c in raw_cols if c}
    out = []
    for header, col in raw_cols:
        if col is None:
            out.append(ColumnFate(header, None, None, IGNORED,
                                  suggestion=_suggest(header, rt.name, taken, names)))
            continue
        child, _, name = col.rpartition(".")
        table = child or rt.name
        got = split.get(table)
        bad = rejects[(rejects["table"] == table) & (rejects["column"] == name)] if len(rejects) else rejects
        out.append(ColumnFate(header, table, name, column_label(rt.name, col),
                              _samples(got, name) if got is not None else [], len(bad),
                              _problem(bad.head(1))[0] if len(bad) else None))
    for f in out:
        if f.suggestion is not None:
            f.suggestion_label = column_label(rt.name, f.suggestion)
    return out


def flat_hint(view: TableView) -> tuple[str, list[str]] | None:
    """(child table, headers) when ignored headers of a cases source name ≥ 2 fields of one child
    table: the sheet may hold one row per act (or review, document) and want a `flat:` entry."""
    ignored = [f.header for f in view.columns if f.column is None]
    best = None
    for child in CASE_CHILDREN:
        labels = {norm_name(a) for c in TABLES[child].columns if c.name != "case_id"
                  for a in (c.name, c.label)}
        hits = [h for h in ignored if norm_name(h.rsplit("/", 1)[-1]) in labels]
        if len(hits) >= 2 and (best is None or len(hits) > len(best[1])):
            best = (child, hits)
    return best


def _view(table: str, rt: RawTable | None, split: dict[str, RawTable], counts: dict[str, int],
          rejects: pd.DataFrame, names: Names, reads: dict[str, list[str]],
          flat_child: str | None) -> TableView:
    t = TABLES[table]
    view = TableView(table, t.label, None, rules=reads.get(table, []))
    if table == "cases":
        order = reads["*"]
        view.rules = sorted({r for k, ids in reads.items() if k.startswith("cases.") for r in ids}, key=order.index)
    if rt is None:
        return view
    view.source = rt.layout.source if rt.layout else rt.where
    view.name = source_name(rt.where)
    view.records = counts.get(table, len(rt.frame))
    recs = rejects[(rejects["table"] == table) & (rejects["scope"] == "record")] if len(rejects) else rejects
    view.rejected = len(recs)
    view.rejected_examples = _problem(recs.head(EXAMPLES))
    if table == flat_child:
        view.flat_of = split["cases"].where
        view.source = f"{split['cases'].where}（一行一项的宽表，与案件表同一来源）"
        view.name = None
    layout = rt.layout
    if layout is not None and view.flat_of is None:
        view.header_rows = list(layout.header_rows)
        view.skipped = list(layout.skipped)
        raw_cols = list(layout.columns)
    else:                         # a reader that does not describe its layout: the columns it kept
        raw_cols = [(c, c) for c in rt.frame.columns]
        if table == "cases" and flat_child in split:
            raw_cols += [(c, f"{flat_child}.{c}") for c in split[flat_child].frame.columns if c != "case_id"]
    if view.flat_of is None:
        view.columns = _fates(rt, raw_cols, split, rejects, names)
    present = set(rt.frame.columns)
    view.missing_required = [column_label(table, c.name) for c in t.columns
                             if c.required and c.name not in present]
    for c in t.columns:       # the catalogue names case columns one by one, other tables as a whole
        ids = reads.get(f"{table}.{c.name}")
        if ids and c.name not in present:
            view.missing_for_rules.append(f"{column_label(table, c.name)}：{'、'.join(ids)}")
        elif table != "cases" and not c.required and not c.quiet and c.name not in present:
            view.missing_optional.append(column_label(table, c.name))
    return view


def unread(raw: RawInput) -> list[tuple[str, str]]:
    """Sources not read: those the reader set aside (hidden sheets...) and names not understood."""
    out = list(raw.ignored)
    for kind, name in raw.unknown:
        if not any(f"“{name}”" in source for source, _ in out):
            out.append((f"{kind}“{name}”", "不是七张表之一（可在映射文件 tables 中指定它对应的表）"))
    return out


def inspect_input(source: str | Path, *, mapping: Path | None = None, sheets: dict[str, str] | None = None,
                  pack: str | Path | None = None, overlays: list[str | Path] = ()) -> Inspection:
    """Read `source` as `review` would and describe it; InputError only when it cannot be read.

    `sheets`: table -> workbook sheet to read it from (--sheet), over the mapping's `sheets:`."""
    names = load_mapping(mapping) if mapping is not None else Names()
    names.sheets.update(sheets or {})
    raw, shown = read_input(source, names, need_cases=False)
    flat_child = flat_child_of(raw.tables.get("cases"), names)
    raw = split_flat(raw, names)
    reads = rule_inputs(load_pack(pack or STANDARD_PACK, list(overlays)))
    out = Inspection(shown, [], unread(raw), list(raw.notes), mapping=str(mapping) if mapping else None,
                     sheets=dict(names.sheets))
    if "cases" in raw.tables:
        _, rejects, counts = validate(raw.tables)
    else:
        rejects, counts = empty_rejects(), {}
        out.problems.append("没有案件表（cases / 案件），无法评查" + cases_hint(raw.unknown))
    for table in TABLES:
        rt = raw.tables.get(table)
        view = _view(table, rt, raw.tables, counts, rejects, names, reads, flat_child)
        out.tables.append(view)

    try:                                # review refuses a missing required column before reviewing
        require_columns(raw.tables, shown)
    except InputError as e:
        out.problems.append(e.message + "，评查时将被拒绝")
    hint = flat_hint(out.tables[0]) if flat_child is None else None
    if hint and out.tables[0].name:
        child, headers = hint
        out.notes.append(f"{out.tables[0].source}有{TABLES[child].label}的列（{'、'.join(headers)}）："
                         f"若每行是一项{TABLES[child].label}，请在映射文件中写 flat: "
                         f"{{{out.tables[0].name}: [cases, {child}]}}")
    return out
