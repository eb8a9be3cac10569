"""Ids to their position among the distinct ids of a table (first-seen order), and other tables' ids to the same
positions, with one hash for all; child rows are looked up once per run of equal neighbours, with the same
positions as one lookup per row; missing ids and ids of no case give -1 (worked by hand)."""
from __future__ import annotations

import pyarrow as pa

from casereview.casefiles.chunks import _codes_with

CASES = pa.array(["A", "B", "C"])


def _children(ids: pa.Array) -> list[int]:
    return _codes_with(CASES, [ids])[1][0].tolist()


def test_grouped_ids_with_gaps_and_strangers():
    ids = pa.array(["A", "A", "A", None, None, "C", "C", "X", "X", "B", "B", "B", "A"])
    assert _children(ids) == [0, 0, 0, -1, -1, 2, 2, -1, -1, 1, 1, 1, 0]


def test_shuffled_ids_take_one_lookup_per_row():
    assert _children(pa.array(["B", "A", "B", None, "Z"])) == [1, 0, 1, -1, -1]


def test_one_and_no_rows():
    assert _children(pa.array(["A"])) == [0]
    assert _children(pa.array([], pa.string())) == []
    assert _children(pa.array([None], pa.string())) == [-1]


def test_several_tables_with_one_hash():
    grouped = pa.array(["A", "A", "B", "B", "B", "C"])
    shuffled = pa.array(["C", "A", "Q"], pa.large_string())         # a wider text type than the cases'
    own, codes = _codes_with(CASES, [grouped, pa.array([], pa.string()), shuffled])
    assert own.tolist() == [0, 1, 2]
    assert [c.tolist() for c in codes] == [[0, 0, 1, 1, 1, 2], [], [2, 0, -1]]
    assert _codes_with(CASES, [])[1] == []


def test_own_ids_in_first_seen_order_repeats_and_gaps():
    own, (others,) = _codes_with(pa.array(["C2", "C1", "C2", None]), [pa.array(["C1", "C3", "C2"])])
    assert own.tolist() == [0, 1, 0, -1]
    assert others.tolist() == [1, -1, 0]        # C3 is first seen among the others: not one of the ids
