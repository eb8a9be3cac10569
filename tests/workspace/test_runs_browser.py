"""A review in Debian's chromium: upload the sample, inspect, start, watch the progress page go to the run page,
open a unit; screenshots of each step and no console errors."""
from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from tests.workspace.web import SAMPLE, UNIT_A, USERS, chrome, console_errors, screenshot


def test_upload_progress_and_run_page_in_chromium(live):
    server, earlier = live
    driver = chrome()
    try:
        driver.get(server.url + "/login?next=/runs/new")
        driver.find_element(By.ID, "username").send_keys("pc1")
        driver.find_element(By.ID, "password").send_keys(USERS["pc1"][0])
        driver.find_element(By.ID, "login-submit").click()
        driver.find_element(By.ID, "upload-file").send_keys(str(SAMPLE))
        screenshot(driver, "10-upload")
        driver.find_element(By.ID, "upload-submit").click()
        WebDriverWait(driver, 60).until(ec.presence_of_element_located((By.ID, "inspection")))
        assert "记录 360 条" in driver.find_element(By.ID, "table-cases").text
        screenshot(driver, "11-inspect")
        driver.find_element(By.ID, "start-review").click()
        WebDriverWait(driver, 30).until(ec.presence_of_element_located((By.ID, "job-progress")))
        screenshot(driver, "12-progress")
        WebDriverWait(driver, 300).until(ec.presence_of_element_located((By.ID, "run-cards")))
        assert driver.current_url.rstrip("/").rsplit("/", 2)[-2] == "runs"
        assert driver.find_element(By.ID, "card-cases").text.startswith("360")
        assert driver.find_element(By.ID, "previous-run-link").get_attribute("href").endswith(f"/runs/{earlier}")
        assert len(driver.find_elements(By.CSS_SELECTOR, "#unit-table tbody tr")) == 7
        assert driver.find_element(By.ID, "chart-unit-rates").is_displayed()
        screenshot(driver, "13-run")
        driver.find_element(By.ID, f"unit-{UNIT_A}").click()
        WebDriverWait(driver, 30).until(ec.presence_of_element_located((By.ID, "case-table")))
        assert "玄武区市场监督管理局新街口所" in driver.find_element(By.ID, "unit-name").text
        screenshot(driver, "14-unit")
        assert console_errors(driver) == []
    finally:
        driver.quit()
