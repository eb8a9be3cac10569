"""整改 in Chromium: a reviewer issues, the unit answers, the reviewer accepts, the board shows it closed."""
from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support.expected_conditions import alert_is_present
from selenium.webdriver.support.wait import WebDriverWait

from tests.workspace.rectify_data import UNPUBLISHED_CASE, items_of, one_case  # noqa: F401 (fixture)
from tests.workspace.rectify_data import one_case_workbook  # noqa: F401 (fixture)
from tests.workspace.web import (UNIT_A, USERS, LiveServer, chrome, console_errors, screenshot,
                                 wait_for_next_page)


def _click(driver, by: str, value: str, confirm: bool = False) -> None:
    """Click and wait for the next page (accepting the confirmation dialog first when one is asked)."""
    page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(by, value).click()
    if confirm:
        WebDriverWait(driver, 10).until(alert_is_present()).accept()
    wait_for_next_page(driver, page, 30)


def _sign_in(driver, url: str, username: str) -> None:
    driver.get(url + "/login")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(USERS[username][0])
    _click(driver, By.ID, "login-submit")
    assert username in driver.find_element(By.ID, "who").text


def _sign_out(driver) -> None:
    _click(driver, By.ID, "logout")


def test_issue_answer_accept_in_chromium(one_case):
    app, run_id = one_case
    driver = chrome()
    try:
        with LiveServer(app) as server:
            _sign_in(driver, server.url, "pc1")
            driver.get(f"{server.url}/runs/{run_id}/notices")
            assert driver.find_element(By.ID, f"unit-{UNIT_A}").is_selected()
            driver.find_element(By.ID, "due-days").clear()
            driver.find_element(By.ID, "due-days").send_keys("15")
            screenshot(driver, "rectify-01-issue")
            _click(driver, By.ID, "issue-submit", confirm=True)       # data-confirm asks before issuing
            assert "整改通知 第" in driver.find_element(By.TAG_NAME, "h1").text
            notice_id = int(driver.current_url.rsplit("/", 1)[1])
            [item] = items_of(app, notice_id)
            assert item.case_id == UNPUBLISHED_CASE
            assert driver.find_element(By.ID, f"item-{item.id}-status").text.startswith("待整改")
            screenshot(driver, "rectify-02-notice")
            assert console_errors(driver) == []
            _sign_out(driver)

            _sign_in(driver, server.url, "dw1")
            driver.get(f"{server.url}/notices/{notice_id}")
            driver.find_element(By.ID, f"answer-{item.id}-note").send_keys("已于门户网站补充公示")
            screenshot(driver, "rectify-03-answer")
            _click(driver, By.ID, f"answer-{item.id}-submit")
            assert driver.find_element(By.ID, f"item-{item.id}-status").text.startswith("待审核")
            assert "已于门户网站补充公示" in driver.find_element(By.ID, f"item-{item.id}-answer").text
            assert console_errors(driver) == []
            _sign_out(driver)

            _sign_in(driver, server.url, "pc1")
            driver.get(f"{server.url}/notices/{notice_id}")
            _click(driver, By.ID, f"accept-{item.id}")
            assert driver.find_element(By.ID, f"item-{item.id}-status").text.startswith("已通过")
            screenshot(driver, "rectify-04-accepted")
            _click(driver, By.LINK_TEXT, "整改看板")
            assert driver.find_element(By.ID, f"board-{UNIT_A}-closed").text == "1"
            assert driver.find_element(By.ID, f"board-{UNIT_A}-open").text == "0"
            assert driver.find_element(By.ID, f"board-{UNIT_A}-rate").text == "100.0%"
            screenshot(driver, "rectify-05-board")
            assert console_errors(driver) == []
    finally:
        driver.quit()
