"""Test support for the workspace: accounts of every role, a signed-in HTTP client, a live server, Chromium."""
from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from pathlib import Path

import httpx
import uvicorn
from sqlalchemy.orm import Session

from casereview.history.workspace_models import ADMIN, REVIEWER, UNIT, VIEWER
from casereview.workspace.accounts import add_user

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "casefiles" / "samples" / "三项制度评查样例.xlsx"
AS_OF = "2026-11-20"
ARTIFACTS = ROOT / "test-artifacts" / "workspace"

# username -> (password, role, units). dw1/dw2 are unit users of two units of the bundled sample.
UNIT_A, UNIT_B = "U320151", "U320101"          # 玄武区市场监督管理局新街口所, 南京市公安局玄武分局
USERS = {
    "admin": ("Admin-pass-2026", ADMIN, []),
    "pc1": ("Review-pass-2026", REVIEWER, []),
    "pc2": ("Review-pass-2027", REVIEWER, []),
    "pc3": ("Review-pass-2028", REVIEWER, []),
    "dw1": ("Unit-pass-2026", UNIT, [UNIT_A]),
    "dw2": ("Unit-pass-2027", UNIT, [UNIT_B]),
    "ld": ("Leader-pass-2026", VIEWER, []),
}
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def add_test_users(sessions) -> None:
    with sessions() as db:
        for name, (password, role, units) in USERS.items():
            add_user(db, name, password, role, units=units, by="test")
        db.commit()


def csrf_of(html: str) -> str:
    found = CSRF_META.search(html)
    assert found, "page has no csrf-token meta"
    return found.group(1)


class Browser:
    """A signed-in HTTP client (Starlette's TestClient or httpx.Client) that sends the CSRF token itself."""

    def __init__(self, client):
        self.client = client
        self.token: str | None = None

    def get(self, url: str, **kw):
        r = self.client.get(url, **kw)
        if "text/html" in r.headers.get("content-type", "") and CSRF_META.search(r.text):
            self.token = csrf_of(r.text)
        return r

    def post(self, url: str, data: dict | None = None, files=None, *, csrf: bool = True, **kw):
        data = dict(data or {})
        if csrf:
            if self.token is None:
                self.get("/login")
            data.setdefault("csrf_token", self.token)
        return self.client.post(url, data=data, files=files, **kw)

    def login(self, username: str, password: str | None = None):
        self.get("/login")
        password = USERS[username][0] if password is None else password
        r = self.post("/login", {"username": username, "password": password}, follow_redirects=False)
        self.get("/")
        return r


class LiveServer:
    """The app served by uvicorn on a free 127.0.0.1 port in a thread, for Chromium and load tests."""

    def __init__(self, app):
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        sock.close()
        self.url = f"http://127.0.0.1:{self.port}"
        # keep-alive longer than any queued request: a client must not reuse a connection the server just closed
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                                    timeout_keep_alive=300,
                                                    lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)

    def client(self) -> Browser:
        return Browser(httpx.Client(base_url=self.url, timeout=60))


def chrome(download_dir: Path | None = None):
    """Debian's chromium through Debian's chromedriver, headless, nothing downloaded."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1366,1000", "--lang=zh-CN"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if download_dir is not None:
        opts.add_experimental_option("prefs", {"download.default_directory": str(download_dir),
                                               "download.prompt_for_download": False})
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(options=opts, service=service)


def page_replaced(old_html):
    """A wait condition: the page holding `old_html` has been replaced and the new one has loaded.
    Chromium sometimes answers a look at the old node during the swap with "Node with given id does not
    belong to the document" rather than a stale-element error; both mean the old page is gone."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    def check(driver) -> bool:
        try:
            old_html.is_enabled()
            return False
        except StaleElementReferenceException:
            pass
        except WebDriverException as error:
            if "does not belong to the document" not in (error.msg or ""):
                raise
        return driver.execute_script("return document.readyState") == "complete"
    return check


def wait_for_next_page(driver, old_html, seconds: float = 60) -> None:
    from selenium.webdriver.support.wait import WebDriverWait

    WebDriverWait(driver, seconds).until(page_replaced(old_html))


def console_errors(driver) -> list[str]:
    """Severe browser console entries since the last call (script errors, failed loads, CSP refusals)."""
    return [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def screenshot(driver, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path
