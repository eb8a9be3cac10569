"""The columnar CSV writer gives, byte for byte, what pandas' to_csv gave after the per-cell neutralising: on
hostile text (quotes, commas, CR/LF, formula starts, empty, missing, CJK, emoji) and every column kind the
run folder writes."""
from __future__ import annotations

import io

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from casereview.reports.csv_file import BOM, append_csv, cell_table, write_csv
from tests.properties.profile import PROFILE

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _old_neutralise(df: pd.DataFrame) -> pd.DataFrame:
    """The oracle: the per-cell neutralising the run folder used before the columnar writer."""
    out = {}
    for col in df.columns:
        s = df[col]
        if s.dtype == object or pd.api.types.is_string_dtype(s):
            text = s.map(lambda v: v if isinstance(v, str) else None) if s.dtype == object else s
            risky = text.astype("string").str.startswith(_FORMULA_START, na=False).to_numpy(dtype=bool)
            if risky.any():
                s = s.copy()
                s[risky] = "'" + s[risky].astype(str)
        out[col] = s
    return pd.DataFrame(out, index=df.index)


def _old_csv(frame: pd.DataFrame, header: bool = True) -> bytes:
    buf = io.StringIO()
    _old_neutralise(frame).to_csv(buf, index=False, header=header, lineterminator="\n", float_format="%.10g")
    return buf.getvalue().encode("utf-8")


def _new_csv(frame: pd.DataFrame, header: bool = True) -> bytes:
    buf = io.BytesIO()
    append_csv(frame, buf, header)
    return buf.getvalue()


HOSTILE = st.sampled_from(['"', ",", "\r", "\n", "\r\n", "=", "+", "-", "@", "\t", "'", " ", "中文", "评查",
                           "😀", "👍🏽", "a", "1", "-1", "=SUM(A1)", '""', "é"])
TEXT = st.lists(HOSTILE, max_size=5).map("".join) | st.text(max_size=8)
CELL = st.none() | TEXT
FLOAT = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([0.0, -0.0, 0.1, 1 / 3, 2.5, -5.0, 1e20])


@st.composite
def frames(draw) -> pd.DataFrame:
    """Up to 5 columns of the kinds run-folder tables hold, 0-12 rows."""
    n = draw(st.integers(0, 12))
    kinds = draw(st.lists(st.sampled_from(["str", "object", "mixed", "float", "bool", "int", "Int64"]),
                          min_size=1, max_size=5))
    data = {}
    for j, kind in enumerate(kinds):
        name = draw(st.sampled_from([f"c{j}", f"=c{j}", f"c,{j}", f'"c{j}"', f"列{j}"]))
        if kind in ("str", "object"):
            data[name] = pd.Series(draw(st.lists(CELL, min_size=n, max_size=n)), dtype=kind)
        elif kind == "mixed":      # rejects' row numbers beside text
            data[name] = pd.Series(draw(st.lists(CELL | st.integers(-10, 10) | FLOAT, min_size=n, max_size=n)),
                                   dtype=object)
        elif kind == "float":
            data[name] = pd.Series(draw(st.lists(FLOAT, min_size=n, max_size=n)), dtype=np.float64)
        elif kind == "bool":
            data[name] = pd.Series(draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool)
        elif kind == "int":
            data[name] = pd.Series(draw(st.lists(st.integers(-2**62, 2**62), min_size=n, max_size=n)), dtype=np.int64)
        else:
            data[name] = pd.Series(draw(st.lists(st.none() | st.integers(-99, 99), min_size=n, max_size=n)),
                                   dtype="Int64")
    return pd.DataFrame(data)


@settings(settings.get_profile(PROFILE))
@given(frames(), st.booleans())
def test_bytes_are_to_csvs(frame, header):
    assert _new_csv(frame, header) == _old_csv(frame, header)


def test_hostile_cells_by_hand(tmp_path):
    """Worked by hand: quotes doubled inside quotes, commas and LF quoted, formula starts get an apostrophe,
    missing values empty, numbers as %.10g, the BOM once at the head of the file."""
    frame = pd.DataFrame({
        "text": pd.Series(['他说"好"', "a,b", "x\ny", "=1+1", None, "中文😀"], dtype="str"),
        "deduction": [0.5, np.nan, -0.0, 1 / 3, 2.0, 1e20],
        "veto": [True, False, True, False, True, False],
    })
    write_csv(frame, tmp_path / "t.csv")
    assert (tmp_path / "t.csv").read_bytes() == BOM + (
        'text,deduction,veto\n"他说""好""",0.5,True\n"a,b",,False\n"x\ny",-0,True\n'
        "'=1+1,0.3333333333,False\n,2,True\n中文😀,1e+20,False\n").encode("utf-8")


def test_one_column_empty_cell_is_quoted():
    """A line holding one empty field is written "" (a blank line would be no row at all)."""
    assert _new_csv(pd.DataFrame({"a": ["", None, "x"]})) == b'a\n""\n""\nx\n'


def test_cell_table_is_the_csv_cells():
    """The text Parquet stores: the CSV's cells before quoting, '' for missing."""
    frame = pd.DataFrame({"t": pd.Series(["a,b", None, "-x"], dtype=object), "n": [1.5, np.nan, 2.0]})
    table = cell_table(frame)
    assert table.column_names == ["t", "n"]
    assert table.column("t").to_pylist() == ["a,b", "", "'-x"]
    assert table.column("n").to_pylist() == ["1.5", "", "2"]


ARROW_TEXT = pd.StringDtype("pyarrow", na_value=np.nan)     # the findings' text columns (engine.model.render)


@st.composite
def long_runs(draw) -> pd.DataFrame:
    """A rule's run of findings: Arrow text columns mostly one value throughout (hostile ones too), some with
    one odd cell or a missing one somewhere, long enough for the writer to format a lone value once."""
    n = draw(st.integers(60, 200))
    data = {}
    for j in range(draw(st.integers(1, 4))):
        cells = [draw(TEXT)] * n
        odd = draw(st.sampled_from(["none", "other", "missing"]))
        if odd != "none":
            cells[draw(st.integers(0, n - 1))] = None if odd == "missing" else draw(TEXT)
        data[f"c{j}"] = pd.Series(cells, dtype=ARROW_TEXT)
    if draw(st.booleans()):
        data["n"] = np.arange(n, dtype=np.int64)
    return pd.DataFrame(data)


@settings(settings.get_profile(PROFILE))
@given(long_runs(), st.booleans())
def test_one_value_columns_are_to_csvs(frame, header):
    assert _new_csv(frame, header) == _old_csv(frame, header)


def test_many_quoted_cells_in_a_sliced_column():
    """More cells needing quotes than the byte search takes one by one, in a slice of a bigger column."""
    cells = [f"a,{i}" if i % 3 == 0 else (f'q"{i}' if i % 3 == 1 else f"z{i}") for i in range(30_000)]
    frame = pd.DataFrame({"t": pd.Series(cells, dtype=ARROW_TEXT), "k": np.arange(30_000)}).iloc[7:20_007]
    assert _new_csv(frame) == _old_csv(frame)
