"""One Arrow hash lookup of values in a column: child rows to their cases, checks over every finding row."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from casereview.casefiles.values import INNER_SPACE

TEXT = pa.large_string()


def positions(values, among) -> np.ndarray:
    """Where each of `values` occurs in `among`, -1 where it does not (a position only when `among` has no
    repeats, else just found or not): one hash lookup on the columns as Arrow holds them, pandas' when they
    do not convert (mixed types read back)."""
    if not len(values):
        return np.empty(0, dtype=np.int64)
    try:
        keys, sought = as_arrow(among), as_arrow(values)
        if pa.types.is_null(keys.type) or pa.types.is_null(sought.type):       # all missing: any type will do
            keys, sought = (keys.cast(sought.type), sought) if pa.types.is_null(keys.type) else (keys, sought.cast(keys.type))
        return pc.fill_null(pc.index_in(sought, value_set=keys), -1).to_numpy()
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        keys = pd.Index(pd.unique(pd.Series(among, dtype=object)))
        return keys.get_indexer(pd.Series(values, dtype=object))


def as_arrow(values) -> pa.Array:
    """A column as one Arrow array (text chunks as large_string: a "str" column may mix both)."""
    arr = pa.array(values if isinstance(values, (pd.Series, pd.Index)) else pd.Series(values), from_pandas=True)
    if isinstance(arr, pa.ChunkedArray):
        chunks = [c.cast(pa.large_string()) if pa.types.is_string(c.type) else c for c in arr.chunks]
        arr = pa.concat_arrays(chunks) if chunks else pa.array([], arr.type)
    return arr.cast(pa.large_string()) if pa.types.is_string(arr.type) else arr


def text_array(values) -> pa.Array:
    """A column of texts (missing values null) as one Arrow large_string array; ArrowTypeError when it holds
    anything but texts."""
    arr = as_arrow(values)
    if pa.types.is_null(arr.type):
        return arr.cast(TEXT)
    if not pa.types.is_large_string(arr.type):
        raise pa.ArrowTypeError(f"not a text column: {arr.type}")
    return arr


def id_key(ids) -> pa.Array:
    """Ids as a reader compares them: full-width letters and digits as half-width (NFKC), lower case, no white
    space. “Ｃ５”, “c5” and “C 5” share the key of “C5”: the same id to a person, not to a computer."""
    arr = _texts(ids)
    return pc.replace_substring_regex(pc.utf8_lower(pc.utf8_normalize(arr, "NFKC")), INNER_SPACE, "")


def _texts(ids) -> pa.Array:
    return ids if isinstance(ids, pa.Array) else as_arrow(list(ids)).cast(TEXT)


def look_alikes(strays, ids) -> dict[str, list[str]]:
    """Per id of `strays` (ids naming no record) the ids among `ids` with its id_key, where there are any."""
    strays = list(dict.fromkeys(s for s in strays if isinstance(s, str)))
    if not strays or not len(ids):
        return {}
    wanted = id_key(strays)
    ids = _texts(ids)
    keys = id_key(ids)
    hit = pc.is_in(keys, value_set=wanted).to_numpy(zero_copy_only=False)
    if not hit.any():
        return {}
    found: dict[str, list[str]] = {}
    for key, one in zip(keys.filter(pa.array(hit)).to_pylist(), ids.filter(pa.array(hit)).to_pylist()):
        if one not in found.setdefault(key, []):
            found[key].append(one)
    return {s: found[k] for s, k in zip(strays, wanted.to_pylist()) if k in found and s not in found[k]}
