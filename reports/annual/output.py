"""Writing one annual report: <year>年行政执法统计年报 .docx, .html and a CSV of every figure."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from casereview.reports.annual.atomic import atomic_target
from casereview.reports.annual.docx_writer import write_docx
from casereview.reports.annual.html_writer import write_html
from casereview.reports.mask import mask_text
from casereview.reports.safe import neutralise_frame

CSV_ENCODING = "utf-8-sig"
GROUPS = (("powers", "执法类别"), ("licensing", "行政许可"), ("penalties", "行政处罚"), ("amounts", "罚没金额"),
          ("review", "法制审核与听证"), ("remedies", "复议诉讼纠错"))


def report_stem(year: int) -> str:
    return f"{year}年行政执法统计年报"


def figure_rows(fig: dict) -> pd.DataFrame:
    """Long form: 单位, 分类, 项目, 数值, 说明 — the whole body first, then each unit."""
    rows = []
    blocks = [(fig["body"], fig)] + [(u["name"], u) for u in fig["per_unit"]]
    for name, block in blocks:
        rows.append((name, "总体", "执法决定（件）", block["decided"], ""))
        for key, label in GROUPS:
            for item, value in block[key].items():
                rows.append((name, label, item, value, "未采集" if value is None else ""))
        for s in block["systems"]:
            for k in ("pass", "fail", "unknown", "na"):
                rows.append((name, f"三项制度·{s['system']}", {"pass": "合规", "fail": "不合规", "unknown": "无法判定",
                                                             "na": "不适用"}[k], s[k], ""))
            rows.append((name, f"三项制度·{s['system']}", "合规率", s["rate"], "" if s["rate"] is not None else "无可判定项"))
    frame = pd.DataFrame(rows, columns=["单位", "分类", "项目", "数值", "说明"], dtype=object)
    frame["单位"] = frame["单位"].map(lambda v: mask_text(str(v)))
    return frame


def write_csv(fig: dict, path: Path) -> Path:
    with atomic_target(path) as tmp:
        neutralise_frame(figure_rows(fig)).to_csv(tmp, index=False, encoding=CSV_ENCODING, lineterminator="\n")
    return Path(path)


def write_annual(fig: dict, out: Path) -> list[Path]:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    stem = report_stem(fig["year"])
    return [write_docx(fig, out / f"{stem}.docx"), write_html(fig, out / f"{stem}.html"),
            write_csv(fig, out / f"{stem}.csv")]
