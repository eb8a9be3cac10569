"""Making text safe for people's tools: spreadsheet formula injection is neutralised."""
from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_PATTERN = "^[=+\\-@\t\r]"      # the same starts, for pyarrow.compute


def neutralise(value):
    """A text cell starting with = + - @ (or tab/CR) gets a leading apostrophe so it stays text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def neutralise_text(text: pa.Array) -> pa.Array:
    """`neutralise` on a whole Arrow text column at once (nulls stay null)."""
    risky = pc.match_substring_regex(text, _FORMULA_PATTERN)
    if not pc.any(risky).as_py():
        return text
    return pc.if_else(risky, pc.binary_join_element_wise(pa.scalar("'", text.type), text, pa.scalar("", text.type)), text)


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Text columns neutralised (vectorized); numbers, dates and booleans untouched."""
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
