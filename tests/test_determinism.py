"""Same input, pack and as-of give byte-identical run folders (run.json timings aside), on both engines."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.properties.builders import SAMPLE, generated_input_with_rejects, review_into

VOLATILE = ("timings",)        # run.json keys that measure the run rather than describe it
CSVS = ("findings.csv", "cases.csv", "unit_findings.csv", "units.csv", "rejects.csv")


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    return generated_input_with_rejects(tmp_path_factory.mktemp("det") / "input", 40, 5)


def _run_json(folder: Path) -> dict:
    info = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    for key in VOLATILE:
        info.pop(key)
    return info


def assert_same_run(a: Path, b: Path) -> None:
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    assert {"评查结果.xlsx", "评查报告.html", *CSVS} <= set(names)
    for name in names:
        if name == "run.json":
            assert _run_json(a) == _run_json(b)
        else:
            assert (a / name).read_bytes() == (b / name).read_bytes(), f"{name} 两次评查不一致"


def test_sample_reviewed_twice_is_byte_identical(tmp_path):
    assert_same_run(review_into(SAMPLE, tmp_path / "a"), review_into(SAMPLE, tmp_path / "b"))


@pytest.fixture(scope="module")
def generated_runs(generated) -> dict[str, tuple[Path, Path]]:
    return {engine: tuple(review_into(generated, generated.parent / f"{engine}-{k}", engine=engine) for k in "ab")
            for engine in ("vector", "durable")}


@pytest.mark.parametrize("engine", ["vector", "durable"])
def test_generated_reviewed_twice_is_byte_identical(generated_runs, engine):
    a, b = generated_runs[engine]
    assert_same_run(a, b)
    assert json.loads((a / "run.json").read_text(encoding="utf-8"))["counts"]["cases"]["rejected"] == 3


def test_engines_write_identical_csvs(generated_runs):
    a, b = generated_runs["vector"][0], generated_runs["durable"][0]
    for name in CSVS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
