"""Child rows to their case's position, looked up once per run of equal neighbours: the same positions as
one lookup per row, with missing ids and ids of no case giving -1 (worked by hand)."""
from __future__ import annotations

import numpy as np
import pyarrow as pa

from casereview.casefiles.chunks import _codes, _codes_of_each, _distinct


def test_grouped_ids_with_gaps_and_strangers():
    known = pa.array(["A", "B", "C"])
    ids = pa.array(["A", "A", "A", None, None, "C", "C", "X", "X", "B", "B", "B", "A"])
    assert _codes(ids, known).tolist() == [0, 0, 0, -1, -1, 2, 2, -1, -1, 1, 1, 1, 0]


def test_shuffled_ids_take_one_lookup_per_row():
    known = pa.array(["A", "B"])
    ids = pa.array(["B", "A", "B", None, "Z"])
    assert _codes(ids, known).tolist() == [1, 0, 1, -1, -1]


def test_one_and_no_rows():
    known = pa.array(["A"])
    assert _codes(pa.array(["A"]), known).tolist() == [0]
    assert _codes(pa.array([], pa.string()), known).tolist() == []
    assert np.asarray(_codes(pa.array([None], pa.string()), known)).tolist() == [-1]


def test_several_tables_with_one_lookup_table():
    known = pa.array(["A", "B", "C"])
    grouped = pa.array(["A", "A", "B", "B", "B", "C"])
    shuffled = pa.array(["C", "A", "Q"], pa.large_string())         # a wider text type than the cases'
    codes = _codes_of_each([grouped, pa.array([], pa.string()), shuffled], known)
    assert [c.tolist() for c in codes] == [[0, 0, 1, 1, 1, 2], [], [2, 0, -1]]
    assert _codes_of_each([], known) == []


def test_distinct_ids_increasing_or_not():
    ids, code = _distinct(pa.array(["C1", "C2", "C3"]))
    assert ids.to_pylist() == ["C1", "C2", "C3"] and code.tolist() == [0, 1, 2]
    ids, code = _distinct(pa.array(["C2", "C1", "C2", None]))       # first seen order, a repeat, a gap
    assert ids.to_pylist() == ["C2", "C1"] and code.tolist() == [0, 1, 0, -1]
