"""One scenario's case file and review settings, built step by step; defaults an author can rely on."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from casereview.features.review import result_for
from casereview.features.tables import SpecError
from casereview.rules import STANDARD_PACK

DEFAULT_AS_OF = date(2025, 12, 31)
CHILD_TABLES = ("acts", "recordings", "reviews", "documents")
OTHER_TABLES = ("officers", "units")
ID_PREFIX = {"cases": "C", "acts": "A", "recordings": "V", "reviews": "F", "documents": "D"}

# The officers every scenario has unless it says otherwise: two enforcement officers and a reviewer,
# all of unit U1 with a certificate valid at any date.
DEFAULT_OFFICERS = (
    dict(officer_id="P1", name="张三", unit_id="U1", role="执法人员", certificate_no="ZF001"),
    dict(officer_id="P2", name="李四", unit_id="U1", role="执法人员", certificate_no="ZF002"),
    dict(officer_id="R1", name="王五", unit_id="U1", role="法制审核人员", certificate_no="ZF009"),
)


@dataclass(frozen=True)
class SpecTarget:
    """What a spec run tests: the pack under test, overlays for every scenario, the feature folders."""

    pack: str = str(STANDARD_PACK)
    overlays: tuple[str, ...] = ()
    feature_dirs: tuple[str, ...] = (str(Path(__file__).parent),)
    pack_id: str = "三项制度"
    batch: bool = True

    @property
    def standard(self) -> bool:
        """The standard pack without command-line overlays: what the shipped specs are written for."""
        return not self.overlays and Path(self.pack).resolve() == STANDARD_PACK.resolve()


@dataclass(repr=False)
class World:
    """The case file a scenario describes; `result` is reviewed lazily (see features.review)."""

    target: SpecTarget = field(default_factory=SpecTarget)
    feature_dir: Path | None = None
    pack: str = ""
    overlays: list[str] = field(default_factory=list)
    named_overlays: list[str] = field(default_factory=list)   # the overlays the scenario's own steps add
    as_of: date = DEFAULT_AS_OF
    cases: list[dict] = field(default_factory=list)
    rows: dict[str, list[dict]] = field(default_factory=lambda: {t: [] for t in CHILD_TABLES + OTHER_TABLES})
    missing: set[str] = field(default_factory=set)
    default_officers: bool = True
    counters: dict[str, int] = field(default_factory=dict)
    last: dict | None = None          # the finding the last outcome step looked at
    recorder: object = None           # called with (rule_id, outcome) when an outcome step passes
    batches: object = None            # features.review.Batches shared by the run, or None
    _result: object = None

    def __post_init__(self):
        self.pack = self.pack or self.target.pack
        self.overlays = self.overlays or list(self.target.overlays)

    def __repr__(self) -> str:
        cases = "、".join(c["case_id"] for c in self.cases) or "无"
        return f"<案卷 案件 {cases}；评查日 {self.as_of}；叠加包 {'、'.join(self.overlays) or '无'}>"

    @property
    def result(self):
        """The review of this case file (both engines), computed at the first check."""
        if self._result is None:
            self._result = result_for(self, self.batches)
        return self._result

    def record(self, rule_id: str, outcome: str) -> None:
        if self.recorder is not None:
            self.recorder(rule_id, outcome)

    # --- building -----------------------------------------------------------------------
    def next_id(self, table: str) -> str:
        self.counters[table] = self.counters.get(table, 0) + 1
        return f"{ID_PREFIX[table]}{self.counters[table]}"

    def add(self, table: str, rows: list[dict]) -> None:
        self._result = None
        for row in rows:
            if table == "cases":
                row.setdefault("case_id", self.next_id("cases"))
                row.setdefault("unit_id", "U1")
                self.cases.append(row)
                continue
            if table in ID_PREFIX:
                row.setdefault(f"{_ID_COLUMN[table]}", self.next_id(table))
                if row.get("case_id") is None and len(self.cases) == 1:
                    row["case_id"] = self.cases[0]["case_id"]       # the case described so far
            if table == "acts":
                row.setdefault("certificate_shown", True)
            if table in ("officers", "units") and not row.get(f"{table[:-1]}_id"):
                raise SpecError(f"{_LABEL[table]}表每行都要写“{'人员编号' if table == 'officers' else '单位编码'}”")
            if table == "officers":
                row.setdefault("unit_id", "U1")
                row.setdefault("role", "执法人员")
                if row["role"] != "执法辅助人员":
                    row.setdefault("certificate_no", f"ZF-{row['officer_id']}")
            self.rows[table].append(row)

    def set_field(self, case_id: str, column: str, value) -> None:
        self._result = None
        next(c for c in self.cases if c["case_id"] == case_id)[column] = value

    def mark_missing(self, table: str) -> None:
        self._result = None
        self.missing.add(table)

    def set_as_of(self, day: date) -> None:
        self._result = None
        self.as_of = day

    def add_overlay(self, name: str) -> None:
        self._result = None
        ref = self.resolve_file(name)
        if ref not in self.named_overlays:
            self.named_overlays.append(ref)
        if ref not in self.overlays:
            self.overlays.append(ref)

    def use_pack(self, name: str) -> None:
        self._result = None
        if name in (self.target.pack_id, Path(self.target.pack).stem, self.target.pack):
            self.pack = self.target.pack
        else:
            self.pack = self.resolve_file(name)

    def resolve_file(self, name: str) -> str:
        """A pack or overlay named in a feature: a YAML next to the feature file wins over a bundled one."""
        if self.feature_dir is not None:
            for candidate in (self.feature_dir / name, self.feature_dir / f"{name}.yaml"):
                if candidate.is_file():
                    return str(candidate.resolve())
        return name

    # --- the case file as review input ----------------------------------------------------
    def tables(self) -> dict[str, list[dict] | None]:
        """Every table of the case file; a table the scenario declared missing is None."""
        if not self.cases and not self.rows["units"] and not self.rows["officers"]:
            raise SpecError("场景中还没有案件：请先写“假如 有以下案件：”或“假如 有一件案件：”")
        single = self.cases[0]["case_id"] if len(self.cases) == 1 else None
        out: dict[str, list[dict] | None] = {"cases": [dict(c) for c in self.cases]}
        for t in CHILD_TABLES:
            rows = []
            for r in self.rows[t]:
                r = dict(r)
                if r.get("case_id") is None:
                    if single is None:
                        raise SpecError(f"场景中有 {len(self.cases)} 件案件，{_LABEL[t]}须写明“案件编号”")
                    r["case_id"] = single
                rows.append(r)
            out[t] = rows
        officers = {o["officer_id"]: dict(o) for o in DEFAULT_OFFICERS} if self.default_officers else {}
        officers.update({o["officer_id"]: dict(o) for o in self.rows["officers"]})
        out["officers"] = list(officers.values())
        out["units"] = [dict(u) for u in self.rows["units"]]
        for t in self.missing:
            out[t] = None
        return out

    def group_key(self) -> tuple:
        """Scenarios with the same key can be reviewed together in one batch."""
        return (self.pack, tuple(self.overlays), self.as_of.isoformat(), tuple(sorted(self.missing)))

    def fingerprint(self) -> str:
        data = json.dumps([self.group_key(), self.tables()], ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()


_ID_COLUMN = {"acts": "act_id", "recordings": "recording_id", "reviews": "review_id", "documents": "doc_id"}
_LABEL = {"acts": "执法活动", "recordings": "音像记录", "reviews": "法制审核", "documents": "文书", "officers": "人员",
          "units": "单位"}
