"""Uploaded case files: streamed to a server-made name under a size limit, checked by content, zips unpacked safely.

An upload is an .xlsx workbook (checked exactly as the CLI checks it, so the same file gets the same message) or a
.zip of one folder of CSV / Parquet / JSON Lines files. The client's file name is only ever shown, never a path."""
from __future__ import annotations

import re
import shutil
import stat
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from casereview.casefiles.readers import WORKBOOK_SUFFIXES
from casereview.casefiles.sniff import OLE_MAGIC, ZIP_MAGIC, check_workbook
from casereview.errors import InputError

CHUNK = 1 << 20
MAX_MEMBERS = 200                 # files in an uploaded .zip
MAX_UNPACKED_MB = 2048            # all members together, unpacked
MAX_RATIO = 200                   # a member compressed more than 1:200 ...
RATIO_FLOOR = 8 << 20             # ... and unpacking to more than 8 MiB is refused as a zip bomb
NAME_CHARS = 120
WORKBOOK_MEMBER = "xl/workbook.xml"
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class StoredUpload:
    path: Path              # what the loader reads: the workbook, or the folder unpacked from a .zip
    shown_name: str         # the client's file name without any path parts, for display only
    kind: str               # "xlsx" or "zip"


def shown_name(filename: str | None) -> str:
    """The last path part of the client's name, control characters removed, at most NAME_CHARS long."""
    name = re.split(r"[\\/]", (filename or "").replace("%22", '"'))[-1]    # browsers send " as %22
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return name[:NAME_CHARS] or "未命名文件"


def _refuse(message: str, name: str) -> InputError:
    return InputError(message, file=name)


async def receive(upload, folder: Path, max_mb: int) -> tuple[Path, str]:
    """Stream `upload` (a Starlette UploadFile) to a new server-made file in `folder`; stop past `max_mb`."""
    name = shown_name(upload.filename)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{uuid.uuid4().hex}.upload"
    limit, size = max_mb * 1024 * 1024, 0
    try:
        with open(target, "wb") as out:
            while chunk := await upload.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise _refuse(f"文件超过 {max_mb} MB 上限，未保存", name)
                out.write(chunk)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    if size == 0:
        target.unlink(missing_ok=True)
        raise _refuse("文件为空", name)
    return target, name


def store(received: Path, name: str) -> StoredUpload:
    """The received file as the loader will read it; InputError (Chinese, naming the file) when refused."""
    try:
        with open(received, "rb") as f:
            head = f.read(8)
        if head.startswith(ZIP_MAGIC) and _is_workbook(received):
            return _workbook(received, name, ".xlsx")
        if head.startswith(OLE_MAGIC):
            return _workbook(received, name, ".xls")
        if head.startswith(ZIP_MAGIC):
            return StoredUpload(unpack(received, received.with_suffix(""), name), name, "zip")
        suffix = Path(name).suffix.lower()
        if suffix in WORKBOOK_SUFFIXES:           # a renamed file: the CLI's message for the same bytes
            check_workbook(received.read_bytes(), name, suffix)
        raise _refuse("不支持的文件类型：文件内容既不是 Excel 工作簿（.xlsx）也不是 .zip 压缩包"
                      "（CSV 文件请放进一个文件夹后压缩为 .zip 上传）", name)
    except BaseException:
        received.unlink(missing_ok=True)
        raise


def _is_workbook(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as z:
            return WORKBOOK_MEMBER in z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _workbook(received: Path, name: str, suffix: str) -> StoredUpload:
    check_workbook(received.read_bytes(), name, ".xlsx")      # the CLI's own checks and messages
    path = received.with_suffix(suffix)
    received.rename(path)
    return StoredUpload(path, name, "xlsx")


def _member_problem(info: zipfile.ZipInfo) -> str | None:
    raw = info.filename
    parts = PurePosixPath(raw.replace("\\", "/")).parts
    if raw.startswith(("/", "\\")) or _DRIVE.match(raw):
        return "是绝对路径"
    if ".." in parts:
        return "含有“..”（指向压缩包以外）"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "是符号链接"
    return None


def unpack(archive: Path, folder: Path, name: str) -> Path:
    """Unpack `archive` into the new `folder`, refusing unsafe members and zip bombs; the folder to read
    (its single top-level folder when everything sits in one)."""
    try:
        with zipfile.ZipFile(archive) as z:
            members = [m for m in z.infolist() if not m.is_dir()]
            _check_members(members, name)
            folder.mkdir()
            _extract(z, members, folder, name)
    except zipfile.BadZipFile as e:
        raise _refuse(f"压缩包已损坏，无法解压（{e}）", name) from e
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        archive.unlink(missing_ok=True)
    entries = [p for p in folder.iterdir() if not p.name.startswith((".", "__MACOSX"))]
    return entries[0] if len(entries) == 1 and entries[0].is_dir() else folder


def _check_members(members: list[zipfile.ZipInfo], name: str) -> None:
    if not members:
        raise _refuse("压缩包中没有文件", name)
    if len(members) > MAX_MEMBERS:
        raise _refuse(f"压缩包中文件过多（{len(members)} 个，上限 {MAX_MEMBERS} 个）", name)
    for m in members:
        problem = _member_problem(m)
        if problem:
            raise _refuse(f"拒绝解压：压缩包中的“{m.filename}”{problem}", name)
        ratio = m.file_size / max(m.compress_size, 1)
        if m.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise _refuse(f"拒绝解压：压缩包中的“{m.filename}”压缩比 1:{ratio:.0f}，疑似解压炸弹", name)
    total = sum(m.file_size for m in members)
    if total > MAX_UNPACKED_MB << 20:
        raise _refuse(f"拒绝解压：解压后共 {total >> 20} MiB，超过 {MAX_UNPACKED_MB} MiB 上限，疑似解压炸弹", name)


def _extract(z: zipfile.ZipFile, members: list[zipfile.ZipInfo], folder: Path, name: str) -> None:
    """Copy members by counting the bytes really written (headers can lie), within the same limits."""
    budget = MAX_UNPACKED_MB << 20
    for m in members:
        target = folder.joinpath(*PurePosixPath(m.filename.replace("\\", "/")).parts)
        if folder.resolve() not in target.resolve().parents:
            raise _refuse(f"拒绝解压：压缩包中的“{m.filename}”指向压缩包以外", name)
        target.parent.mkdir(parents=True, exist_ok=True)
        written, cap = 0, max(RATIO_FLOOR, m.compress_size * MAX_RATIO)
        with z.open(m) as src, open(target, "wb") as out:
            while chunk := src.read(CHUNK):
                written += len(chunk)
                budget -= len(chunk)
                if written > cap or budget < 0:
                    raise _refuse(f"拒绝解压：压缩包中的“{m.filename}”解压后过大，疑似解压炸弹", name)
                out.write(chunk)
