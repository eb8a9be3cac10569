"""Inline SVG charts drawn in Python (no scripts, no network): horizontal bars, grouped or single."""
from __future__ import annotations

import math
from html import escape

from casereview.reports.workbook import display_width

PALETTE = ("#4472C4", "#ED7D31", "#70AD47", "#FFC000", "#5B9BD5", "#A5A5A5", "#9E480E", "#264478")
FONT = "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',sans-serif"


def _fmt(value: float, percent: bool) -> str:
    return f"{value:.1%}" if percent else f"{value:g}"


def _nice_top(value: float) -> float:
    """Counts' axis end: the smallest 4 × (1, 2, 2.5 or 5 × 10^k) ≥ value, at least 4 (whole-number steps)."""
    if value <= 4:
        return 4
    step = value / 4
    base = 10 ** math.floor(math.log10(step))
    return 4 * next(m * base for m in (1, 2, 2.5, 5, 10) if m * base >= step - 1e-9)


def _clip(text: str, width: int) -> str:
    """Text cut to `width` display columns, with an ellipsis when cut."""
    if display_width(text) <= width:
        return text
    out = ""
    for ch in text:
        if display_width(out + ch) > width - 2:
            break
        out += ch
    return out + "…"


def hbar_chart(categories: list[str], series: dict[str, list[float | None]], *, title: str, percent: bool = False,
               max_value: float | None = None, threshold: float | None = None, colors: list[str] | None = None,
               chart_id: str = "", width: int = 1000, bar: int = 14, label_cols: int = 48) -> str:
    """Horizontal bars: one group per category, one bar per series; a None value is drawn as “无数据”."""
    names = list(series)
    colors = list(colors or PALETTE)
    values = [v for vs in series.values() for v in vs if v is not None and not math.isnan(v)]
    top = max_value if max_value is not None else _nice_top(max(values, default=0))
    labels = [_clip(c, label_cols) for c in categories]
    label_w = max((display_width(c) for c in labels), default=4) * 6.5 + 16
    legend_h = 26 if len(names) > 1 else 0
    group_h = bar * len(names) + 10
    plot_x, plot_w = label_w, width - label_w - 70
    plot_y = 34 + legend_h
    height = plot_y + group_h * len(categories) + 28
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" role="img" '
           f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="12">',
           f'<title>{escape(title)}</title>',
           f'<text x="{width / 2}" y="18" text-anchor="middle" font-size="15" font-weight="bold">{escape(title)}</text>']
    for k, name in enumerate(names if len(names) > 1 else []):
        x = plot_x + k * 110
        out.append(f'<rect x="{x:.1f}" y="{plot_y - 22}" width="12" height="12" fill="{colors[k % len(colors)]}"/>'
                   f'<text x="{x + 16:.1f}" y="{plot_y - 12}">{escape(name)}</text>')
    for t in range(5):                                      # grid and axis ticks
        v = top * t / 4
        x = plot_x + plot_w * t / 4
        out.append(f'<line x1="{x:.1f}" y1="{plot_y}" x2="{x:.1f}" y2="{height - 24}" stroke="#ddd"/>'
                   f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle" fill="#555">{_fmt(v, percent)}</text>')
    for i, cat in enumerate(categories):
        y0 = plot_y + i * group_h + 5
        out.append(f'<text x="{label_w - 8:.1f}" y="{y0 + bar * len(names) / 2 + 4:.1f}" text-anchor="end">'
                   f'<title>{escape(cat)}</title>{escape(labels[i])}</text>')
        for k, name in enumerate(names):
            v = series[name][i]
            y = y0 + k * bar
            if v is None or math.isnan(v):
                out.append(f'<text x="{plot_x + 4}" y="{y + bar - 3}" fill="#999">无数据</text>')
                continue
            w = plot_w * min(v, top) / top if top else 0
            tip = f"{cat} · {name}：{_fmt(v, percent)}"
            out.append(f'<rect class="bar" x="{plot_x}" y="{y}" width="{w:.1f}" height="{bar - 2}" '
                       f'fill="{colors[(k if len(names) > 1 else i) % len(colors)]}"><title>{escape(tip)}</title></rect>'
                       f'<text x="{plot_x + w + 4:.1f}" y="{y + bar - 3}" font-size="11">{_fmt(v, percent)}</text>')
    if threshold is not None and top:
        x = plot_x + plot_w * min(threshold, top) / top
        out.append(f'<line x1="{x:.1f}" y1="{plot_y - 4}" x2="{x:.1f}" y2="{height - 24}" stroke="#C00000" '
                   f'stroke-dasharray="4 3"/><text x="{x + 3:.1f}" y="{plot_y - 6}" fill="#C00000" '
                   f'font-size="11">{_fmt(threshold, percent)}</text>')
    out.append("</svg>")
    return "".join(out)
