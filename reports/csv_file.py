"""Result tables as CSV files people open: UTF-8 with BOM, formula starts neutralised."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from casereview.reports.safe import neutralise_frame

CSV_ENCODING = "utf-8-sig"   # UTF-8 with BOM: opens cleanly in Excel and WPS


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """A result table as people open it: UTF-8 with BOM, formula starts neutralised."""
    neutralise_frame(frame).to_csv(path, index=False, encoding=CSV_ENCODING, lineterminator="\n",
                                   float_format="%.10g")
