"""Streaming review on a Dask cluster (`--engine dask` / `--scheduler`): each worker process reads, reviews and
writes its chunks; the run folder is byte for byte the one-process one (run.json apart from its timings and
stream entry), a failing chunk gives the one-process error and leaves nothing behind, and a worker that
cannot see the input is refused with a Chinese message."""
from __future__ import annotations

import json
from datetime import date
from functools import partial
from pathlib import Path

import pytest

from casereview.casefiles.chunks import ChunkSpec
from casereview.cli.main import main
from casereview.engine.model.pack import load_pack
from casereview.engine.run import stream_dask
from casereview.engine.run.stream_dask import SHARED_STORAGE, check_shared
from casereview.errors import UsageError
from casereview.reports.stream_writer import ChunkParts, stream_review
from tests.scale import volume
from tests.test_stream_workers import _damage

AS_OF = "2026-11-20"
N = volume(1_500, 20_000)
CHUNKS = [400, 700]          # 1,500 cases: 4 chunks of 400 (the last 300), or 3 of 700 (the last 100)
CSVS = ["findings.csv", "cases.csv", "unit_findings.csv", "units.csv", "rejects.csv"]


@pytest.fixture(scope="module")
def cluster():
    """One LocalCluster of two worker processes for the whole module, reached by address like a remote one."""
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        with Client(c, set_as_default=False) as client:
            yield c.scheduler_address, client


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("generated") / "g"
    assert main(["generate", "--cases", str(N), "--seed", "23", "--format", "parquet", "--out", str(out)]) == 0
    return out / "tables"


def _review(src: Path, out: Path, chunk: int, *extra: str) -> Path:
    assert main(["review", str(src), "--out", str(out), "--as-of", AS_OF, "--chunk-size", str(chunk), "--quiet",
                 *extra]) == 0
    return out


def _run_json(folder: Path) -> dict:
    info = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    del info["timings"]
    return info


@pytest.mark.parametrize("chunk", CHUNKS)
def test_cluster_run_folder_byte_identical(generated, cluster, chunk, tmp_path):
    address, _ = cluster
    one = _review(generated, tmp_path / "one", chunk, "--workers", "1")
    vector = _review(generated, tmp_path / "vector", chunk, "--scheduler", address)
    dask = _review(generated, tmp_path / "dask", chunk, "--engine", "dask", "--scheduler", address)
    names = sorted(p.name for p in one.iterdir())
    assert {"findings.csv", "cases.csv", "评查结果.xlsx", "评查报告.html"} <= set(names)
    assert names == sorted(p.name for p in vector.iterdir()) == sorted(p.name for p in dask.iterdir())
    for name in names:
        if name != "run.json":      # the same engine named: every file, reports included
            assert (one / name).read_bytes() == (vector / name).read_bytes(), name
    for name in CSVS:               # --engine dask: the reports name the engine, the CSVs are the same
        assert (one / name).read_bytes() == (dask / name).read_bytes(), name
    a, b, c = _run_json(one), _run_json(vector), _run_json(dask)
    streams = [x.pop("stream") for x in (a, b, c)]
    assert a == b and c.pop("engine") == "dask" and a.pop("engine") == "vector" and a == c
    assert streams[0] == {"chunks": streams[1]["chunks"], "chunk_cases": chunk} and streams[0]["chunks"] > 1
    for s in streams[1:]:
        assert s["workers"] == 2 and s["worker_cpu_seconds"] > 0 and s["chunks"] == streams[0]["chunks"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dask", "one", "vector"]   # no hidden partial folder


def test_corrupt_partition_same_error_no_folder(generated, cluster, tmp_path, capsys):
    address, _ = cluster
    bad = _damage(generated, tmp_path / "bad")
    errors = []
    for name, extra in (("one", []), ("dask", ["--engine", "dask", "--scheduler", address])):
        code = main(["review", str(bad), "--out", str(tmp_path / name), "--as-of", AS_OF, "--chunk-size", "700",
                     "--quiet", *extra])
        errors.append(capsys.readouterr().err.strip().splitlines()[-1])
        assert code == 2
    assert errors[0] == errors[1]
    assert errors[0].startswith("输入错误（文件 案件.parquet）：无法读取 Parquet 文件（OSError: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad"]      # no run folder, no hidden partial one


def test_bad_pack_parameter_same_error_no_folder(generated, cluster, tmp_path):
    """A parameter the pack checks would refuse, forced in: every chunk fails in the facts stage."""
    address, _ = cluster
    loaded = load_pack()
    loaded.pack = loaded.pack.model_copy(update={"parameters": loaded.params.model_copy(
        update={"recording_gap_seconds": "十秒"})})
    errors = []
    for name, scheduler in (("one", None), ("dask", address)):
        with pytest.raises(Exception) as caught:
            stream_review(generated, loaded, date(2026, 11, 20), tmp_path / name, chunk_size=700,
                          scheduler=scheduler)
        errors.append((type(caught.value), str(caught.value)))
    assert errors[0] == errors[1]
    assert list(tmp_path.iterdir()) == []


def test_durable_engine_inside_workers(cluster, tmp_path):
    address, _ = cluster
    assert main(["generate", "--cases", "300", "--seed", "5", "--format", "parquet", "--out", str(tmp_path / "g")]) == 0
    runs = {s: stream_review(tmp_path / "g" / "tables", load_pack(), date(2026, 11, 20), tmp_path / f"r{bool(s)}",
                             chunk_size=150, engine="durable", scheduler=s) for s in (None, address)}
    assert runs[address].info["engine"] == "durable" and runs[address].info["stream"]["workers"] == 2
    for name in CSVS:
        assert (tmp_path / "rFalse" / name).read_bytes() == (tmp_path / "rTrue" / name).read_bytes(), name


def test_worker_that_cannot_see_the_input_is_refused(cluster, tmp_path):
    _, client = cluster
    (tmp_path / "out").mkdir()
    check_shared(client, [__file__], tmp_path / "out")
    with pytest.raises(UsageError, match="Dask 工作进程 tcp://.* 看不到输入文件 /nowhere/案件.parquet") as e:
        check_shared(client, ["/nowhere/案件.parquet"], tmp_path / "out")
    assert SHARED_STORAGE in str(e.value)
    with pytest.raises(UsageError, match="看不到输出目录"):
        check_shared(client, [__file__], tmp_path / "gone")


def test_scheduler_and_workers_together_refused(generated, cluster, tmp_path, capsys):
    address, _ = cluster
    code = main(["review", str(generated), "--out", str(tmp_path / "r"), "--chunk-size", "700", "--workers", "2",
                 "--scheduler", address, "--quiet"])
    assert code == 4 and "--workers 不适用" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_chunk_run_again_first_removes_its_own_parts(tmp_path, monkeypatch):
    """A task rerun after its worker died must not append to what the first attempt wrote."""
    parts = partial(ChunkParts, tmp_path, ["R1", "R2"], "csv")
    (tmp_path / ".parts").mkdir()
    (tmp_path / ".problems").mkdir()
    for name in ("head.csv", "0000-000001.csv", "0002-000001.csv.lz4", "0001-000001.parquet", "cases-000001.csv",
                 "0000-000002.csv"):
        (tmp_path / ".parts" / name).write_text("x")
    for name in ("head.csv", "0000-000001.csv", "0001-000002.csv"):
        (tmp_path / ".problems" / name).write_text("x")
    monkeypatch.setattr(stream_dask, "review_spec",
                        lambda spec, ctx, parts: sorted(p.name for p in parts(spec.index).parts.iterdir()))
    assert stream_dask._review(ChunkSpec(1, {}, {}, {}), None, parts) == ["0000-000002.csv", "head.csv"]
    assert sorted(p.name for p in (tmp_path / ".problems").iterdir()) == ["0001-000002.csv", "head.csv"]
