"""Dask compilation: the rules are shipped as vector compiles them; planned here is how the fact
table is cut into partitions that never split one case file's (or unit's) rows apart."""
from __future__ import annotations

import math

import pandas as pd

KEYS = ("case_id", "unit_id")   # the first present column keeps its rows in one partition


def partition_count(rows: int, threads: int, rows_per_partition: int) -> int:
    """At least one partition per cluster thread, and none much bigger than `rows_per_partition`."""
    return max(threads, math.ceil(rows / rows_per_partition))


def partition_bounds(facts: pd.DataFrame, partitions: int) -> list[tuple[int, int]]:
    """Row ranges [start, stop) of about equal size; a boundary never splits rows of one key."""
    n = len(facts)
    partitions = max(1, min(partitions, n))
    key = next((facts[k].to_numpy() for k in KEYS if k in facts), None)
    cuts = [0]
    for i in range(1, partitions):
        cut = max(round(i * n / partitions), cuts[-1])
        while key is not None and 0 < cut < n and key[cut] == key[cut - 1]:
            cut += 1
        if cut < n and cut > cuts[-1]:
            cuts.append(cut)
    cuts.append(n)
    return list(zip(cuts[:-1], cuts[1:]))
