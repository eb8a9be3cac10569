"""Which columns each input table had: absent, ignored and declared-absent columns, and the warnings."""
from __future__ import annotations

from dataclasses import dataclass, field

from casereview.casefiles.layout import ABOVE, BLANK
from casereview.casefiles.readers import RawInput, RawTable
from casereview.engine.model.schema import TABLES
from casereview.errors import InputError
from casereview.engine.model.expr import did_you_mean


@dataclass
class ColumnReport:
    """Per present table: canonical columns the input lacked, headers it ignored, columns declared absent."""

    absent: dict[str, list[str]] = field(default_factory=dict)
    ignored: dict[str, list[str]] = field(default_factory=dict)
    declared: dict[str, list[str]] = field(default_factory=dict)
    declared_but_present: dict[str, list[str]] = field(default_factory=dict)
    renamed: dict[str, dict[str, str]] = field(default_factory=dict)   # column → the input's own header

    def warnings(self) -> list[str]:
        """The input warnings a person must see before trusting the run (Chinese)."""
        out = []
        for table, cols in self.absent.items():
            out.append(f"{TABLES[table].label}表缺少列：{'、'.join(_labels(table, cols))}；"
                       f"读取这些列的规则判为无法判定")
        for table, cols in self.declared.items():
            out.append(f"{TABLES[table].label}表的 {'、'.join(_labels(table, cols))} 按映射文件声明"
                       f"视为输入中没有此字段，全部按空值评查")
        for table, cols in self.declared_but_present.items():
            out.append(f"映射文件声明{TABLES[table].label}表没有 {'、'.join(_labels(table, cols))}，"
                       f"但输入中有此列：已按输入中的取值评查，请核对映射文件")
        for table, headers in self.ignored.items():
            out.append(f"{TABLES[table].label}表中无法识别、未读取的列：{'、'.join(headers)}")
        return out

    def as_json(self) -> dict:
        return {"absent_columns": self.absent, "ignored_columns": self.ignored,
                "declared_absent_columns": self.declared, "own_headers": self.renamed}


def _labels(table: str, columns: list[str]) -> list[str]:
    return [f"{TABLES[table].column(c).label}（{c}）" for c in columns]


def headers(rt: RawTable) -> list[tuple[str, str | None]]:
    """(header as read, canonical column or None) of one table; canonical names when unrecorded."""
    if rt.layout is not None and rt.layout.columns:
        return list(rt.layout.columns)
    return [(c, c) for c in rt.frame.columns]


def column_report(raw: dict[str, RawTable], declared: dict[str, list[str]] | None = None) -> ColumnReport:
    """What each present table lacked or ignored; `declared`: table -> columns the mapping says the
    source system does not have (read as empty, so not reported absent)."""
    declared = declared or {}
    report = ColumnReport()
    for name, t in TABLES.items():
        if name not in raw:
            continue
        have = set(raw[name].frame.columns)
        if not have and not len(raw[name].frame):
            continue                    # nothing read at all (nested lists that were not lists)
        said = [c for c in t.names if c in declared.get(name, ()) and c not in have]
        there = [c for c in t.names if c in declared.get(name, ()) and c in have]
        missing = [c.name for c in t.columns if c.name not in have and c.name not in said and not c.quiet]
        ignored = [h for h, c in headers(raw[name]) if c is None]
        own = {c: str(h) for h, c in headers(raw[name]) if c in t.names and str(h) not in (c, t.column(c).label)}
        for key, value in (("absent", missing), ("ignored", ignored), ("declared", said),
                           ("declared_but_present", there), ("renamed", own)):
            if value:
                getattr(report, key)[name] = value
    return report


def require_columns(raw: dict[str, RawTable], file: str) -> None:
    """A required column missing from a present table: refused before any review (InputError)."""
    for name, t in TABLES.items():
        if name not in raw:
            continue
        rt = raw[name]
        if not len(rt.frame.columns) and not len(rt.frame):
            continue
        lacking = [c for c in t.columns if c.required and c.name not in rt.frame.columns]
        if not lacking:
            continue
        c = lacking[0]
        found = [h for h, _ in headers(rt)]
        ignored = [h for h, col in headers(rt) if col is None]
        close = did_you_mean(c.label, ignored) or did_you_mean(c.name, ignored)
        hint = f"；是否想写“{close}”？（可在映射文件 columns 中指定）" if close else ""
        raise InputError(f"{rt.where}缺少必填列 {c.label}（{c.name}）；读到的表头：{'、'.join(map(str, found)) or '无'}"
                         f"{hint}", file=file)


SHOWN_ROWS = 8     # skipped rows named one by one in a warning


def layout_warnings(raw: RawInput) -> list[str]:
    """Rows not read as records (合计, 表尾, repeated headers, rows only in unrecognised columns) and
    sheets not read, for the warnings every report shows first; title and blank rows are only noted."""
    out = []
    for rt in raw.tables.values():
        if rt.layout is None:
            continue
        rows = [(r, why) for r, why in rt.layout.skipped if why not in (ABOVE, BLANK)]
        if rows:
            shown = "、".join(f"第{r}行（{why}）" for r, why in rows[:SHOWN_ROWS])
            more = f" 等 {len(rows)} 行" if len(rows) > SHOWN_ROWS else ""
            out.append(f"{rt.layout.source}：{shown}{more}不是记录，已跳过，未评查")
    if raw.ignored:
        out.append("未读取：" + "；".join(f"{src}（{why}）" for src, why in raw.ignored))
    return out
