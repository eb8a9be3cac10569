"""Making text safe for people's tools: spreadsheet formula injection is neutralised."""
from __future__ import annotations

import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text cell starting with = + - @ (or tab/CR) gets a leading apostrophe so it stays text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


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
