"""Issue 17's walk in Debian's chromium, on a fresh workspace: log in → upload the bundled sample → run →
open a unit → open a case (as of 2026-11-20) → confirm a 待核实 finding with a reason → the case's score and the unit's
confirmed rate change by the amounts worked out by hand → issue 整改 → the unit's user sees only their unit
and answers the item → the reviewer accepts → the board shows it closed. A screenshot of every page
(test-artifacts/workspace/walk-*.png) and no console error on any of them.

Worked by hand: rules/三项制度.yaml deducts 10 points for JL01 (全过程记录), so the case
A32015120260001118 (machine: 100, its JL01 无法判定) confirmed 不合规 scores 90. A unit's rate is
pass / (pass + fail) pooled over its case and unit findings (docs/format.md); one 无法判定 turned 不合规
adds one to the failures and nothing to the passes."""
from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

from casereview.history.models import Run as RunRow
from casereview.history.workspace_models import NoticeItem
from tests.workspace.web import (AS_OF, SAMPLE, UNIT_A, UNIT_B, USERS, LiveServer, chrome, console_errors, screenshot,
                                 wait_for_next_page)

CASE, RULE = "A32015120260001118", "JL01"


class Walk:
    """One browser, a screenshot and a console check on every page it stops at."""

    def __init__(self, driver, url: str):
        self.driver, self.url, self.step = driver, url, 0

    def page(self, name: str) -> None:
        self.step += 1
        screenshot(self.driver, f"walk-{self.step:02d}-{name}")
        assert console_errors(self.driver) == [], name

    def go(self, path: str) -> None:
        self.driver.get(self.url + path)

    def click(self, element_id: str, alert: bool = False) -> None:
        html = self.driver.find_element(By.TAG_NAME, "html")
        self.driver.find_element(By.ID, element_id).click()
        if alert:
            WebDriverWait(self.driver, 10).until(ec.alert_is_present()).accept()
        wait_for_next_page(self.driver, html)

    def text(self, element_id: str) -> str:
        return self.driver.find_element(By.ID, element_id).text

    def sign_in(self, username: str) -> None:
        self.go("/login")
        self.driver.find_element(By.ID, "username").send_keys(username)
        self.driver.find_element(By.ID, "password").send_keys(USERS[username][0])
        self.click("login-submit")
        assert username in self.text("who")

    def sign_out(self) -> None:
        self.click("logout")

    def unit_rates(self, unit_id: str) -> tuple[str, str]:
        row = self.driver.find_element(By.CSS_SELECTOR, f'#unit-table tr[data-unit="{unit_id}"]')
        return (row.find_element(By.CSS_SELECTOR, ".machine-rate").text,
                row.find_element(By.CSS_SELECTOR, ".confirmed-rate").text)


def _pct(passed: int, failed: int) -> str:
    return f"{passed / (passed + failed) * 100:.1f}%"


def _unit_counts(app, run_id: int, unit_id: str) -> tuple[int, int]:
    """Passes and failures of the unit in the run folder's findings.csv and unit_findings.csv."""
    with app.state.sessions() as db:
        folder = db.scalar(sa.select(RunRow.out_dir).where(RunRow.id == run_id))
    rows = pd.concat([pd.read_csv(f"{folder}/{name}", dtype=str, keep_default_na=False)
                      for name in ("findings.csv", "unit_findings.csv")])
    outcomes = rows.loc[rows["unit_id"] == unit_id, "outcome"]
    return int((outcomes == "pass").sum()), int((outcomes == "fail").sum())


def test_the_whole_walk(ws_app):
    driver = chrome()
    try:
        with LiveServer(ws_app) as server:
            walk = Walk(driver, server.url)
            walk.sign_in("pc1")
            walk.page("home")

            # upload → inspect → run
            walk.go("/runs/new")
            driver.find_element(By.ID, "upload-file").send_keys(str(SAMPLE))
            walk.page("upload")
            walk.click("upload-submit")
            WebDriverWait(driver, 60).until(ec.presence_of_element_located((By.ID, "inspection")))
            as_of = driver.find_element(By.ID, "choice-as-of")
            driver.execute_script("arguments[0].value = arguments[1]", as_of, AS_OF)
            walk.page("inspect")
            walk.click("start-review")
            WebDriverWait(driver, 300).until(ec.presence_of_element_located((By.ID, "run-cards")))
            run_id = int(walk.text("run-id").lstrip("#"))
            assert walk.text("card-cases").startswith("360") and f"评查日 {AS_OF}" in walk.text("run-meta")
            passed, failed = _unit_counts(ws_app, run_id, UNIT_A)
            assert walk.unit_rates(UNIT_A) == (_pct(passed, failed), _pct(passed, failed))
            walk.page("run")

            # unit → case → confirm the 待核实 finding
            walk.click(f"unit-{UNIT_A}")
            walk.page("unit")
            walk.click(f"case-{CASE}")
            assert walk.text("machine-score") == "100" and walk.text("confirmed-score") == "100"
            seq = next(e.get_attribute("id").split("-", 1)[1] for e in driver.find_elements(
                By.CSS_SELECTOR, "[id^='machine-']") if e.get_attribute("id")[8:].isdigit()
                and RULE in e.find_element(By.XPATH, "./ancestor::tr").text)
            assert walk.text(f"machine-{seq}") == "无法判定"
            Select(driver.find_element(By.ID, f"outcome-{seq}")).select_by_value("fail")
            driver.find_element(By.ID, f"reason-{seq}").send_keys("卷内无现场执法全过程音像记录")
            walk.page("case-before")
            walk.click(f"confirm-{seq}")
            assert walk.text("confirmed-score") == "90" and walk.text("machine-score") == "100"
            assert walk.text(f"confirmed-{seq}") == "不合规"
            walk.page("case-confirmed")
            walk.go(f"/runs/{run_id}")
            assert walk.unit_rates(UNIT_A) == (_pct(passed, failed), _pct(passed, failed + 1))
            walk.page("run-confirmed")

            # 整改 to unit A only
            walk.go(f"/runs/{run_id}/notices")
            for box in driver.find_elements(By.CSS_SELECTOR, "#issue-units input[type=checkbox]"):
                if box.get_attribute("value") != UNIT_A and box.is_selected():
                    box.click()
            walk.page("issue")
            walk.click("issue-submit", alert=True)
            notice_id = int(driver.current_url.rsplit("/", 1)[1].split("#")[0])
            with ws_app.state.sessions() as db:
                item = db.scalar(sa.select(NoticeItem).where(NoticeItem.notice_id == notice_id,
                                                             NoticeItem.case_id == CASE, NoticeItem.rule_id == RULE))
            assert item is not None, "the confirmed 不合规 is on the notice"
            assert walk.text(f"item-{item.id}-status").startswith("待整改")
            walk.page("notice")
            walk.sign_out()

            # the unit's user: only their unit, answers the item
            walk.sign_in("dw1")
            walk.go(f"/runs/{run_id}")
            units = [r.get_attribute("data-unit") for r in driver.find_elements(By.CSS_SELECTOR, "#unit-table tr[data-unit]")]
            assert units == [UNIT_A]
            walk.page("unit-user-run")
            walk.go(f"/runs/{run_id}/units/{UNIT_B}")
            assert walk.text("message-title") == "未找到"
            assert [e for e in console_errors(driver) if "404" not in e] == []     # the refusal itself
            walk.go("/rectify")
            assert [r.get_attribute("id") for r in driver.find_elements(By.CSS_SELECTOR, "#board tr[id^='board-U']")] \
                == [f"board-{UNIT_A}"]
            walk.page("unit-user-board")
            walk.go(f"/notices/{notice_id}")
            driver.find_element(By.ID, f"answer-{item.id}-note").send_keys("已补录执法记录仪视频并归档")
            walk.click(f"answer-{item.id}-submit")
            assert walk.text(f"item-{item.id}-status").startswith("待审核")
            walk.page("unit-user-answered")
            walk.sign_out()

            # the reviewer accepts; the board shows it closed
            walk.sign_in("pc1")
            walk.go(f"/notices/{notice_id}")
            walk.click(f"accept-{item.id}")
            assert walk.text(f"item-{item.id}-status").startswith("已通过")
            walk.page("accepted")
            walk.go("/rectify")
            assert walk.text(f"board-{UNIT_A}-closed") == "1"
            walk.page("board")
    finally:
        driver.quit()
