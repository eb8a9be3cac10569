"""The parsers give what the per-value parsers before them gave, on hostile cells, as Python objects and
as the Arrow-backed columns a Parquet file is read into."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.casefiles import values_oracle as old
from tests.properties.profile import PROFILE

from casereview.casefiles import values as new
from casereview.casefiles.chunks import to_frame
from casereview.engine.model.schema import BOOL, DATE, DATETIME, ENUM, INT, LIST, NUMBER, TEXT, Column

ODD = " \t\n\u3000\xa0\ufeff\u200b\x00\x01\x1f\x7f;；,，、|eE.+-:/年月日元¥￥0123456789０１２٣²TtYyNn是否√×"
TEXTS = st.one_of(
    st.text(alphabet=ODD, max_size=12),
    st.sampled_from(["2024-03-05", "2024/3/5 14:30", "20240305", "2024年3月5日", "２０２４－０３－０５",
                     "2024-02-30", "2024-03-05 25:00", "1899-12-31", "2300-01-01", "45356", "1,000", "5,000.00元",
                     "￥5,000", "1e5", "3.501E+17", "-0", "007", "1.5", "是", "ＴＲＵＥ", "a；b、 c", " x , ,y ",
                     "x" * 32768, "A1", "S1", "S2", "Ｓ１", "2024-03-05T14:30:59.5"]),
    st.text(max_size=6))
CELLS = st.one_of(
    st.none(), TEXTS, st.integers(-10**17, 10**17), st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([0.0, 1.0, 45356.0, 20240305.0, 1e16, 3.5]),
    st.dates(dt.date(1800, 1, 1), dt.date(2400, 1, 1)), st.datetimes(dt.datetime(1850, 1, 1), dt.datetime(2300, 1, 1)),
    st.lists(st.one_of(st.none(), TEXTS, st.integers(0, 10**16), st.floats(allow_nan=True)), max_size=4),
    st.lists(TEXTS, max_size=3).map(tuple), st.just(object()),
    st.builds(new.Unreadable, st.just("#REF!"), st.just("单元格 A1 是错误值 #REF!")))
COLUMNS = [Column("case_id", "案件编号", TEXT), Column("party_name", "当事人", TEXT),
           Column("stage", "环节", ENUM, choices=("S1", "S2")), Column("is_hearing", "是否听证", BOOL),
           Column("fine_amount", "罚款金额", NUMBER, minimum=0), Column("extension_days", "延长天数", INT, minimum=0),
           Column("handler_ids", "承办人", LIST), Column("filing_date", "立案日期", DATE),
           Column("start_time", "开始时间", DATETIME)]


def same(got: new.Parsed, want: old.Parsed) -> None:
    pd.testing.assert_series_equal(got.values, want.values)
    pd.testing.assert_series_equal(got.errors, want.errors)
    if want.has_time is None:
        assert got.has_time is None
    else:
        pd.testing.assert_series_equal(got.has_time, want.has_time)


def outcome(parse, raw: pd.Series, column: Column):
    """The parse result, or the kind of error it stopped with (the old parsers crash on a few values)."""
    try:
        return parse(raw, column)
    except (TypeError, ValueError, OverflowError) as e:
        return type(e)


def compare(got_raw: pd.Series, want_raw: pd.Series, column: Column) -> None:
    got, want = outcome(new.parse_column, got_raw, column), outcome(old.parse_column, want_raw, column)
    if isinstance(want, type):      # the old parser stopped the whole run (a huge integer): the new one rejects
        assert not isinstance(got, type), got
        assert got.errors.notna().any()
    else:
        same(got, huge_ints_rejected(want) if column.kind == INT else want)


def huge_ints_rejected(p: old.Parsed) -> old.Parsed:
    """The one change from the old parsers: an integer of 15 digits or more is rejected, not passed on."""
    huge = p.values.notna() & (p.values.abs() >= 10 ** 15)
    values, errors = p.values.copy(), p.errors.copy()
    values[huge], errors[huge] = pd.NA, "数值过大（15 位以上），不是可用的整数"
    return old.Parsed(values, errors, p.has_time)


def check(cells: list, column: Column) -> None:
    raw = pd.Series(cells, dtype=object, index=pd.RangeIndex(len(cells)) + 3)
    compare(raw, raw, column)


@settings(settings.get_profile(PROFILE), max_examples=200)
@given(st.lists(CELLS, max_size=12), st.sampled_from(COLUMNS))
def test_object_cells_parse_as_before(cells, column):
    check(cells, column)


@settings(settings.get_profile(PROFILE), max_examples=200)
@given(st.lists(st.one_of(st.none(), TEXTS), max_size=12), st.sampled_from(COLUMNS))
def test_arrow_text_parses_as_before(cells, column):
    """A Parquet string column arrives Arrow-backed: the same results as the same texts as objects."""
    arrow = to_frame(pa.table({"x": pa.array(cells, type=pa.string())}))["x"]
    compare(arrow, pd.Series(cells, dtype=object), column)


TYPED = [(pa.list_(pa.string()), st.one_of(st.none(), st.lists(st.one_of(st.none(), TEXTS), max_size=4))),
         (pa.date32(), st.one_of(st.none(), st.dates(dt.date(1800, 1, 1), dt.date(2400, 1, 1)))),
         (pa.bool_(), st.one_of(st.none(), st.booleans())),
         (pa.int64(), st.one_of(st.none(), st.integers(-10**17, 10**17))),
         (pa.float64(), st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)))]


@settings(settings.get_profile(PROFILE), max_examples=200)
@given(st.sampled_from(TYPED).flatmap(lambda t: st.tuples(st.just(t[0]), st.lists(t[1], max_size=10))),
       st.sampled_from(COLUMNS))
def test_typed_parquet_columns_parse_as_before(typed, column):
    """Typed Parquet columns (as the chunk reader gives them) parse as the old reader's values did."""
    kind, cells = typed
    table = pa.table({"x": pa.array(cells, type=kind)})
    compare(to_frame(table)["x"], table.to_pandas()["x"], column)


@pytest.mark.parametrize("column", COLUMNS, ids=lambda c: c.name)
def test_empty_columns_parse_as_before(column):
    check([], column)


@settings(settings.get_profile(PROFILE), max_examples=200)
@given(st.sampled_from([(pa.string(), st.one_of(st.none(), TEXTS)), (pa.float64(), st.floats(allow_nan=True)),
                        (pa.int64(), st.integers(-10**17, 10**17))])
       .flatmap(lambda t: st.tuples(st.just(t[0]), st.lists(st.one_of(st.none(), t[1]), max_size=12))))
def test_maybe_unreadable_ids_names_every_id_the_parser_cannot_read(typed):
    """The chunked reader counts records of no readable case from this scan: a superset of the parser's."""
    kind, cells = typed
    ids = pa.array(cells, type=kind)
    unread = new.parse_column(to_frame(pa.table({"x": ids}))["x"], COLUMNS[0]).values.isna().to_numpy()
    assert not (unread & ~new.maybe_unreadable_ids(ids)).any()
