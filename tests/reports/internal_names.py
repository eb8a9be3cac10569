"""Internal names a person must never read in a document: engine names and the table/field ids of
docs/format.md. Rule ids (GS01), case and unit ids are data a person needs and are not on the list."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import docx
import openpyxl

from casereview.engine.model.schema import TABLES

INTERNAL = {"vector", "durable", "dask"} | set(TABLES) | {c.name for t in TABLES.values() for c in t.columns}
# durable_rules is the rule engine's product name (“durable_rules 规则引擎”), not an internal id
_PATTERN = re.compile(r"(?<![A-Za-z0-9_])(" + "|".join(sorted(map(re.escape, INTERNAL), key=len, reverse=True))
                      + r")(?![A-Za-z0-9_])")


def internal_names(texts) -> list[tuple[str, str, str]]:
    """(where, name, text) for every internal name found in (where, text) pairs."""
    return [(where, m, text[:120]) for where, text in texts for m in _PATTERN.findall(text or "")]


def workbook_texts(path):
    book = openpyxl.load_workbook(path)
    for ws in book:
        yield ws.title, ws.title
        for where, part in (("页眉", ws.oddHeader), ("页脚", ws.oddFooter)):
            yield f"{ws.title} {where}", " ".join(p.text or "" for p in (part.left, part.center, part.right))
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    yield f"{ws.title}!{cell.coordinate}", cell.value


def docx_texts(path):
    d = docx.Document(str(path))
    for i, p in enumerate(d.paragraphs):
        for run in p.runs:
            yield f"段落{i}", run.text
    for t, table in enumerate(d.tables):
        for row in table.rows:
            for cell in row.cells:
                yield f"表{t}", cell.text
    for s, section in enumerate(d.sections):
        for part in (section.header, section.footer):
            for p in part.paragraphs:
                yield f"节{s}页眉页脚", p.text


class _Visible(HTMLParser):
    def __init__(self):
        super().__init__()
        self.texts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")
        self.texts += [(f"<{tag} {k}>", v) for k, v in attrs if k in ("title", "alt", "aria-label") and v]

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(("text", data))


def html_texts(path):
    parser = _Visible()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.texts
