"""The column parsers as they were before they worked on Arrow columns: the oracle test_values_oracle checks against."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from casereview.casefiles.values import (  # unchanged helpers and constants
    BLANK, BOOLEAN, NUM, OTHER, SEQ, STR, TIME, BOOL_FORMS, BOOL_WORDS, CONTROL, DATE_FORMS, ID_DIGITS, LIST_SPLIT, PY_SPACE, TEXT_MAX, WHITESPACE, YEAR_MAX, YEAR_MIN,
    _DATE_FORMATS, _DATE_RE, _SCIENTIFIC, _YEAR_ERROR, Parsed, Unreadable, _category, _lossy, _none, _number,
    _number_stamps, _object_stamps, _regex_stamps, _to_ns, is_identifier, number_text, time_text)
from casereview.engine.model.schema import BOOL, DATE, DATETIME, ENUM, INT, LIST, NUMBER, TEXT, Column


@dataclass
class _Cells:
    obj: pd.Series     # the raw values, object dtype
    cat: np.ndarray    # category per cell
    text: pd.Series    # stripped text of the STR cells (subset of the index)

    def mask(self, category: int) -> np.ndarray:
        return self.cat == category


def _cells(raw: pd.Series) -> _Cells:
    obj = raw.astype(object)
    inferred = pd.api.types.infer_dtype(obj, skipna=True)
    if isinstance(raw.dtype, pd.StringDtype) or inferred in ("string", "empty"):
        cat = np.where(pd.isna(obj).to_numpy(), BLANK, STR).astype(np.int8)
    else:
        types = obj.map(type)
        table = {t: _category(t) for t in types.unique()}
        cat = np.array(types.map(table), dtype=np.int8)
        cat[pd.isna(obj).to_numpy()] = BLANK
    strs = cat == STR
    where = np.flatnonzero(strs)
    text = pd.Series([v.strip(WHITESPACE) for v in obj.to_numpy()[where]], index=obj.index[where],
                     dtype=object)
    empty = (text == "").to_numpy()
    cat[np.flatnonzero(strs)[empty]] = BLANK
    seqs = np.flatnonzero(cat == SEQ)
    if len(seqs):
        cat[seqs[obj.iloc[seqs].map(len).to_numpy() == 0]] = BLANK
    return _Cells(obj, cat, text[~empty])


# --- text, enum -------------------------------------------------------------------------------

def _lossy_numbers(c: _Cells, values: pd.Series, errors: pd.Series) -> None:
    """Numeric cells of more than 15 digits and texts in scientific notation lost their last
    digits in Excel: rejected (the value nulled), never passed on as 3.501e+17."""
    m = c.mask(NUM)
    if m.any():
        lossy = c.obj[m].map(_lossy).astype(bool)
        idx = lossy.index[lossy.to_numpy()]
        errors[idx] = [f"是数值单元格，超过 {ID_DIGITS} 位有效数字，Excel 已丢失末尾数字"
                       f"（读作 {number_text(v)}）；请把该列设为文本格式后重新录入"
                       for v in c.obj[idx]]
        values[idx] = None
    sci = c.text.str.fullmatch(_SCIENTIFIC)
    idx = sci.index[sci.to_numpy(dtype=bool)]
    if len(idx):
        errors[idx] = "是科学计数法（Excel 把长数字显示或另存为这种形式），原来的数字已丢失；请把该列设为文本格式后重新录入"
        values[idx] = None


# record ids, references and certificate numbers: digits Excel may have mangled
def parse_texts(raw: pd.Series, identifier: bool = True) -> Parsed:
    """Text cells as written; `identifier`: numbers and scientific texts Excel mangled are rejected."""
    c = _cells(raw)
    values, errors = _none(raw.index), _none(raw.index)
    values[c.text.index] = c.text
    for category, fmt in ((NUM, number_text), (TIME, time_text),
                          (BOOLEAN, lambda v: "TRUE" if v else "FALSE")):
        m = c.mask(category)
        if m.any():
            values[m] = c.obj[m].map(fmt)
    bad = c.mask(SEQ) | c.mask(OTHER)
    errors[bad] = "应为单个文本值"
    values[_odd_texts(c.text, errors)] = None
    if identifier:
        _lossy_numbers(c, values, errors)
    return Parsed(values, errors)


def _odd_texts(text: pd.Series, errors: pd.Series) -> pd.Index:
    """Control characters and texts beyond an Excel cell's size are rejected, not passed on:
    their reasons go into `errors`; returns where they are (the caller nulls the values)."""
    if not len(text):
        return text.index
    lengths = text.str.len()
    long = lengths > TEXT_MAX
    errors[text.index[long]] = [f"过长（共{n}字，超过 {TEXT_MAX} 字上限）" for n in lengths[long]]
    control = text.str.contains(CONTROL) & ~long
    errors[text.index[control]] = "含有控制字符（显示为 \\xNN），可能是复制或导出时混入"
    return text.index[long | control]


def parse_enums(raw: pd.Series, choices: tuple[str, ...]) -> Parsed:
    p = parse_texts(raw, identifier=False)
    wrong = p.values.notna() & ~p.values.isin(choices)
    p.errors[wrong] = f"不是可选值（{'、'.join(choices)}）"
    p.values[wrong | p.bad] = None
    return p


# --- booleans ---------------------------------------------------------------------------------

def parse_bools(raw: pd.Series) -> Parsed:
    c = _cells(raw)
    values = pd.Series(pd.NA, index=raw.index, dtype="boolean")
    errors = _none(raw.index)
    words = c.text.str.normalize("NFKC").str.lower().map(BOOL_WORDS)
    ok = words.notna()
    values[words.index[ok]] = words[ok].astype(bool)
    errors[words.index[~ok]] = f"不是可识别的是/否值（{BOOL_FORMS}）"
    m = c.mask(BOOLEAN)
    values[m] = c.obj[m].astype(bool)
    m = c.mask(NUM)
    if m.any():
        nums = c.obj[m].astype(float)
        good = nums.isin([0.0, 1.0])
        values[nums.index[good]] = nums[good] == 1.0
        errors[nums.index[~good]] = "数值只能是 1 或 0"
    errors[c.mask(TIME) | c.mask(SEQ) | c.mask(OTHER)] = "不是可识别的是/否值"
    return Parsed(values, errors)


# --- numbers ----------------------------------------------------------------------------------

def parse_numbers(raw: pd.Series, minimum: float | None = None, *, integer: bool = False) -> Parsed:
    c = _cells(raw)
    floats = pd.Series(np.nan, index=raw.index, dtype="float64")
    errors = _none(raw.index)
    got = pd.Series([_number(v, integer) for v in c.text.to_numpy()], index=c.text.index,
                    dtype="float64")
    floats[got.index] = got
    errors[got.index[got.isna()]] = "不是整数" if integer else "不是数字"
    m = c.mask(NUM)
    if m.any():
        floats[m] = c.obj[m].astype(float)
        inf = m & ~np.isfinite(floats.to_numpy())
        errors[inf], floats[inf] = "不是有限的数字", np.nan
    errors[c.mask(TIME) | c.mask(BOOLEAN) | c.mask(SEQ) | c.mask(OTHER)] = (
        "不是整数" if integer else "不是数字")
    if integer:
        frac = floats.notna() & (floats % 1 != 0)
        errors[frac], floats[frac] = "不是整数", np.nan
    if minimum is not None:
        low = floats < minimum
        errors[low], floats[low] = f"小于最小值 {minimum:g}", np.nan
    values = floats.round().astype("Int64") if integer else floats
    return Parsed(values, errors)


def parse_ints(raw: pd.Series, minimum: float | None = None) -> Parsed:
    return parse_numbers(raw, minimum, integer=True)


# --- lists ------------------------------------------------------------------------------------

def _split(text: str) -> tuple[str, ...]:
    return tuple(p for p in (q.strip(WHITESPACE) for q in LIST_SPLIT.split(text)) if p)


def _spaced(items: tuple[str, ...]) -> str | None:
    """The reason for a list with an item that has white space inside, else None."""
    for item in items:
        if any(ch in WHITESPACE or ch in PY_SPACE for ch in item):
            return f"列表项“{item[:40]}”中间有空格或换行：无法确定是一项还是以空格、换行分隔的多项；多项请用；、，或 | 分隔"
    return None


def _split_items(items) -> tuple[str, ...]:
    out: list[str] = []
    for x in items:
        if x is None or (isinstance(x, float) and np.isnan(x)):
            continue
        if not isinstance(x, str):
            x = number_text(x) if isinstance(x, (int, float, np.integer, np.floating)) else str(x)
        out.extend(_split(x))
    return tuple(out)


def parse_lists(raw: pd.Series) -> Parsed:
    """Lists as tuples of trimmed items; a blank or rejected cell is the empty tuple."""
    c = _cells(raw)
    values = pd.Series([()] * len(raw), index=raw.index, dtype=object)
    errors = _none(raw.index)
    values[c.text.index] = pd.Series([_split(v) for v in c.text.to_numpy()], index=c.text.index,
                                     dtype=object)
    m = c.mask(NUM)
    if m.any():
        values[m] = c.obj[m].map(lambda v: (number_text(v),))
    m = c.mask(SEQ)
    if m.any():
        values[m] = c.obj[m].map(_split_items)
    for at, items in values.items():
        if (reason := _spaced(items)) is not None:
            values[at], errors[at] = (), reason
    errors[c.mask(TIME) | c.mask(BOOLEAN) | c.mask(OTHER)] = "不是列表（以；或、分隔的文本）"
    odd = _odd_texts(c.text, errors)
    values[odd] = pd.Series([()] * len(odd), index=odd, dtype=object)
    m = c.mask(NUM)
    if m.any():
        lossy = c.obj[m].map(_lossy).astype(bool)
        idx = lossy.index[lossy.to_numpy()]
        errors[idx] = f"是数值单元格，超过 {ID_DIGITS} 位有效数字，Excel 已丢失末尾数字；请把该列设为文本格式后重新录入"
        values[idx] = pd.Series([()] * len(idx), index=idx, dtype=object)
    return Parsed(values, errors)


# --- dates and date-times ---------------------------------------------------------------------

def _text_stamps(t: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Stamps, has-time flags and reasons for date(-time) text.

    Fast path: group the values by the character after the year and whether a time follows,
    and give each group to pandas with one strict format; the rest go through _DATE_RE."""
    stamps = pd.Series(pd.NaT, index=t.index, dtype="datetime64[ns]")
    timed = pd.Series(False, index=t.index)
    errors = _none(t.index)
    vals = t.to_numpy()
    sep = np.array(["digits" if len(v) == 8 and v.isdigit() else v[4:5] for v in vals], dtype=object)
    colon = np.array([":" in v for v in vals], dtype=bool)
    left = np.ones(len(t), dtype=bool)
    for mark, fmt in (*_DATE_FORMATS.items(), ("digits", "%Y%m%d")):
        group = sep == mark
        tries = [(fmt, False)] if mark == "digits" else [
            (fmt, False), (fmt + " %H:%M:%S", True), (fmt + " %H:%M", True)]
        for f, has_time in tries:
            pick = group & left & (colon == has_time)
            if not pick.any():
                continue
            got = pd.to_datetime(t[pick], format=f, errors="coerce")
            parsed = got.notna()
            got = _to_ns(got, errors)
            ok = got.index[got.notna()]
            stamps[ok] = got[ok]
            timed[ok] = has_time
            left[np.flatnonzero(pick)[parsed.to_numpy()]] = False
    rest = t[left]
    if rest.empty:
        return stamps, timed, errors
    got, has = _regex_stamps(rest, errors)
    stamps[got.index], timed[has.index] = got, has
    return stamps, timed, errors


def _parse_temporal(raw: pd.Series, with_time: bool) -> Parsed:
    c = _cells(raw)
    stamps = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    timed = pd.Series(False, index=raw.index)
    errors = _none(raw.index)
    if len(c.text):
        s, h, e = _text_stamps(c.text)
        stamps[s.index], timed[h.index], errors[e.index] = s, h, e
    for category in (TIME, NUM):
        m = c.mask(category)
        if not m.any():
            continue
        if category == TIME:
            s = _object_stamps(c.obj[m], errors)
        else:
            s, e = _number_stamps(c.obj[m])
            errors[e.index[e.notna()]] = e[e.notna()]
        stamps[s.index] = s
        timed[s.index] = s.notna() & (s != s.dt.normalize())
    errors[c.mask(BOOLEAN) | c.mask(SEQ) | c.mask(OTHER)] = "不是日期"
    stamps[errors.notna()] = pd.NaT
    timed[stamps.isna()] = False
    if not with_time:
        return Parsed(stamps.dt.normalize(), errors)
    return Parsed(stamps, errors, timed.astype(bool))


def parse_dates(raw: pd.Series) -> Parsed:
    """Dates; a date-time given for a date keeps its date part."""
    return _parse_temporal(raw, with_time=False)


def parse_datetimes(raw: pd.Series) -> Parsed:
    """Date-times; `has_time` is False where only a date (or an Excel midnight) was given."""
    return _parse_temporal(raw, with_time=True)



def parse_column(raw: pd.Series, column: Column) -> Parsed:
    kind = column.kind
    parse = {TEXT: lambda r: parse_texts(r, is_identifier(column.name)), ENUM: lambda r: parse_enums(r, column.choices),
             BOOL: parse_bools, NUMBER: lambda r: parse_numbers(r, column.minimum),
             INT: lambda r: parse_ints(r, column.minimum), LIST: parse_lists, DATE: parse_dates,
             DATETIME: parse_datetimes}[kind]
    p = parse(raw)
    if raw.dtype == object and pd.api.types.infer_dtype(raw, skipna=True).startswith("mixed"):
        arr = raw.to_numpy()
        hit = np.fromiter((type(v) is Unreadable for v in arr), dtype=bool, count=len(arr))
        if hit.any():
            idx = raw.index[hit]
            p.errors[idx] = [v.reason for v in arr[hit]]
            p.values[idx] = pd.Series([()] * len(idx), index=idx, dtype=object) if kind == LIST else None
            if p.has_time is not None:
                p.has_time[idx] = False
    return p
