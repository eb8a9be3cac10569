"""Reading PDFs back for tests: page count, page sizes (mm) and text, with poppler's pdfinfo/pdftotext."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

A4_MM = (210.0, 297.0)
PT_MM = 25.4 / 72


def page_sizes_mm(pdf: Path) -> list[tuple[float, float]]:
    """(width, height) in millimetres of every page."""
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "100000", str(pdf)], capture_output=True,
                          text=True, check=True).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    return [(float(w) * PT_MM, float(h) * PT_MM) for w, h in sizes]


def is_a4(size: tuple[float, float], tolerance_mm: float = 1.5) -> bool:
    """A4 portrait or landscape."""
    w, h = sorted(size)
    return abs(w - A4_MM[0]) <= tolerance_mm and abs(h - A4_MM[1]) <= tolerance_mm


def pdf_text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    """The text of the PDF (pages first..last, 1-based), layout kept; pages separated by form feeds."""
    cmd = ["pdftotext", "-layout"]
    if first:
        cmd += ["-f", str(first)]
    if last:
        cmd += ["-l", str(last)]
    return subprocess.run(cmd + [str(pdf), "-"], capture_output=True, text=True, check=True).stdout


ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"    # git-ignored; CI may upload it


def keep_page_images(pdf: Path, folder: str, first: int = 1, last: int = 2, dpi: int = 60) -> list[Path]:
    """PNG images of pages first..last of `pdf`, kept as test artifacts in test-artifacts/<folder>/ at the repo
    root (named <pdf stem>-<page>.png, replaced on every run); returns the images written."""
    out = ARTIFACTS / folder
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob(f"{pdf.stem}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(first), "-l", str(last), str(pdf),
                    str(out / pdf.stem)], check=True, capture_output=True)
    return sorted(out.glob(f"{pdf.stem}-*.png"))


def page_texts(pdf: Path) -> list[str]:
    """The text of each page (layout kept)."""
    return pdf_text(pdf).split("\f")[:len(page_sizes_mm(pdf))]
