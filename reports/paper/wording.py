"""Small pieces of wording the paper documents share: numbers, rates, short legal bases, the length limit."""
from __future__ import annotations

import math
import re

from casereview.casefiles.workdays import HINT
from casereview.engine.run.result import Run
from casereview.reports.from_run import text

_QUOTED = re.compile(r"“[^”]*”?")


def for_paper(reason: str) -> str:
    """A finding's reason as printed: without the hint at a command-line option the run's text may carry."""
    return text(reason).replace("；" + HINT, "").replace(HINT, "")


def number(value) -> str:
    """85.0 → 85, 84.25 → 84.25; missing → —."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return text(value) or "—"
    if math.isnan(v):
        return "—"
    return str(int(v)) if v == int(v) else f"{v:.2f}".rstrip("0").rstrip(".")


def percent(rate) -> str:
    """0.9455 → 94.55%; missing → —."""
    try:
        v = float(rate)
    except (TypeError, ValueError):
        return "—"
    return "—" if math.isnan(v) else f"{v * 100:.2f}%"


def short_basis(basis: str) -> str:
    """The basis without its quotations: 《行政处罚法》第四十二条“…”；国办发〔2018〕118号“…” →
    《行政处罚法》第四十二条；国办发〔2018〕118号 (the full text stays in the run)."""
    parts = []
    for piece in _QUOTED.sub("", text(basis)).split("；"):
        head = piece.strip()
        if head and head not in parts:
            parts.append(head)
    return "；".join(parts)


def pack_line(run: Run) -> str:
    pack = run.info.get("pack", {})
    title, version = text(pack.get("title")), text(pack.get("version"))
    line = f"评查标准：{title}" + (f"（{version}版）" if version else "") if title else ""
    as_of = text(run.info.get("as_of"))
    return "　　".join(x for x in (line, f"评查日：{as_of}" if as_of else "") if x)


def within_limit(parts: list[tuple[str, bool]], limit: int) -> list[str]:
    """The paragraphs (text, required) in their order, totalling at most `limit` characters: every required
    one, optional ones while they fit; when the required ones alone are longer, the longest is cut with “…”."""
    parts = [(t, req) for t, req in parts if t]
    budget = limit - sum(len(t) for t, req in parts if req)
    out = []
    for t, req in parts:
        if req:
            out.append(t)
        elif len(t) <= budget:
            out.append(t)
            budget -= len(t)
    while drafted_length(out) > limit and out:
        over = drafted_length(out) - limit
        longest = max(range(len(out)), key=lambda k: len(out[k]))
        if len(out[longest]) > over + 1:
            out[longest] = out[longest][:len(out[longest]) - over - 1] + "…"
        else:
            out.pop(longest)
    return out


def drafted_length(paragraphs: list[str]) -> int:
    """Characters of drafted text (paragraph breaks not counted)."""
    return sum(len(p) for p in paragraphs)
