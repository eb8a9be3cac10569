"""The joined findings file written around the page cache (reports.direct_file): the bytes are exactly those
written, in pieces of any size, on the disk's file system (direct I/O), on tmpfs (which refuses it) and when the
writes leave direct I/O halfway; copy_into appends whole files."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casereview.reports.direct_file import ALIGN, BLOCK, DirectFile, _through_cache, copy_into
from tests.properties.profile import PROFILE

SHM = Path("/dev/shm")
EDGES = [0, 1, ALIGN - 1, ALIGN, ALIGN + 1, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK + 3]


def _piece(size: int, seed: int) -> bytes:
    return bytes((seed + i) % 251 for i in range(min(size, 997))) * (size // 997) + bytes(size % 997)


def _pieces(sizes: list[int]) -> list[bytes]:
    return [_piece(n, k) for k, n in enumerate(sizes)]


@pytest.fixture(params=["disk", "tmpfs"])
def folder(request, tmp_path):
    if request.param == "disk":
        yield tmp_path
        return
    if not SHM.is_dir():
        pytest.skip("no /dev/shm here")
    shm = Path(tempfile.mkdtemp(prefix="casereview-direct-", dir=SHM))     # unique across xdist workers
    try:
        yield shm
    finally:
        for p in shm.iterdir():
            p.unlink()
        shm.rmdir()


@pytest.mark.parametrize("sizes", [[], [0], [1], [ALIGN], [ALIGN + 1], [BLOCK], [BLOCK + 1],
                                   [BLOCK - 1, 2], [3, BLOCK, ALIGN - 1], EDGES])
def test_the_file_holds_what_was_written(folder, sizes):
    pieces = _pieces(sizes)
    with DirectFile(folder / "out.csv") as out:
        for p in pieces:
            out.write(p)
    assert (folder / "out.csv").read_bytes() == b"".join(pieces)


@settings(settings.get_profile(PROFILE), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.integers(0, 3 * ALIGN), st.sampled_from(EDGES)), max_size=8))
def test_pieces_of_any_size(tmp_path, sizes):
    pieces = _pieces(sizes)
    with DirectFile(tmp_path / "out.csv") as out:
        for p in pieces:
            out.write(memoryview(p))
    assert (tmp_path / "out.csv").read_bytes() == b"".join(pieces)


def test_writes_leaving_direct_io_halfway_keep_every_byte(tmp_path):
    """What the writer does when the system refuses a direct write: the same descriptor goes on through the
    page cache, from where the direct writes stopped."""
    first, rest = _piece(BLOCK + ALIGN + 5, 1), _piece(BLOCK + 7, 2)
    out = DirectFile(tmp_path / "out.csv")
    out.write(first)
    out._wait()
    _through_cache(out._fd)
    out._direct = False
    out.write(rest)
    out.close()
    assert (tmp_path / "out.csv").read_bytes() == first + rest


def test_copy_into_appends_whole_files_in_order(folder):
    sizes = [0, 1, ALIGN - 1, ALIGN, BLOCK + 1, 5]
    parts = []
    for k, data in enumerate(_pieces(sizes)):
        parts.append(folder / f"{k:04d}.part")
        parts[-1].write_bytes(data)
    with DirectFile(folder / "joined.csv") as out:
        out.write(b"head\n")
        for p in parts:
            copy_into(out, p)
    assert (folder / "joined.csv").read_bytes() == b"head\n" + b"".join(p.read_bytes() for p in parts)


def test_a_file_written_directly_copies_whole(tmp_path):
    """A file written by DirectFile (its last partial block through the page cache) copied twice over."""
    data = _pieces([BLOCK + ALIGN + 11])[0]
    with DirectFile(tmp_path / "part") as part:
        part.write(data)
    with DirectFile(tmp_path / "joined") as out:
        copy_into(out, tmp_path / "part")
        copy_into(out, tmp_path / "part")
    assert (tmp_path / "joined").read_bytes() == data + data

