"""Turning decided branches into finding rows: outcome, Chinese reason with the values read, evidence.
Texts are built on whole Arrow columns: each fact formatted once, template pieces joined per branch."""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from casereview.engine.model.compiled import TEMPLATE_REF, CompiledRule, LoadedPack

FINDING_COLUMNS = ["case_id", "unit_id", "rule_id", "system", "outcome", "severity", "deduction",
                   "reason", "evidence", "basis", "title", "veto"]
UNIT_FINDING_COLUMNS = ["unit_id", "unit_name", "rule_id", "system", "outcome", "value", "reason", "evidence",
                        "basis", "title"]
EMPTY = "（空）"
STR = pd.StringDtype("pyarrow", na_value=np.nan)      # pandas' default "str": the findings' text columns


def format_values(s: pd.Series, ftype: str) -> pd.Series:
    """Facts as a person reads them; a missing value reads （空）."""
    return pd.Series(formatted_text(s, ftype).to_numpy(zero_copy_only=False), index=s.index, dtype=object)


def formatted_text(s: pd.Series, ftype: str) -> pa.Array:
    """format_values as an Arrow string array without nulls (row order of `s`)."""
    if ftype == "date":
        out = pa.array(pd.to_datetime(s).to_numpy(dtype="datetime64[D]"), from_pandas=True).cast(pa.string())
    elif ftype == "number":
        out = _number_text(pd.to_numeric(s, errors="coerce").to_numpy(dtype="float64", na_value=np.nan))
    elif ftype == "bool":
        out = _bool_text(s)
    else:
        out = _plain_text(s)
    if isinstance(out, pa.ChunkedArray):            # a "str" column's chunks (string or large_string)
        out = pa.concat_arrays([c.cast(pa.large_string()) for c in out.chunks] or [pa.array([], pa.large_string())])
    return pc.fill_null(out.cast(pa.large_string()), EMPTY)


def _number_text(v: np.ndarray) -> pa.Array:
    """Whole numbers without decimals; others rounded to 2 places as Python prints them (3.0 when 2.999)."""
    missing = np.isnan(v)
    whole = ~missing & (v == np.round(v))
    if (whole | missing).all():                                 # counts: no decimals to print
        return pa.array(np.where(whole, v, 0).astype("int64"), mask=missing).cast(pa.string())
    r = np.round(v, 2)
    r_whole = ~whole & (r == np.round(r))                       # 2.999 → 3.0, -0.001 → -0.0
    huge = ~whole & ~r_whole & ~missing & (np.abs(r) >= 1e9)    # Arrow prints 1e+12 where repr does not
    with np.errstate(invalid="ignore"):                         # beyond int64 reads as before: wrapped
        ints = pa.array(np.where(whole, v, np.where(r_whole, r, 0)).astype("int64")).cast(pa.string())
    out = pc.if_else(pa.array(whole), ints, pa.array(np.where(r_whole | missing, 0.5, r)).cast(pa.string()))
    out = pc.if_else(pa.array(r_whole), pc.binary_join_element_wise(
        pc.if_else(pa.array(np.signbit(r)), pc.binary_join_element_wise("-", pc.utf8_ltrim(ints, "-"), ""), ints),
        ".0", ""), out)
    if huge.any():                                              # rare: the few such values printed by Python
        at = np.flatnonzero(huge)
        out = pc.replace_with_mask(out, pa.array(huge), pa.array([repr(float(x)) for x in r[at]]))
    return pc.if_else(pa.array(missing), pa.scalar(None, pa.string()), out)


def _bool_text(s: pd.Series) -> pa.Array:
    if s.dtype == bool or isinstance(s.dtype, pd.BooleanDtype):
        flags = pa.array(s.array if isinstance(s.dtype, pd.BooleanDtype) else s.to_numpy(), type=pa.bool_())
    else:                       # pd.NA == True is not a bool: compare the values as objects (1 == True holds)
        arr = s.astype(object).where(s.notna(), None).to_numpy(dtype=object)
        flags = pa.array(np.where(arr == True, True, np.where(arr == False, False, None)),  # noqa: E712
                         type=pa.bool_(), from_pandas=True)
    return pc.if_else(flags, "是", "否")


def _plain_text(s: pd.Series) -> pa.Array:
    """Text as read; a text fact holding numbers, lists, ... still reads as one text (format_param)."""
    try:
        return pa.array(s, type=pa.large_string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        out = s.astype(object)
        odd = out.notna() & ~out.map(lambda v: isinstance(v, str))     # rare: only non-text values visit Python
        return pa.array(out.where(~odd, out[odd].map(format_param)), type=pa.large_string(), from_pandas=True)


def format_param(value) -> str:
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class Texts:
    """The formatted fact columns of one frame, each formatted once and shared by every rule's texts."""

    def __init__(self, rows: pd.DataFrame, facts_meta, loaded: LoadedPack, as_of: date):
        self.rows, self.meta, self.loaded, self.as_of = rows, facts_meta, loaded, as_of
        self.done: dict[str, pa.Array] = {}

    def fact(self, name: str) -> pa.Array:
        if name not in self.done:
            self.done[name] = formatted_text(self.rows[name], self.meta[name].type)
        return self.done[name]

    def template(self, template: str, at: np.ndarray | None = None) -> pa.Array:
        """`template` rendered on the rows at positions `at` (all rows when None)."""
        n = len(self.rows) if at is None else len(at)
        pieces, pos = [], 0
        for m in TEMPLATE_REF.finditer(template):
            pieces.append(template[pos:m.start()])
            ref = m.group(1)
            if ref == "as_of":
                pieces.append(self.as_of.isoformat())
            elif ref.startswith("$"):
                pieces.append(format_param(self.loaded.param(ref[1:])))
            else:
                col = self.fact(ref)
                pieces.append(col if at is None else col.take(at))
            pos = m.end()
        pieces.append(template[pos:])
        return joined(pieces, n)

    def evidence(self, c: CompiledRule) -> pa.Array:
        pieces = []
        for i, name in enumerate(c.rule.evidence):
            pieces += [f"{'；' if i else ''}{self.meta[name].label}=", self.fact(name)]
        return joined(pieces, len(self.rows))

    def reason(self, c: CompiledRule, chosen: np.ndarray) -> pa.Array:
        """Each row's reason from its chosen branch's template: rendered per branch, put back in row order."""
        order = np.argsort(chosen, kind="stable")
        starts = np.searchsorted(chosen[order], np.arange(len(c.branches) + 1))
        parts = [self.template(b.reason, order[starts[i]:starts[i + 1]])
                 for i, b in enumerate(c.branches) if starts[i + 1] > starts[i]]
        back = np.empty(len(order), dtype=np.int64)
        back[order] = np.arange(len(order))
        return pa.concat_arrays(parts).take(back) if parts else pa.array([], pa.large_string())


def joined(pieces: list, n: int) -> pa.Array:
    """Texts and string arrays concatenated row by row (n rows)."""
    pieces = [p for p in pieces if not isinstance(p, str) or p]
    if not any(isinstance(p, pa.Array) for p in pieces):
        return repeat_text("".join(pieces), n)
    if len(pieces) == 1:
        return pieces[0]
    return pc.binary_join_element_wise(*[p if isinstance(p, pa.Array) else pa.scalar(p, pa.large_string())
                                         for p in pieces], pa.scalar("", pa.large_string()))


def render(template: str, rows: pd.DataFrame, loaded: LoadedPack, facts_meta, as_of: date) -> pd.Series:
    text = Texts(rows, facts_meta, loaded, as_of).template(template)
    return pd.Series(text.to_numpy(zero_copy_only=False), index=rows.index, dtype=object)


def evidence(c: CompiledRule, rows: pd.DataFrame, facts_meta, formatted: dict | None = None) -> pd.Series:
    """`formatted`: fact name -> format_values of rows[name], shared by the calls given the same dict."""
    formatted = {} if formatted is None else formatted
    texts = Texts(rows, facts_meta, None, None)
    for name in c.rule.evidence:
        if name not in formatted:
            formatted[name] = format_values(rows[name], facts_meta[name].type)
        texts.done[name] = pa.array(formatted[name].to_numpy(dtype=object), type=pa.large_string())
    return pd.Series(texts.evidence(c).to_numpy(zero_copy_only=False), index=rows.index, dtype=object)


def findings(loaded: LoadedPack, facts: pd.DataFrame, decided: dict[str, np.ndarray], as_of: date,
             level: str = "case") -> pd.DataFrame:
    """Rows in rule order, then fact-table order; identical for every backend given `decided`.
    At case level `facts` holds the named facts shown too (engine/backends/computed.with_shown)."""
    meta = loaded.facts_meta(level)
    rules = loaded.rules(level)
    cols = FINDING_COLUMNS if level == "case" else UNIT_FINDING_COLUMNS
    if not rules:
        return pd.DataFrame(columns=cols)
    texts = Texts(facts, meta, loaded, as_of)
    n = len(facts)
    text: dict[str, list] = {"outcome": [], "reason": [], "evidence": [], "value": []}
    deduction, veto = [], []
    for c in rules:
        chosen = np.asarray(decided[c.rule.id], dtype=np.int64)
        if (chosen < 0).any():
            raise RuntimeError(f"规则 {c.rule.id} 有记录未命中任何分支")
        outcome = np.array([b.outcome for b in c.branches], dtype=object)
        text["outcome"].append(pa.array(outcome, pa.large_string()).take(chosen))
        text["reason"].append(texts.reason(c, chosen))
        text["evidence"].append(texts.evidence(c))
        deduction.append(np.where(outcome[chosen] == "fail", c.rule.deduction, 0.0))
        veto.append(c.rule.veto)
        if level == "unit":
            text["value"].append(texts.fact(c.rule.value) if c.rule.value else joined([], n))
    per_rule = lambda attr: _repeated([getattr(c.rule, attr) for c in rules], n)
    data = {name: _str(parts) for name, parts in text.items() if parts}
    data |= {"rule_id": per_rule("id"), "system": per_rule("system"), "basis": per_rule("basis"),
             "title": per_rule("title")}
    rows = np.tile(np.arange(n), len(rules))
    data["unit_id"] = _tiled(facts["unit_id"], rows)
    if level == "case":
        data["case_id"] = _tiled(facts["case_id"], rows)
        data["severity"] = per_rule("severity")
        data["deduction"] = np.concatenate(deduction)
        data["veto"] = np.repeat(np.array(veto, dtype=bool), n)
    else:
        data["unit_name"] = _tiled(facts["unit_name"], rows)
    return pd.DataFrame({name: data[name] for name in cols})


def _str(parts: list[pa.Array]) -> pd.arrays.ArrowStringArray:
    """Per-rule text arrays, one after the other, as a pandas "str" column (no Python strings made)."""
    return pd.arrays.ArrowStringArray(pa.chunked_array([p.cast(pa.large_string()) for p in parts],
                                                       pa.large_string()), dtype=STR)


def _repeated(values: list[str], n: int) -> pd.arrays.ArrowStringArray:
    """One value per rule, repeated for its n rows."""
    return _str([repeat_text(v, n) for v in values])


def repeat_text(value: str, n: int) -> pa.LargeStringArray:
    """`value` n times as an Arrow text array, its bytes laid out by numpy (many times faster than pa.repeat)."""
    one = np.frombuffer(value.encode("utf-8"), dtype=np.uint8)
    offsets = np.arange(n + 1, dtype=np.int64) * len(one)
    return pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(np.tile(one, n)))


def _tiled(col: pd.Series, rows: np.ndarray):
    """The fact column repeated once per rule (text columns stay Arrow, as they came)."""
    return col.array.take(rows) if isinstance(col.dtype, pd.StringDtype) else col.to_numpy()[rows]
