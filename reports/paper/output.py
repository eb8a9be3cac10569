"""Writing the paper documents of a run into a folder: 评查表/ (one .docx, and .pdf, per unit), 整改通知书/ (one .docx
per unit) and 评查情况通报.docx — each written atomically."""
from __future__ import annotations

import re
from pathlib import Path

from casereview.engine.model.expr import did_you_mean
from casereview.engine.run.result import Run
from casereview.errors import UsageError
from casereview.reports.annual.atomic import atomic_target
from casereview.reports.from_run import text, unit_names
from casereview.reports.office import OfficeError, office_command, to_pdfs
from casereview.reports.paper.bulletin import write_bulletin
from casereview.reports.paper.case_header import CaseHeads
from casereview.reports.paper.case_sheets import write_case_sheets
from casereview.reports.paper.notices import write_notice
from casereview.reports.paper.settings import NoticeSettings

CASE_SHEETS_DIR = "评查表"
NOTICES_DIR = "整改通知书"
BULLETIN_NAME = "评查情况通报.docx"
NO_OFFICE = "未安装 LibreOffice（soffice），只写出 .docx，未生成 PDF"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def select_units(run: Run, unit: str | None = None) -> list[tuple[str, str]]:
    """(unit id, name) of every unit in the run, or of the one `unit` names (its code or its name)."""
    names = unit_names(run)
    for uid in run.cases["unit_id"].map(text):
        names.setdefault(uid, uid)
    if unit is None:
        return list(names.items())
    chosen = [(k, v) for k, v in names.items() if unit in (k, v)]
    if not chosen:
        hint = did_you_mean(unit, list(names) + list(names.values()))
        raise UsageError(f"本次评查没有单位“{unit}”" + (f"，是否想写“{hint}”？" if hint else "")
                         + f"（可用：{'、'.join(f'{k} {v}' for k, v in names.items())}）")
    return chosen


def file_names(units: list[tuple[str, str]], prefix: str) -> dict[str, str]:
    """unit id → file stem `<prefix>_<unit name>` (characters a file system refuses replaced; the unit code added
    when two names would give the same file)."""
    stems = {uid: f"{prefix}_{_safe(name) or _safe(uid)}" for uid, name in units}
    seen: dict[str, int] = {}
    for s in stems.values():
        seen[s] = seen.get(s, 0) + 1
    return {uid: (s if seen[s] == 1 else f"{s}_{_safe(uid)}") for uid, s in stems.items()}


def write_case_sheet_files(run: Run, out: Path, heads: CaseHeads, units: list[tuple[str, str]], *,
                           pdf: bool = True) -> tuple[list[Path], list[str]]:
    """One 评查表 .docx per unit in out/评查表/, and its PDF when LibreOffice is present and `pdf`;
    returns (files written, notes for the user)."""
    folder = Path(out) / CASE_SHEETS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    names = file_names(units, "评查表")
    written, notes = [], []
    for uid, name in units:
        path = folder / f"{names[uid]}.docx"
        with atomic_target(path) as tmp:
            write_case_sheets(run, uid, name, heads, tmp)
        written.append(path)
    if pdf and written:
        if office_command() is None:
            notes.append(NO_OFFICE)
        else:
            try:
                written += to_pdfs(written, folder)
            except OfficeError as e:
                written += [p.with_suffix(".pdf") for p in written if p.with_suffix(".pdf").exists()]
                notes.append(str(e))
    return written, notes


def write_notice_files(run: Run, out: Path, heads: CaseHeads, settings: NoticeSettings,
                       units: list[tuple[str, str]], *, bulletin: bool = True) -> list[Path]:
    """One 整改通知书 .docx per unit in out/整改通知书/, and (when `bulletin`) out/评查情况通报.docx."""
    folder = Path(out) / NOTICES_DIR
    folder.mkdir(parents=True, exist_ok=True)
    names = file_names(units, "整改通知书")
    written = []
    for uid, name in units:
        path = folder / f"{names[uid]}.docx"
        with atomic_target(path) as tmp:
            write_notice(run, uid, name, heads, settings, tmp)
        written.append(path)
    if bulletin:
        path = Path(out) / BULLETIN_NAME
        with atomic_target(path) as tmp:
            write_bulletin(run, heads, settings, tmp)
        written.append(path)
    return written


def _safe(name: str) -> str:
    return _UNSAFE.sub("_", text(name)).strip(" ._")[:60]
