"""The workspace in Debian's chromium: the login page loads with no console errors and signs in."""
from __future__ import annotations

from selenium.webdriver.common.by import By

from tests.workspace.web import USERS, chrome, console_errors, screenshot


def test_sign_in_in_chromium(live):
    server, _run_id = live
    driver = chrome()
    try:
        driver.get(server.url + "/login")
        screenshot(driver, "00-login")
        driver.find_element(By.ID, "username").send_keys("pc1")
        driver.find_element(By.ID, "password").send_keys(USERS["pc1"][0])
        driver.find_element(By.ID, "login-submit").click()
        assert "评查员" in driver.find_element(By.ID, "who").text
        screenshot(driver, "01-home")
        assert console_errors(driver) == []
    finally:
        driver.quit()
