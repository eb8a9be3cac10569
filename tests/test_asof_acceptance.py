"""Acceptance: the bundled sample reviewed as of 2025-06-30 sees only what had happened by then (both engines).

The expected cases and records are counted here from the raw workbook (openpyxl, sheet by sheet),
not by the engine: a case is after the as-of date when its 立案日期 is 2025-07-01 or later (or, without
one, its earliest 执法活动 and every other date of the case are then or later); a child record when it belongs to such a case or its
own date (活动/音像 开始时间, 审核日期 else 送审日期, 文书 日期) is 2025-07-01 or later — except a recording
of an act that had started (tagged with it, or untagged and starting while an act of its case went on).
"""
from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from casereview.cli.main import main
from casereview.reports.folder_check import assert_run_invariants

SAMPLE = Path(__file__).resolve().parents[1] / "casefiles" / "samples" / "三项制度评查样例.xlsx"
AS_OF = "2025-06-30"
END = datetime(2025, 7, 1)          # the first instant after the as-of day
SHEETS = {"cases": "案件", "acts": "执法活动", "recordings": "音像记录", "reviews": "法制审核", "documents": "文书",
          "officers": "人员", "units": "单位"}


def _sheet(book, name: str) -> list[dict]:
    rows = list(book[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:] if any(v is not None for v in r)]


@pytest.fixture(scope="module")
def expected() -> dict:
    """Per table: rows read, and the ids after the as-of date — counted from the workbook itself."""
    book = openpyxl.load_workbook(SAMPLE, read_only=True)
    raw = {t: _sheet(book, s) for t, s in SHEETS.items()}
    first_act: dict[str, datetime] = {}
    for a in raw["acts"]:
        if a["开始时间"] is not None:
            first_act[a["案件编号"]] = min(first_act.get(a["案件编号"], a["开始时间"]), a["开始时间"])
    def start(c) -> datetime | None:
        if c["立案日期"] is not None:
            return c["立案日期"]
        known = [v for k, v in c.items() if k.endswith("日期") and isinstance(v, datetime)]
        known += [first_act[c["案件编号"]]] if c["案件编号"] in first_act else []
        return min(known, default=None)

    late_cases = {c["案件编号"] for c in raw["cases"] if start(c) is not None and start(c) >= END}
    late_acts = {a["活动编号"] for a in raw["acts"]
                 if a["案件编号"] in late_cases or (a["开始时间"] is not None and a["开始时间"] >= END)}
    kept_acts = [a for a in raw["acts"] if a["活动编号"] not in late_acts]
    kept_ids = {a["活动编号"] for a in kept_acts}

    def continues(r) -> bool:
        if r["活动编号"] is not None:
            return r["活动编号"] in kept_ids
        return any(a["案件编号"] == r["案件编号"] and a["开始时间"] and a["结束时间"]
                   and a["开始时间"] <= r["开始时间"] < a["结束时间"] for a in kept_acts)

    late = {
        "cases": late_cases, "acts": late_acts,
        "recordings": {r["记录编号"] for r in raw["recordings"] if r["案件编号"] in late_cases
                       or (r["开始时间"] is not None and r["开始时间"] >= END and not continues(r))},
        "reviews": {r["审核编号"] for r in raw["reviews"] if r["案件编号"] in late_cases
                    or ((r["审核日期"] or r["送审日期"]) is not None and (r["审核日期"] or r["送审日期"]) >= END)},
        "documents": {d["文书编号"] for d in raw["documents"] if d["案件编号"] in late_cases
                      or (d["日期"] is not None and d["日期"] >= END)},
        "officers": set(), "units": set()}
    return {"in": {t: len(rows) for t, rows in raw.items()}, "late": late}


@pytest.fixture(scope="module", params=["vector", "durable"])
def run_dir(request, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp(f"asof-{request.param}") / "run"
    assert main(["review", str(SAMPLE), "--out", str(out), "--as-of", AS_OF, "--engine", request.param,
                 "--quiet"]) == 0
    return out


def _csv(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / name, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def test_the_sample_has_records_on_both_sides(expected):
    # the test means something only if there is something to set apart (the issue saw 125 such cases)
    assert len(expected["late"]["cases"]) == 125
    assert all(expected["late"][t] for t in ("acts", "recordings", "reviews", "documents"))


def test_no_case_filed_after_the_as_of_date_is_reviewed(run_dir, expected):
    late = expected["late"]["cases"]
    assert not late & set(_csv(run_dir, "findings.csv")["case_id"])
    assert not late & set(_csv(run_dir, "cases.csv")["case_id"])
    assert not late & set(_csv(run_dir, "due.csv")["case_id"])


def test_no_finding_names_an_act_that_started_after_the_as_of_date(run_dir, expected):
    f = _csv(run_dir, "findings.csv")
    text = "\n".join(f["reason"] + " " + f["evidence"])
    named = [a for a in expected["late"]["acts"] if re.search(re.escape(a) + r"(?![0-9])", text)]
    assert not named
    # the test can see an act id when one is named: acts before the as-of date are
    assert re.search(r"A3201\d+-\d", text)


def test_counts_reconcile_with_the_workbook(run_dir, expected):
    counts = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))["counts"]
    after = _csv(run_dir, "after_as_of.csv")
    rejects = _csv(run_dir, "rejects.csv")
    for table, n_in in expected["in"].items():
        c = counts[table]
        assert c["in"] == n_in, table
        assert c["after_as_of"] == len(expected["late"][table]), table
        assert set(after.loc[after["table"] == table, "record_id"]) == expected["late"][table], table
        assert c["in"] == c["evaluated"] + c["rejected"] + c["after_as_of"], table
        assert c["rejected"] == len(rejects[(rejects["table"] == table) & (rejects["scope"] == "record")])
    assert len(_csv(run_dir, "cases.csv")) == counts["cases"]["evaluated"]
    assert not set(after["reason"].str.contains("不在本次评查范围")) - {True}
    assert_run_invariants(run_dir, SAMPLE)


def test_summary_workbook_and_html_show_the_cases_set_apart(run_dir, expected):
    n = len(expected["late"]["cases"])
    book = openpyxl.load_workbook(run_dir / "评查结果.xlsx", read_only=True)
    summary = {r[0]: r[1] for r in book["汇总"].iter_rows(min_row=2, values_only=True)}
    assert summary["案件晚于评查日（不评查）"] == n
    others = sum(len(expected["late"][t]) for t in ("acts", "recordings", "reviews", "documents"))
    assert summary["评查日后的其他记录（不评查）"] == others
    listed = list(book["评查日后记录"].iter_rows(min_row=2, values_only=True))
    assert len(listed) == n + others
    html = (run_dir / "评查报告.html").read_text(encoding="utf-8")
    assert "评查日后记录（不在本次评查范围）" in html and f"<b>{n}</b><span>案件晚于评查日" in html


def test_cli_summary_line(tmp_path, capsys, expected):
    assert main(["review", str(SAMPLE), "--out", str(tmp_path / "o"), "--as-of", AS_OF, "--quiet"]) == 0
    out = capsys.readouterr().out
    n_in, n_late = expected["in"]["cases"], len(expected["late"]["cases"])
    assert f"案件：读入 {n_in}，评查 {n_in - n_late}，拒收 0，晚于评查日 {n_late}" in out
    total = sum(len(v) for v in expected["late"].values())
    assert f"；晚于评查日、不在本次评查范围的案件和记录共 {total} 条，见 after_as_of.csv）" in out
    assert len(out.splitlines()) == 5
