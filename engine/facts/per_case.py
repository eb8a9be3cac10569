"""Collapsing child-table rows (acts, documents, reviews) to one value per case, by integer case codes."""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from casereview.casefiles.lookup import positions


def case_codes(idx: pd.Index, case_ids) -> np.ndarray:
    """Per child row: its case's position in `idx` (the kept cases, unique ids); -1 for none of them."""
    return positions(case_ids, idx)


def count_per_case(codes: np.ndarray, n: int, mask: np.ndarray | None = None) -> np.ndarray:
    """Per case: how many of its rows hold `mask` (all its rows without one), as float."""
    keep = codes >= 0 if mask is None else (codes >= 0) & np.asarray(mask, dtype=bool)
    return np.bincount(codes[keep], minlength=n).astype(np.float64)


def join_per_case(idx: pd.Index, codes: np.ndarray, texts, sep: str = "、") -> pd.Series:
    """Per case (`idx`): its rows' texts joined in row order; null for a case without any.
    All null (as the old groupby gave) when there are no rows at all."""
    if not len(codes):
        return pd.Series(None, index=idx)
    return pd.Series(_joined(len(idx), codes, texts, sep), index=idx, dtype="str")


def _joined(n: int, codes: np.ndarray, texts, sep: str) -> np.ndarray:
    """join_per_case's texts as an object array of n (None for a case without rows)."""
    keep = codes >= 0
    order = np.argsort(codes[keep], kind="stable")
    case, text = codes[keep][order], np.asarray(texts, dtype=object)[keep][order]
    out = np.full(n, None, dtype=object)
    if len(case):
        starts = np.flatnonzero(np.r_[True, case[1:] != case[:-1]])
        text[1:] = sep + text[1:]                  # str concatenation in C, then summed per case
        text[starts] = np.asarray(texts, dtype=object)[keep][order][starts]
        out[case[starts]] = np.add.reduceat(text, starts)
    return out


def as_text(values) -> np.ndarray:
    """Values as texts (str(); null stays null), as an object array for concatenating."""
    return pd.Series(np.asarray(values, dtype=object), dtype=object).astype(str).to_numpy(dtype=object)


def list_items(lists: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Every item of a list column (tuples; null for none) with its row's position, in row order, missing
    items left out (as explode().dropna() gives them, without pandas building a Series per step)."""
    values = lists.to_numpy(dtype=object)
    seqs = values if set(map(type, values)) <= {tuple} else \
        [v if isinstance(v, (tuple, list, np.ndarray)) else (v,) for v in values]    # others: one item each
    lengths = np.fromiter(map(len, seqs), dtype=np.int64, count=len(seqs))
    items = np.fromiter(itertools.chain.from_iterable(seqs), dtype=object, count=int(lengths.sum()))
    present = ~pd.isna(items)
    return np.repeat(np.arange(len(seqs)), lengths)[present], items[present]


def join_lists(lists: pd.Series, sep: str = "、", keep=None) -> np.ndarray:
    """Per row of a list column (tuples of texts; null for none): its items (those in `keep`) joined,
    NaN where there are none."""
    rows, items = list_items(lists)
    if keep is not None:
        kept = pd.Series(items, dtype=object).isin(list(keep)).to_numpy()
        rows, items = rows[kept], items[kept]
    joined = _joined(len(lists), rows, items, sep)
    joined[pd.isna(joined)] = np.nan
    return joined
