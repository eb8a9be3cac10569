"""A case's own records (acts, recordings, reviews, documents, …) kept beside its run folder for the case page.

The run history stores what the review produced, not the input; the workspace keeps each validated input
table as Parquet in `<run folder>.records/`, read back filtered to one case."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

INTERNAL_COLUMNS = ("_invalid",)


def records_dir(run_folder: Path) -> Path:
    run_folder = Path(run_folder)
    return run_folder.with_name(run_folder.name + ".records")


def save_records(tables: dict[str, pd.DataFrame], run_folder: Path) -> Path:
    """Each input table (as validated) to `<run folder>.records/<table>.parquet`, values as text."""
    folder = records_dir(run_folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        kept = frame.drop(columns=[c for c in INTERNAL_COLUMNS if c in frame.columns])
        kept = kept.apply(lambda col: col.map(_listed, na_action="ignore"))
        kept.astype("string").to_parquet(folder / f"{name}.parquet", index=False)
    return folder


def _listed(value):
    """A list value (officer ids, …) as the loader reads it back: items joined with 、."""
    return "、".join(map(str, value)) if isinstance(value, (tuple, list)) else value


def case_records(run_folder: Path, case_id: str) -> dict[str, pd.DataFrame]:
    """table -> the rows of `case_id` (tables without a case_id column left out); {} when none were kept."""
    folder = records_dir(run_folder)
    found = {}
    for path in sorted(folder.glob("*.parquet")) if folder.is_dir() else ():
        if "case_id" not in pq.read_schema(path).names:
            continue
        found[path.stem] = pd.read_parquet(path, filters=[("case_id", "==", case_id)])
    return found
