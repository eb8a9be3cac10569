"""Benchmark inputs: generated case files cached as Parquet folders (and one xlsx) under benchmarks/data/."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
SEED = 7


def parquet_input(n_cases: int, seed: int = SEED, data: Path = DATA) -> Path:
    """The Parquet folder for `n_cases` generated case files; generated once (under `data`), then reused."""
    return _cached(data / f"cases-{n_cases}-seed{seed}", n_cases, seed, "parquet")


def xlsx_input(n_cases: int, seed: int = SEED) -> Path:
    """A workbook (Chinese headers, one sheet per table) of `n_cases` generated case files."""
    return _cached(DATA / f"cases-{n_cases}-seed{seed}.xlsx", n_cases, seed, "xlsx")


def _cached(dest: Path, n_cases: int, seed: int, fmt: str) -> Path:
    done = dest.with_name(dest.name + ".done")
    if done.exists():
        return dest
    from casereview.casefiles.generate import generate_tables
    from casereview.casefiles.writers import write_tables

    if dest.is_dir():
        shutil.rmtree(dest)
    dest.unlink(missing_ok=True)
    dest.parent.mkdir(parents=True, exist_ok=True)
    print(f"生成 {n_cases} 件案卷 → {dest.name}（首次运行，之后复用）", file=sys.stderr, flush=True)
    tables, _ = generate_tables(n_cases, seed)
    write_tables(tables, dest, fmt)
    done.write_text(" ".join(f"{k}={len(v)}" for k, v in tables.items()), encoding="utf-8")
    return dest


if __name__ == "__main__":
    # python benchmarks/data.py 100000 [xlsx]: prepare one input ahead of a run
    n = int(sys.argv[1])
    print(xlsx_input(n) if sys.argv[2:] == ["xlsx"] else parquet_input(n))
