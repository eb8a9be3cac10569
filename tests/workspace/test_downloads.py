"""Downloads of a run, read back with openpyxl and python-docx: a unit user's copy holds only their unit,
ID numbers are masked for 单位用户 and 只读, files carry their Chinese names."""
from __future__ import annotations

import io
import re
from urllib.parse import quote

import docx
import openpyxl
import pytest
import sqlalchemy as sa

from tests.workspace.conftest import signed_in
from tests.workspace.web import UNIT_A, UNIT_B

# the bundled sample's units other than dw1's U320151, their case-id prefixes, and two of their names
OTHER_UNITS = re.compile(r"U3201(0[1-4]|5[23])")
OTHER_CASES = re.compile(r"A3201(0[1-4]|5[23])")
OTHER_NAMES = ("南京市公安局玄武分局", "鼓楼区市场监督管理局湖南路所")
# persons among the parties of U320151's cases in the sample (个人: their names must never be printed as is)
PERSONS = ("傅某某", "朱某某", "何某某", "薛某某", "于某某")
ID_NUMBER, ID_MASKED = "320102199001011234", "320102********1234"


def workbook_text(content: bytes) -> str:
    wb = openpyxl.load_workbook(io.BytesIO(content))
    return "\n".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None)


def docx_text(content: bytes) -> str:
    d = docx.Document(io.BytesIO(content))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells)


def _get(app, username: str, url: str):
    with signed_in(app, username) as b:
        return b.get(url)


def test_workbook_has_its_chinese_name(reviewed):
    app, run_id = reviewed
    r = _get(app, "admin", f"/runs/{run_id}/download/workbook")
    assert r.status_code == 200
    assert r.headers["content-disposition"] == \
        "attachment; filename=\"download.xlsx\"; filename*=UTF-8''%E8%AF%84%E6%9F%A5%E7%BB%93%E6%9E%9C.xlsx"
    assert quote("评查结果.xlsx") in r.headers["content-disposition"]
    text = workbook_text(r.content)
    assert all(u in text for u in ("U320101", "U320151", "U320153"))


def test_unit_users_workbook_holds_only_their_unit(any_db_reviewed):
    app, run_id = any_db_reviewed
    r = _get(app, "dw1", f"/runs/{run_id}/download/workbook")
    assert r.status_code == 200
    text = workbook_text(r.content)
    assert UNIT_A in text and "A32015120240001981" in text
    assert not OTHER_UNITS.search(text) and not OTHER_CASES.search(text)
    assert not any(n in text for n in OTHER_NAMES) and not any(p in text for p in PERSONS)
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert wb["案卷"].max_row == 1 + 29          # the header and U320151's 29 cases
    assert "/work" not in text and "三项制度评查样例.xlsx" in text      # the upload's name, not the server's path


def test_html_report_of_a_unit_user(reviewed):
    app, run_id = reviewed
    r = _get(app, "dw1", f"/runs/{run_id}/download/html")
    assert r.status_code == 200 and quote("评查报告.html") in r.headers["content-disposition"]
    assert "玄武区市场监督管理局新街口所" in r.text and "A32015120240001981" in r.text
    assert not OTHER_CASES.search(r.text) and not any(n in r.text for n in OTHER_NAMES)


@pytest.fixture
def with_id_number(reviewed):
    """The sample's run with an ID number put into the reason of one of U320151's failed findings."""
    app, run_id = reviewed
    with app.state.engine.begin() as conn:
        seq = conn.execute(sa.text("SELECT min(seq) FROM run_findings WHERE run_id = :r AND unit_id = :u "
                                   "AND outcome = 'fail'"), {"r": run_id, "u": UNIT_A}).scalar_one()
        conn.execute(sa.text("UPDATE run_findings SET reason = reason || :extra WHERE run_id = :r AND seq = :s"),
                     {"extra": f"（当事人身份证号 {ID_NUMBER}）", "r": run_id, "s": seq})
    return app, run_id


@pytest.mark.parametrize("username, masked", [("dw1", True), ("ld", True), ("pc1", False), ("admin", False)])
def test_id_numbers_masked_for_unit_users_and_viewers(with_id_number, username, masked):
    app, run_id = with_id_number
    text = workbook_text(_get(app, username, f"/runs/{run_id}/download/workbook").content)
    assert (ID_MASKED in text, ID_NUMBER in text) == ((True, False) if masked else (False, True))


def test_sample_list_of_a_unit_user(reviewed):
    app, run_id = reviewed
    r = _get(app, "dw1", f"/runs/{run_id}/download/sample")
    assert r.status_code == 200 and quote("抽样清单.xlsx") in r.headers["content-disposition"]
    rows = list(openpyxl.load_workbook(io.BytesIO(r.content))["抽样清单"].iter_rows(values_only=True))
    assert rows[0][2] == "办案单位编码"
    assert [row[2] for row in rows[1:]] == [UNIT_A] * 5          # 5 a unit by default; U320151 has 29
    assert not any(p in str(rows) for p in PERSONS)


def test_sample_list_of_every_unit(reviewed):
    app, run_id = reviewed
    r = _get(app, "pc1", f"/runs/{run_id}/download/sample?per_unit=2&seed=7")
    rows = list(openpyxl.load_workbook(io.BytesIO(r.content))["抽样清单"].iter_rows(values_only=True))[1:]
    assert len(rows) == 7 * 2 and len({row[2] for row in rows}) == 7


def test_notice_for_the_unit_users_own_unit(reviewed):
    app, run_id = reviewed
    r = _get(app, "dw1", f"/runs/{run_id}/download/notices?unit={UNIT_A}")
    assert r.status_code == 200
    assert quote("整改通知书_玄武区市场监督管理局新街口所.docx") in r.headers["content-disposition"]
    text = docx_text(r.content)
    assert text.startswith("玄武区市场监督管理局新街口所") or "玄武区市场监督管理局新街口所：" in text
    assert "A32015120250002070" in text            # its 不合规 CX01 (117 days from filing to decision)
    assert not OTHER_CASES.search(text) and not any(p in text for p in PERSONS)


def test_notice_of_another_unit_is_not_there_for_a_unit_user(reviewed):
    app, run_id = reviewed
    assert _get(app, "dw1", f"/runs/{run_id}/download/notices?unit={UNIT_B}").status_code == 404
    assert _get(app, "dw1", f"/runs/{run_id}/download/notices").status_code == 404
    r = _get(app, "pc1", f"/runs/{run_id}/download/notices?unit={UNIT_B}")
    assert r.status_code == 200 and "南京市公安局玄武分局" in docx_text(r.content)


def test_annual_report(reviewed):
    app, run_id = reviewed
    r = _get(app, "admin", f"/runs/{run_id}/download/annual?year=2025")
    assert r.status_code == 200 and quote("2025年行政执法统计年报.docx") in r.headers["content-disposition"]
    text = docx_text(r.content)
    assert "2025" in text and all(n in text for n in OTHER_NAMES)
    mine = docx_text(_get(app, "dw1", f"/runs/{run_id}/download/annual?year=2025").content)
    assert "2025" in mine and not any(n in mine for n in OTHER_NAMES)


def test_unknown_kind_and_run_are_not_found(reviewed):
    app, run_id = reviewed
    assert _get(app, "admin", f"/runs/{run_id}/download/secrets").status_code == 404
    assert _get(app, "admin", f"/runs/{run_id + 99}/download/workbook").status_code == 404


def test_downloads_page_lists_only_the_viewers_units(reviewed):
    app, run_id = reviewed
    mine = _get(app, "dw1", f"/runs/{run_id}/downloads").text
    assert f'id="dl-notice-{UNIT_A}"' in mine and f'id="dl-notice-{UNIT_B}"' not in mine
    assert "玄武区市场监督管理局新街口所" in mine and not any(n in mine for n in OTHER_NAMES)
    everyone = _get(app, "pc1", f"/runs/{run_id}/downloads").text
    assert len(re.findall(r'id="dl-notice-U\d+"', everyone)) == 7
    assert 'id="dl-annual-year" type="number" min="1900" value="2025"' in everyone


def _summary(content: bytes) -> dict:
    ws = openpyxl.load_workbook(io.BytesIO(content))["汇总"]
    return {row[0]: row[1] for row in ws.iter_rows(values_only=True) if row and row[0] is not None}


def test_unit_users_summary_counts_only_their_cases(reviewed):
    """The 汇总 sheet of dw1's copy: U320151's 29 cases of the sample's 360, none of the other units' records."""
    app, run_id = reviewed
    mine = _summary(_get(app, "dw1", f"/runs/{run_id}/download/workbook").content)
    assert (mine["案件读入"], mine["案件评查"], mine["案件拒收"]) == (29, 29, 0)
    assert mine["评查日后的其他记录（不评查）"] == 0          # the run's 2 documents after the as-of day are not theirs
    everyone = _summary(_get(app, "admin", f"/runs/{run_id}/download/workbook").content)
    assert (everyone["案件读入"], everyone["案件评查"]) == (360, 360)
    report = _get(app, "dw1", f"/runs/{run_id}/download/html").text
    assert '<b>29</b><span>案件读入</span>' in report and '<b>360</b>' not in report
