"""Admin pages and downloads in Debian's chromium: add a user through the form, disable it after the
confirmation, turn on second-reviewer mode, and click a download link; no console errors anywhere."""
from __future__ import annotations

import time

import openpyxl
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.workspace.web import USERS, chrome, console_errors, screenshot


def sign_in(driver, url: str, username: str) -> None:
    driver.get(url + "/login")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(USERS[username][0])
    driver.find_element(By.ID, "login-submit").click()
    WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.ID, "who"))


def wait_text(driver, element_id: str, expected: str) -> None:
    """Until the element (on the page the last click leads to) shows `expected`."""
    def shown(d):
        found = d.find_elements(By.ID, element_id)
        return bool(found) and found[0].text == expected
    WebDriverWait(driver, 15).until(shown)


def test_admin_pages_in_chromium(live):
    server, _run_id = live
    driver = chrome()
    try:
        sign_in(driver, server.url, "admin")
        driver.get(server.url + "/admin/users")
        driver.find_element(By.ID, "new-username").send_keys("dw7")
        driver.find_element(By.ID, "new-display-name").send_keys("新街口所联络员")
        driver.find_element(By.CSS_SELECTOR, "#new-role option[value='unit']").click()
        driver.find_element(By.ID, "new-units").send_keys("U320151")
        driver.find_element(By.ID, "new-password").send_keys("Browser-pass-2026")
        driver.find_element(By.ID, "new-submit").click()
        wait_text(driver, "flash", "已添加用户 dw7")
        assert driver.find_element(By.ID, "units-dw7").get_attribute("value") == "U320151"
        screenshot(driver, "admin-users")
        driver.find_element(By.ID, "toggle-dw7").click()
        WebDriverWait(driver, 10).until(lambda d: d.switch_to.alert).accept()
        wait_text(driver, "state-dw7", "已停用")
        driver.get(server.url + "/admin/settings")
        driver.find_element(By.ID, "second-on").click()
        driver.find_element(By.ID, "settings-save").click()
        wait_text(driver, "second-state", "已开启")
        driver.get(server.url + "/admin/audit")
        actions = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".audit-action")]
        assert actions[:3] == ["setting.change", "user.disable", "user.add"]
        screenshot(driver, "admin-audit")
        assert console_errors(driver) == []
    finally:
        driver.quit()


def test_unit_user_clicks_the_workbook_download(live, tmp_path):
    server, run_id = live
    driver = chrome(download_dir=tmp_path)
    try:
        sign_in(driver, server.url, "dw1")
        driver.get(f"{server.url}/runs/{run_id}/downloads")
        assert driver.find_elements(By.ID, "dl-notice-U320101") == []
        screenshot(driver, "downloads-dw1")
        driver.find_element(By.ID, "dl-workbook").click()
        target = tmp_path / "评查结果.xlsx"
        deadline = time.monotonic() + 60
        while not target.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert target.exists(), list(tmp_path.iterdir())
        wb = openpyxl.load_workbook(target)
        assert wb["案卷"].max_row == 1 + 29
        assert console_errors(driver) == []
    finally:
        driver.quit()
