"""How fast the disk takes findings.csv: the tool's own writer (reports.direct_file.DirectFile, straight to disk
where the system allows) writing 1 GiB into a folder, timed by the wall clock.

A streamed review joins findings.csv (6 GB at 1M cases) after its last chunk, in rule order, so the disk's speed
sets a floor under the end of the run: the file's bytes divided by this speed.
"""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from casereview.reports.direct_file import BLOCK, DirectFile


def direct_write_speed(folder: Path, size: int = 1 << 30) -> float:
    """MB/s (10^6 bytes a second) at which DirectFile writes `size` bytes (whole buffers, at least one) into a new
    file in `folder`."""
    blocks, block = max(1, size // BLOCK), os.urandom(BLOCK)
    fd, name = tempfile.mkstemp(prefix=".casereview-disk-", dir=folder)
    os.close(fd)
    path = Path(name)
    try:
        start = time.perf_counter()
        with DirectFile(path) as out:
            for _ in range(blocks):
                out.write(block)
        return blocks * BLOCK / (time.perf_counter() - start) / 1e6
    finally:
        path.unlink()


if __name__ == "__main__":
    print(f"{direct_write_speed(Path(tempfile.gettempdir())):,.0f} MB/s")
