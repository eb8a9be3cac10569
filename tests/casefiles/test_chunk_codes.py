"""Child rows to their case's position, looked up once per run of equal neighbours: the same positions as
one lookup per row, with missing ids and ids of no case giving -1 (worked by hand)."""
from __future__ import annotations

import numpy as np
import pyarrow as pa

from casereview.casefiles.chunks import _codes


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
