"""Documents rendered as their readers see them: LibreOffice (headless) turns .docx/.xlsx into PDF."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from casereview.errors import CaseReviewError

OFFICE_NAMES = ("soffice", "libreoffice")


class OfficeError(CaseReviewError):
    """LibreOffice is missing or could not convert a document."""


def office_command() -> str | None:
    """The LibreOffice executable on PATH, or None when it is not installed."""
    for name in OFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def to_pdf(document: Path, out_dir: Path, timeout: float = 180) -> Path:
    """Convert `document` to `out_dir/<stem>.pdf` with a private LibreOffice profile (safe in parallel)."""
    office = office_command()
    if office is None:
        raise OfficeError("未安装 LibreOffice（soffice），无法生成 PDF")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="casereview-office-") as profile:
        cmd = [office, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(out_dir), str(document)]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    pdf = out_dir / (document.stem + ".pdf")
    if done.returncode != 0 or not pdf.exists():
        raise OfficeError(f"LibreOffice 无法把 {document.name} 转为 PDF：{(done.stderr or done.stdout).strip()[:300]}")
    return pdf
