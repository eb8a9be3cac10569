"""The annual report as one self-contained, printable HTML page (every text escaped)."""
from __future__ import annotations

from html import escape
from pathlib import Path

from casereview.reports.annual.atomic import atomic_target
from casereview.reports.annual.docx_writer import report_title
from casereview.reports.annual.narrative import narrative
from casereview.reports.annual.tables import report_tables
from casereview.reports.html import ERROR_TRAP
from casereview.reports.mask import mask_text

_CSS = """
body{font-family:'Noto Serif CJK SC','Source Han Serif SC','SimSun','Songti SC',serif;max-width:960px;margin:24px auto;
padding:0 16px;color:#111;line-height:1.7}
h1{text-align:center;font-size:26px;margin-bottom:4px}.meta{text-align:center;margin:2px 0}
h2{font-size:18px;margin-top:28px;border-bottom:1px solid #999;padding-bottom:2px}
.narrative p{text-indent:2em;margin:6px 0}
table{border-collapse:collapse;width:100%;font-size:14px;margin:8px 0}
th,td{border:1px solid #555;padding:3px 6px;text-align:left}th{background:#eee}
td.num{text-align:right;white-space:nowrap}.notes{font-size:13px;color:#333}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}table{break-inside:auto}tr{break-inside:avoid}
th{background:none}}
"""


def render_html(fig: dict) -> str:
    title = escape(report_title(fig))
    parts = [f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
             f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{title}</title>'
             f"<script>{ERROR_TRAP}</script><style>{_CSS}</style></head><body>",
             f"<h1>{title}</h1>",
             f'<p class="meta" id="body">填报单位：{_e(fig["body"])}</p>',
             f'<p class="meta">统计期间：{_e(fig["period"][0])} 至 {_e(fig["period"][1])}</p>',
             '<h2>情况说明</h2><div class="narrative" id="narrative">',
             *(f"<p>{_e(p)}</p>" for p in narrative(fig)), "</div>"]
    for table in report_tables(fig):
        head = "".join(f"<th>{_e(h)}</th>" for h in table.headers)
        body = "".join("<tr>" + "".join(_cell(i, v) for i, v in enumerate(row)) + "</tr>" for row in table.rows)
        parts.append(f'<h2>{_e(table.title)}</h2><table id="table-{_e(table.key)}"><thead><tr>{head}</tr></thead>'
                     f"<tbody>{body}</tbody></table>")
    parts.append('<h2>说明</h2><ul class="notes">' + "".join(f"<li>{_e(n)}</li>" for n in fig["notes"]) + "</ul>")
    parts.append("<script>document.documentElement.setAttribute('data-ready','1');</script></body></html>")
    return "\n".join(parts)


def _e(value) -> str:
    return escape(mask_text(str(value)))


def _cell(index: int, value: str) -> str:
    return f'<td class="num">{_e(value)}</td>' if index else f"<td>{_e(value)}</td>"


def write_html(fig: dict, path: Path) -> Path:
    with atomic_target(path) as tmp:
        tmp.write_text(render_html(fig), encoding="utf-8")
    return Path(path)
