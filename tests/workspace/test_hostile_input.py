"""A hostile workbook reviewed through the workspace (tests/workspace/hostile_data.py): its markup is shown as text in
every page and in Chromium (no alert, no console error), its formulas stay text in every download, and a case id
holding a slash still has its page."""
from __future__ import annotations

import io
import re
import shutil

import openpyxl
import pytest
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from casereview.history.store import read_run
from casereview.workspace import create_app
from tests.workspace.conftest import make_settings, signed_in
from tests.workspace.hostile_data import (CASE_IDS, FORMULA_UNIT_NAME, IMG, SCRIPT, UNIT_NAME, UPLOAD_NAME,
                                          hostile_workbook)
from tests.workspace.review_steps import page, start, text_of, upload, wait
from tests.workspace.web import UNIT_A, USERS, LiveServer, add_test_users, chrome, console_errors, screenshot

RAW = ("<script>alert(1)</script>", "<img src=x onerror")        # what must never reach a page as markup
SCRIPT_SHOWN = "&lt;script&gt;alert(1)&lt;/script&gt;"
CASE_LINK = re.compile(r'href="(/runs/\d+/cases/[^"#]+)"')


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """(app, run url): the hostile workbook uploaded and reviewed by pc1 through HTTP; dw1 contests with markup."""
    tmp = tmp_path_factory.mktemp("hostile")
    app = create_app(make_settings(str(tmp / "workspace.db"), tmp / "data"))
    add_test_users(app.state.sessions)
    with signed_in(app, "pc1") as b:
        job = upload(b, UPLOAD_NAME, hostile_workbook()).headers["location"]
        start(b, job)
        done = wait(b, job)
    assert done["status"] == "complete", done
    run = done["run_url"]
    findings = read_run(app.state.settings.db, int(run.rsplit("/", 1)[1])).findings.reset_index(drop=True)
    mine = findings[(findings["unit_id"] == UNIT_A) & (findings["outcome"] == "fail")]
    seq = int(mine.index[mine["case_id"] == IMG][0] if (mine["case_id"] == IMG).any() else mine.index[0])
    with signed_in(app, "dw1") as b:
        r = b.post(f"{run}/findings/{seq}/contest", {"reason": SCRIPT + IMG, "version": "0"}, follow_redirects=False)
        assert r.status_code == 303
    yield app, run
    app.state.engine.dispose()
    shutil.rmtree(tmp, ignore_errors=True)


def _pages(b, run: str) -> dict[str, str]:
    urls = [run, f"{run}/units/{UNIT_A}", f"{run}/pending", f"{run}/notices", f"{run}/downloads", "/runs",
            "/rectify"]
    pages = {u: b.get(u).text for u in urls}
    for link in list(dict.fromkeys(CASE_LINK.findall(pages[f"{run}/units/{UNIT_A}"])))[:8]:
        pages[link] = b.get(link).text
    return pages


@pytest.mark.parametrize("username", ["pc1", "dw1"])
def test_markup_from_the_workbook_is_shown_as_text(hostile, username):
    app, run = hostile
    with signed_in(app, username) as b:
        pages = _pages(b, run)
    for url, html in pages.items():
        assert not any(raw in html for raw in RAW), url
    assert SCRIPT_SHOWN in pages[f"{run}/units/{UNIT_A}"]            # the case id and the unit name, escaped


def test_every_hostile_case_id_has_its_page(hostile):
    """A case id with a slash (</script>) or quotes is linked URL-encoded and its page opens."""
    app, run = hostile
    with signed_in(app, "pc1") as b:
        tree = page(b.get(f"{run}/units/{UNIT_A}").text)
        links = {a.text_content(): a.get("href") for a in tree.get_element_by_id("case-table").iter("a")}
        for case_id in CASE_IDS[:2]:
            r = b.get(links[case_id])
            assert r.status_code == 200, (case_id, links[case_id])
            assert text_of(page(r.text), "case-title") == f"案卷 {case_id}"


def test_upload_name_and_contest_reason_are_shown_as_text(hostile):
    app, run = hostile
    with signed_in(app, "admin") as b:
        jobs = b.get("/runs").text + b.get(run).text
        audit = b.get("/admin/audit").text
    assert not any(raw in jobs + audit for raw in RAW)
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;.xlsx" in jobs or "&quot;&gt;&lt;img" in jobs


def _text_cells(content: bytes):
    wb = openpyxl.load_workbook(io.BytesIO(content))
    return [(ws.title, c.coordinate, c.value, c.data_type) for ws in wb for row in ws.iter_rows() for c in row
            if c.value is not None]


@pytest.mark.parametrize("kind", ["workbook", "sample"])
def test_formulas_stay_text_in_downloads(hostile, kind):
    app, run = hostile
    with signed_in(app, "admin") as b:
        cells = _text_cells(b.get(f"{run}/download/{kind}").content)
    assert not [c for c in cells if c[3] == "f"]
    assert not [c for c in cells if isinstance(c[2], str) and c[2].startswith(("=", "+", "-", "@"))]
    assert any(c[2] == "'" + FORMULA_UNIT_NAME for c in cells)          # the unit named as a formula, as text


def test_html_report_and_notice_name_are_safe(hostile):
    app, run = hostile
    with signed_in(app, "admin") as b:
        report = b.get(f"{run}/download/html").text
        notice = b.get(f"{run}/download/notices?unit={UNIT_A}")
    assert not any(raw in report for raw in RAW) and SCRIPT_SHOWN in report
    disposition = notice.headers["content-disposition"]
    assert notice.status_code == 200 and "\r" not in disposition and "\n" not in disposition
    assert disposition.startswith('attachment; filename="download.docx"; filename*=UTF-8\'\'')
    assert "<" not in disposition and '"' not in disposition.split("filename*=")[1]


@pytest.mark.parametrize("username", ["pc1", "dw1"])
def test_no_alert_in_chromium(hostile, username):
    app, run = hostile
    with LiveServer(app) as server:
        driver = chrome()
        try:
            driver.get(server.url + "/login")
            driver.find_element(By.ID, "username").send_keys(username)
            driver.find_element(By.ID, "password").send_keys(USERS[username][0])
            driver.find_element(By.ID, "login-submit").click()
            WebDriverWait(driver, 30).until(ec.presence_of_element_located((By.ID, "who")))
            driver.get(server.url + f"{run}/units/{UNIT_A}")
            assert UNIT_NAME in driver.find_element(By.ID, "unit-name").text
            links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "#case-table a")][:3]
            screenshot(driver, f"hostile-unit-{username}")
            for url in [server.url + run, server.url + f"{run}/pending", *links]:
                driver.get(url)
                with pytest.raises(NoAlertPresentException):
                    driver.switch_to.alert.text
            driver.get(links[0])
            assert CASE_IDS[0] in driver.page_source.replace("&gt;", ">").replace("&lt;", "<").replace("&quot;", '"')
            screenshot(driver, f"hostile-case-{username}")
            assert console_errors(driver) == []
        finally:
            driver.quit()
