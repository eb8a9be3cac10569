"""The loaded input: canonical typed DataFrames per table, plus every rejected record or value."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

REJECT_COLUMNS = ["table", "row", "record_id", "column", "value", "error", "case_id", "scope"]
RECORD, VALUE = "record", "value"   # scope of a reject: the whole record, or one value in it
# a record set apart because it had not happened by the as-of date (casefiles.asof): not a reject
AFTER_AS_OF_COLUMNS = ["table", "row", "record_id", "case_id", "column", "value", "reason"]


@dataclass
class CaseFileSet:
    """What a loader returns.

    tables: only the tables present in the input, keyed by canonical name. Each frame has the
      canonical columns of casefiles.schema (missing optional columns added as all-null), plus
      `_row` (the row number a user sees in the source: spreadsheet/CSV row with header = row 1,
      JSON Lines line number) and `_invalid` (tuple of column names whose value was rejected and
      set to null; empty tuple when none). DATETIME columns carry a companion bool column
      `<name>__has_time` (False when only a date was given).
      Dtypes: TEXT/ENUM object (str or None); DATE/DATETIME datetime64 (NaT = missing);
      BOOL pandas "boolean"; NUMBER float64; INT "Int64"; LIST object holding tuple[str, ...].
    rejects: one row per rejected record (scope "record": removed from tables) or rejected
      value (scope "value": record kept, value nulled, column named in `_invalid`), with the
      REJECT_COLUMNS; error text in Chinese.
    counts_in: records read per table (before any rejection).
    after_as_of: one row per record set apart by casefiles.asof.cut_at (AFTER_AS_OF_COLUMNS): removed
      from tables, neither evaluated nor rejected; empty until the set is cut at an as-of date.
    absent: per present table, the optional canonical columns the input lacked (their facts are
      unknown); declared_absent: columns the mapping file says the source system does not have
      (read as empty); ignored_columns: per table, the source headers not understood; own_headers: per
      table, column → the input's own header where it is neither the column's name nor its Chinese label.
    warnings: input warnings every report shows first (absent/ignored columns, skipped rows ...).
    unplaced: when the set is one chunk of a bigger input, per child table the records of the whole input
      whose case id is empty or unreadable (they may belong to any case, in any chunk); None: count the
      set's own rejects.
    """

    tables: dict[str, pd.DataFrame]
    rejects: pd.DataFrame
    counts_in: dict[str, int]
    source: str = ""
    digest: str = ""
    notes: list[str] = field(default_factory=list)
    after_as_of: pd.DataFrame = field(default_factory=lambda: empty_after_as_of())
    absent: dict[str, list[str]] = field(default_factory=dict)
    declared_absent: dict[str, list[str]] = field(default_factory=dict)
    ignored_columns: dict[str, list[str]] = field(default_factory=dict)
    own_headers: dict[str, dict[str, str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    unplaced: dict[str, int] | None = None

    def table(self, name: str) -> pd.DataFrame | None:
        return self.tables.get(name)

    def rejected_records(self, table: str) -> int:
        r = self.rejects
        return int(((r["table"] == table) & (r["scope"] == RECORD)).sum())

    def reconcile(self) -> dict[str, dict[str, int]]:
        """Per table: in, kept, rejected, set apart; kept + rejected + after_as_of == in must hold."""
        out = {}
        apart = self.after_as_of["table"].value_counts()
        for name, n_in in self.counts_in.items():
            kept = len(self.tables[name]) if name in self.tables else 0
            out[name] = {"in": n_in, "evaluated": kept, "rejected": self.rejected_records(name),
                         "after_as_of": int(apart.get(name, 0))}
        return out


def empty_rejects() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in REJECT_COLUMNS})


def empty_after_as_of() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in AFTER_AS_OF_COLUMNS})
