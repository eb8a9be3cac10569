"""Joining a streamed run's part files: the byte-order mark once, then every part whole and in order, with the
parts on the disk's file system or on another one (tmpfs)."""
from __future__ import annotations

import io
import multiprocessing
import tempfile
from pathlib import Path

import pandas as pd
import pytest

from casereview.reports.csv_file import BOM, append_csv
from casereview.reports.findings_file import FindingsPart
from casereview.reports.direct_file import BLOCK
from casereview.reports.stream_writer import PARTS, Apart, _join, join_findings, problem_runs, rule_runs

SHM = Path("/dev/shm")


def _parts(folder: Path) -> tuple[list[Path], bytes]:
    """Three parts: an empty one, one of 5 MiB (longer than one copy block), one short; and their bytes."""
    contents = [b"", bytes(range(256)) * (5 * 4096), "第三部分,中文\n".encode()]
    paths = []
    for k, data in enumerate(contents):
        paths.append(folder / f"{k:04d}.csv")
        paths[-1].write_bytes(data)
    return paths, b"".join(contents)


def test_parts_joined_in_order_on_one_file_system(tmp_path):
    parts, whole = _parts(tmp_path)
    _join(tmp_path / "joined.csv", parts)
    assert (tmp_path / "joined.csv").read_bytes() == BOM + whole
    assert not any(p.exists() for p in parts)       # each part removed once copied


@pytest.mark.skipif(not SHM.is_dir(), reason="no /dev/shm here")
def test_parts_joined_in_order_across_file_systems(tmp_path):
    """Parts in memory (tmpfs), the joined file on disk: the bytes are the same."""
    folder = Path(tempfile.mkdtemp(prefix="casereview-join-", dir=SHM))     # unique, whatever was left before
    try:
        parts, whole = _parts(folder)
        _join(tmp_path / "joined.csv", parts)
        assert (tmp_path / "joined.csv").read_bytes() == BOM + whole
    finally:
        for p in folder.iterdir():
            p.unlink()
        folder.rmdir()


def test_packed_findings_parts_unpack_in_order(tmp_path):
    """Findings parts are LZ4-framed (FindingsPart): joined, they are the CSV lines written, between plain parts."""
    n = 120_000     # more than one buffer of lines (BLOCK, 32 MiB)
    rows = pd.DataFrame({"case_id": [f"A{i:06d}" for i in range(n)], "reason": ["理由，含逗号与\"引号\"" * 12] * n})
    part = FindingsPart(tmp_path / "0000", "csv")
    part.write(rows)
    part.write(rows.iloc[:7])
    part.close()
    lines = io.BytesIO()
    append_csv(rows, lines, header=False)
    append_csv(rows.iloc[:7], lines, header=False)
    assert len(lines.getvalue()) > BLOCK
    assert part.path.name == "0000.csv.lz4" and part.path.stat().st_size < len(lines.getvalue()) / 5
    head = tmp_path / "head.csv"
    head.write_bytes(b"case_id,reason\n")
    _join(tmp_path / "joined.csv", [head, part.path])
    assert (tmp_path / "joined.csv").read_bytes() == BOM + b"case_id,reason\n" + lines.getvalue()


def test_findings_joined_in_a_process_of_their_own(tmp_path):
    """The join of a run with worker processes (Apart, a fork-server process): the header part, then the rule
    parts in order; the parts folder removed; its CPU seconds handed back. A failure there is raised by wait."""
    forkserver = multiprocessing.get_context("forkserver")
    (tmp_path / PARTS).mkdir()
    (tmp_path / PARTS / "head.csv").write_bytes(b"case_id,reason\n")
    rows = pd.DataFrame({"case_id": ["A1", "A2"], "reason": ["甲", "乙,丙"]})
    for name, part_rows in [("0001-000000", rows.iloc[1:]), ("0000-000000", rows.iloc[:1])]:
        part = FindingsPart(tmp_path / PARTS / name, "csv")
        part.write(part_rows)
        part.close()
    joining = Apart(forkserver, join_findings, tmp_path, "csv", None, rows.iloc[:0])
    joining.wait()
    assert (tmp_path / "findings.csv").read_bytes() == BOM + "case_id,reason\nA1,甲\nA2,\"乙,丙\"\n".encode()
    assert not (tmp_path / PARTS).exists() and joining.result >= 0
    failing = Apart(forkserver, join_findings, tmp_path, "csv", None, rows.iloc[:0])     # no parts folder now
    with pytest.raises(FileNotFoundError):
        failing.wait()
    Apart(forkserver, join_findings, tmp_path, "csv", None, rows.iloc[:0]).wait(raising=False)


@pytest.mark.parametrize("dtype", ["str", object])
def test_rule_runs_in_the_order_rows_come(dtype):
    # a rule seen again after another one is a run of its own (parts are appended in the order written)
    frame = pd.DataFrame({"rule_id": ["GS01", "GS01", "GS02", "GS02", "GS02", "GS01"],
                          "outcome": ["pass", "fail", "unknown", "pass", "na", "fail"]}, dtype=dtype)
    runs = [(rule, rows.index.tolist()) for rule, rows in rule_runs(frame)]
    assert runs == [("GS01", [0, 1]), ("GS02", [2, 3, 4]), ("GS01", [5])]
    assert [(rule, rows.index.tolist()) for rule, rows in problem_runs(frame)] == [
        ("GS01", [1]), ("GS02", [2]), ("GS01", [5])]
    assert list(rule_runs(frame.iloc[:0])) == []
