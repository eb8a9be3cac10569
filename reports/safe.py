"""Making text safe for people's tools: spreadsheet formula injection is neutralised."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text cell starting with = + - @ (or tab/CR) gets a leading apostrophe so it stays text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def neutralise_text(text: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """`neutralise` on a whole Arrow text column at once (nulls stay null)."""
    if isinstance(text, pa.ChunkedArray):
        return pa.chunked_array([neutralise_text(c) for c in text.chunks], text.type)
    risky = starts_with_any(text, _FORMULA_START)
    if not risky.any():
        return text
    apostrophe, nothing = pa.scalar("'", text.type), pa.scalar("", text.type)
    return pc.if_else(pa.array(risky), pc.binary_join_element_wise(apostrophe, text, nothing), text)


def starts_with_any(text: pa.Array, chars: tuple[str, ...]) -> np.ndarray:
    """Which values start with one of the (ASCII) `chars`: read from the first byte of each value."""
    offsets, data = text_buffers(text)
    starts = offsets[:-1]
    filled = offsets[1:] > starts
    first = data[np.minimum(starts, max(len(data) - 1, 0))] if len(data) else np.zeros(len(starts), np.uint8)
    return filled & _byte_table(chars)[first]


def contains_any(text: pa.Array, chars: tuple[str, ...]) -> np.ndarray:
    """Which values hold one of the (ASCII) `chars`: found in the values' bytes, then mapped to their rows.
    An ASCII byte never occurs inside another UTF-8 character, so each char is looked for as one byte."""
    offsets, data = text_buffers(text)
    values = data[offsets[0]:offsets[-1]]
    whole = values.tobytes()
    found = np.zeros(len(text), dtype=bool)
    for char in chars:
        hits = _byte_positions(values, whole, ord(char)) + offsets[0]
        found[np.searchsorted(offsets, hits, side="right") - 1] = True
    return found


FEW_HITS = 4096     # up to this many, a byte's positions are found one by one with bytes.find (memchr)


def _byte_positions(values: np.ndarray, whole: bytes, byte: int) -> np.ndarray:
    """Where `byte` occurs in `values` (`whole`: the same bytes). bytes.find runs at memchr speed, so a byte
    that is not there, as a comma or line break mostly is not, costs one fast pass; past FEW_HITS
    occurrences numpy finds them all."""
    needle, found = bytes([byte]), []
    at = whole.find(needle)
    while at >= 0:
        if len(found) == FEW_HITS:
            return np.flatnonzero(values == byte)
        found.append(at)
        at = whole.find(needle, at + 1)
    return np.array(found, dtype=np.int64)


def text_buffers(text: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The value offsets (one past the last value too) and the bytes of a large_string array."""
    _, offsets, data = text.buffers()
    offsets = np.frombuffer(offsets, dtype=np.int64, count=len(text) + 1, offset=8 * text.offset)
    return offsets, (np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8))


def _byte_table(chars: tuple[str, ...]) -> np.ndarray:
    table = np.zeros(256, dtype=bool)
    table[[ord(c) for c in chars]] = True
    return table


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Text columns neutralised (vectorized), only the text of a column of mixed values; numbers, dates and
    booleans untouched."""
    out = {}
    for col in df.columns:
        s = df[col]
        if s.dtype == object or pd.api.types.is_string_dtype(s):
            risky = _formula_rows(s)
            if risky.any():
                s = s.copy()
                s[risky] = "'" + s[risky].astype(str)
        out[col] = s
    return pd.DataFrame(out, index=df.index)


def _formula_rows(s: pd.Series) -> np.ndarray:
    """Which values of a text (or mixed) column are text starting with a formula character."""
    if s.dtype != object:
        text = pa.array(s, pa.large_string(), from_pandas=True)
        text = text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text
        return starts_with_any(text, _FORMULA_START)
    if pd.api.types.infer_dtype(s, skipna=True) not in ("string", "mixed", "mixed-integer"):
        return np.zeros(len(s), dtype=bool)       # no text at all (numbers, dates, nothing)
    return s.str.startswith(_FORMULA_START, na=False).to_numpy(dtype=bool)
