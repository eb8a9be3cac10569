"""The column parsers as they were before they worked on Arrow columns: the oracle test_values_oracle checks against."""
from __future__ import annotations

import datetime as dt
import decimal
import json
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from casereview.casefiles.values import Unreadable
from casereview.engine.model.schema import BOOL, DATE, DATETIME, ENUM, INT, LIST, NUMBER, TEXT, Column

# Unicode white space (incl. U+3000 full-width space, NBSP) plus BOM / zero-width space.
WHITESPACE = (" \t\n\r\v\f\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
              "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff\u200b")
LIST_SPLIT = re.compile(r"[;；,，、|]")
YEAR_MIN, YEAR_MAX = 1900, 2199
SHOWN_MAX = 200        # longest raw value quoted in a reject
TEXT_MAX = 32767       # longest text value (an Excel cell's limit)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")   # C0 controls bar tab/newline, DEL

# Cell categories.
BLANK, STR, NUM, TIME, BOOLEAN, SEQ, OTHER = range(7)

BOOL_WORDS = {"是": True, "否": False, "true": True, "false": False, "1": True, "0": False,
              "y": True, "n": False, "有": True, "无": False,
              "√": True, "✓": True, "✔": True, "☑": True, "×": False, "✗": False, "✘": False, "☒": False}
BOOL_FORMS = "是/否、有/无、√/×（✓/✗）、Y/N、true/false、1/0"
ID_DIGITS = 15         # Excel keeps 15 significant digits of a number
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:\.\d+)?[eE][+-]?\d+")
DATE_FORMS = "2024-03-05、2024/3/5、2024.3.5、20240305、2024年3月5日"
_DATE_RE = re.compile(
    r"^(?:(?P<y1>\d{4})(?P<sep>[-/.])(?P<m1>\d{1,2})(?P=sep)(?P<d1>\d{1,2})"
    r"|(?P<y2>\d{4})年(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日"
    r"|(?P<y3>\d{4})(?P<m3>\d{2})(?P<d3>\d{2}))"
    r"(?:(?:\s+|T)(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.(?P<F>\d{1,6}))?)?)?$")
_NUM_RE = re.compile(r"[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?")
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_SERIAL_MAX = 2958466          # 9999-12-31 + 1
_SERIAL_2200 = 109575          # 2200-01-01


@dataclass
class Parsed:
    """One parsed column: typed values, a Chinese reason where a value was rejected."""

    values: pd.Series
    errors: pd.Series                  # object: None = fine (or blank), else reason
    has_time: pd.Series | None = None  # DATETIME only

    @property
    def bad(self) -> pd.Series:
        return self.errors.notna()


@dataclass
class _Cells:
    obj: pd.Series     # the raw values, object dtype
    cat: np.ndarray    # category per cell
    text: pd.Series    # stripped text of the STR cells (subset of the index)

    def mask(self, category: int) -> np.ndarray:
        return self.cat == category


def _category(t: type) -> int:
    if issubclass(t, str):
        return STR
    if issubclass(t, (bool, np.bool_)):
        return BOOLEAN
    if issubclass(t, (int, float, decimal.Decimal, np.integer, np.floating)):
        return NUM
    if issubclass(t, (dt.date, np.datetime64)):
        return TIME
    if issubclass(t, (list, tuple, np.ndarray)):
        return SEQ
    return OTHER


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


def _none(index: pd.Index) -> pd.Series:
    return pd.Series([None] * len(index), index=index, dtype=object)


def number_text(v) -> str:
    """How a numeric cell reads as text: 12345.0 -> "12345", 1.5 -> "1.5"."""
    if isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_)):
        return str(int(v))
    f = float(v)
    if f.is_integer() and abs(f) < 1e15:
        return str(int(f))
    if np.isfinite(f) and 1e15 <= abs(f) < 1e30:       # the digits Excel holds, never 3.501e+17
        return format(decimal.Decimal(format(f, ".15g")), "f")
    return format(f, ".15g")


def time_text(v) -> str:
    """A date/time object as text: date only when it is midnight."""
    ts = pd.Timestamp(v)
    return ts.strftime("%Y-%m-%d") if ts == ts.normalize() else ts.strftime("%Y-%m-%d %H:%M:%S")


def raw_text(v) -> str | None:
    """A raw value as quoted in a reject: the text as read, truncated beyond SHOWN_MAX."""
    if v is None or (not isinstance(v, (list, tuple, np.ndarray)) and pd.isna(v)):
        return None
    if isinstance(v, str):
        s = v
    elif isinstance(v, (bool, np.bool_)):
        s = "TRUE" if v else "FALSE"
    elif isinstance(v, (int, float, decimal.Decimal, np.integer, np.floating)):
        s = number_text(v)
    elif isinstance(v, (dt.date, np.datetime64)):
        s = time_text(v)
    elif isinstance(v, (list, tuple, np.ndarray)):
        s = json.dumps([raw_text(x) for x in v], ensure_ascii=False)
    else:
        s = str(v)
    if len(s) > SHOWN_MAX:
        s = s[:SHOWN_MAX] + f"…（共{len(s)}字，已截断）"
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", s) if CONTROL.search(s) else s


# --- text, enum -------------------------------------------------------------------------------

def _lossy(v) -> bool:
    """A float too long for Excel's 15 significant digits: an id typed into a number cell."""
    return isinstance(v, (float, np.floating)) and abs(v) >= 10 ** ID_DIGITS


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
IDENTIFIERS = frozenset({"case_id", "unit_id", "act_id", "recording_id", "review_id", "doc_id", "officer_id",
                         "reviewer_id", "parent_id", "certificate_no"})


def is_identifier(name: str) -> bool:
    """An id column (IDENTIFIERS); any other text is taken as written, '1e5' included."""
    return name in IDENTIFIERS


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

def _number(text: str, integer: bool) -> float | None:
    """1000, 1,000, 5,000.00; for amounts also 1,000元, ￥5,000 / ¥5000; full-width digits;
    None when not a number."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        if not integer and text.endswith("元"):
            text = text[:-1].rstrip(WHITESPACE)
        if not integer and text.startswith("¥"):
            text = text[1:].lstrip(WHITESPACE)
    return float(text.replace(",", "")) if _NUM_RE.fullmatch(text) else None


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
    if not LIST_SPLIT.search(text):
        return (text,)                        # text comes stripped and non-empty
    return tuple(p for p in (q.strip(WHITESPACE) for q in LIST_SPLIT.split(text)) if p)


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

_YEAR_ERROR = f"年份超出范围（{YEAR_MIN}–{YEAR_MAX}）"


def _to_ns(got: pd.Series, errors: pd.Series) -> pd.Series:
    """Parsed stamps (any unit) -> datetime64[ns]; years out of range become NaT + a reason."""
    years = got.dt.year
    out = years.notna() & ((years < YEAR_MIN) | (years > YEAR_MAX))
    if out.any():
        errors[got.index[out]] = _YEAR_ERROR
        got = got.where(~out)
    return got.astype("datetime64[ns]")


_DATE_FORMATS = {"-": "%Y-%m-%d", "/": "%Y/%m/%d", ".": "%Y.%m.%d", "年": "%Y年%m月%d日"}


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
    parts = rest.str.normalize("NFKC").str.extract(_DATE_RE)
    form = parts[["y1", "y2", "y3"]].notna().any(axis=1)
    errors[rest.index[~form]] = f"无法识别的日期（可用格式：{DATE_FORMS}）"
    parts = parts[form]
    if parts.empty:
        return stamps, timed, errors
    num = pd.DataFrame({
        "year": parts["y1"].fillna(parts["y2"]).fillna(parts["y3"]),
        "month": parts["m1"].fillna(parts["m2"]).fillna(parts["m3"]),
        "day": parts["d1"].fillna(parts["d2"]).fillna(parts["d3"]),
        "hour": parts["H"].fillna("0"), "minute": parts["M"].fillna("0"),
        "second": parts["S"].fillna("0"),
        "us": parts["F"].fillna("0").str.ljust(6, "0")}).astype("int64")
    bad_time = (num["hour"] > 23) | (num["minute"] > 59) | (num["second"] > 59)
    errors[num.index[bad_time]] = "时间不存在"
    bad_year = ~bad_time & ((num["year"] < YEAR_MIN) | (num["year"] > YEAR_MAX))
    errors[num.index[bad_year]] = _YEAR_ERROR
    num = num[~bad_time & ~bad_year]
    got = pd.to_datetime(num, errors="coerce")
    errors[got.index[got.isna()]] = "日期不存在"
    ok = got.index[got.notna()]
    stamps[ok] = got[ok].astype("datetime64[ns]")
    timed[ok] = parts.loc[ok, "H"].notna()
    return stamps, timed, errors


def _number_stamps(nums: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numeric cells: 20240305 (yyyymmdd) or an Excel serial day number."""
    stamps = pd.Series(pd.NaT, index=nums.index, dtype="datetime64[ns]")
    errors = _none(nums.index)
    f = nums.astype(float)
    ymd = (f % 1 == 0) & (f >= 10000101) & (f <= 99991231)
    if ymd.any():
        got = pd.to_datetime(f[ymd].astype("int64").astype(str), format="%Y%m%d", errors="coerce")
        errors[got.index[got.isna()]] = "日期不存在"
        stamps[got.index] = _to_ns(got, errors)
    serial = ~ymd & (f >= 1) & (f < _SERIAL_MAX)
    late = serial & (f >= _SERIAL_2200)
    errors[f.index[late]] = _YEAR_ERROR
    serial &= ~late
    if serial.any():
        days = f[serial]
        got = _EXCEL_EPOCH + pd.to_timedelta((days * 86400).round(), unit="s")
        stamps[days.index] = _to_ns(got, errors)
    errors[f.index[~ymd & ~serial & ~late]] = "不是日期（数值既不是 yyyymmdd 也不是 Excel 日期序号）"
    return stamps, errors


def _object_stamps(objs: pd.Series, errors: pd.Series) -> pd.Series:
    """date/datetime/Timestamp/numpy datetime objects; time zones dropped (wall time kept)."""
    def one(v):
        ts = pd.Timestamp(v)
        return ts.tz_localize(None) if ts.tzinfo is not None else ts
    try:
        got = pd.to_datetime(objs)
        if getattr(got.dt, "tz", None) is not None:
            got = got.dt.tz_localize(None)
    except (TypeError, ValueError):
        got = objs.map(one)
    return _to_ns(pd.Series(got, index=objs.index), errors)


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
    """Parse one raw column into the kind the schema gives it; unreadable cells rejected."""
    p = _parse_kind(raw, column)
    if raw.dtype == object and pd.api.types.infer_dtype(raw, skipna=True).startswith("mixed"):
        arr = raw.to_numpy()
        hit = np.fromiter((type(v) is Unreadable for v in arr), dtype=bool, count=len(arr))
        if hit.any():
            idx = raw.index[hit]
            p.errors[idx] = [v.reason for v in arr[hit]]
            p.values[idx] = (pd.Series([()] * len(idx), index=idx, dtype=object)
                             if column.kind == LIST else None)
            if p.has_time is not None:
                p.has_time[idx] = False
    return p


def _parse_kind(raw: pd.Series, column: Column) -> Parsed:
    kind = column.kind
    if kind == TEXT:
        return parse_texts(raw, is_identifier(column.name))
    if kind == ENUM:
        return parse_enums(raw, column.choices)
    if kind == BOOL:
        return parse_bools(raw)
    if kind == NUMBER:
        return parse_numbers(raw, column.minimum)
    if kind == INT:
        return parse_ints(raw, column.minimum)
    if kind == LIST:
        return parse_lists(raw)
    if kind == DATE:
        return parse_dates(raw)
    if kind == DATETIME:
        return parse_datetimes(raw)
    raise ValueError(f"未知的值类型：{kind}")


def empty_column(column: Column, n: int) -> pd.Series:
    """An all-missing column of the canonical dtype for `column`."""
    dtype = {DATE: "datetime64[ns]", DATETIME: "datetime64[ns]", BOOL: "boolean",
             NUMBER: "float64", INT: "Int64"}.get(column.kind)
    if column.kind == LIST:
        return pd.Series([()] * n, dtype=object)
    if dtype is None:
        return pd.Series([None] * n, dtype=object)
    return pd.Series([pd.NA if dtype in ("boolean", "Int64") else None] * n, dtype=dtype)
