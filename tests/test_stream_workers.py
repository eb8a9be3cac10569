"""Streaming review in worker processes (`--workers`): the run folder is byte for byte the one-process one
(run.json apart from its timings and stream entry), whatever the chunking, with either engine; a chunk
that cannot be read fails with the one-process error and leaves nothing behind."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from casereview.casefiles.chunks import read_chunked
from casereview.cli.main import main
from casereview.engine.model.pack import load_pack
from casereview.engine.run.stream_pool import auto_workers
from casereview.reports.stream_writer import stream_review
from tests.scale import volume

AS_OF = "2026-11-20"
N = volume(3_000, 20_000)
CHUNKS = [700, 1_300]        # 3,000 cases: 5 chunks of 700 (the last 200), or 3 of 1,300 (the last 400)
CASES = "案件.parquet"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("generated") / "g"
    assert main(["generate", "--cases", str(N), "--seed", "23", "--format", "parquet", "--out", str(out)]) == 0
    return out / "tables"


@pytest.fixture(scope="module")
def one_process(generated, tmp_path_factory) -> dict[int, Path]:
    base = tmp_path_factory.mktemp("one")
    return {chunk: _review(generated, base / f"c{chunk}", chunk, 1) for chunk in CHUNKS}


def _review(src: Path, out: Path, chunk: int, workers: int) -> Path:
    assert main(["review", str(src), "--out", str(out), "--as-of", AS_OF, "--chunk-size", str(chunk),
                 "--workers", str(workers), "--quiet"]) == 0
    return out


def _run_json(folder: Path) -> dict:
    info = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    info.pop("timings")
    return info


@pytest.mark.parametrize("workers", [2, 4])
@pytest.mark.parametrize("chunk", CHUNKS)
def test_workers_byte_identical(generated, one_process, chunk, workers, tmp_path):
    one, many = one_process[chunk], _review(generated, tmp_path / "run", chunk, workers)
    names = sorted(p.name for p in one.iterdir())
    assert names == sorted(p.name for p in many.iterdir())
    assert {"findings.csv", "cases.csv", "评查结果.xlsx", "评查报告.html"} <= set(names)
    for name in names:
        if name != "run.json":
            assert (one / name).read_bytes() == (many / name).read_bytes(), name
    a, b = _run_json(one), _run_json(many)
    sa, sb = a.pop("stream"), b.pop("stream")
    assert a == b
    assert sb["workers"] == workers and "workers" not in sa
    assert sa["chunks"] == sb["chunks"] > 1 and sa["chunk_cases"] == sb["chunk_cases"] == chunk
    assert sb["worker_cpu_seconds"] > 0
    assert not list(tmp_path.glob(".*"))          # no hidden partial folder left


def test_workers_row_groups_smaller_than_chunks(generated, tmp_path):
    """Every table rewritten in row groups of 333 rows: the parent decodes each group once and hands every chunk
    its records across group ends; the run folder is the one-process one."""
    regrouped = tmp_path / "regrouped"
    regrouped.mkdir()
    for p in generated.iterdir():
        pq.write_table(pq.read_table(p), regrouped / p.name, row_group_size=333)
    assert pq.ParquetFile(regrouped / CASES).num_row_groups > 5
    one, many = _review(regrouped, tmp_path / "one", 700, 1), _review(regrouped, tmp_path / "run", 700, 2)
    for name in sorted(p.name for p in one.iterdir()):
        if name != "run.json":
            assert (one / name).read_bytes() == (many / name).read_bytes(), name


def test_durable_engine_with_workers(tmp_path):
    src = tmp_path / "g"
    assert main(["generate", "--cases", "500", "--seed", "5", "--format", "parquet", "--out", str(src)]) == 0
    loaded = load_pack()
    runs = [stream_review(src / "tables", loaded, date(2026, 11, 20), tmp_path / f"w{k}", chunk_size=150,
                          engine="durable", workers=k) for k in (1, 2)]
    assert [r.info["stream"]["chunks"] for r in runs] == [4, 4]      # 150 + 150 + 150 + 50 cases
    assert runs[1].info["engine"] == "durable"
    for name in ["findings.csv", "cases.csv", "unit_findings.csv", "units.csv", "rejects.csv"]:
        assert (tmp_path / "w1" / name).read_bytes() == (tmp_path / "w2" / name).read_bytes(), name


def _damage(generated: Path, to: Path) -> Path:
    """A copy whose cases file has row groups of 200 cases, the party column of group 7 (cases 1,401-1,600,
    in the third chunk of 700) overwritten: the case ids still read, that chunk's records do not."""
    to.mkdir()
    for p in generated.iterdir():
        to.joinpath(p.name).write_bytes(p.read_bytes())
    path = to / CASES
    table = pq.read_table(path)
    pq.write_table(table, path, row_group_size=200)
    column = pq.ParquetFile(path).metadata.row_group(7).column(table.schema.get_field_index("当事人"))
    start = column.dictionary_page_offset or column.data_page_offset
    data = bytearray(path.read_bytes())
    data[start:start + column.total_compressed_size] = b"\x07" * column.total_compressed_size
    path.write_bytes(bytes(data))
    return to


def test_failing_chunk_same_error_no_folder(generated, tmp_path, capsys):
    bad = _damage(generated, tmp_path / "bad")
    assert read_chunked(bad, 700, ids_only=True).n_chunks == 5     # the parent's reading is not what fails
    errors = []
    for workers in (1, 2):
        out = tmp_path / f"run{workers}"
        code = main(["review", str(bad), "--out", str(out), "--as-of", AS_OF, "--chunk-size", "700",
                     "--workers", str(workers), "--quiet"])
        errors.append(capsys.readouterr().err.strip())
        assert code == 2
    assert errors[0] == errors[1]
    assert errors[0].startswith("输入错误（文件 案件.parquet）：无法读取 Parquet 文件（OSError: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad"]      # no run folder, no hidden partial one


def test_workers_only_for_streaming(generated, tmp_path, capsys):
    code = main(["review", str(generated), "--out", str(tmp_path / "r"), "--workers", "2", "--quiet"])
    assert code == 4 and "--workers" in capsys.readouterr().err
    code = main(["review", str(generated), "--out", str(tmp_path / "r"), "--chunk-size", "700", "--workers", "0"])
    assert code == 4 and "--workers 须为正整数：0" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


GIB = 1 << 30


@pytest.mark.parametrize("chunk,cpus,available,expected", [
    (50_000, 2, 8 * GIB, 2),          # (8 − 1.5) / 1.25 = 5 fit: one per core
    (50_000, 8, 4 * GIB, 2),          # (4 − 1.5) / 1.25 = 2 fit
    (50_000, 8, 2 * GIB, 1),          # none fits beside the parent: still one
    (200_000, 4, 16 * GIB, 2),        # 5 GiB a chunk of 200,000: (16 − 1.5) / 5 = 2.9
    (700, 4, 2 * GIB, 4),             # small chunks: the cores decide
])
def test_auto_workers_one_per_core_as_memory_allows(chunk, cpus, available, expected):
    assert auto_workers(chunk, cpus, available) == expected


def test_auto_workers_no_more_than_chunks():
    assert auto_workers(50_000, 4, 64 * GIB, chunks=1) == 1      # one chunk: a pool would only add its cost
    assert auto_workers(50_000, 4, 64 * GIB, chunks=3) == 3
    assert auto_workers(50_000, 4, 64 * GIB, chunks=9) == 4


def test_cli_default_one_worker_per_core(generated, one_process, tmp_path, monkeypatch):
    """Without --workers a streamed review uses the cores this process may use (two here, as if the machine had
    them) and writes the one-process folder; an in-memory review stays one process."""
    import casereview.engine.run.stream_pool as pool
    monkeypatch.setattr(pool, "usable_cpus", lambda: 2)
    out = tmp_path / "auto"
    assert main(["review", str(generated), "--out", str(out), "--as-of", AS_OF, "--chunk-size", "700",
                 "--quiet"]) == 0
    assert _run_json(out)["stream"]["workers"] == 2
    for f in sorted(p.name for p in one_process[700].iterdir() if p.name != "run.json"):
        assert (out / f).read_bytes() == (one_process[700] / f).read_bytes(), f
    assert main(["review", str(generated), "--out", str(tmp_path / "mem"), "--as-of", AS_OF, "--quiet"]) == 0
    assert "stream" not in _run_json(tmp_path / "mem")
    one_chunk = tmp_path / "one-chunk"         # all N cases in one chunk: one process
    assert main(["review", str(generated), "--out", str(one_chunk), "--as-of", AS_OF, "--chunk-size", str(N),
                 "--quiet"]) == 0
    assert "workers" not in _run_json(one_chunk)["stream"] and _run_json(one_chunk)["stream"]["chunks"] == 1
