"""A run folder's findings as findings.csv or findings.parquet: written, joined and opened whatever the format.

findings.parquet holds the cells of findings.csv (same columns and order, every column text, missing values
as ''), dictionary-encoded and zstd-compressed: read back, it is the CSV read as text.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from casereview.errors import InputError, UsageError
from casereview.reports.csv_file import CSV_ENCODING, append_csv, cell_table, write_csv
from casereview.reports.direct_file import DirectFile, copy_into

FORMATS = ("csv", "parquet")
FILES = {"csv": "findings.csv", "parquet": "findings.parquet"}
ROWS_PER_GROUP = 1 << 18     # rows per Parquet row group when parts are joined


def write_findings(frame: pd.DataFrame, folder: Path, findings_format: str) -> None:
    """The findings of a run as `folder`/findings.csv or findings.parquet."""
    if findings_format == "parquet":
        write_parquet(cell_table(frame), folder / FILES["parquet"])
    else:
        write_csv(frame, folder / FILES["csv"])


def parquet_writer(path: Path, schema: pa.Schema) -> pq.ParquetWriter:
    return pq.ParquetWriter(path, schema, compression="zstd", use_dictionary=True)


def write_parquet(table: pa.Table, path: Path) -> None:
    with parquet_writer(path, table.schema) as out:
        out.write_table(table, row_group_size=ROWS_PER_GROUP)


def join_parquet(target: Path, parts: list[Path], schema: pa.Schema) -> None:
    """One Parquet file from parts of the same columns, their rows in the order given."""
    with parquet_writer(target, schema) as out:
        batches, rows = [], 0
        for part in parts:
            for batch in pq.ParquetFile(part).iter_batches(batch_size=ROWS_PER_GROUP):
                batches.append(batch)
                rows += batch.num_rows
                if rows >= ROWS_PER_GROUP:
                    out.write_table(pa.Table.from_batches(batches, schema))
                    batches, rows = [], 0
        if batches or not parts:
            out.write_table(pa.Table.from_batches(batches, schema))


def findings_path(folder: Path) -> Path:
    """findings.csv or findings.parquet of a run folder (the CSV when neither is there, for the message)."""
    parquet = Path(folder) / FILES["parquet"]
    return parquet if parquet.is_file() else Path(folder) / FILES["csv"]


def read_findings(folder: Path, columns: list[str] | None = None) -> pd.DataFrame:
    """The findings of a run folder as text, '' for missing values, whatever the format (as pandas reads the CSV
    with dtype=str and keep_default_na=False)."""
    path = findings_path(folder)
    if not path.is_file():
        raise UsageError(f"评查结果目录缺少文件：{path}")
    try:
        if path.suffix == ".parquet":
            return pq.read_table(path, columns=columns).to_pandas()
        return pd.read_csv(path, usecols=columns, dtype=str, keep_default_na=False, encoding=CSV_ENCODING)
    except (ValueError, UnicodeDecodeError, pa.ArrowException) as e:     # parser errors are ValueErrors
        raise InputError(f"评查结果文件 {path} 无法读取：{type(e).__name__}: {str(e).strip()[:200]}") from None


class FindingsPart:
    """A part of the findings appended to, rows in the order written: CSV lines without header or BOM, LZ4-framed
    (a chunk's 300 MB of lines written as about 17 MB: the page cache and the disk see an eighteenth, and
    copy_part unpacks them at several GB/s), or Parquet row groups. The parts are joined into the run's findings file at
    the end."""

    def __init__(self, stem: Path, findings_format: str):
        packed = findings_format == "csv" and PACKED
        self.path = Path(f"{stem}.{findings_format}{PACKED_SUFFIX if packed else ''}")
        self.format, self._packed = findings_format, packed
        self._out = None

    def write(self, rows: pd.DataFrame) -> None:
        if self.format == "parquet":
            table = cell_table(rows)
            self._out = self._out or parquet_writer(self.path, table.schema)
            self._out.write_table(table)
        else:
            if self._out is None:
                self._out = pa.CompressedOutputStream(str(self.path), "lz4") if self._packed else open(self.path, "ab")
            append_csv(rows, self._out, header=False)

    def close(self) -> None:
        if self._out is not None:
            self._out.close()


PACKED = pa.Codec.is_available("lz4")
PACKED_SUFFIX = ".lz4"


def copy_part(out: DirectFile, path: Path) -> None:
    """A CSV part's bytes appended to `out`, unpacked if it is LZ4-framed."""
    if path.suffix != PACKED_SUFFIX:
        copy_into(out, path)
        return
    with pa.CompressedInputStream(pa.OSFile(str(path)), "lz4") as src:
        while n := src.readinto(out.space()):
            out.filled(n)
