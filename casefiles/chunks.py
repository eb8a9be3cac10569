"""Reading a Parquet folder in case chunks: each chunk holds some cases and every child record of them.

The tables stay in Arrow (only the known columns); a chunk is converted to pandas when it is used.
Records are assigned so that validating a chunk alone finds what validating everything finds:
  * a case goes to the chunk of its position (`chunk_size` cases each), a repeated case id to the
    chunk of its first occurrence (all copies are rejected together, as in the whole run);
  * a child record goes to the chunk of its case (a child of no known case: the first chunk);
  * chunks linked by a child id repeated across them, or by a recording whose act is in another
    chunk, are merged with every chunk between them, so case order is kept.
Officers and units are shared by every chunk and read whole.
"""
from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from casereview.casefiles import readers
from casereview.casefiles.lookup import look_alikes
from casereview.casefiles.readers import Names, RawTable, to_frame
from casereview.casefiles.values import PY_SPACE, maybe_unreadable_ids, parse_column
from casereview.engine.model.schema import CASE_CHILDREN, TABLES
from casereview.errors import InputError

SHARED_TABLES = ("officers", "units")


@dataclass
class ChunkedInput:
    source: str
    digest: str
    notes: list[str]
    arrow: dict[str, pa.Table]              # cases and child tables, canonical column names (ids_only: none
                                            # left once assigned, only the record counts)
    shared: dict[str, RawTable]             # officers, units: whole
    where: dict[str, str]                   # table -> file, for messages
    assign: dict[str, np.ndarray] = field(default_factory=dict)  # table -> chunk number per record
    n_chunks: int = 0
    unplaced: dict[str, int] = field(default_factory=dict)  # child table -> records of no readable case (all chunks)
    chunk_size: int = 0                     # cases per chunk asked for (merged chunks hold more)
    files: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # table -> (path, file columns)
    columns: dict[str, list[str]] = field(default_factory=dict)            # table -> canonical column names

    @property
    def counts_in(self) -> dict[str, int]:
        counts = {t: len(a) for t, a in self.arrow.items()}
        counts.update({t: len(rt.frame) for t, rt in self.shared.items()})
        return {t: counts[t] for t in TABLES if t in counts}

    def chunks(self) -> Iterator[dict[str, RawTable]]:
        """Per chunk, the raw cases and child tables (row numbers as in the whole input)."""
        for k in range(self.n_chunks):
            out = {}
            for table, arr in self.arrow.items():
                pos = np.flatnonzero(self.assign[table] == k)
                out[table] = RawTable(table, to_frame(rows_at(arr, pos)), pos + 1, self.where[table])
            yield out

    def spec(self, k: int) -> ChunkSpec:
        """Where chunk `k`'s records are, for a process that reads them itself (read_chunk)."""
        rows = {t: np.flatnonzero(a == k) for t, a in self.assign.items()}
        return ChunkSpec(k, {t: (*self.files[t], self.columns[t]) for t in self.arrow},
                         rows, dict(self.where))


@dataclass(frozen=True)
class ChunkSpec:
    """One chunk by position: per table its file, the file's columns read and their canonical names, and
    the record positions (0-based, as in the whole input)."""
    index: int
    files: dict[str, tuple[str, list[str], list[str]]]
    rows: dict[str, np.ndarray]
    where: dict[str, str]


def read_chunk(spec: ChunkSpec) -> dict[str, RawTable]:
    """The raw tables of one chunk, as ChunkedInput.chunks gives them; only the row groups holding its
    records are read."""
    out = {}
    for table, (path, columns, canonical) in spec.files.items():
        pos = spec.rows[table]
        pf = pq.ParquetFile(path)
        sizes = np.array([pf.metadata.row_group(g).num_rows for g in range(pf.num_row_groups)], dtype=np.int64)
        starts = np.r_[0, np.cumsum(sizes)[:-1]].astype(np.int64)
        if len(pos):
            groups = [g for g in range(len(sizes)) if starts[g] <= pos[-1] and starts[g] + sizes[g] > pos[0]]
            arr = parquet_read(lambda: pf.read_row_groups(groups, columns=columns), Path(path))
            arr = rows_at(arr.rename_columns(canonical), pos - starts[groups[0]])
        else:
            arr = pf.schema_arrow.empty_table().select(columns).rename_columns(canonical)
        out[table] = RawTable(table, to_frame(arr), pos + 1, spec.where[table])
    return out


def rows_at(arr: pa.Table, pos: np.ndarray) -> pa.Table:
    """The records at `pos` (ascending): a zero-copy slice when they are one run, as they mostly are."""
    if len(pos) and pos[-1] - pos[0] + 1 == len(pos):
        return arr.slice(int(pos[0]), len(pos))
    return arr.take(pa.array(pos))


def parquet_cases(folder: Path, names: Names | None = None) -> int | None:
    """Number of cases in a Parquet folder (from the file footer; `names`: a mapping's file names), None if it is
    not one."""
    if not Path(folder).is_dir():
        return None
    try:
        files = readers.folder_files(Path(folder), names or Names())[".parquet"]
    except InputError:
        return None
    if "cases" not in files:
        return None
    try:
        return pq.ParquetFile(files["cases"]).metadata.num_rows
    except Exception:  # noqa: BLE001 - unreadable: the loader reports it as an InputError
        return None


def read_chunked(folder: Path, chunk_size: int, names: Names | None = None, ids_only: bool = False) -> ChunkedInput:
    """The input's cases and child tables in Arrow, assigned to chunks; `ids_only`: only the id columns
    the assignment needs are read (chunks are then read with read_chunk, by worker processes), and let go
    once assigned."""
    folder, names = Path(folder), names or Names()
    if not folder.is_dir():
        raise InputError("分块评查（--chunk-size）目前只支持 Parquet 文件夹", file=str(folder))
    files = readers.folder_files(folder, names)
    if "cases" not in files[".parquet"] or any("cases" in files[s] for s in files if s != ".parquet"):
        raise InputError("分块评查目前只支持 Parquet 文件夹（且其中只有一种形式的案件表）", file=str(folder))
    files = files[".parquet"]
    notes = readers.ignored_files(folder, ".parquet", files)
    arrow, shared, where, files_read, canonical = {}, {}, {}, {}, {}
    for table, p in files.items():
        where[table] = f"文件“{p.name}”"
        if table in SHARED_TABLES:
            shared[table] = readers.named_frame(_read(p), table, names, where[table], p.name, notes)
            continue
        schema = pq.read_schema(p)
        columns = readers.map_header(list(schema.names), table, names, where[table], p.name, None, notes)
        picked = [schema.names[j] for j in columns.values()]
        files_read[table], canonical[table] = (str(p), picked), list(columns)
        if ids_only:
            keep = [c for c in columns if c in {"case_id", "act_id", TABLES[table].id_column}]
            picked, columns = [schema.names[columns[c]] for c in keep], dict.fromkeys(keep)
        arrow[table] = parquet_read(lambda: pq.read_table(p, columns=picked), p).rename_columns(list(columns))
    out = ChunkedInput(str(folder), _digest(list(files.values())), notes, arrow, shared, where, files=files_read,
                       columns=canonical)
    _assign(out, max(1, chunk_size))
    if ids_only:        # the id columns served the assignment; the chunks' processes read their own records
        for t in arrow:
            arrow[t] = arrow[t].select([])
    pa.default_memory_pool().release_unused()       # the lookups' hash tables (and the ids): give their pages back
    return out


def _read(p: Path) -> pd.DataFrame:
    try:
        return pd.read_parquet(p)
    except Exception as e:  # noqa: BLE001 - pyarrow raises many kinds
        raise InputError(f"无法读取 Parquet 文件（{type(e).__name__}: {e}）", file=p.name) from e


def parquet_read(read: Callable[[], pa.Table], p: Path) -> pa.Table:
    """`read()`, an unreadable file (e.g. a damaged page) reported as an InputError."""
    try:
        return read()
    except (OSError, pa.ArrowException) as e:
        raise InputError(f"无法读取 Parquet 文件（{type(e).__name__}: {e}）", file=p.name) from e


def _digest(files: list[Path]) -> str:
    """The same digest as readers._folder_digest, without holding a whole file in memory."""
    h = hashlib.sha256()
    for p in sorted(files, key=lambda p: p.name):
        h.update(p.name.encode() + b"\0")
        with open(p, "rb") as f:
            while block := f.read(1 << 22):
                h.update(block)
        h.update(b"\0")
    return h.hexdigest()


def _ids(arr: pa.Table, column: str) -> pa.Array:
    """The ids as text, stripped as str.strip() does; null where there is none."""
    if column not in arr.column_names:
        return pa.nulls(len(arr), pa.string())
    col = arr.column(column)
    if not (pa.types.is_string(col.type) or pa.types.is_large_string(col.type)):
        col = col.cast(pa.string())
    return pc.utf8_trim(col, PY_SPACE).combine_chunks()


def _by_runs(ids: pa.Array) -> tuple[pa.Array, np.ndarray | None]:
    """The ids once per run of equal neighbours and the runs' lengths, where runs are the rule (child records
    mostly come grouped by their case); else the ids themselves and None."""
    heads = _run_heads(ids)
    if len(heads) > len(ids) // 2:
        return ids, None
    return ids.take(pa.array(heads)), np.diff(np.r_[heads, len(ids)])


def _per_column(found: np.ndarray, runs: list[tuple[pa.Array, np.ndarray | None]]) -> list[np.ndarray]:
    """Codes found for the _by_runs values of several columns, back to each column's own records."""
    ends = np.cumsum([len(values) for values, _ in runs])
    return [codes if lengths is None else np.repeat(codes, lengths)
            for codes, (_, lengths) in zip(np.split(found, ends[:-1]), runs)]


def _run_heads(ids: pa.Array) -> np.ndarray:
    """Where each run of equal neighbouring ids starts (a missing id starts a run of its own)."""
    n = len(ids)
    if n < 2:
        return np.arange(n)
    differs = pc.fill_null(pc.not_equal(ids.slice(1), ids.slice(0, n - 1)), True)
    return np.flatnonzero(np.r_[True, differs.to_numpy(zero_copy_only=False)])


def _at(values: np.ndarray, codes: np.ndarray, missing) -> np.ndarray:
    """values[code] per code, `missing` where the code is -1."""
    out = np.full(len(codes), missing, dtype=values.dtype)
    out[codes >= 0] = values[codes[codes >= 0]]
    return out


def _first_of_each(codes: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Per code (0..n-1), the value at its first occurrence (codes < 0 are skipped)."""
    seen = codes >= 0
    out = np.zeros(n, dtype=np.int64)
    found, at = np.unique(codes[seen], return_index=True)
    out[found] = values[seen][at]
    return out


def _assign(ci: ChunkedInput, size: int) -> None:
    ci.chunk_size = size
    cases = _ids(ci.arrow["cases"], "case_id")
    children = [t for t in CASE_CHILDREN if t in ci.arrow]
    code, owners = _codes_with(cases, _each(lambda t: _ids(ci.arrow[t], "case_id"), children))
    ci.unplaced = _unplaced(ci, code, children, owners)
    chunk = np.arange(len(cases)) // size
    of_case = _first_of_each(code, chunk, int(code.max(initial=-1)) + 1)    # a repeated case id: its first copy's
    chunk = np.where(code >= 0, _at(of_case, code, 0), chunk).astype(np.int64)
    n = int(chunk.max()) + 1 if len(chunk) else 1
    assign = {"cases": chunk, **{t: _at(of_case, owner, 0) for t, owner in zip(children, owners)}}
    spans = [span for t, owner in zip(children, owners) if (owner < 0).any()
             for span in _follow_look_alikes(cases, chunk, _ids(ci.arrow[t], "case_id"), owner, assign[t])]
    starts = np.ones(n, dtype=bool)          # chunk k starts a new group of chunks
    for lo, hi in _links(ci, assign) + spans:
        starts[lo + 1:hi + 1] = False
    group = np.cumsum(starts) - 1
    ci.assign = {t: group[a] for t, a in assign.items()}
    ci.n_chunks = int(group[-1]) + 1


def _follow_look_alikes(cases: pa.Array, chunk: np.ndarray, ids: pa.Array, owner: np.ndarray,
                        mine: np.ndarray) -> list[tuple[int, int]]:
    """A child record of no case whose case id reads as a case's (“c5” for C5) goes to that case's chunk (into
    `mine`), as validation counts it against that case; returns the spans of chunks to review together where
    it reads as several cases'."""
    pos = np.flatnonzero(owner < 0)
    strays = ids.take(pa.array(pos)).to_numpy(zero_copy_only=False)
    alike = look_alikes(strays, cases)
    wanted = pa.array(sorted({one for found in alike.values() for one in found}), type=pa.string())
    rows = np.flatnonzero(pc.is_in(cases, value_set=wanted).to_numpy(zero_copy_only=False))
    chunk_of: dict[str, int] = {}
    for one, row in zip(cases.take(pa.array(rows)).to_pylist(), rows):
        chunk_of.setdefault(one, int(chunk[row]))          # a repeated case id: its first copy's chunk
    spans = []
    for p, stray in zip(pos, strays):
        if stray in alike:
            theirs = np.array([chunk_of[one] for one in alike[stray]])
            mine[p] = theirs.min()
            if theirs.max() != theirs.min():
                spans.append((int(theirs.min()), int(theirs.max())))
    return spans


def _unplaced(ci: ChunkedInput, code: np.ndarray, children: list[str], owners: list[np.ndarray]) -> dict[str, int]:
    """Per child table, the records whose case id is empty or unreadable, as validating them will find. Such a
    record may belong to any case, so every chunk must know how many there are, not only the one holding it.
    Candidates: records of no case, and records of a case whose id may itself be unreadable."""
    doubtful = np.zeros(int(code.max(initial=-1)) + 2, dtype=bool)     # per case code; the last: no case (-1)
    doubtful[-1] = True
    cases = ci.arrow["cases"]
    if "case_id" in cases.column_names:     # (a missing required column is refused once the chunks are read)
        doubtful[code[maybe_unreadable_ids(cases.column("case_id").combine_chunks()) & (code >= 0)]] = True
    out = {}
    for table, owner in zip(children, owners):
        pos = np.flatnonzero(doubtful[owner])
        if not len(pos) or "case_id" not in ci.arrow[table].column_names:
            continue
        raw = to_frame(rows_at(ci.arrow[table].select(["case_id"]), pos))["case_id"]
        if n := int(parse_column(raw, TABLES[table].column("case_id")).values.isna().sum()):
            out[table] = n
    return out


def _each(work: Callable, items: list) -> list:
    """`work(item)` for each item, in threads (Arrow's kernels let go of the GIL): the tables side by side."""
    with ThreadPoolExecutor(max(1, min(len(items), os.cpu_count() or 1))) as pool:
        return list(pool.map(work, items))


def _links(ci: ChunkedInput, assign: dict[str, np.ndarray]) -> list[tuple[int, int]]:
    """(first, last) chunk spans that must be reviewed together."""
    tables = [t for t in CASE_CHILDREN if t in ci.arrow and t != "acts"]
    work = [partial(_repeated_ids, ci, assign, t) for t in tables]
    if "acts" in ci.arrow:
        work.append(partial(_act_links, ci, assign))
    return [span for spans in _each(lambda w: w(), work) for span in spans]


def _repeated_ids(ci: ChunkedInput, assign: dict[str, np.ndarray], table: str) -> list[tuple[int, int]]:
    """The chunks holding records of one id of `table` (repeated ids are rejected together)."""
    ids = _ids(ci.arrow[table], TABLES[table].id_column)
    if _increasing(ids):
        return []
    return _spans_of_repeats(pc.fill_null(pc.dictionary_encode(ids).indices, -1).to_numpy(), assign[table])


def _spans_of_repeats(codes: np.ndarray, chunks: np.ndarray) -> list[tuple[int, int]]:
    """Per id (code, -1 for none) held by records in more than one chunk, the first and last of them."""
    valid = codes >= 0
    counts = np.bincount(codes[valid], minlength=1)
    dup = valid & (counts[np.maximum(codes, 0)] > 1)
    if not dup.any():
        return []
    g = pd.Series(chunks[dup]).groupby(codes[dup])
    return [(int(a), int(b)) for a, b in zip(g.min(), g.max()) if a != b]


def _increasing(ids: pa.Array) -> bool:
    """Every id there and greater than the one before, so none repeats: exports often list records in id
    order, and one pass over neighbours is many times cheaper than hashing millions of ids."""
    if ids.null_count or len(ids) < 2:
        return ids.null_count == 0
    return pc.all(pc.greater(ids.slice(1), ids.slice(0, len(ids) - 1))).as_py() is True


def _act_links(ci: ChunkedInput, assign: dict[str, np.ndarray]) -> list[tuple[int, int]]:
    """The chunks holding acts of one id, and those of a recording and of the act it records where they
    differ: one hash of the act ids serves both."""
    acts = _ids(ci.arrow["acts"], "act_id")
    recorded = _ids(ci.arrow["recordings"], "act_id") if "recordings" in ci.arrow else None
    increasing = _increasing(acts)
    if recorded is None and increasing:
        return []
    codes, found = _codes_with(acts, [] if recorded is None else [recorded])
    spans = [] if increasing else _spans_of_repeats(codes, assign["acts"])
    if recorded is None:
        return spans
    recorded_codes = found[0]
    act_chunk = np.full(int(codes.max(initial=-1)) + 1, np.iinfo(np.int64).max)
    np.minimum.at(act_chunk, codes[codes >= 0], assign["acts"][codes >= 0])
    mine, theirs = assign["recordings"], _at(act_chunk, recorded_codes, -1)
    cross = (recorded_codes >= 0) & (theirs != mine)
    return spans + [(int(min(a, b)), int(max(a, b))) for a, b in zip(theirs[cross], mine[cross])]


def _codes_with(ids: pa.Array, others: list[pa.Array]) -> tuple[np.ndarray, list[np.ndarray]]:
    """Each id's position among the distinct `ids` in first-seen order (-1 where missing), and per column of
    `others` each value's position among them (-1 where missing or not one of `ids`): one hash for all."""
    runs = [_by_runs(col if col.type == ids.type else col.cast(ids.type)) for col in others]
    codes = pc.fill_null(pc.dictionary_encode(pa.concat_arrays([ids, *(v for v, _ in runs)])).indices, -1).to_numpy()
    own, rest = codes[:len(ids)], codes[len(ids):]
    known = int(own.max(initial=-1)) + 1      # values first seen among the others have higher codes
    return own, _per_column(np.where(rest < known, rest, -1), runs)
