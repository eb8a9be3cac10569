"""The shape of a corpus entry: a kind of broken input, how to build it, what must happen."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Union


@dataclass(frozen=True)
class Reject:
    """A row in rejects.csv: table, row as the user sees it, column, raw value, reason fragment."""
    table: str
    row: int
    column: str | None
    value: str | None
    reason: str
    scope: str = "value"


@dataclass(frozen=True)
class Fails:
    """The input cannot be used: exit code and fragments of the one error line on stderr."""
    code: int
    says: tuple[str, ...]


@dataclass(frozen=True)
class Accepts:
    """Read as intended: the parsed value of `column` in the record `record` of `table`."""
    table: str
    record: str
    column: str
    value: object


@dataclass(frozen=True)
class Finds:
    """A finding: case, rule, outcome and a fragment of its reason."""
    case_id: str
    rule_id: str
    outcome: str
    says: str = ""


@dataclass(frozen=True)
class Noted:
    """A fragment of one of the notes in run.json."""
    says: str


@dataclass(frozen=True)
class Shows:
    """A cell of an output CSV (after formula neutralisation)."""
    file: str
    column: str
    value: str


@dataclass(frozen=True)
class NoFile:
    """No output file or folder anywhere (in or beside the run folder) is named after these."""
    names: tuple[str, ...]


@dataclass(frozen=True)
class Counts:
    """The reconciliation in run.json for one table: read in = evaluated + rejected."""
    table: str
    read: int
    evaluated: int
    rejected: int


Expect = Union[Reject, Fails, Accepts, Finds, Noted, Shows, NoFile, Counts]


@dataclass(frozen=True)
class Case:
    kind: str                                   # stable id
    title: str                                  # what is broken, in Chinese
    build: Callable[[Path], list[str]]          # writes the input under a folder; CLI args
    expect: tuple[Expect, ...]

    @property
    def exit_code(self) -> int:
        return next((e.code for e in self.expect if isinstance(e, Fails)), 0)
