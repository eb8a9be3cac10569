"""人工复核 in Debian's chromium: from the 待核实 list to a case, confirm a 无法判定 finding 不合规 with a reason,
and the page shows the new confirmed score (100 − JL01's 10 = 90, by hand from rules/三项制度.yaml)."""
from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.workspace.web import USERS, chrome, console_errors, screenshot, wait_for_next_page
from tests.workspace.test_confirm import CASE, run_findings, seq_of


def test_reviewer_confirms_in_chromium(live, reviewed):
    server, run_id = live
    jl01 = seq_of(run_findings(reviewed[0], run_id), CASE, "JL01")
    driver = chrome()
    try:
        driver.get(server.url + f"/login?next=/runs/{run_id}/pending")
        driver.find_element(By.ID, "username").send_keys("pc1")
        driver.find_element(By.ID, "password").send_keys(USERS["pc1"][0])
        driver.find_element(By.ID, "login-submit").click()
        assert driver.find_element(By.ID, f"p-{jl01}")
        screenshot(driver, "review-01-pending")
        driver.find_element(By.CSS_SELECTOR, f"#p-{jl01} a").click()
        assert driver.find_element(By.ID, "case-title").text == f"案卷 {CASE}"
        assert driver.find_element(By.ID, "confirmed-score").text == "100"
        assert driver.find_element(By.ID, f"machine-{jl01}").text == "无法判定"
        Select(driver.find_element(By.ID, f"outcome-{jl01}")).select_by_value("fail")
        driver.find_element(By.ID, f"reason-{jl01}").send_keys("卷内无执法全过程音像记录")
        screenshot(driver, "review-02-case-before")
        submit_and_wait(driver, driver.find_element(By.ID, f"confirm-{jl01}"))
        assert driver.find_element(By.ID, "confirmed-score").text == "90"
        assert driver.find_element(By.ID, "confirmed-grade").text == "优秀"
        assert driver.find_element(By.ID, "machine-score").text == "100"
        assert driver.find_element(By.ID, f"confirmed-{jl01}").text == "不合规"
        history = driver.find_element(By.ID, f"history-{jl01}").text
        assert "pc1 确认 不合规：卷内无执法全过程音像记录" in history
        screenshot(driver, "review-03-case-finding")
        driver.execute_script("window.scrollTo(0, 0)")
        screenshot(driver, "review-04-case-scores")
        assert console_errors(driver) == []
    finally:
        driver.quit()


def submit_and_wait(driver, button) -> None:
    """Click a button that posts the page, then wait for the next page: the old one has the same ids, so
    reading before it is gone reads stale elements."""
    html = driver.find_element(By.TAG_NAME, "html")
    button.click()
    wait_for_next_page(driver, html)
