"""The unit ranking the 通报 prints and each 整改通知书 quotes, with its rule in words."""
from __future__ import annotations

import pandas as pd

from casereview.engine.run.aggregate import RANKING_RULE
from casereview.engine.run.result import Run
from casereview.reports.from_run import text, unit_names, unit_summary

RATE_RANKING_RULE = ("按总体合规率排名：合规率 = 合规项数 ÷（合规项数 + 不合规项数），含单位层面的评查项，不适用和无法判定的项"
                     "不计入，以百分数保留两位小数；合规率从高到低排列，相同的按单位编码升序排列；"
                     "没有可判定评查项的单位不排名，列在最后")
RANK_COLUMNS = ["rank", "unit_id", "unit_name", "cases", "avg_score", "pass", "fail", "unknown", "rate"]


def unit_ranking(run: Run) -> tuple[pd.DataFrame, str]:
    """(RANK_COLUMNS, one row per unit in ranking order; rank None for an unranked unit, the rule in words).
    Packs with grading sections rank by unit score (engine.run.aggregate.RANKING_RULE), the others by rate."""
    summary = unit_summary(run)
    if run.unit_scores is not None:
        scores = run.unit_scores
        order = [text(u) for u in scores["unit_id"]]
        ranks = {text(u): (None if pd.isna(r) else int(r)) for u, r in zip(scores["unit_id"], scores["rank"])}
        rule = RANKING_RULE
    else:
        order = [text(u) for u in summary["unit_id"]]
        rated = summary[summary["rate"].notna()]
        ranks = {text(u): i for i, u in enumerate(rated["unit_id"], 1)}
        rule = RATE_RANKING_RULE
    by_id = summary.set_index(summary["unit_id"].map(text))
    names = unit_names(run)
    rows = []
    for uid in order + [u for u in by_id.index if u not in order]:
        s = by_id.loc[uid] if uid in by_id.index else None
        rows.append({"rank": ranks.get(uid), "unit_id": uid, "unit_name": names.get(uid, uid),
                     "cases": int(s["cases"]) if s is not None else 0,
                     "avg_score": s["avg_score"] if s is not None else None,
                     "pass": int(s["pass"]) if s is not None else 0, "fail": int(s["fail"]) if s is not None else 0,
                     "unknown": int(s["unknown"]) if s is not None else 0,
                     "rate": s["rate"] if s is not None else None})
    return pd.DataFrame(rows, columns=RANK_COLUMNS), rule
