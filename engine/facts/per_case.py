"""Collapsing child-table rows (acts, documents, reviews) to one value per case."""
from __future__ import annotations

import pandas as pd


def join_texts(s: pd.Series, by: pd.Series, sep: str = "、") -> pd.Series:
    """Join strings per group, keeping order."""
    return s.groupby(by, sort=False).agg(lambda x: sep.join(x))


def per_case(index: pd.Index, series: pd.Series, fill) -> pd.Series:
    """`series` (indexed by case id) on every case of `index`; `fill` for a case it lacks."""
    return series.reindex(index).fillna(fill) if len(series) else pd.Series(fill, index=index)
