"""Loading case files from any supported input form into a validated CaseFileSet.

Input forms (detected from `source`):
  * an Excel workbook (.xlsx, also .xlsm/.xls/.ods), one sheet per table;
  * a folder of CSV files or of Parquet files, one file per table (cases.csv / 案件.csv ...);
    CSV encoding UTF-8 (with or without BOM), UTF-16 with BOM or GB18030/GBK;
  * JSON Lines: a .jsonl file of cases with `acts`/`recordings`/`reviews`/`documents` nested,
    officers.jsonl and units.jsonl beside it (a folder holding cases.jsonl works too);
  * a database: a SQLAlchemy URL (sqlite:///case.db, postgresql://user@host/db), or a
    .db/.sqlite/.sqlite3 file path.
Sheet/file/table names and column headers may be canonical (English, any case) or the Chinese
labels of casefiles.schema; white space anywhere (incl. full-width, Alt+Enter) and '*' marks are
ignored, traditional characters read as simplified. A sheet's layout (title rows, up to three
header rows with group headers joined as "公示情况/公示日期", footer and repeated header rows) is
found by casefiles.layout; hidden sheets and copies such as "案件 (2)" by casefiles.sheets
(docs/input-shapes.md). `_row` is the sheet/CSV row (header = row 1 when it is the first row), the
line number for JSON Lines (children: their case's line), the record number for Parquet and
databases. Validation (see casefiles.validate) turns bad data into rejects, never into errors.

Mapping file (YAML) for other names; every key is optional:

    tables:                 # sheet / file / database table name -> table (canonical or 中文)
      案件信息: cases
      办案人员表: officers
    columns:
      cases:                # table (canonical or 中文) -> {header in the input: column}
        案件号: case_id
        承办单位: 办案单位编码      # a Chinese label works as the target too
      "*":                  # applies to every table that has the target column
        所属案件编号: case_id
    sheets:                 # table (canonical or 中文) -> the sheet to read it from, when a
      案件: 案件 (2)         # workbook has several candidates or the wanted one is hidden
    flat:                   # sheet / CSV file stem / database table holding cases × one child table
      执法活动台账: [cases, acts]   # one row per act, the case fields repeated (see casefiles.flat)
    absent:                 # columns the source system simply does not have: read as empty for
      cases: [published_date]   # every row (the run says so); otherwise an absent column's rules
                                # are unknown. Required columns cannot be declared absent.

Mapped names are added to the built-in ones (a mapping entry wins on a clash). Unknown keys
or targets are an InputError naming the mapping file.
"""
from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from casereview.casefiles import readers
from casereview.casefiles.flat import split_flat
from casereview.casefiles.columns import column_report, layout_warnings, require_columns
from casereview.casefiles.readers import FOLDER_SUFFIXES, WORKBOOK_SUFFIXES, Names, RawInput
from casereview.engine.model.schema import CASE_CHILDREN, TABLES
from casereview.casefiles.tables import CaseFileSet
from casereview.casefiles.validate import validate
from casereview.errors import InputError, UsageError
from casereview.engine.model.expr import did_you_mean

SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")


class Mapping(BaseModel):
    """The mapping file: extra table names and column headers."""

    model_config = ConfigDict(extra="forbid")
    tables: dict[str, str] = {}
    columns: dict[str, dict[str, str]] = {}
    sheets: dict[str, str] = {}
    flat: dict[str, list[str]] = {}
    absent: dict[str, list[str]] = {}

    @model_validator(mode="after")
    def _resolve(self) -> "Mapping":
        base = Names()
        tables = {}
        for name, target in self.tables.items():
            table = base.table(target)
            if table is None:
                raise ValueError(f"tables 中“{name}”的目标“{target}”不是七张表之一"
                                 f"（{'、'.join(TABLES)}）")
            tables[name] = table
        columns: dict[str, dict[str, str]] = {}
        for key, renames in self.columns.items():
            table = "*" if key.strip() == "*" else base.table(key)
            if table is None:
                raise ValueError(f"columns 中的“{key}”不是七张表之一（也可写 \"*\"）")
            resolved = {}
            for header, target in renames.items():
                found = {base.column(t, target) for t in (TABLES if table == "*" else [table])}
                found.discard(None)
                if len(found) != 1:
                    where = "任何表" if table == "*" else f"表 {table} "
                    raise ValueError(f"columns.{key} 中“{header}”的目标“{target}”不是{where}的列")
                resolved[header] = found.pop()
            columns.setdefault(table, {}).update(resolved)
        sheets = {}
        for key, sheet in self.sheets.items():
            table = base.table(key)
            if table is None:
                raise ValueError(f"sheets 中的“{key}”不是七张表之一（{'、'.join(TABLES)}）")
            sheets[table] = str(sheet)
        self.tables, self.columns, self.sheets = tables, columns, sheets
        self.flat = {name: [flat_child(name, held)] for name, held in self.flat.items()}
        self.absent = _declared_absent(base, self.absent)
        return self


def _declared_absent(base: Names, declared: dict[str, list[str]]) -> dict[str, list[str]]:
    """`absent:` of the mapping file with canonical names; a required column is refused."""
    out: dict[str, list[str]] = {}
    for key, columns in declared.items():
        table = base.table(key)
        if table is None:
            raise ValueError(f"absent 中的“{key}”不是七张表之一（{'、'.join(TABLES)}）")
        for name in columns:
            col = base.column(table, name)
            if col is None:
                close = did_you_mean(str(name), TABLES[table].names)
                raise ValueError(f"absent.{key} 中的“{name}”不是表 {table} 的列"
                                 + (f"；是否想写“{close}”？" if close else ""))
            if TABLES[table].column(col).required:
                raise ValueError(f"absent.{key} 中的 {col} 是必填列，不能声明为没有")
            out.setdefault(table, []).append(col)
    return out


def load_mapping(path: str | Path) -> Names:
    """Read and check a mapping file; InputError naming the file when it is wrong."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"无法读取映射文件（{e}）", file=str(path)) from e
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"第{mark.line + 1}行：" if mark else ""
        raise InputError(f"无法读取映射文件，YAML 格式错误（{where}{getattr(e, 'problem', None) or e}）",
                         file=str(path)) from e
    try:
        m = Mapping.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        where = ".".join(str(x) for x in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        raise InputError(f"映射文件格式错误：{where + '：' if where else ''}{msg}",
                         file=str(path)) from e
    names = Names(m.tables, m.columns, m.sheets, {name: held[0] for name, held in m.flat.items()})
    names.declared_absent = m.absent
    return names


def sheet_choices(items: list[str] | None) -> dict[str, str]:
    """`--sheet 案件=案件 (2)` options -> {table: sheet}; UsageError when one is malformed."""
    out = {}
    base = Names()
    for item in items or ():
        key, eq, sheet = item.partition("=")
        table = base.table(key)
        if not eq or not sheet.strip() or table is None:
            raise UsageError(f"--sheet 须写成 表=工作表（表为七张表之一），如 --sheet 案件=案件 (2)：{item}")
        out[table] = sheet.strip()
    return out


def flat_child(name: str, held: list[str]) -> str:
    """The child table of a `flat:` entry such as [cases, acts]; ValueError when it is not one."""
    base = Names()
    tables = [base.table(t) for t in held]
    children = [t for t in tables if t in CASE_CHILDREN]
    if None in tables or "cases" not in tables or len(children) != 1 or len(tables) != 2:
        raise ValueError(f"flat 中“{name}”须写成 [cases, 子表]，子表为 {'、'.join(CASE_CHILDREN)} 之一"
                         f"（中文表名亦可），实为 {held}")
    return children[0]


def cases_hint(unknown: list[tuple[str, str]]) -> str:
    """'；工作表“casess”是否想写“cases”？' for a name close to the cases table's, else ''.

    `unknown`: (kind, name) of sheets/files/tables not understood; a file is matched by its stem."""
    aliases = [TABLES["cases"].name, TABLES["cases"].label, *TABLES["cases"].aliases]
    for kind, name in unknown:
        stem = Path(name).stem if kind == "文件" else name
        close = did_you_mean(readers.norm_name(stem), aliases)
        if close:
            return f"；{kind}“{name}”是否想写“{close}”？"
    return ""


def _read_folder(folder: Path, names: Names, need_cases: bool) -> RawInput:
    found = readers.folder_files(folder, names)
    forms = [s for s, files in found.items() if "cases" in files]
    if not forms:
        others = [("文件", p.name) for p in sorted(folder.iterdir())
                  if p.suffix.lower() in FOLDER_SUFFIXES and names.table(p.stem) is None]
        if not need_cases and any(Path(n).suffix.lower() == ".csv" for _, n in others):
            raw = readers.read_csv_folder(folder, found[".csv"], names)   # inspect: show the rest
            raw.unknown += [(k, n) for k, n in others if Path(n).suffix.lower() == ".csv"]
            return raw
        raise InputError("文件夹中没有案件表（cases.csv / 案件.csv、.parquet 或 .jsonl）"
                         + cases_hint(others),
                         file=str(folder))
    if len(forms) > 1:
        kinds = "、".join(FOLDER_SUFFIXES[s] for s in forms)
        raise InputError(f"文件夹中同时有 {kinds} 形式的案件表，无法确定读取哪一种", file=str(folder))
    form = forms[0]
    if form == ".csv":
        return readers.read_csv_folder(folder, found[form], names)
    if form == ".parquet":
        return readers.read_parquet_folder(folder, found[form], names)
    return readers.read_jsonl(found[form]["cases"], names)


def read_input(source: str | Path, names: Names, *, need_cases: bool = True) -> tuple[RawInput, str]:
    """The raw tables at `source` and how it is shown to users (a database URL without password).

    need_cases=False (inspect): a CSV folder without a cases file is read all the same."""
    if isinstance(source, str) and "://" in source:
        shown = readers.mask_url(source)
        return readers.read_database(readers.driver_url(source), shown, names), shown
    path = Path(source)
    if not path.exists():
        raise InputError("文件或文件夹不存在", file=str(path))
    if path.is_dir():
        return _read_folder(path, names, need_cases), str(path)
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        return readers.read_workbook(path, names), str(path)
    if suffix == ".jsonl":
        return readers.read_jsonl(path, names), str(path)
    if suffix in SQLITE_SUFFIXES:
        if path.stat().st_size == 0:
            raise InputError("文件为空", file=str(path))
        return readers.read_database(f"sqlite:///{path.resolve()}", str(path), names), str(path)
    if suffix in (".csv", ".parquet"):
        raise InputError(f"{suffix} 文件请给出所在的文件夹（每张表一个文件）", file=str(path))
    raise InputError(f"不支持的文件类型“{suffix or '无扩展名'}”（支持 .xlsx、CSV/Parquet 文件夹、"
                     f".jsonl、数据库）", file=str(path))


def read_raw(source: str | Path, *, mapping: Path | None = None,
             sheets: dict[str, str] | None = None) -> tuple[RawInput, str]:
    """The input read but not validated, with each table's Layout (for `inspect`), and the
    source as shown to users."""
    names = load_mapping(mapping) if mapping is not None else Names()
    names.sheets.update(sheets or {})
    raw, shown = read_input(source, names)
    return split_flat(raw, names), shown


def _hidden_cases_hint(raw: RawInput) -> str:
    label = TABLES["cases"].label
    return next((f"；{src}是{why}" for src, why in raw.ignored if f"可作为{label}表" in why), "")


def load_casefiles(source: str | Path, *, mapping: Path | None = None,
                   sheets: dict[str, str] | None = None) -> CaseFileSet:
    """Read, parse and validate the case files at `source` (see the module docstring).

    `sheets`: table -> workbook sheet to read it from (--sheet), over the mapping's `sheets:`."""
    names = load_mapping(mapping) if mapping is not None else Names()
    names.sheets.update(sheets or {})
    raw, shown = read_input(source, names)
    raw = split_flat(raw, names)
    if "cases" not in raw.tables:
        raise InputError("没有案件表（cases / 案件）" + (_hidden_cases_hint(raw) or cases_hint(raw.unknown)),
                         file=shown)
    require_columns(raw.tables, shown)
    columns = column_report(raw.tables, names.declared_absent)
    tables, rejects, counts = validate(raw.tables)
    notes = list(raw.notes)
    if names.sheets and not (isinstance(source, Path | str) and Path(str(source)).suffix.lower()
                             in WORKBOOK_SUFFIXES):
        notes.append("--sheet / sheets: 只用于 Excel 工作簿，本次输入不是工作簿，已忽略")
    missing = [f"{t.label}（{t.name}）" for t in TABLES.values() if t.name not in tables]
    if missing:
        notes.append(f"未提供的表：{'、'.join(missing)}；依赖它们的规则将判为无法判定")
    return CaseFileSet(tables=tables, rejects=rejects, counts_in=counts, source=shown,
                       digest=raw.digest, notes=notes, absent=columns.absent,
                       declared_absent=columns.declared, ignored_columns=columns.ignored,
                       own_headers=columns.renamed, warnings=columns.warnings() + layout_warnings(raw))
