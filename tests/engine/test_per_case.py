"""Per-case collapsing of child rows by integer case codes (engine/facts/per_case.py, coverage pairs)."""
import numpy as np
import pandas as pd

from casereview.engine.facts.acts import _max_gaps, _same_case_pairs
from casereview.engine.facts.per_case import case_codes, count_per_case, join_lists, join_per_case, list_items

IDX = pd.Index(["C1", "C2", "C3"], name="case_id")


def test_case_codes_place_rows_and_mark_strangers():
    assert case_codes(IDX, pd.Series(["C3", "X", "C1", None])).tolist() == [2, -1, 0, -1]


def test_counts_per_case_skip_strangers_and_honour_the_mask():
    codes = np.array([0, 0, 2, -1, 2])
    assert count_per_case(codes, 3).tolist() == [2.0, 0.0, 2.0]
    assert count_per_case(codes, 3, np.array([True, False, True, True, False])).tolist() == [1.0, 0.0, 1.0]


def test_texts_joined_in_row_order_null_where_none():
    out = join_per_case(IDX, np.array([2, 0, 2, -1]), ["b", "a", "c", "x"])
    assert out["C1"] == "a" and out["C3"] == "b、c" and pd.isna(out["C2"])


def test_no_rows_at_all_is_all_null():
    assert join_per_case(IDX, np.array([], dtype=int), []).isna().all()


def test_list_columns_joined_per_row_filtered_by_keep():
    lists = pd.Series([("警告", "罚款"), None, (), ("罚款",)], dtype=object)
    out = join_lists(lists)
    assert out[0] == "警告、罚款" and out[3] == "罚款" and pd.isna(out[1]) and pd.isna(out[2])
    kept = join_lists(lists, keep={"罚款"})
    assert kept[0] == "罚款" and pd.isna(kept[1])


def test_list_items_in_row_order_with_their_rows_missing_ones_left_out():
    lists = pd.Series([("A", "B"), None, (), ("C", None, "A"), ["D"]], index=[7, 8, 9, 10, 11], dtype=object)
    rows, items = list_items(lists)
    assert rows.tolist() == [0, 0, 3, 3, 4]          # positions, not the labels 7…11
    assert items.tolist() == ["A", "B", "C", "A", "D"] and items.dtype == object
    rows, items = list_items(pd.Series([None, ()], dtype=object))
    assert rows.tolist() == [] and items.tolist() == []


def test_same_case_pairs_keep_both_orders():
    acts, recs = _same_case_pairs(pd.Series(["C1", "C2", "C1"]), pd.Series(["C1", "C3", "C1"]))
    assert list(zip(acts.tolist(), recs.tolist())) == [(0, 0), (0, 2), (2, 0), (2, 2)]


def test_max_gap_is_the_largest_uncovered_stretch():
    s = 1_000_000_000
    # act 0 runs 0..100 s; recordings 10..40 and 30..60 s: gaps 10 s (start), 40 s (end)
    # act 1 runs 0..50 s; one recording 0..50 s: no gap
    acts, gaps = _max_gaps(np.array([0, 0, 1]), np.array([30, 10, 0]) * s, np.array([60, 40, 50]) * s,
                           np.array([0, 0]) * s, np.array([100, 50]) * s)
    assert acts.tolist() == [0, 1] and gaps.tolist() == [40.0, 0.0]


def test_joined_lists_use_the_separator_asked_and_nan_for_none():
    lists = pd.Series([("警告", "罚款", "没收"), ("罚款",), None], dtype=object)
    out = join_lists(lists, sep="；")
    assert out.dtype == object and out[0] == "警告；罚款；没收" and out[1] == "罚款"
    assert isinstance(out[2], float) and np.isnan(out[2])
    none_kept = join_lists(lists, keep={"责令改正"})
    assert all(isinstance(v, float) and np.isnan(v) for v in none_kept)
