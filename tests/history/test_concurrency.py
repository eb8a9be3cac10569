"""Two reviews writing to the same history database at once both complete, each with only its own rows."""
from __future__ import annotations

import pandas as pd

from casereview.history import list_runs, read_run
from casereview.reports.from_run import load_run
from tests.history.runner import BIG_CASES, SAMPLE, start_review


def test_two_reviews_at_once(db, big_input, tmp_path):
    # a fresh database: both also race to create the schema
    outs = {"sample": tmp_path / "sample", "big": tmp_path / "big"}
    procs = [start_review(SAMPLE, outs["sample"], db), start_review(big_input, outs["big"], db)]
    for proc in procs:
        stdout, stderr = proc.communicate(timeout=300)
        assert proc.returncode == 0, stderr
    runs = list_runs(db).set_index("out_dir")
    assert sorted(runs["status"]) == ["complete", "complete"]
    # hand-counted: 360 and 600 cases, 14 case-level rules each
    expected = {"sample": (360, 360 * 14), "big": (BIG_CASES, BIG_CASES * 14)}
    for name, out in outs.items():
        row = runs.loc[str(out.resolve())]
        assert (row["cases_in"], row["findings_count"]) == expected[name]
        stored, folder = read_run(db, int(row["id"])), load_run(out)
        for frame in ("findings", "cases", "units"):
            pd.testing.assert_frame_equal(getattr(stored, frame), getattr(folder, frame))
