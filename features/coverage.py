"""Rule coverage: per rule, how many passing scenarios asserted each outcome; the gaps; a Chinese table."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from casereview.features.outcomes import OUTCOME_LABELS

OUTCOMES = ("pass", "fail", "na", "unknown")
REQUIRED = ("pass", "fail")


@dataclass
class RuleCoverage:
    rule_id: str
    system: str
    title: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))

    @property
    def missing(self) -> list[str]:
        return [o for o in REQUIRED if self.counts[o] == 0]


def rule_coverage(rules: list[tuple[str, str, str]], records: dict[str, set[tuple[str, str]]],
                  passed: set[str]) -> list[RuleCoverage]:
    """rules: (id, system, title) of the pack under test (its enabled rules); records: scenario → {(rule, outcome)}.

    Only the tested pack's rules are counted: a rule the pack lacks or an overlay disables is not listed,
    whatever other packs a scenario chose (`使用规则包“…”`) held."""
    table = {rid: RuleCoverage(rid, system, title) for rid, system, title in rules}
    for nodeid, asserted in records.items():
        if nodeid not in passed:
            continue
        for rule_id, outcome in asserted:
            if rule_id in table:
                table[rule_id].counts[outcome] += 1
    return list(table.values())


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, size: int, right: bool = False) -> str:
    fill = " " * max(size - width(text), 0)
    return fill + text if right else text + fill


def shorten(text: str, size: int) -> str:
    if width(text) <= size:
        return text
    out = ""
    for ch in text:
        if width(out + ch) > size - 2:
            return out + ".."
        out += ch
    return out


def format_table(rows: list[RuleCoverage]) -> str:
    header = ["规则", "体系", "标题"] + [OUTCOME_LABELS[o] for o in OUTCOMES]
    body = [[r.rule_id, r.system or "—", shorten(r.title, 30)]
            + [str(r.counts[o]) for o in OUTCOMES] for r in rows]
    sizes = [max(width(line[i]) for line in [header] + body) for i in range(len(header))]
    lines = []
    for line in [header] + body:
        cells = [pad(c, sizes[i], right=i >= 3) for i, c in enumerate(line)]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * s for s in sizes))
    return "\n".join(lines)


def format_gaps(rows: list[RuleCoverage]) -> str:
    gaps = [r for r in rows if r.missing]
    if not gaps:
        return "覆盖缺口：无（每条规则都有“合规”和“不合规”场景）"
    lines = [f"覆盖缺口：{len(gaps)} 条规则缺少场景（每条规则至少要有一个“合规”场景和一个“不合规”场景）"]
    for r in gaps:
        need = "、".join(f"“{OUTCOME_LABELS[o]}”" for o in r.missing)
        lines.append(f"  {r.rule_id} {r.title}：缺少{need}场景")
    return "\n".join(lines)
