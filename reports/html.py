"""The HTML report 评查报告.html: one self-contained page, SVG charts, sortable unit table, per-unit problems,
the due list (预警)."""
from __future__ import annotations

import math
import os
from html import escape
from pathlib import Path

from casereview.engine.run.aggregate import RANKING_RULE
from casereview.engine.run.due import OPEN_OVERDUE, OVERDUE, UNKNOWN, count_line
from casereview.engine.run.result import Run
from casereview.reports import from_run as fr
from casereview.reports.charts import hbar_chart
from casereview.reports.due_output import LABELS, NUMBER_COLUMNS
from casereview.reports.labels import engine_label, plain
from casereview.reports.workbook import (AFTER_AS_OF_LABELS, RATE_ALERT, REJECT_LABELS, WORKBOOK_NAME, for_people,
                                         grade_colors, own_headers)

HTML_NAME = "评查报告.html"
MAX_UNIT_ROWS = 300        # problems listed per unit; the workbook (or 问题清单.csv in a big run) has them all
MAX_REJECT_ROWS = 200
MAX_DUE_ROWS = 300
GRADE_BARS = ("#70AD47", "#4472C4", "#FFC000", "#C00000")   # best grade first, as the workbook's fills

_CSS = """
body{font-family:'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',sans-serif;margin:24px auto;
max-width:1200px;color:#222;line-height:1.5;padding:0 16px}
h1{font-size:26px;margin-bottom:4px}h2{border-bottom:2px solid #4472C4;padding-bottom:4px;margin-top:32px}
.meta{color:#555}.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{border:1px solid #ccd;border-radius:6px;padding:8px 14px;min-width:110px;background:#f7f9fc}
.card b{display:block;font-size:22px}.card span{color:#555;font-size:13px}
table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}
th,td{border:1px solid #ccd;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#D9E1F2;position:sticky;top:0}table.sortable th{cursor:pointer;user-select:none}
th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
td.num{text-align:right;white-space:nowrap}td.low{background:#FFC7CE;color:#9C0006}
.fail{color:#9C0006}.unknown{color:#9C5700}details{margin:6px 0;border:1px solid #ccd;border-radius:4px;padding:4px 8px}
summary{cursor:pointer;font-weight:bold}.charts svg{display:block;margin:12px 0;max-width:100%;height:auto}
.note{color:#777;font-size:13px}.warn{border:2px solid #C00000;background:#FFF2CC;padding:6px 12px;margin:12px 0}
"""

ERROR_TRAP = """(function(){var d=document.documentElement;d.setAttribute('data-js-errors','');
function add(m){d.setAttribute('data-js-errors',(d.getAttribute('data-js-errors')||'')+m+';');}
window.addEventListener('error',function(e){add(e.message||'error');});
window.addEventListener('unhandledrejection',function(e){add(String(e.reason));});})();"""

_SCRIPT = """(function(){
function key(td,num){var v=td.getAttribute('data-v');if(num){var n=parseFloat(v===null?td.textContent:v);
return isNaN(n)?-Infinity:n;}return (v===null?td.textContent:v).trim();}
document.querySelectorAll('table.sortable').forEach(function(t){
 t.querySelectorAll('th').forEach(function(th,i){th.addEventListener('click',function(){
  var asc=th.getAttribute('aria-sort')!=='ascending',num=th.getAttribute('data-type')==='num',b=t.tBodies[0];
  t.querySelectorAll('th').forEach(function(h){h.removeAttribute('aria-sort');});
  th.setAttribute('aria-sort',asc?'ascending':'descending');
  Array.from(b.rows).sort(function(r1,r2){var a=key(r1.cells[i],num),c=key(r2.cells[i],num);
   var o=num?a-c:String(a).localeCompare(String(c),'zh');return asc?o:-o;}).forEach(function(r){b.appendChild(r);});
 });});});
function openHash(){var id=decodeURIComponent(location.hash.slice(1));var el=id&&document.getElementById(id);
 if(el&&el.tagName==='DETAILS'){el.open=true;el.scrollIntoView();}}
window.addEventListener('hashchange',openHash);openHash();
document.documentElement.setAttribute('data-ready','1');})();"""


def html_writer(result: Run, folder: Path) -> Path:
    """Extra writer for reports.run_folder.write_run: 评查报告.html in the run folder."""
    return write_html(result, Path(folder) / HTML_NAME)


def write_html(result: Run, path: Path) -> Path:
    path = Path(path)
    tmp = path.with_name(f".{path.name}.partial-{os.getpid()}")
    tmp.write_text(render_html(result), encoding="utf-8")
    os.replace(tmp, path)
    return path


def render_html(result: Run) -> str:
    units = fr.unit_summary(result)
    parts = [_head(result), _warnings(result), _cards(result), _charts(result, units), _unit_table(result, units),
             *_unit_scores(result), _drill_down(result, units), _due(result), _rejects(result), _after_as_of(result),
             f'<p class="note">完整清单见同目录下的 {escape(WORKBOOK_NAME)} 及 CSV 文件。</p>',
             f"<script>{_SCRIPT}</script></body></html>"]
    return "\n".join(parts)


def _e(value) -> str:
    return escape(fr.text(value))


def _pct(v) -> str:
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:.1%}"


def _head(result: Run) -> str:
    info = result.info
    pack = info.get("pack", {})
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<script>{ERROR_TRAP}</script><title>案卷评查报告 · {_e(pack.get('title'))}</title>"
            f"<style>{_CSS}</style></head><body><h1>案卷评查报告</h1>"
            f'<p class="meta">规则包：{_e(pack.get("title"))}（{_e(pack.get("id"))} 版本 {_e(pack.get("version"))}）'
            f"；评查日：{_e(info.get('as_of'))}；引擎：{_e(engine_label(info.get('engine')))}"
            f"；输入：{_e(info.get('input', {}).get('source'))}</p>")


def _warnings(result: Run) -> str:
    items = "".join(f"<li>{escape(plain(w))}</li>" for w in fr.input_warnings(result))
    return f'<div class="warn" id="input-warnings"><b>输入警告</b><ul>{items}</ul></div>' if items else ""


def _cards(result: Run) -> str:
    wanted = ("案件读入", "案件评查", "案件拒收", "案件晚于评查日（不评查）", "平均分", "否决", "待核实", "结论：不合规", "结论：无法判定",
              "数据问题条数")
    rows = dict(fr.headline(result))
    cards = "".join(f'<div class="card"><b>{_e(rows.get(k))}</b><span>{escape(k)}</span></div>' for k in wanted)
    return f'<h2>总体情况</h2><div class="cards" id="headline">{cards}</div>'


def report_charts(result: Run, units) -> list[str]:
    """The report's SVG charts: unit rates per system, grades, most frequent problems (each when it has data)."""
    systems = fr.systems(result)
    names = [fr.text(n) or fr.text(u) for n, u in zip(units["unit_name"], units["unit_id"])]
    out = []
    if names and systems:
        series = {s: [None if math.isnan(v) else float(v) for v in units[f"rate:{s}"].astype(float)] for s in systems}
        out.append(hbar_chart(names, series, title="各单位分制度合规率", percent=True, max_value=1.0,
                              threshold=RATE_ALERT, chart_id="chart-unit-rates"))
    grades = fr.grade_order(result)
    if grades:
        counts = result.cases["grade"].value_counts()
        out.append(hbar_chart(grades, {"案件数": [float(counts.get(g, 0)) for g in grades]}, title="案卷等级分布",
                              colors=grade_colors(len(grades), GRADE_BARS), chart_id="chart-grades"))
    top = fr.top_problems(result)
    if len(top):
        labels = [f"{fr.text(r)} {fr.text(t)}" for r, t in zip(top["rule_id"], top["title"])]
        out.append(hbar_chart(labels, {"不合规": top["fail"].astype(float).tolist(),
                                       "无法判定": top["unknown"].astype(float).tolist()},
                              title="最常见问题（按规则）", colors=["#C00000", "#FFC000"], chart_id="chart-problems"))
    return out


def _charts(result: Run, units) -> str:
    out = ['<h2>图表</h2><div class="charts">', *report_charts(result, units)]
    if not len(fr.top_problems(result)):
        out.append('<p class="note">未发现不合规或无法判定的评查项。</p>')
    out.append("</div>")
    return "".join(out)


def _unit_table(result: Run, units) -> str:
    systems, grades = fr.systems(result), fr.grade_order(result)
    heads = [("排名", "num"), ("单位", "text"), ("案件数", "num"), ("平均分", "num")]
    heads += [(g, "num") for g in grades] + [("否决", "num"), ("待核实", "num")]
    heads += [(f"{s}合规率", "num") for s in systems] + [("总体合规率", "num")]
    th = "".join(f'<th data-type="{t}">{escape(h)}</th>' for h, t in heads)
    rows = []
    for i, u in enumerate(units.to_dict("records")):
        cells = [_num(u["rank"]), f'<td><a href="#unit-{i}">{_e(u["unit_name"] or u["unit_id"])}</a></td>',
                 _num(u["cases"]), _num(u["avg_score"])]
        cells += [_num(u[f"grade:{g}"]) for g in grades] + [_num(u["vetoed"]), _num(u["needs_check"])]
        cells += [_rate(u[f"rate:{s}"]) for s in systems] + [_rate(u["rate"])]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (f'<h2>单位排名</h2><p class="note">点击表头排序；点击单位名称查看该单位的问题清单。'
            f'排名规则：{escape(fr.RATE_RANKING_RULE)}。低于 {RATE_ALERT:.0%} 的合规率标红。</p>'
            f'<table class="sortable" id="unit-table"><thead><tr>{th}</tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _unit_scores(result: Run) -> list[str]:
    """单位得分排名, only for packs with grading sections (none: no part, so the page is as before)."""
    table = fr.unit_score_table(result)
    if table is None:
        return []
    heads = [("排名", "num"), ("单位", "text"), ("已评查案卷数", "num"), ("否决案卷数", "num"), ("单位得分", "num")]
    th = "".join(f'<th data-type="{t}">{escape(h)}</th>' for h, t in heads)
    rows = [f"<tr>{_num(u['rank'])}<td>{_e(u['unit_name'] or u['unit_id'])}</td>{_num(u['cases'])}"
            f"{_num(u['vetoed'])}{_num(u['score'])}</tr>" for u in table.to_dict("records")]
    return [f'<h2>单位得分排名</h2><p class="note">{escape(RANKING_RULE)}</p>'
            f'<table id="unit-scores"><thead><tr>{th}</tr></thead><tbody>{"".join(rows)}</tbody></table>']


def _num(v) -> str:
    text = fr.text(v)
    if text.endswith(".0"):
        text = text[:-2]
    return f'<td class="num" data-v="{escape(text)}">{escape(text)}</td>'


def _rate(v) -> str:
    missing = v is None or (isinstance(v, float) and math.isnan(v))
    low = "" if missing or v >= RATE_ALERT else " low"
    return f'<td class="num{low}" data-v="{"" if missing else v}">{escape(_pct(v))}</td>'


def _drill_down(result: Run, units) -> str:
    p = fr.problems(result)
    groups, sizes, fails, unknowns = {}, {}, {}, {}
    if len(p):          # only the rows listed are split into groups; the counts are counted
        by_unit = p.groupby("unit_id")
        sizes = by_unit.size().to_dict()
        fails = (p["outcome"] == "fail").groupby(p["unit_id"]).sum().to_dict()
        unknowns = (p["outcome"] == "unknown").groupby(p["unit_id"]).sum().to_dict()
        groups = dict(tuple(p[(by_unit.cumcount() < MAX_UNIT_ROWS).to_numpy()].groupby("unit_id")))
    has_handlers = "handlers" in p.columns
    has_pack = "pack" in p.columns         # units judged by several pack chains
    out = ["<h2>各单位问题清单</h2>"]
    for i, u in enumerate(units.to_dict("records")):
        g = groups.get(u["unit_id"])
        n_fail = 0 if g is None else int(fails[u["unit_id"]])
        n_unknown = 0 if g is None else int(unknowns[u["unit_id"]])
        out.append(f'<details id="unit-{i}" class="unit"><summary>{_e(u["unit_name"] or u["unit_id"])}'
                   f"（不合规 {n_fail} 项，无法判定 {n_unknown} 项）</summary>")
        if fr.text(u["unit_problems"]):
            out.append(f'<p class="fail">单位级问题：{_e(u["unit_problems"])}</p>')
        if g is None:
            out.append('<p class="note">无案卷问题。</p></details>')
            continue
        head = "<th>案件编号</th><th>规则</th><th>结论</th><th>理由</th><th>证据</th>"
        head += "<th>承办人</th>" if has_handlers else ""
        head += "<th>规则包</th>" if has_pack else ""
        rows = []
        for r in g.head(MAX_UNIT_ROWS).to_dict("records"):
            label = fr.OUTCOME_LABELS.get(r["outcome"], r["outcome"])
            cells = (f"<td>{_e(r['case_id'])}</td><td>{_e(r['rule_id'])} {_e(r.get('title'))}</td>"
                     f'<td class="{_e(r["outcome"])}">{escape(label)}</td><td>{_e(plain(r["reason"]))}</td>'
                     f"<td>{_e(r['evidence'])}</td>")
            cells += f"<td>{_e(r['handlers'])}</td>" if has_handlers else ""
            cells += f"<td>{_e(r['pack'])}</td>" if has_pack else ""
            rows.append(f"<tr>{cells}</tr>")
        total = sizes[u["unit_id"]]
        more = (f'<p class="note">仅列出前 {MAX_UNIT_ROWS} 项，共 {total} 项。</p>' if total > MAX_UNIT_ROWS else "")
        out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{more}</details>")
    return "".join(out)


def _due(result: Run) -> str:
    due = fr.due_list(result)
    if due is None:
        return '<h2 id="due">预警</h2><p class="note">本结果目录没有预警清单（due.csv，由较早版本生成时没有）。</p>'
    head = (f'<h2 id="due">预警</h2><p id="due-counts">截至评查日 {_e(result.info.get("as_of"))}：'
            f'{escape(count_line(due))}（逾期在前，其余按剩余工作日从少到多）。</p>')
    if not len(due):
        return head
    keys = [k for k in LABELS if k not in ("unit_id", "rule_title")]
    th = "".join(f'<th data-type="{"num" if k in NUMBER_COLUMNS else "text"}">{escape(LABELS[k])}</th>' for k in keys)
    css = {OVERDUE: "fail", OPEN_OVERDUE: "fail", UNKNOWN: "unknown"}
    rows = []
    for r in due.head(MAX_DUE_ROWS).to_dict("records"):
        cells = [_num(r[k]) if k in NUMBER_COLUMNS else
                 f'<td class="{css.get(r[k], "")}">{_e(r[k])}</td>' if k == "status" else f"<td>{_e(r[k])}</td>"
                 for k in keys]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    more = f'<p class="note">仅列出前 {MAX_DUE_ROWS} 项，共 {len(due)} 项，完整清单见 due.csv。</p>' \
        if len(due) > MAX_DUE_ROWS else ""
    return (f'{head}<table class="sortable" id="due-table"><thead><tr>{th}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>{more}')


def _rejects(result: Run) -> str:
    r = for_people(result.rejects, own_headers(result))
    if not len(r):
        return "<h2>数据问题</h2><p>输入数据未发现被拒收的记录或值。</p>"
    cols = [c for c in ("table", "row", "record_id", "column", "value", "error") if c in r.columns]
    head = "".join(f"<th>{REJECT_LABELS[c]}</th>" for c in cols)
    body = "".join("<tr>" + "".join(f"<td>{_e(x[c])}</td>" for c in cols) + "</tr>"
                   for x in r.head(MAX_REJECT_ROWS).to_dict("records"))
    more = f'<p class="note">仅列出前 {MAX_REJECT_ROWS} 条，共 {len(r)} 条。</p>' if len(r) > MAX_REJECT_ROWS else ""
    return f"<h2>数据问题（{len(r)} 条）</h2><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"


def _after_as_of(result: Run) -> str:
    """Records set apart because they had not happened by the as-of date (not data problems)."""
    a = result.after_as_of
    head = "<h2>评查日后记录（不在本次评查范围）</h2>"
    if a is None:
        return head + "<p>本结果没有评查日后记录清单（after_as_of.csv）；计数见总体情况。</p>"
    if not len(a):
        return head + f"<p>输入中没有晚于评查日 {_e(result.info.get('as_of'))} 的案件或记录。</p>"
    cols = [c for c in ("table", "row", "record_id", "case_id", "reason") if c in a.columns]
    a = for_people(a, own_headers(result))
    th = "".join(f"<th>{AFTER_AS_OF_LABELS[c]}</th>" for c in cols)
    body = "".join("<tr>" + "".join(f"<td>{_e(x[c])}</td>" for c in cols) + "</tr>"
                   for x in a.head(MAX_REJECT_ROWS).to_dict("records"))
    more = f'<p class="note">仅列出前 {MAX_REJECT_ROWS} 条，共 {len(a)} 条，完整清单见 after_as_of.csv。</p>' \
        if len(a) > MAX_REJECT_ROWS else ""
    return (f'{head}<p>以下 {len(a)} 条案件或记录晚于评查日 {_e(result.info.get("as_of"))}，评查时尚未发生，'
            f'未评查、不计入拒收。</p><table id="after-as-of"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>{more}')
