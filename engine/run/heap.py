"""A process that reviews chunk after chunk keeps the memory it frees (glibc's malloc), instead of handing it back
to the system after each chunk and faulting the same pages in again for the next.

glibc serves large allocations (numpy's and pandas' columns) from fresh mappings and trims its heap as soon as
memory at its top is freed; a chunk's arrays are freed and asked for again twenty times over. Measured on 1M
case files with two workers: 45.3 s against 48.0 s, the tree's peak 3.4 GiB against 3.2 (benchmarks/RESULTS.md).
Arrow's own pool (mimalloc) is not affected. Elsewhere than glibc this does nothing.
"""
from __future__ import annotations

import ctypes

M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD = -1, -2, -3      # glibc's malloc.h
KEEP = {
    M_MMAP_THRESHOLD: 32 << 20,        # larger than this is mapped apart (glibc's ceiling); smaller comes off the heap
    M_TRIM_THRESHOLD: (1 << 31) - 1,   # free memory at the heap's top handed back only past 2 GiB
    M_TOP_PAD: 256 << 20,              # the heap grown 256 MiB at a time (untouched pages cost nothing)
}


def keep_freed_memory() -> bool:
    """Set for this process (once for its lifetime, so only for a process that exits after its review: a
    command-line run, a worker): whether the C library took every setting."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return all(mallopt(param, value) == 1 for param, value in KEEP.items())
