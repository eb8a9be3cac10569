"""xlsxwriter's shared strings part written a block of strings at a time: the same bytes, without Python per string.

xlsxwriter writes each string of the workbook's shared string table through several Python calls (escaping,
whitespace check, tag); a 100,000-case workbook holds about 300,000 of them. Here a block of strings is checked and
escaped by Arrow and its `<si>` elements written at once. A string needing more than the XML escapes and the
whitespace attribute (a control character, a literal `_xHHHH_`, U+FFFE or U+FFFF, a rich string's `<r>`) is left
to xlsxwriter's own `_write_si`, in its place. Only on the releases put_rows was checked on
(reports.xlsx_rows.checked_release); tests/reports/test_xlsx_sst.py compares both writers byte for byte.
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from xlsxwriter.sharedstrings import SharedStrings

from casereview.casefiles.values import PY_SPACE
from casereview.reports.xlsx_print import only_types
from casereview.reports.xlsx_rows import checked_release, joined_text

BLOCK = 1 << 16         # strings escaped and written at a time
TEXT = pa.large_string()
# what xlsxwriter escapes beyond & < > (xmlwriter._escape_control_characters), and rich strings
_ONE_BY_ONE = r"[\x00-\x08\x0b-\x1f\x{fffe}\x{ffff}]|_x[0-9a-fA-F]{4}_|^<r>"
_SPACE = "".join(f"\\x{{{ord(c):x}}}" for c in PY_SPACE)
_EDGE_SPACE = f"^[{_SPACE}]|[{_SPACE}]$"        # utility._preserve_whitespace: Python's \s, first or last
_ORIGINAL = SharedStrings._write_sst_strings


def write_sst_fast() -> None:
    """SharedStrings writes its strings a block at a time from now on (a no-op on an unchecked release)."""
    if checked_release():
        SharedStrings._write_sst_strings = _write_sst_strings


def _write_sst_strings(self: SharedStrings) -> None:
    strings = self.string_table.string_array
    if not only_types(strings, {str}):
        _ORIGINAL(self)
        return
    for lo in range(0, len(strings), BLOCK):
        block = strings[lo:lo + BLOCK]
        texts = pa.array(block, TEXT)
        xml = si_elements(texts)
        start = 0
        for i in np.flatnonzero(pc.match_substring_regex(texts, _ONE_BY_ONE).to_numpy(zero_copy_only=False)):
            self.fh.write(joined_text(xml.slice(start, i - start)))
            self._write_si(block[i])
            start = i + 1
        self.fh.write(joined_text(xml.slice(start)))


def si_elements(texts: pa.Array) -> pa.Array:
    """`<si><t>…</t></si>` of each text as xmlwriter._xml_si_element writes it: & < > escaped, xml:space="preserve"
    where the text starts or ends with white space."""
    escaped = texts
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        escaped = pc.replace_substring(escaped, char, entity)
    preserve = pc.match_substring_regex(texts, _EDGE_SPACE)
    opening = pc.if_else(preserve, pa.scalar('<si><t xml:space="preserve">', TEXT), pa.scalar("<si><t>", TEXT))
    return pc.binary_join_element_wise(opening, escaped, pa.scalar("</t></si>", TEXT), pa.scalar("", TEXT))

