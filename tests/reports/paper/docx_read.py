"""Reading .docx files back for tests: every text a person sees (paragraphs, table cells, headers, footers)."""
from __future__ import annotations

from pathlib import Path

from docx import Document


def texts(path: Path) -> list[str]:
    """The text of every paragraph and every table cell (each cell once), body then headers and footers."""
    doc = Document(str(path))
    out = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        out += cell_texts(table)
    for section in doc.sections:
        for part in (section.header, section.footer):
            out += [p.text for p in part.paragraphs]
    return out


def cell_texts(table) -> list[str]:
    seen, out = set(), []
    for row in table.rows:
        for cell in row.cells:
            if cell._tc not in seen:            # a merged cell appears once per grid column it spans
                seen.add(cell._tc)
                out.append(cell.text)
    return out


def table_rows(path: Path, index: int) -> list[list[str]]:
    """The rows of the document's `index`-th table, as cell texts."""
    table = Document(str(path)).tables[index]
    return [[c.text for c in row.cells] for row in table.rows]


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]
