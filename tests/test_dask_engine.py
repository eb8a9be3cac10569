"""Dask backend: case-contiguous partitions, and findings identical to the vector engine."""
from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from casereview.casefiles.generate import generate_tables
from casereview.casefiles.loader import load_casefiles
from casereview.casefiles.writers import write_tables
from casereview.engine.backends.dask import BACKEND as DASK
from casereview.engine.backends.dask import decide as dask_decide
from casereview.engine.backends.dask.compile import partition_bounds
from casereview.engine.backends.vector import BACKEND as VECTOR
from casereview.errors import UsageError
from casereview.engine.model.pack import load_pack
from casereview.engine.run.review import review
from tests.scale import volume

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "casefiles" / "samples" / "三项制度评查样例.xlsx"
AS_OF = date(2026, 11, 20)
OUTPUTS = ("findings", "cases", "unit_findings", "units", "rejects")


def assert_same_results(a, b) -> None:
    for name in OUTPUTS:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), obj=name)


@pytest.fixture(scope="module")
def loaded():
    return load_pack()


@pytest.fixture(scope="module")
def sample():
    return load_casefiles(SAMPLE)


@pytest.fixture(scope="module")
def cluster_address():
    """A real scheduler with two worker processes, reached by address like a remote cluster."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c.scheduler_address


@pytest.mark.parametrize("keys, partitions", [
    (["a", "a", "b", "b", "b", "c"], 3),
    (["a", "a", "a", "a", "a", "b"], 4),
    (["a", "b", "c", "d", "e", "f", "g"], 3),
    (["a"] * 5, 3),
    (["a", "b"], 10),
])
def test_partitions_cover_every_row_once_and_never_split_a_case(keys, partitions):
    bounds = partition_bounds(pd.DataFrame({"case_id": keys}), partitions)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(keys)
    assert all(a < b for a, b in bounds) and all(b == c for (_, b), (c, _) in zip(bounds, bounds[1:]))
    assert len(bounds) <= partitions
    for (_, b), (c, _) in zip(bounds, bounds[1:]):
        assert keys[b - 1] != keys[c]


def test_decisions_equal_vector_for_any_partition_count(sample, loaded):
    facts = review(sample, loaded, AS_OF).case_facts
    want = VECTOR.decide(loaded, facts, "case")
    for partitions in (1, 7, 40):
        got = DASK.decide(loaded, facts, "case", partitions=partitions)
        assert list(got) == list(want)
        for rule_id, chosen in want.items():
            np.testing.assert_array_equal(got[rule_id], chosen, err_msg=f"{rule_id} / {partitions}")


def test_sample_review_identical_to_vector(sample, loaded):
    assert_same_results(review(sample, loaded, AS_OF, engine="dask"), review(sample, loaded, AS_OF))


def test_sample_review_on_a_scheduler_by_address(sample, loaded, cluster_address):
    got = review(sample, loaded, AS_OF, engine="dask", scheduler=cluster_address)
    assert_same_results(got, review(sample, loaded, AS_OF))


def test_cli_engine_dask_writes_the_same_files_as_vector(tmp_path, cluster_address):
    outs = {}
    for engine, extra in (("vector", []), ("dask", []), ("dask-address", ["--scheduler", cluster_address])):
        outs[engine] = tmp_path / engine
        done = subprocess.run([sys.executable, "-m", "casereview", "review", str(SAMPLE), "--out", str(outs[engine]),
                               "--as-of", "2026-11-20", "--engine", engine.split("-")[0], *extra],
                              capture_output=True, text=True, cwd=ROOT, timeout=300)
        assert done.returncode == 0, done.stderr
    for name in OUTPUTS:
        want = (outs["vector"] / f"{name}.csv").read_bytes()
        assert (outs["dask"] / f"{name}.csv").read_bytes() == want, name
        assert (outs["dask-address"] / f"{name}.csv").read_bytes() == want, name


def test_unreachable_scheduler_is_a_usage_error(sample, loaded):
    with pytest.raises(UsageError, match="Dask 调度器"):
        review(sample, loaded, AS_OF, engine="dask", scheduler="tcp://127.0.0.1:9")


def test_generated_case_files_identical_to_vector_across_partitions(tmp_path, loaded, monkeypatch):
    """10,000 case files in CI, 100,000 in the full run (tests/scale.py); either way the case facts are
    cut into at least four partitions, so rows on both sides of a partition boundary are compared."""
    n = volume(10_000, 100_000)
    monkeypatch.setattr(DASK, "rows_per_partition", min(DASK.rows_per_partition, n // 4))
    cuts = []
    monkeypatch.setattr(dask_decide, "partition_bounds",
                        lambda facts, k: cuts.append(partition_bounds(facts, k)) or cuts[-1])
    tables, _ = generate_tables(n, 17)
    cfs = load_casefiles(write_tables(tables, tmp_path / "pq", "parquet"))
    del tables
    vec = review(cfs, loaded, AS_OF)
    got = review(cfs, loaded, AS_OF, engine="dask")
    assert max(len(c) for c in cuts) >= 4, [len(c) for c in cuts]
    assert len(got.findings) == len(vec.findings) > n
    assert_same_results(got, vec)
