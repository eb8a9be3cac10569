"""The shared strings written a block at a time (reports.xlsx_sst) are xlsxwriter's own bytes, string by string:
escapes, the whitespace attribute, and the strings left to xlsxwriter in their places."""
from __future__ import annotations

import io
import zipfile

import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st
from xlsxwriter.sharedstrings import SharedStrings, SharedStringTable

from casereview.reports import xlsx_sst
from casereview.reports.xlsx_rows import checked_release
from tests.properties.profile import PROFILE

TRICKY = [
    "", " ", "a", " a", "a ", "\u3000案", "案\u3000", "\xa0x", "x\xa0", "a\n", "\n", "\ta", "a\r", "\u2028x", "x\u2029",
    "\x85y", "\u1680", "a\u2000", "\u200b", "\u202f",           # Python's white space (U+200B is not)
    'a&b<c>d"e\'', "&amp;", "混合 & <b>粗</b>",
    "\x00", "a\x01b", "\x1f", "\x1c", "a\x0bb", "\x0c", "_x0041_", "a_x00ff_b", "_x004_", "_xZZZZ_", "\ufffe",
    "x\uffff", "<r><t>x</t></r>", "<r>abc", "abc</r>", "😀 ", " 😀", "长" * 5000,
]
PIECES = ["a", "案", " ", "&", "<", ">", "_x0F", "_x00AF_", "\n", "\t", "\x00", "\x1e", "\xa0", "\u3000", "\ufffe",
          "<r>", "</r>", "😀"]


def _sst_xml(strings: list[str], write) -> str:
    table = SharedStringTable()
    for s in strings:
        table._get_shared_string_index(s)
    table._sort_string_data()
    sst = SharedStrings()
    sst.string_table, sst.fh = table, io.StringIO()
    write(sst)
    return sst.fh.getvalue()


def test_tricky_strings_as_xlsxwriter_writes_them():
    assert _sst_xml(TRICKY, xlsx_sst._write_sst_strings) == _sst_xml(TRICKY, xlsx_sst._ORIGINAL)
    fast = _sst_xml(["\u3000案", "a&b", "\x01"], xlsx_sst._write_sst_strings)
    assert fast == '<si><t xml:space="preserve">\u3000案</t></si><si><t>a&amp;b</t></si><si><t>_x0001_</t></si>'


def test_blocks_and_strings_left_to_xlsxwriter_keep_their_places(monkeypatch):
    monkeypatch.setattr(xlsx_sst, "BLOCK", 7)
    strings = [f"{i}{TRICKY[i % len(TRICKY)]}" for i in range(60)]
    assert _sst_xml(strings, xlsx_sst._write_sst_strings) == _sst_xml(strings, xlsx_sst._ORIGINAL)


@settings(settings.get_profile(PROFILE), max_examples=200)
@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=6).map("".join), max_size=40))
def test_any_strings_as_xlsxwriter_writes_them(strings):
    assert _sst_xml(strings, xlsx_sst._write_sst_strings) == _sst_xml(strings, xlsx_sst._ORIGINAL)


@pytest.mark.skipif(not checked_release(), reason="only on the xlsxwriter releases put_rows was checked on")
def test_workbooks_written_here_use_it(tmp_path):
    import casereview.reports.workbook  # noqa: F401  (importing it sets the writer up)
    assert SharedStrings._write_sst_strings is xlsx_sst._write_sst_strings
    wb = xlsxwriter.Workbook(str(tmp_path / "a.xlsx"))
    wb.add_worksheet().write_string(0, 0, " 案 & 例 ")
    wb.close()
    xml = zipfile.ZipFile(tmp_path / "a.xlsx").read("xl/sharedStrings.xml").decode("utf-8")
    assert xml.endswith('<si><t xml:space="preserve"> 案 &amp; 例 </t></si></sst>')

