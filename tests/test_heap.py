"""engine.run.heap: a process that keeps its freed memory gets a freed column's pages back without faulting them
in again. Each check runs in a process of its own (the setting lasts for the process's life)."""
from __future__ import annotations

import json
import platform
import subprocess
import sys

import pytest

PROBE = """
import json, resource, sys
import numpy as np
from casereview.engine.run.heap import keep_freed_memory

took = keep_freed_memory() if sys.argv[1] == "keep" else None
column = np.ones(2_000_000)            # 16 MB: a chunk's column, freed when the chunk is done
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
del column
column = np.ones(2_000_000)            # the next chunk's
print(json.dumps({"took": took, "faults": resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before}))
"""

glibc = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="the setting is glibc's malloc's")


def _probe(mode: str) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@glibc
def test_freed_column_reused_without_page_faults():
    kept, default = _probe("keep"), _probe("default")
    assert kept["took"] is True
    assert kept["faults"] <= 2
    # glibc's default maps the column apart and unmaps it when freed: its pages are faulted in again, at least
    # once per 2 MiB (the largest page size the kernel may use for it)
    assert default["faults"] >= 8
