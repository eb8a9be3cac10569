"""Parsing raw cells into the value kinds of casefiles.schema, one whole column at a time."""
from __future__ import annotations

import datetime as dt
import decimal
import itertools
import json
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from casereview.engine.model.schema import BOOL, DATE, DATETIME, ENUM, INT, LIST, NUMBER, TEXT, Column

# Unicode white space (incl. U+3000 full-width space, NBSP) plus BOM / zero-width space.
WHITESPACE = (" \t\n\r\v\f\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
              "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff\u200b")
LAST_SPACE = 0x3000     # U+3000 IDEOGRAPHIC SPACE: no code point above it is white space to Python (a test checks)
PY_SPACE = "".join(c for c in map(chr, range(LAST_SPACE + 1)) if c.isspace())    # what str.strip() removes
LIST_SPLIT = re.compile(r"[;；,，、|]")
INNER_SPACE = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in sorted(set(WHITESPACE + PY_SPACE))) + "]"  # RE2 class
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


class Unreadable:
    """A cell a reader could not read (a formula without a saved result, an error value):
    always rejected with its own reason, which names the cell; never taken for a blank."""

    __slots__ = ("text", "reason")

    def __init__(self, text: str, reason: str):
        self.text, self.reason = text, reason

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Unreadable({self.text!r}, {self.reason!r})"


@dataclass
class _Cells:
    raw: pd.Series     # the values as read: typed, or object holding mixed Python values
    cat: np.ndarray    # category per cell
    pos: np.ndarray    # positions of the text cells (STR) ...
    text: pa.Array     # ... and their text, trimmed of WHITESPACE (never empty)

    def mask(self, category: int) -> np.ndarray:
        return self.cat == category

    def texts(self, repeated: bool = False) -> np.ndarray:
        """The trimmed texts as Python strings (object array, aligned with `pos`); `repeated`: texts that
        recur (codes, names) are made once per distinct text."""
        if not repeated:
            return self.text.to_numpy(zero_copy_only=False)
        coded = pc.dictionary_encode(self.text)
        return coded.dictionary.to_numpy(zero_copy_only=False)[coded.indices.to_numpy()]


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


def _is_text(dtype) -> bool:
    arrow_type = dtype.pyarrow_dtype if isinstance(dtype, pd.ArrowDtype) else None
    return isinstance(dtype, pd.StringDtype) or arrow_type in (pa.string(), pa.large_string())


def _is_list(dtype) -> bool:
    return isinstance(dtype, pd.ArrowDtype) and (pa.types.is_list(dtype.pyarrow_dtype)
                                                 or pa.types.is_large_list(dtype.pyarrow_dtype))


def arrow(raw: pd.Series) -> pa.Array:
    """An Arrow-backed column as one Arrow array (no copy to Python objects)."""
    arr = pa.array(raw.array)
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


def _typed_category(dtype) -> int | None:
    """The one category of every non-blank cell of a typed column; None for object columns."""
    if _is_text(dtype):
        return STR
    if _is_list(dtype):
        return SEQ
    if pd.api.types.is_bool_dtype(dtype):
        return BOOLEAN
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_complex_dtype(dtype):
        return NUM
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return TIME
    return None


def _object_categories(obj: pd.Series) -> np.ndarray:
    inferred = pd.api.types.infer_dtype(obj, skipna=True)
    if inferred in ("string", "empty"):
        return np.where(pd.isna(obj).to_numpy(), BLANK, STR).astype(np.int8)
    types = obj.map(type)
    table = {t: _category(t) for t in types.unique()}
    cat = np.array(types.map(table), dtype=np.int8)
    cat[pd.isna(obj).to_numpy()] = BLANK
    return cat


def _cells(raw: pd.Series) -> _Cells:
    kind = _typed_category(raw.dtype)
    if kind is None:
        raw = raw.astype(object)
        cat = _object_categories(raw)
    else:
        cat = np.where(raw.isna().to_numpy(), BLANK, kind).astype(np.int8)
    strs = np.flatnonzero(cat == STR)
    if kind == STR:
        text = arrow(raw).filter(pa.array(cat == STR))
    else:
        text = pa.array(raw.to_numpy(dtype=object)[strs] if len(strs) else [], type=pa.string())
    text = pc.utf8_trim(text, WHITESPACE)
    empty = pc.equal(text, "").to_numpy(zero_copy_only=False)
    cat[strs[empty]] = BLANK
    seqs = np.flatnonzero(cat == SEQ)
    if len(seqs):
        lengths = (pc.list_value_length(arrow(raw)).to_numpy(zero_copy_only=False)[seqs] if kind == SEQ
                   else raw.iloc[seqs].map(len).to_numpy())
        cat[seqs[lengths == 0]] = BLANK
    return _Cells(raw, cat, strs[~empty], text.filter(pa.array(~empty)))


def _nones(n: int) -> np.ndarray:
    return np.full(n, None, dtype=object)


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


def _lossy_cells(c: _Cells) -> np.ndarray:
    """Positions of the numeric cells that lost digits in Excel (see _lossy)."""
    m = np.flatnonzero(c.mask(NUM))
    if not len(m):
        return m
    nums = c.raw.iloc[m]
    if pd.api.types.is_float_dtype(nums.dtype):
        return m[(nums.abs() >= 10 ** ID_DIGITS).to_numpy(dtype=bool)]
    if pd.api.types.is_integer_dtype(nums.dtype):
        return m[:0]                                   # integers keep every digit
    return m[nums.map(_lossy).to_numpy(dtype=bool)]


# a superset of _SCIENTIFIC in RE2 (\pN covers every digit Python's \d takes); _SCIENTIFIC decides
_SCIENTIFIC_RE2 = r"^[+-]?\pN+(?:\.\pN+)?[eE][+-]?\pN+$"


def _control_bytes(data: np.ndarray) -> np.ndarray:
    """Positions of control bytes other than tab, LF and CR: two tests over every byte, the rest on the few found."""
    at = np.flatnonzero((data < 0x20) | (data == 0x7f))
    return at[~np.isin(data[at], (0x09, 0x0a, 0x0d))]


def _e_bytes(data: np.ndarray) -> np.ndarray:
    return np.flatnonzero((data | 0x20) == ord("e"))


def _has_bytes(text: pa.Array, where) -> np.ndarray:
    """Per text, whether `where` (UTF-8 bytes -> positions of the ASCII bytes sought; ASCII bytes are whole
    characters in UTF-8) finds one in it: one pass over the column's bytes."""
    found = np.zeros(len(text), dtype=bool)
    if not len(text) or text.buffers()[2] is None:
        return found
    width = np.int64 if pa.types.is_large_string(text.type) else np.int32
    offsets = np.frombuffer(text.buffers()[1], dtype=width)[text.offset:text.offset + len(text) + 1]
    hits = where(np.frombuffer(text.buffers()[2], dtype=np.uint8)[offsets[0]:offsets[-1]]) + offsets[0]
    found[np.searchsorted(offsets, hits, side="right") - 1] = True
    return found


def _matches(c: _Cells, pattern: re.Pattern, superset: str, needs) -> np.ndarray:
    """Positions (into c.pos) of the texts `pattern` matches whole; only texts with a byte `needs`
    finds that RE2 `superset` matches are tried."""
    maybe = np.flatnonzero(_has_bytes(c.text, needs))
    maybe = maybe[pc.match_substring_regex(c.text.take(pa.array(maybe, type=pa.int64())), superset)
                  .to_numpy(zero_copy_only=False)]
    texts = c.text.take(pa.array(maybe, type=pa.int64())).to_pylist()
    return maybe[np.fromiter((pattern.fullmatch(t) is not None for t in texts), dtype=bool, count=len(maybe))]


def _lossy_numbers(c: _Cells, values: np.ndarray, errors: np.ndarray) -> None:
    """Numeric cells of more than 15 digits and texts in scientific notation lost their last
    digits in Excel: rejected (the value nulled), never passed on as 3.501e+17."""
    idx = _lossy_cells(c)
    if len(idx):
        errors[idx] = [f"是数值单元格，超过 {ID_DIGITS} 位有效数字，Excel 已丢失末尾数字"
                       f"（读作 {number_text(v)}）；请把该列设为文本格式后重新录入"
                       for v in c.raw.iloc[idx]]
        values[idx] = None
    idx = c.pos[_matches(c, _SCIENTIFIC, _SCIENTIFIC_RE2, _e_bytes)]
    if len(idx):
        errors[idx] = "是科学计数法（Excel 把长数字显示或另存为这种形式），原来的数字已丢失；请把该列设为文本格式后重新录入"
        values[idx] = None


def maybe_unreadable_ids(ids: pa.Array) -> np.ndarray:
    """Per id, whether parse_texts (identifier) might not read it: missing, blank once trimmed of
    WHITESPACE, too long, with a control character, in scientific notation, or a number Excel cut short.
    A superset (only Arrow scans, no Python strings): the ids it names are then parsed for certain."""
    if pa.types.is_integer(ids.type) or pa.types.is_floating(ids.type):   # integers with gaps are read as floats
        near = pc.less(pc.abs(pc.cast(ids, pa.float64(), safe=False)), 10.0 ** ID_DIGITS)
        return pc.fill_null(pc.invert(near), True).to_numpy(zero_copy_only=False)
    if not (pa.types.is_string(ids.type) or pa.types.is_large_string(ids.type)):
        return np.ones(len(ids), dtype=bool)
    text = pc.utf8_trim(ids, WHITESPACE)
    maybe = pc.fill_null(pc.equal(text, ""), True).to_numpy(zero_copy_only=False).copy()
    maybe |= pc.fill_null(pc.greater(pc.binary_length(text), TEXT_MAX), False).to_numpy(zero_copy_only=False)
    maybe |= _has_bytes(text, _control_bytes)
    e = np.flatnonzero(_has_bytes(text, _e_bytes))
    maybe[e] |= pc.match_substring_regex(text.take(pa.array(e, type=pa.int64())), _SCIENTIFIC_RE2).to_numpy(
        zero_copy_only=False)
    return maybe


# record ids, references and certificate numbers: digits Excel may have mangled
IDENTIFIERS = frozenset({"case_id", "unit_id", "act_id", "recording_id", "review_id", "doc_id", "officer_id",
                         "reviewer_id", "parent_id", "certificate_no"})


def is_identifier(name: str) -> bool:
    """An id column (IDENTIFIERS); any other text is taken as written, '1e5' included."""
    return name in IDENTIFIERS


def _series(values: np.ndarray, errors: np.ndarray, raw: pd.Series) -> Parsed:
    return Parsed(pd.Series(values, index=raw.index, dtype=object), pd.Series(errors, index=raw.index, dtype=object))


def parse_texts(raw: pd.Series, identifier: bool = True) -> Parsed:
    """Text cells as written; `identifier`: numbers and scientific texts Excel mangled are rejected."""
    _, values, errors = _texts(raw, identifier)
    return _series(values, errors, raw)


def _texts(raw: pd.Series, identifier: bool) -> tuple[_Cells, np.ndarray, np.ndarray]:
    c = _cells(raw)
    values, errors = _nones(len(raw)), _nones(len(raw))
    values[c.pos] = c.texts(repeated=not identifier)
    for category, fmt in ((NUM, number_text), (TIME, time_text),
                          (BOOLEAN, lambda v: "TRUE" if v else "FALSE")):
        m = c.mask(category)
        if m.any():
            values[m] = c.raw[m].map(fmt).to_numpy(dtype=object)
    errors[c.mask(SEQ) | c.mask(OTHER)] = "应为单个文本值"
    values[_odd_texts(c, errors)] = None
    if identifier:
        _lossy_numbers(c, values, errors)
    return c, values, errors


def _odd_texts(c: _Cells, errors: np.ndarray) -> np.ndarray:
    """Control characters and texts beyond an Excel cell's size are rejected, not passed on:
    their reasons go into `errors`; returns where they are (the caller nulls the values)."""
    if not len(c.text):
        return c.pos
    lengths = pc.utf8_length(c.text).to_numpy()
    long = lengths > TEXT_MAX
    errors[c.pos[long]] = [f"过长（共{n}字，超过 {TEXT_MAX} 字上限）" for n in lengths[long]]
    control = _has_bytes(c.text, _control_bytes) & ~long
    errors[c.pos[control]] = "含有控制字符（显示为 \\xNN），可能是复制或导出时混入"
    return c.pos[long | control]


def parse_enums(raw: pd.Series, choices: tuple[str, ...]) -> Parsed:
    c, values, errors = _texts(raw, identifier=False)
    chosen = np.zeros(len(raw), dtype=bool)
    chosen[c.pos] = pc.is_in(c.text, value_set=pa.array(choices, type=c.text.type)).to_numpy(zero_copy_only=False)
    shown = c.mask(NUM) | c.mask(TIME) | c.mask(BOOLEAN)          # non-text cells, given as text
    chosen[shown] = np.isin(values[shown], choices)
    wrong = ~pd.isna(values) & ~chosen
    errors[wrong] = f"不是可选值（{'、'.join(choices)}）"
    values[wrong | ~pd.isna(errors)] = None
    return _series(values, errors, raw)


# --- booleans ---------------------------------------------------------------------------------

def _per_distinct(text: pa.Array, fn) -> np.ndarray:
    """fn of each text, called once per distinct text (object array aligned with `text`)."""
    coded = pc.dictionary_encode(text)
    got = np.array([fn(t) for t in coded.dictionary.to_pylist()] + [None], dtype=object)
    return got[coded.indices.to_numpy(zero_copy_only=False)] if len(text) else got[:0]


def parse_bools(raw: pd.Series) -> Parsed:
    c = _cells(raw)
    n = len(raw)
    truth, known = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    errors = _nones(n)
    words = _per_distinct(c.text, lambda t: BOOL_WORDS.get(unicodedata.normalize("NFKC", t).lower()))
    ok = words != None  # noqa: E711 - elementwise
    truth[c.pos[ok]], known[c.pos[ok]] = words[ok].astype(bool), True
    errors[c.pos[~ok]] = f"不是可识别的是/否值（{BOOL_FORMS}）"
    m = c.mask(BOOLEAN)
    truth[m], known[m] = c.raw[m].astype(bool).to_numpy(), True
    m = np.flatnonzero(c.mask(NUM))
    if len(m):
        nums = c.raw.iloc[m].astype(float).to_numpy()
        good = np.isin(nums, [0.0, 1.0])
        truth[m[good]], known[m[good]] = nums[good] == 1.0, True
        errors[m[~good]] = "数值只能是 1 或 0"
    errors[c.mask(TIME) | c.mask(SEQ) | c.mask(OTHER)] = "不是可识别的是/否值"
    values = pd.Series(pd.arrays.BooleanArray(truth, ~known), index=raw.index)
    return Parsed(values, pd.Series(errors, index=raw.index, dtype=object))


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


_PLAIN_NUMBER = r"^-?[0-9]{1,15}(?:\.[0-9]{1,15})?$"   # what Arrow's cast reads as Python's float() does


def _text_numbers(c: _Cells, integer: bool) -> np.ndarray:
    """The number of each text (NaN where none): plain numbers cast by Arrow, the rest by _number."""
    plain = pc.match_substring_regex(c.text, _PLAIN_NUMBER).to_numpy(zero_copy_only=False)
    got = np.full(len(c.text), np.nan)
    got[plain] = pc.cast(c.text.filter(pa.array(plain)), pa.float64()).to_numpy(zero_copy_only=False)
    rest = np.flatnonzero(~plain)
    texts = c.text.take(pa.array(rest, type=pa.int64())).to_pylist()
    got[rest] = np.array([_number(t, integer) for t in texts], dtype=float)
    return got


def parse_numbers(raw: pd.Series, minimum: float | None = None, *, integer: bool = False) -> Parsed:
    c = _cells(raw)
    floats = np.full(len(raw), np.nan)
    errors = _nones(len(raw))
    got = _text_numbers(c, integer)
    floats[c.pos] = got
    errors[c.pos[np.isnan(got)]] = "不是整数" if integer else "不是数字"
    m = c.mask(NUM)
    if m.any():
        floats[m] = c.raw[m].astype(float).to_numpy()
        inf = m & ~np.isfinite(floats)
        errors[inf], floats[inf] = "不是有限的数字", np.nan
    errors[c.mask(TIME) | c.mask(BOOLEAN) | c.mask(SEQ) | c.mask(OTHER)] = (
        "不是整数" if integer else "不是数字")
    if integer:
        frac = ~np.isnan(floats) & (floats % 1 != 0)
        errors[frac], floats[frac] = "不是整数", np.nan
    if minimum is not None:
        low = floats < minimum
        errors[low], floats[low] = f"小于最小值 {minimum:g}", np.nan
    if integer:
        huge = ~np.isnan(floats) & (np.abs(floats) >= 10.0 ** ID_DIGITS)     # beyond any count or day number
        errors[huge], floats[huge] = f"数值过大（{ID_DIGITS} 位以上），不是可用的整数", np.nan
    values = pd.Series(floats, index=raw.index)
    return Parsed(values.round().astype("Int64") if integer else values, pd.Series(errors, index=raw.index, dtype=object))


def parse_ints(raw: pd.Series, minimum: float | None = None) -> Parsed:
    return parse_numbers(raw, minimum, integer=True)


# --- lists ------------------------------------------------------------------------------------

def _empties(k: int) -> np.ndarray:
    return np.fromiter(itertools.repeat((), k), dtype=object, count=k)


def _tuples(flat: np.ndarray, rows: np.ndarray, n: int) -> np.ndarray:
    """Per row of n, the tuple of its items (`rows`: the row of each item, ascending)."""
    counts = np.bincount(rows, minlength=n)
    starts = np.cumsum(counts) - counts
    out = _empties(n)
    for k in np.unique(counts[counts > 0]):   # rows of one length at a time, zipped from k columns
        at = np.flatnonzero(counts == k)
        out[at] = np.fromiter(zip(*(flat[starts[at] + j] for j in range(k))), dtype=object, count=len(at))
    return out


def _separator_bytes(data: np.ndarray) -> np.ndarray:
    return np.flatnonzero((data == ord(";")) | (data == ord(",")) | (data == ord("|")))


def _has_separator(items: pa.Array) -> np.ndarray:
    """Per item, whether LIST_SPLIT finds a separator in it."""
    found = _has_bytes(items, _separator_bytes)
    for wide in "；，、":
        found |= pc.match_substring(items, wide).to_numpy(zero_copy_only=False)
    return found


def _split(items: pa.Array, rows: np.ndarray) -> tuple[pa.Array, np.ndarray]:
    """The items split at LIST_SPLIT, every part trimmed and blank parts dropped, and the row of each part.
    `rows`: the row of each item, ascending."""
    if _has_separator(items).any():
        pieces = pc.split_pattern_regex(items, LIST_SPLIT.pattern)
        rows = rows[pc.list_parent_indices(pieces).to_numpy()]
        items = pc.list_flatten(pieces)
    items = pc.utf8_trim(items, WHITESPACE)
    keep = pc.not_equal(items, "").to_numpy(zero_copy_only=False)
    return items.filter(pa.array(keep)), rows[keep]


def _spaced_rows(parts: pa.Array, rows: np.ndarray, errors: np.ndarray) -> np.ndarray:
    """Rows with a part that has white space inside ("P1 P2"): one id or two written with a space? Never
    guessed: the cell is rejected with its reason in `errors`; returns those rows."""
    if not len(parts):
        return rows[:0]
    spaced = pc.match_substring_regex(parts, INNER_SPACE).to_numpy(zero_copy_only=False)
    if not spaced.any():
        return rows[:0]
    at, first = np.unique(rows[spaced], return_index=True)
    shown = parts.filter(pa.array(spaced)).to_numpy(zero_copy_only=False)[first]
    errors[at] = [f"列表项“{p[:40]}”中间有空格或换行：无法确定是一项还是以空格、换行分隔的多项；多项请用；、，或 | 分隔"
                  for p in shown]
    return at


def _item_text(x) -> str | None:
    """One item of a list cell as text; None is skipped."""
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return None
    if not isinstance(x, str):
        return number_text(x) if isinstance(x, (int, float, np.integer, np.floating)) else str(x)
    return x


def _seq_items(c: _Cells) -> tuple[pa.Array, np.ndarray]:
    """The items of the list cells (nulls skipped) and the row of each."""
    seqs = np.flatnonzero(c.mask(SEQ))
    if _is_list(c.raw.dtype):
        lists = arrow(c.raw).filter(pa.array(c.mask(SEQ)))
        items = pc.list_flatten(lists).cast(pa.string())
        rows = seqs[pc.list_parent_indices(lists).to_numpy()]
    else:
        cells = c.raw.iloc[seqs]
        items = pa.array([_item_text(x) for x in itertools.chain.from_iterable(cells)], type=pa.string())
        rows = np.repeat(seqs, cells.map(len).to_numpy(dtype=np.int64))
    valid = items.is_valid()
    return items.filter(valid), rows[valid.to_numpy(zero_copy_only=False)]


def parse_lists(raw: pd.Series) -> Parsed:
    """Lists as tuples of trimmed items; a blank or rejected cell is the empty tuple."""
    c = _cells(raw)
    n = len(raw)
    errors = _nones(n)
    items, rows = _seq_items(c)
    if len(c.pos) and len(rows):
        items, rows = pa.concat_arrays([c.text.cast(pa.string()), items]), np.r_[c.pos, rows]
        order = np.argsort(rows, kind="stable")
        items, rows = items.take(pa.array(order)), rows[order]
    elif len(c.pos):
        items, rows = c.text, c.pos
    parts, part_rows = _split(items, rows.astype(np.int64))
    values = _tuples(parts.to_numpy(zero_copy_only=False), part_rows, n)
    spaced = _spaced_rows(parts, part_rows, errors)
    values[spaced] = _empties(len(spaced))
    m = np.flatnonzero(c.mask(NUM))
    if len(m):
        values[m] = np.fromiter(((number_text(v),) for v in c.raw.iloc[m]), dtype=object, count=len(m))
    errors[c.mask(TIME) | c.mask(BOOLEAN) | c.mask(OTHER)] = "不是列表（以；或、分隔的文本）"
    odd = _odd_texts(c, errors)
    values[odd] = _empties(len(odd))
    idx = _lossy_cells(c)
    errors[idx] = f"是数值单元格，超过 {ID_DIGITS} 位有效数字，Excel 已丢失末尾数字；请把该列设为文本格式后重新录入"
    values[idx] = _empties(len(idx))
    return _series(values, errors, raw)


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


def _date_groups(text: pa.Array) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Per mark of _DATE_FORMATS (and "digits": 8 digits, yyyymmdd) the texts that have it after the
    year; and the texts with a colon (a time)."""
    eight = np.flatnonzero(pc.match_substring_regex(text, r"^\pN{8}$").to_numpy(zero_copy_only=False))
    digits = np.zeros(len(text), dtype=bool)
    digits[eight] = [v.isdigit() for v in text.take(pa.array(eight, type=pa.int64())).to_pylist()]
    after_year = pc.utf8_slice_codeunits(text, 4, 5)
    groups = {mark: pc.equal(after_year, mark).to_numpy(zero_copy_only=False) & ~digits for mark in _DATE_FORMATS}
    groups["digits"] = digits
    return groups, pc.match_substring(text, ":").to_numpy(zero_copy_only=False)


def _nats(n: int) -> np.ndarray:
    return np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")


def _text_stamps(text: pa.Array) -> tuple[np.ndarray, np.ndarray, pd.Series]:
    """Stamps, has-time flags and reasons (labels: positions) for date(-time) text.

    Fast path: group the values by the character after the year and whether a time follows,
    and give each group to pandas with one strict format; the rest go through _DATE_RE."""
    t = pd.Series(text.to_numpy(zero_copy_only=False), dtype=object)
    stamps, timed = _nats(len(t)), np.zeros(len(t), dtype=bool)
    errors = _none(t.index)
    groups, colon = _date_groups(text)
    left = np.ones(len(t), dtype=bool)
    for mark, fmt in (*_DATE_FORMATS.items(), ("digits", "%Y%m%d")):
        group = groups[mark]
        tries = [(fmt, False)] if mark == "digits" else [
            (fmt, False), (fmt + " %H:%M:%S", True), (fmt + " %H:%M", True)]
        for f, has_time in tries:
            pick = group & left & (colon == has_time)
            if not pick.any():
                continue
            got = pd.to_datetime(t[pick], format=f, errors="coerce")
            at, parsed = np.flatnonzero(pick), got.notna().to_numpy()
            got = _to_ns(got, errors).to_numpy()
            ok = ~np.isnat(got)
            stamps[at[ok]], timed[at[ok]] = got[ok], has_time
            left[at[parsed]] = False
    rest = t[left]
    if rest.empty:
        return stamps, timed, errors
    got, has = _regex_stamps(rest, errors)
    stamps[got.index.to_numpy()], timed[has.index.to_numpy()] = got.to_numpy(), has.to_numpy()
    return stamps, timed, errors


def _regex_stamps(rest: pd.Series, errors: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Texts no strict format read, through _DATE_RE: stamps and has-time flags of those it reads (labels as
    in `rest`); the others' reasons go into `errors`."""
    parts = rest.str.normalize("NFKC").str.extract(_DATE_RE)
    form = parts[["y1", "y2", "y3"]].notna().any(axis=1)
    errors[rest.index[~form]] = f"无法识别的日期（可用格式：{DATE_FORMS}）"
    parts = parts[form]
    if parts.empty:
        return pd.Series([], dtype="datetime64[ns]"), pd.Series([], dtype=bool)
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
    return got[ok].astype("datetime64[ns]"), parts.loc[ok, "H"].notna()


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
    c = _cells(raw.reset_index(drop=True))           # labels are positions from here on
    stamps, timed = _nats(len(raw)), np.zeros(len(raw), dtype=bool)
    errors = _none(c.raw.index)
    if len(c.text):
        s, h, e = _text_stamps(c.text)
        stamps[c.pos], timed[c.pos], errors.iloc[c.pos] = s, h, e.to_numpy()
    for category in (TIME, NUM):
        m = c.mask(category)
        if not m.any():
            continue
        if category == TIME:
            s = _object_stamps(c.raw[m], errors)
        else:
            s, e = _number_stamps(c.raw[m])
            errors[e.index[e.notna()]] = e[e.notna()]
        stamps[m] = s.to_numpy()
        timed[m] = (s.notna() & (s != s.dt.normalize())).to_numpy()
    errors[c.mask(BOOLEAN) | c.mask(SEQ) | c.mask(OTHER)] = "不是日期"
    stamps[errors.notna().to_numpy()] = np.datetime64("NaT")
    timed[np.isnat(stamps)] = False
    values, errors.index = pd.Series(stamps, index=raw.index), raw.index
    if not with_time:
        return Parsed(values.dt.normalize(), errors)
    return Parsed(values, errors, pd.Series(timed, index=raw.index))


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
