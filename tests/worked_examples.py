"""The hand-worked deadlines, one home for all: unit tests read them from here, and
tests/features/test_worked_examples_agree.py checks that every deadline a feature file states is one of them.

Rule (domain "Working days"): due(start, n) = the n-th working day after `start` (start not counted);
a done date x is in time iff start ≤ x ≤ due. Worked by hand from the State Council holiday notices:
  国办发明电〔2023〕7号 (2024): 清明 04-04..06 off, Sun 04-07 worked (March 2024 has no holiday);
    劳动节 05-01..05-05 off, Sun 04-28 and Sat 05-11 worked; 国庆 10-01..10-07 off, Sun 09-29 and Sat 10-12 worked.
  国办发明电〔2024〕12号 (2025): 春节 01-28..02-04 off, Sun 01-26 and Sat 02-08 worked.
  国办发明电〔2025〕7号 (2026): 春节 02-15 (Sun)..02-23 (Mon) off, Sat 02-14 and Sat 02-28 worked.
`worked` is the count as written down (wd k = the k-th working day); tests/test_worked_examples.py
checks each `due` day by day against chinese_calendar (tests/calendar_oracle.py), never against the engine.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Deadline:
    """One worked deadline: `n` working days after `start` end on `due`."""

    name: str
    start: date
    n: int
    due: date
    worked: str

    @property
    def key(self) -> tuple[date, int]:
        return self.start, self.n


def _d(name: str, start: str, n: int, due: str, worked: str) -> Deadline:
    return Deadline(name, date.fromisoformat(start), n, date.fromisoformat(due), worked)


_ALL = [
    # --- 7 working days (GS03 publication, CX03 service) ---
    _d("M7", "2024-04-29", 7, "2024-05-11",
       "Mon; wd1 04-30, (05-01..05 off), 05-06..05-10 = 2..6, wd7 Sat 05-11 (make-up); Sun 05-12 is late"),
    _d("D4", "2024-04-28", 7, "2024-05-10",
       "Sun make-up day; wd1 04-29, wd2 04-30, (05-01..05 off), 05-06..05-10 = 3..7; Sat 05-11 is wd8"),
    _d("D5", "2024-04-30", 7, "2024-05-13",
       "Tue; 05-06..05-10 = 1..5, wd6 Sat 05-11 (make-up), wd7 Mon 05-13; 05-14 is wd8"),
    _d("D1", "2024-09-30", 7, "2024-10-15",
       "Mon; (10-01..07 off), 10-08..10-11 = 1..4, wd5 Sat 10-12 (make-up), wd6 10-14, wd7 10-15; 10-16 is wd8"),
    _d("D2", "2024-10-03", 7, "2024-10-15", "a National Day holiday; counted as D1: wd1 10-08 … wd7 10-15"),
    _d("D3", "2024-10-12", 7, "2024-10-22",
       "Sat make-up day; 10-14..10-18 = 1..5, wd6 10-21, wd7 10-22; 10-23 is wd8"),
    _d("D6", "2024-11-06", 7, "2024-11-15",
       "Wed, no holidays; 11-07, 11-08, 11-11..11-15 = 1..7 (Fri); Sat 11-16 and Sun 11-17 are late, Mon 11-18 wd8"),
    _d("D7", "2025-01-24", 7, "2025-02-10",
       "Fri; wd1 Sun 01-26 (make-up), wd2 01-27, (01-28..02-04 off), 02-05..02-07 = 3..5, wd6 Sat 02-08 "
       "(make-up), wd7 Mon 02-10; Sun 02-09 is still wd6, 02-11 is wd8"),
    _d("D7b", "2025-01-26", 7, "2025-02-11",
       "Sun make-up day; wd1 01-27, (01-28..02-04 off), 02-05..02-07 = 2..4, wd5 Sat 02-08, wd6 02-10, wd7 02-11"),
    _d("D7c", "2025-01-30", 7, "2025-02-12",
       "a Spring Festival holiday; 02-05..02-07 = 1..3, wd4 Sat 02-08, 02-10..02-12 = 5..7; 02-13 is wd8"),
    _d("S7", "2026-02-05", 7, "2026-02-14",
       "Thu; wd1 02-06, 02-09..02-13 = 2..6, wd7 Sat 02-14 (make-up); 02-23 (a holiday after it) is late"),
    _d("H7", "2026-02-12", 7, "2026-02-28",
       "Thu; wd1 02-13, wd2 Sat 02-14, (02-15..23 off), 02-24..02-27 = 3..6, wd7 Sat 02-28 (make-up); "
       "02-18 (a holiday before it) is in time, Sun 03-01 is late"),
    _d("D8", "2026-12-01", 7, "2026-12-10",
       "Tue, no December holidays; 12-02, 12-03, 12-04 (Fri), 12-07..12-10 = 1..7"),
    # --- 20 working days (GS04 publication) ---
    _d("F20", "2024-03-01", 20, "2024-03-29",
       "Fri, no holidays; 03-04..08 = 1..5, 03-11..15 = 6..10, 03-18..22 = 11..15, 03-25..29 = 16..20; Sat 03-30 late"),
    _d("M20", "2024-04-11", 20, "2024-05-11",
       "Thu; wd1 04-12, 04-15..19 = 2..6, 04-22..26 = 7..11, Sun 04-28 (make-up) = 12, 04-29 = 13, 04-30 = 14, "
       "(05-01..05 off), 05-06..10 = 15..19, Sat 05-11 = 20; Sun 05-12 late"),
    _d("J20", "2025-01-20", 20, "2025-02-21",
       "Mon; 01-21..01-24 = 1..4, Sun 01-26 (make-up) = 5, 01-27 = 6, (01-28..02-04 off), 02-05..02-07 = 7..9, "
       "Sat 02-08 (make-up) = 10, 02-10..02-14 = 11..15, 02-17..02-21 = 16..20 (Fri); Sat 02-22, Sun 02-23 late, "
       "Mon 02-24 is wd21"),
    _d("G20", "2025-01-24", 20, "2025-02-27",
       "Fri; Sun 01-26 = 1, 01-27 = 2, 02-05..07 = 3..5, Sat 02-08 = 6, 02-10..14 = 7..11, 02-17..21 = 12..16, "
       "02-24..27 = 17..20 (Thu); 02-28 late"),
    _d("S20", "2026-01-19", 20, "2026-02-14",
       "Mon; 01-20..23 = 1..4, 01-26..30 = 5..9, 02-02..06 = 10..14, 02-09..13 = 15..19, Sat 02-14 = 20; 02-23 late"),
    _d("H20", "2026-02-05", 20, "2026-03-11",
       "Thu; wd1 02-06, 02-09..13 = 2..6, Sat 02-14 = 7, (02-15..23 off), 02-24..27 = 8..11, Sat 02-28 = 12, "
       "03-02..06 = 13..17, 03-09 = 18, 03-10 = 19, Wed 03-11 = 20; 02-20 (a holiday before it) in time"),
    # --- 3 working days (GS05 withdrawal after revocation) ---
    _d("M3", "2024-05-08", 3, "2024-05-11", "Wed; wd1 05-09, wd2 05-10, wd3 Sat 05-11 (make-up); Sun 05-12 late"),
    _d("L3", "2024-05-10", 3, "2024-05-14", "Fri; wd1 Sat 05-11 (make-up), wd2 05-13, wd3 05-14; 05-15 late"),
    _d("N3", "2024-09-27", 3, "2024-10-08",
       "Fri; (Sat 09-28 off), wd1 Sun 09-29 (make-up), wd2 09-30, (10-01..07 off), wd3 10-08; 10-09 is wd4"),
    _d("S3", "2026-02-11", 3, "2026-02-14", "Wed; wd1 02-12, wd2 02-13, wd3 Sat 02-14 (make-up); 02-23 late"),
    _d("H3", "2026-02-13", 3, "2026-02-25",
       "Fri; wd1 Sat 02-14, (02-15..23 off), wd2 02-24, wd3 02-25; 02-20 (holiday) in time, 02-26 late"),
]

DEADLINES: dict[str, Deadline] = {d.name: d for d in _ALL}
BY_START: dict[tuple[date, int], Deadline] = {d.key: d for d in _ALL}


def deadline(name: str) -> Deadline:
    """The worked deadline called `name` (e.g. "M7")."""
    return DEADLINES[name]
