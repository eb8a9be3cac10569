"""Chunks read in the process that cut them and handed to worker processes as Arrow IPC files.

A worker reading its 50,000 cases itself (chunks.read_chunk) decodes whole Parquet row groups for them, and
exports hold a million rows a group: twenty times over per file. Here each file is decoded once, in order, a
batch at a time, each batch kept until the last chunk that needs it; a chunk's records go out as an IPC stream
of just their rows (a pickled slice would carry its batches' whole buffers), written to a file the worker maps
and removes: sent through the pool's pipe instead, 50 MB cost both processes about 0.15 CPU-s to pickle and
copy 64 KB at a time.
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from casereview.casefiles.chunks import ChunkedInput, ChunkSpec, parquet_read, rows_at, to_frame
from casereview.casefiles.readers import RawTable

BATCH_ROWS = 1 << 16     # records decoded at a time


class FileRecords:
    """One table's records decoded in file order a batch at a time, each batch kept until the last chunk that
    needs it (chunks are asked for in order): rows in order need a batch or two at a time, scattered ones keep
    what later chunks need, and no batch is decoded twice."""

    def __init__(self, path: str, columns: list[str], canonical: list[str], assign: np.ndarray,
                 batch_rows: int = BATCH_ROWS):
        self.path, self.columns, self.canonical, self.assign = Path(path), columns, canonical, assign
        self.file = pq.ParquetFile(path)
        self._batches = self.file.iter_batches(batch_rows, columns=columns)
        self.kept: list[tuple[int, pa.RecordBatch, int]] = []     # (first row, batch, last chunk needing it)
        self.decoded = 0            # rows decoded so far

    def rows(self, k: int, pos: np.ndarray) -> pa.Table:
        """The records at `pos` (ascending positions in the file) of chunk `k`, in that order."""
        if not len(pos):
            out = self.file.schema_arrow.empty_table().select(self.columns).rename_columns(self.canonical)
        else:
            while self.decoded <= pos[-1]:
                self._decode_next()
            starts = np.array([start for start, _, _ in self.kept], dtype=np.int64)
            which = np.searchsorted(starts, pos, side="right") - 1
            needed = np.unique(which)
            sizes = np.array([self.kept[b][1].num_rows for b in needed], dtype=np.int64)
            offset = np.zeros(len(starts), dtype=np.int64)      # where each needed batch starts in `joined`
            offset[needed] = np.r_[0, np.cumsum(sizes)[:-1]]
            joined = pa.Table.from_batches([self.kept[b][1] for b in needed]).rename_columns(self.canonical)
            out = rows_at(joined, pos - starts[which] + offset[which])
        self.kept = [kept for kept in self.kept if kept[2] > k]
        return out

    def _decode_next(self) -> None:
        batch = parquet_read(lambda: next(self._batches), self.path)
        lo, hi = self.decoded, self.decoded + batch.num_rows
        self.kept.append((lo, batch, int(self.assign[lo:hi].max()) if hi > lo else -1))
        self.decoded = hi


class ChunkReader:
    """Chunk after chunk (in order), its tables' records as IPC files in `folder` for the process that reviews
    it (raw_chunk takes them from there)."""

    def __init__(self, ci: ChunkedInput, folder: Path):
        self.ci, self.folder = ci, Path(folder)
        self.tables = {t: FileRecords(*ci.files[t], ci.columns[t], ci.assign[t]) for t in ci.arrow}

    def read(self, k: int) -> tuple[ChunkSpec, dict[str, str]]:
        """Chunk k's spec and, per table, the file holding its records."""
        spec = self.ci.spec(k)
        return spec, {t: write_ipc(records.rows(k, spec.rows[t]), self.folder / f"{k:06d}-{t}.arrow")
                      for t, records in self.tables.items()}


def write_ipc(table: pa.Table, path: Path) -> str:
    """The table written to `path` as an Arrow IPC stream: only the rows it holds, even when it is a slice of a
    larger one."""
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_stream(sink, table.schema) as out:
        out.write_table(table)
    return str(path)


def taken(path: str) -> pa.Table:
    """The table of an IPC file, memory-mapped (no copy), and the file removed: the mapping outlives its name."""
    with pa.memory_map(path) as source:
        table = pa.ipc.open_stream(source).read_all()
    os.unlink(path)
    return table


def raw_chunk(spec: ChunkSpec, data: dict[str, str]) -> dict[str, RawTable]:
    """The raw tables of a chunk read by ChunkReader (its files taken): what chunks.read_chunk gives for the
    same spec."""
    return {t: RawTable(t, to_frame(taken(path)), spec.rows[t] + 1, spec.where[t]) for t, path in data.items()}
