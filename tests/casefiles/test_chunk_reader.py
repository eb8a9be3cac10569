"""Chunks read by the parent process a batch at a time (casefiles.chunk_reader): each chunk gets exactly its
records in file order, whatever batches and row groups they fall in; each batch is decoded once and let go after
the last chunk that needs it; the file a worker gets holds only the chunk's rows and is gone once the worker has
taken it; and the raw tables rebuilt from them are the ones a worker reading the file itself gets
(chunks.read_chunk)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from casereview.casefiles.chunk_reader import ChunkReader, FileRecords, raw_chunk, taken, write_ipc
from casereview.casefiles.chunks import read_chunk, read_chunked
from casereview.casefiles.generate import generate_tables
from casereview.casefiles.writers import write_tables

GROUP = 4       # rows per row group of the test file: rows 0-3, 4-7, 8-11, 12-13


@pytest.fixture
def file(tmp_path):
    path = tmp_path / "文书.parquet"
    table = pa.table({"编号": [f"D{i:02d}" for i in range(14)], "x": list(range(14))})
    pq.write_table(table, path, row_group_size=GROUP)
    return str(path)


def _records(file: str, assign, batch_rows: int) -> FileRecords:
    return FileRecords(file, ["编号", "x"], ["doc_id", "x"], np.array(assign), batch_rows)


def _ids(table: pa.Table) -> list[str]:
    return table.column("doc_id").to_pylist()


def _kept(records: FileRecords) -> list[tuple[int, int, int]]:
    """(first row, rows, last chunk needing them) of each batch kept."""
    return [(start, batch.num_rows, last) for start, batch, last in records.kept]


def test_rows_in_order_a_batch_or_two_kept(file):
    #           rows: 0  1  2 | 3  4  5 | 6  7  8 | 9 10 11 | 12 13     (batches of 3, across row groups of 4)
    assign = [0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2]
    records = _records(file, assign, 3)
    assert _ids(records.rows(0, np.arange(0, 3))) == ["D00", "D01", "D02"]
    assert _kept(records) == []                            # batch 0-2 was chunk 0's alone
    assert _ids(records.rows(1, np.arange(3, 9))) == ["D03", "D04", "D05", "D06", "D07", "D08"]
    assert records.decoded == 9 and _kept(records) == []
    assert _ids(records.rows(2, np.arange(9, 14))) == ["D09", "D10", "D11", "D12", "D13"]
    assert records.decoded == 14 and _kept(records) == []


def test_a_batch_shared_by_two_chunks_is_kept_for_the_second(file):
    assign = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    records = _records(file, assign, 4)
    assert _ids(records.rows(0, np.arange(0, 5))) == ["D00", "D01", "D02", "D03", "D04"]
    assert _kept(records) == [(4, 4, 1)]                   # rows 5-7 are chunk 1's: decoded once, kept
    assert _ids(records.rows(1, np.arange(5, 14)))[:3] == ["D05", "D06", "D07"]
    assert records.decoded == 14 and _kept(records) == []


def test_scattered_records_and_batches_skipped(file):
    #           rows: 0  1  2  3 | 4  5  6  7 | 8  9 10 11 | 12 13     (batches of 4)
    assign = [0, 1, 0, 1, 2, 2, 2, 2, 0, 1, 0, 1, 1, 4]     # chunk 3 has none
    records = _records(file, assign, 4)
    assert _ids(records.rows(0, np.flatnonzero(np.array(assign) == 0))) == ["D00", "D02", "D08", "D10"]
    assert _kept(records) == [(0, 4, 1), (4, 4, 2), (8, 4, 1)]     # all needed later; 12-13 not read yet
    assert _ids(records.rows(1, np.flatnonzero(np.array(assign) == 1))) == ["D01", "D03", "D09", "D11", "D12"]
    assert _kept(records) == [(4, 4, 2), (12, 2, 4)]
    assert _ids(records.rows(2, np.arange(4, 8))) == ["D04", "D05", "D06", "D07"]
    empty = records.rows(3, np.array([], dtype=np.int64))
    assert empty.num_rows == 0 and empty.column_names == ["doc_id", "x"]
    assert _kept(records) == [(12, 2, 4)]
    assert records.rows(4, np.array([13])).to_pydict() == {"doc_id": ["D13"], "x": [13]}
    assert _kept(records) == [] and records.decoded == 14


def test_ipc_file_holds_only_the_slice_and_is_gone_once_taken(tmp_path):
    big = pa.table({"t": ["案卷" * 50] * 100_000, "n": list(range(100_000))})
    path = write_ipc(big.slice(50_000, 1_000), tmp_path / "one.arrow")
    assert (tmp_path / "one.arrow").stat().st_size < big.nbytes / 50
    table = taken(path)
    assert list(tmp_path.iterdir()) == []
    assert table.equals(big.slice(50_000, 1_000))       # the mapping is still there without the name
    assert table.column("n")[999].as_py() == 50_999 and table.column("t")[0].as_py() == "案卷" * 50


def test_raw_tables_as_a_worker_reading_itself(tmp_path):
    """A folder whose tables have row groups of 37 rows, cut into chunks of 40 cases: chunks span groups."""
    folder = tmp_path / "t"
    write_tables(generate_tables(120, seed=3)[0], folder, "parquet")
    for p in folder.glob("*.parquet"):
        pq.write_table(pq.read_table(p), p, row_group_size=37)
    ci = read_chunked(folder, 40, ids_only=True)
    handoff = tmp_path / "handoff"
    handoff.mkdir()
    reader = ChunkReader(ci, handoff)
    assert ci.n_chunks == 3
    for k in range(ci.n_chunks):
        spec, data = reader.read(k)
        assert sorted(p.name for p in handoff.iterdir()) == sorted(f"{k:06d}-{t}.arrow" for t in ci.arrow)
        mine, theirs = raw_chunk(spec, data), read_chunk(spec)
        assert list(handoff.iterdir()) == []
        assert sorted(mine) == sorted(theirs)
        for t in mine:
            pd.testing.assert_frame_equal(mine[t].frame, theirs[t].frame)
            assert np.array_equal(mine[t].rows, theirs[t].rows) and mine[t].where == theirs[t].where
    assert all(not records.kept for records in reader.tables.values())
