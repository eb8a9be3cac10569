"""Looking at a file's bytes before parsing it: what it really is, its text encoding, bombs."""
from __future__ import annotations

import io
import zipfile

import pandas as pd

from casereview.errors import InputError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"       # compound file: .xls, or an encrypted .xlsx
ZIP_MAGIC = b"PK\x03\x04"
MAX_UNPACKED = 2 << 30          # a workbook unpacking to more than 2 GiB is refused
MAX_RATIO = 400                 # a member compressed more than 1:400 ...
RATIO_FLOOR = 8 << 20           # ... and unpacking to more than 8 MiB is refused (real sheets: ~1:10)
NUL_SHARE = 0.3                 # share of NUL bytes at odd/even places that says "UTF-16"
_TEXT_PROBE = 4096


def _looks_like_text(data: bytes) -> bool:
    head = data[:_TEXT_PROBE]
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as e:
        if e.start > len(head) - 4:            # cut inside a character at the probe's end
            return True
    try:
        head.decode("gb18030")
        return True
    except UnicodeDecodeError:
        return False


def check_workbook(data: bytes, file: str, suffix: str) -> None:
    """Refuse, with a clear reason, what is not a readable workbook before calamine sees it."""
    if data.startswith(OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise InputError("无法读取 Excel 工作簿：有密码保护（已加密）；请在 Excel/WPS 中取消密码后另存为 .xlsx",
                             file=file)
        return                                 # an old-style .xls: calamine reads it
    if not data.startswith(ZIP_MAGIC):
        if _looks_like_text(data):
            raise InputError("无法读取 Excel 工作簿：文件内容是文本（可能是改了扩展名的 CSV）；"
                             "CSV 请放进一个文件夹，给出该文件夹", file=file)
        if suffix in (".xlsx", ".xlsm", ".ods"):
            raise InputError("无法读取 Excel 工作簿：文件格式无法识别（文件可能已损坏）", file=file)
        return
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as e:
        raise InputError(f"无法读取 Excel 工作簿：文件已损坏（压缩包不完整：{e}）", file=file) from e
    total = sum(m.file_size for m in members)
    worst = max(members, key=lambda m: m.file_size / max(m.compress_size, 1), default=None)
    ratio = worst.file_size / max(worst.compress_size, 1) if worst else 0
    if total > MAX_UNPACKED or (worst and worst.file_size > RATIO_FLOOR and ratio > MAX_RATIO):
        raise InputError(f"拒绝读取 Excel 工作簿：解压后过大（共 {total / (1 << 20):.0f} MiB，“{worst.filename}”压缩比"
                         f" 1:{ratio:.0f}），疑似解压炸弹", file=file)


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when NUL bytes sit at every other place, else None."""
    head = data[:_TEXT_PROBE]
    half = max(len(head) // 2, 1)
    odd, even = head[1::2].count(0) / half, head[0::2].count(0) / half
    if odd >= NUL_SHARE and even < NUL_SHARE / 10:
        return "utf-16-le"
    if even >= NUL_SHARE and odd < NUL_SHARE / 10:
        return "utf-16-be"
    return None


def _first_non_utf8_line(data: bytes) -> int | None:
    """The first line that is not UTF-8 when other lines are non-ASCII UTF-8 (mixed encodings)."""
    utf8_seen, first_bad = False, None
    for n, line in enumerate(data.split(b"\n"), 1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8_seen = True
        except UnicodeDecodeError:
            first_bad = first_bad or n
        if utf8_seen and first_bad:
            return first_bad
    return None


def decode(data: bytes, file: str) -> str:
    """CSV/JSON text: UTF-8 (BOM or not), UTF-16 (BOM or not), GB18030/GBK; mixed is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data:
        encoding = _utf16_without_bom(data)
        try:
            if encoding:
                return data.decode(encoding)
        except UnicodeDecodeError:
            pass
        raise InputError("文件含有空字节，是二进制数据而不是 CSV/JSON 文本", file=file)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    line = _first_non_utf8_line(data)
    if line is not None:
        raise InputError(f"文件编码混杂：其他行是 UTF-8，第{line}行不是（可能是 GBK）；"
                         f"请整个文件另存为 UTF-8", file=file)
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise InputError("无法识别文件编码（应为 UTF-8、UTF-16 或 GB18030/GBK）", file=file) from None


def restore_error_cells(data: bytes, sheets: dict[str, pd.DataFrame]) -> None:
    """Calamine reads error cells (#DIV/0!, #N/A...) as empty; put their text back so they are
    rejected, not taken for blanks. Only workbooks holding such cells pay for a second read."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if not any(b't="e"' in z.read(m) for m in z.namelist()
                       if m.startswith("xl/worksheets/") and m.endswith(".xml")):
                return
    except (zipfile.BadZipFile, KeyError, OSError):
        return
    import openpyxl
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        found = [(name, cell.row - 1, cell.column - 1, str(cell.value))
                 for name in sheets if name in wb.sheetnames
                 for row in wb[name].iter_rows() for cell in row
                 if getattr(cell, "data_type", None) == "e" and cell.value is not None]
    except Exception:  # noqa: BLE001 - best effort: calamine has already read the workbook
        return
    for name, r, c, text in found:
        grid = sheets[name]
        if r < grid.shape[0] and c < grid.shape[1]:
            grid.iat[r, c] = text
