"""Which sheet is read for each table (hidden sheets, copies such as “案件 (2)”, --sheet), and
reading the chosen sheets as grids within a memory budget."""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Callable

import pandas as pd

from casereview.casefiles.layout import Merge, cell_ref
from casereview.engine.model.schema import TABLES
from casereview.casefiles.values import Unreadable
from casereview.casefiles.xlsxscan import SheetInfo, read_sparse, scan_sheet, sheet_list
from casereview.errors import InputError

COPY_SUFFIX = re.compile(r"^(.+?)[\s\u3000]*[(（][\s\u3000]*\d+[\s\u3000]*[)）]$")   # 案件 (2)
DENSE_CELLS = 4_000_000       # a sheet whose extent is larger is read cell by cell (sparse) ...
SPARSE_FROM = 100_000         # ... and so is one larger than this, less than a quarter filled
MEMORY_BUDGET = 2 << 30       # a workbook whose chosen sheets would need more is refused
DENSE_BYTES = 100             # memory per cell of the extent, read whole (calamine + grid)
SPARSE_BYTES = 400            # memory per cell holding a value, read sparsely


@dataclass
class SheetChoice:
    """The sheet read for each table, and what was left aside."""

    tables: dict[str, str] = field(default_factory=dict)          # table -> sheet
    notes: list[str] = field(default_factory=list)
    ignored: list[tuple[str, str]] = field(default_factory=list)   # (工作表“x”, why not read)
    unknown: list[tuple[str, str]] = field(default_factory=list)   # ("工作表", name)


def copy_base(name: str) -> str | None:
    """'案件 (2)' -> '案件'; None when the name has no copy suffix."""
    m = COPY_SUFFIX.match(name.strip())
    return m.group(1) if m else None


def choose_sheets(sheets: list[tuple[str, bool]], table_of: Callable[[str], str | None],
                  chosen: dict[str, str], file: str) -> SheetChoice:
    """`sheets`: (name, hidden) in workbook order; `chosen`: table -> sheet the user picked.

    A hidden sheet is read only when chosen; two visible sheets for one table are refused
    unless the user picks one."""
    out = SheetChoice()
    names = [n for n, _ in sheets]
    for table, sheet in chosen.items():
        if sheet not in names:
            raise InputError(f"指定的工作表“{sheet}”不存在（工作簿中有：{'、'.join(names)}）", file=file)
    candidates: dict[str, list[tuple[str, bool]]] = {}
    for name, hidden in sheets:
        table = table_of(name)
        if table is None and copy_base(name):
            table = table_of(copy_base(name))
        picked = [t for t, s in chosen.items() if s == name]
        if picked:
            table = picked[0]
        if table is None:
            why = "隐藏的工作表，且不是七张表之一" if hidden else "不是七张表之一"
            out.notes.append(f"忽略工作表“{name}”：{why}")
            out.ignored.append((f"工作表“{name}”", why))
            out.unknown.append(("工作表", name))
            continue
        candidates.setdefault(table, []).append((name, hidden))
    for table, found in candidates.items():
        label = TABLES[table].label
        if table in chosen:
            use = chosen[table]
        else:
            visible = [n for n, hidden in found if not hidden]
            if len(visible) > 1:
                raise InputError(f"工作表“{visible[0]}”和“{visible[1]}”都对应表 {label}（{table}），"
                                 f"无法确定使用哪一张；请用 --sheet {label}=工作表名 或在映射文件的 "
                                 f"sheets: 中指定", file=file)
            use = visible[0] if visible else None
        if use is not None:
            out.tables[table] = use
        for name, hidden in found:
            if name == use:
                continue
            why = (f"隐藏的工作表，未读取（可作为{label}表；如需使用请加 --sheet {label}={name}）"
                   if hidden and use is None else
                   f"{'隐藏的工作表，' if hidden else ''}未读取：{label}表已使用工作表“{use}”")
            out.notes.append(f"忽略工作表“{name}”：{why}")
            out.ignored.append((f"工作表“{name}”", why))
    return out


def is_sparse(info: SheetInfo) -> bool:
    """Read cell by cell: the extent is too large to hold whole, or mostly empty."""
    return info.area > DENSE_CELLS or (info.area > SPARSE_FROM and info.cells * 4 < info.area)


def _estimate(info: SheetInfo) -> int:
    """Bytes the sheet would take: its whole extent, or only its cells when read sparsely."""
    return info.cells * SPARSE_BYTES if is_sparse(info) else info.area * DENSE_BYTES


def _refuse_if_too_big(infos: list[SheetInfo], file: str) -> None:
    need = sum(_estimate(i) for i in infos)
    if need <= MEMORY_BUDGET:
        return
    worst = max(infos, key=_estimate)
    extent = f"A1:{cell_ref(worst.rows - 1, worst.columns - 1)}" if worst.area else "空"
    raise InputError(f"拒绝读取：工作表“{worst.name}”有 {worst.cells:,} 个单元格（范围 {extent}），"
                     f"读入约需 {need / (1 << 30):.1f} GiB 内存，超过上限 {MEMORY_BUDGET / (1 << 30):.0f} GiB；"
                     f"请删除多余的行列或把数据拆成几个工作簿", file=file, sheet=worst.name)


def _mark_unreadable(grid: pd.DataFrame, info: SheetInfo) -> pd.DataFrame:
    """Formulas without a saved result and error values become Unreadable cells naming the cell."""
    marks = {}
    for (r, c), formula in info.uncached.items():
        marks[(r, c)] = Unreadable(f"={formula}", f"：单元格 {info.name}!{cell_ref(r, c)} 是公式（={formula}），"
                                                  f"但文件中没有保存计算结果；请在 Excel/WPS 中打开并保存后重试")
    for (r, c), text in info.errors.items():
        marks[(r, c)] = Unreadable(text, f"：单元格 {info.name}!{cell_ref(r, c)} 是错误值 {text}（公式出错），无法读取")
    if not marks:
        return grid
    rows = sorted(set(grid.index) | {r for r, _ in marks})
    cols = sorted(set(grid.columns) | {c for _, c in marks})
    if len(rows) != len(grid.index) or len(cols) != len(grid.columns):
        grid = grid.reindex(index=rows, columns=cols)
    for (r, c), mark in marks.items():
        grid.at[r, c] = mark
    return grid


def read_grids(workbook, data: bytes, wanted: list[str], file: str
               ) -> dict[str, tuple[pd.DataFrame, list[Merge]]]:
    """The `wanted` sheets as grids (index: 0-based sheet rows; columns: 0-based sheet columns)
    with their merged ranges. An .xlsx is scanned first: a sheet far larger than its data is
    read sparsely, and a workbook over the memory budget is refused before anything is read."""
    infos: dict[str, SheetInfo] = {}
    if data.startswith(b"PK\x03\x04"):
        z = zipfile.ZipFile(io.BytesIO(data))
        infos = {i.name: i for i in sheet_list(z) if i.name in wanted and i.member}
        for info in infos.values():
            scan_sheet(z, info)
        _refuse_if_too_big(list(infos.values()), file)
    out = {}
    for name in wanted:
        info = infos.get(name)
        if info is not None and is_sparse(info):
            grid = read_sparse(z, info)
        else:
            ws = workbook.get_sheet_by_name(name)
            grid = pd.DataFrame(ws.to_python(skip_empty_area=False), dtype=object)
        if info is not None:
            out[name] = (_mark_unreadable(grid, info), info.merges)
        else:
            out[name] = (grid, [Merge(a[0], a[1], b[0], b[1])
                                for a, b in workbook.get_sheet_by_name(name).merged_cell_ranges or ()])
    return out
