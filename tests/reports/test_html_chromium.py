"""评查报告.html in a real headless Chromium: no script errors, SVG charts rendered, sorting and drill-down work."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from casereview.reports.html import HTML_NAME

CHROMIUM = os.environ.get("CASEREVIEW_CHROMIUM", "/usr/bin/chromium")   # Debian's package
SAVED = Path(__file__).resolve().parents[2] / "reports" / "screenshots" / "评查报告.png"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def chromium() -> str:
    path = CHROMIUM if os.access(CHROMIUM, os.X_OK) else None
    if not path and "CASEREVIEW_CHROMIUM" not in os.environ:
        path = shutil.which("chromium")
    if not path:
        message = "未找到 chromium：apt-get install -y chromium fonts-noto-cjk（见 .ci/apt-packages）"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def _run(chromium: str, tmp_path: Path, url: str, *extra: str) -> str:
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    done = subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", *extra, url],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _dom(chromium: str, tmp_path: Path, page: Path, fragment: str = "") -> str:
    dom = _run(chromium, tmp_path, page.as_uri() + fragment, "--dump-dom")
    root = re.search(r"<html[^>]*>", dom)
    assert root, dom[:500]
    assert 'data-js-errors=""' in root.group(0), root.group(0)
    assert 'data-ready="1"' in root.group(0), "the page's script did not run to the end"
    return dom


def test_page_loads_without_errors_and_draws_charts(chromium, sample_run, tmp_path):
    dom = _dom(chromium, tmp_path, sample_run.folder / HTML_NAME)
    for chart in ("chart-unit-rates", "chart-grades", "chart-problems"):
        svg = re.search(rf'<svg[^>]*id="{chart}".*?</svg>', dom, re.S)
        assert svg and '<rect class="bar"' in svg.group(0), chart
    assert "案卷评查报告" in dom and "各单位分制度合规率" in dom and "单位排名" in dom


def test_unit_link_opens_its_problem_list(chromium, sample_run, tmp_path):
    dom = _dom(chromium, tmp_path, sample_run.folder / HTML_NAME, "#unit-2")
    assert re.search(r'<details id="unit-2"[^>]*\bopen\b', dom)
    assert not re.search(r'<details id="unit-1"[^>]*\bopen\b', dom)


def test_clicking_a_header_sorts_the_unit_table(chromium, sample_run, tmp_path):
    page = (sample_run.folder / HTML_NAME).read_text(encoding="utf-8")
    click = ("<script>document.querySelectorAll('#unit-table th')[2].click();</script></body>")
    copy = tmp_path / "sorted.html"
    copy.write_text(page.replace("</body>", click), encoding="utf-8")
    dom = _dom(chromium, tmp_path, copy)
    table = dom.split('id="unit-table"')[1].split("</table>")[0]
    counts = [int(n) for n in re.findall(r'<tr><td class="num" data-v="\d+">\d+</td><td>.*?</td>'
                                         r'<td class="num" data-v="(\d+)">', table)]
    assert len(counts) == 7 and counts == sorted(counts)
    assert 'aria-sort="ascending"' in table


def test_screenshot_with_chinese_fonts(chromium, sample_run, tmp_path):
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
    assert fonts.stdout.strip(), "没有中文字体：apt-get install -y fonts-noto-cjk（否则截图中汉字显示为方框）"
    png = tmp_path / "评查报告.png"
    _run(chromium, tmp_path, (sample_run.folder / HTML_NAME).as_uri(), f"--screenshot={png}",
         "--window-size=1280,2000", "--hide-scrollbars")
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    if os.environ.get("CASEREVIEW_SAVE_SCREENSHOT") == "1":
        SAVED.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(png, SAVED)
