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
    return to_pdfs([document], out_dir, timeout)[0]


def to_pdfs(documents: list[Path], out_dir: Path, timeout: float = 180) -> list[Path]:
    """Convert every document to `out_dir/<stem>.pdf` in one LibreOffice start (its start-up costs seconds; each
    document then takes what its pages take), with a private profile; `timeout` per document. The PDFs in the
    order of `documents`; OfficeError naming the documents not converted (the others are kept)."""
    documents = [Path(d) for d in documents]
    if not documents:
        return []
    office = office_command()
    if office is None:
        raise OfficeError("未安装 LibreOffice（soffice），无法生成 PDF")
    out_dir.mkdir(parents=True, exist_ok=True)
    pdfs = [out_dir / (d.stem + ".pdf") for d in documents]
    for pdf in pdfs:                       # a PDF left from an earlier conversion is no proof of this one
        pdf.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="casereview-office-") as profile:
        cmd = [office, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, documents)]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout * len(documents))
    missing = [d.name for d, pdf in zip(documents, pdfs) if not pdf.exists()]
    if done.returncode != 0 or missing:
        raise OfficeError(f"LibreOffice 无法把 {'、'.join(missing) or documents[0].name} 转为 PDF："
                          f"{(done.stderr or done.stdout).strip()[:300]}")
    return pdfs
