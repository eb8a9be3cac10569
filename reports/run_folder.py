"""The run folder of a review: findings (CSV or Parquet), cases, unit findings, units, rejects, after_as_of, due,
unit_scores (packs with grading sections), run.json — atomically."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path


from casereview.errors import UsageError
from casereview.engine.run.aggregate import UNIT_SCORES_CSV
from casereview.engine.run.invariants import AFTER_AS_OF_CSV, check_run
from casereview.engine.run.result import OFFICERS_CSV, officer_frame
from casereview.engine.run.result import Run
from casereview.reports.csv_file import write_csv
from casereview.reports.due_output import DUE_CSV, for_people
from casereview.reports.findings_file import write_findings

COMPLETE_MARKER = "run.json"  # written last: a folder without it is not a finished run


def check_out_dir(out: Path) -> None:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UsageError(f"输出目录 {out} 已存在且不为空；请换一个目录或先清空它")


def write_run(result: Run, out: Path, extra_writers=(), before_publish=None, findings_format: str = "csv") -> Path:
    """Write into a hidden sibling folder, then rename it into place in one step; each extra writer is
    `writer(run, folder)` and reads only the Run (in any order). findings_format: findings.csv or .parquet.
    `before_publish(folder)`, if given, sees the finished hidden folder just before the rename."""
    out = Path(out)
    check_out_dir(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f".{out.name}.partial-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    check_run(result)           # what is written is checked in memory, never read back
    tmp.mkdir()
    try:
        write_findings(result.findings, tmp, findings_format)
        tables = {
            "cases.csv": result.cases,
            "unit_findings.csv": result.unit_findings,
            "units.csv": result.units,
            "rejects.csv": result.rejects,
        }
        if result.after_as_of is not None:      # None: a run read back from history, which keeps no such list
            tables[AFTER_AS_OF_CSV] = result.after_as_of
        if result.due is not None:              # None: a run read back without due.csv
            tables[DUE_CSV] = for_people(result.due)
        if result.unit_scores is not None:      # only packs with grading sections rank units by score
            tables[UNIT_SCORES_CSV] = result.unit_scores
        if result.officer_names:                # 承办人 by name in documents rebuilt from the folder
            tables[OFFICERS_CSV] = officer_frame(result.officer_names)
        for name, frame in tables.items():
            write_csv(frame, tmp / name)
        for writer in extra_writers:
            writer(result, tmp)
        names = sorted([p.name for p in tmp.iterdir()] + [COMPLETE_MARKER])
        info = dict(result.info, findings_format=findings_format, files=names)
        (tmp / COMPLETE_MARKER).write_text(json.dumps(info, ensure_ascii=False, indent=2, default=str),
                                           encoding="utf-8")
        if before_publish is not None:
            before_publish(tmp)
        if out.exists():
            out.rmdir()
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out
