"""The rule model: pydantic classes that only describe a pack; backends compile them."""
from __future__ import annotations

from datetime import date
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator

OUTCOMES = ("pass", "fail", "na", "unknown")
OUTCOME_LABELS = {"pass": "合规", "fail": "不合规", "na": "不适用", "unknown": "无法判定"}
Outcome = Literal["pass", "fail", "na", "unknown"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


# --- parameters ------------------------------------------------------------------------------

class SingleOfficer(Strict):
    """When one qualified officer is enough (the standard pack has no exception)."""
    procedures: list[str] = []
    act_types: list[str] = []
    require_full_recording: bool = True


class MajorCatalogue(Strict):
    """重大执法决定法制审核目录清单: what makes a decision major."""
    flags: list[str] = ["major_flag", "complex_flag", "hearing_held"]
    decision_types: list[str] = []
    fine_individual: float = 10000
    fine_organisation: float = 100000


class Deadline(Strict):
    """A period running from one case date; `done` is the date that meets it."""
    label: str
    start: str = Field(alias="from")
    done: str
    working_days: Optional[int] = Field(default=None, ge=0)
    calendar_days: Optional[int] = Field(default=None, ge=0)
    plus_days_from: Optional[str] = None                 # e.g. extension_days
    calendar_days_by_subtype: dict[str, int] = {}

    @model_validator(mode="after")
    def one_kind(self):
        if (self.working_days is None) == (self.calendar_days is None):
            raise ValueError("期限须且只能给出 working_days 或 calendar_days 之一")
        if self.calendar_days_by_subtype and self.calendar_days is None:
            raise ValueError("calendar_days_by_subtype 只能与 calendar_days 一起使用")
        return self


PARAMETER_TYPES = {"number": "数值", "integer": "整数", "date": "日期", "text": "文本", "list": "文本列表"}


class DeclaredParameter(Strict):
    """A parameter a pack or overlay adds to the built-in ones: `$name` in its rules, typed, labelled in Chinese."""
    type: Literal["number", "integer", "date", "text", "list"]
    label: str
    value: Any

    @model_validator(mode="after")
    def value_has_type(self):
        v, kind = self.value, self.type
        if kind == "date" and isinstance(v, str):
            try:
                self.value = date.fromisoformat(v)
            except ValueError:
                raise ValueError(f"参数值“{v}”不是 YYYY-MM-DD 日期") from None
        ok = {"number": isinstance(v, (int, float)) and not isinstance(v, bool),
              "integer": isinstance(v, int) and not isinstance(v, bool),
              "date": isinstance(self.value, date),
              "text": isinstance(v, str),
              "list": isinstance(v, list) and all(isinstance(x, str) for x in v)}[kind]
        if not ok:
            raise ValueError(f"参数声明为{PARAMETER_TYPES[kind]}（{kind}），值“{v}”不是{PARAMETER_TYPES[kind]}")
        return self


def is_declaration(value) -> bool:
    """A `parameters:` entry that declares a new parameter (a mapping with `type`), not a built-in one."""
    return isinstance(value, dict) and "type" in value


class Parameters(Strict):
    min_officers: int = Field(2, ge=1)
    auxiliary_roles: list[str] = ["执法辅助人员"]
    single_officer: SingleOfficer = SingleOfficer()
    av_mandatory_act_types: list[str] = []
    recording_gap_seconds: float = Field(30, ge=0)
    dispute_act_types: list[str] = []
    required_phases: list[str] = []
    document_phases: dict[str, list[str]] = {}
    reviewer_roles: list[str] = ["法制审核人员"]
    staff_roles: list[str] = ["执法人员", "法制审核人员"]
    min_reviewer_percent: float = Field(5, ge=0, le=100)
    major: MajorCatalogue = MajorCatalogue()
    publish_short_types: list[str] = []
    deadlines: dict[str, Deadline] = {}
    declared: dict[str, DeclaredParameter] = {}     # written in place: `name: {type, label, value}`

    @model_validator(mode="before")
    @classmethod
    def gather_declared(cls, data):
        """Entries written as declarations under `parameters:` are the pack's own parameters."""
        if not isinstance(data, dict):
            return data
        own = {k: v for k, v in data.items() if k not in cls.model_fields and is_declaration(v)}
        if not own:
            return data
        rest = {k: v for k, v in data.items() if k not in own}
        return {**rest, "declared": {**(rest.get("declared") or {}), **own}}


# --- rules -----------------------------------------------------------------------------------

class Check(Strict):
    """One row of a rule's decision table: the first row whose condition holds decides."""
    when: str
    outcome: Outcome
    reason: str


class Otherwise(Strict):
    outcome: Outcome = "pass"
    reason: str


class Due(Strict):
    """What a rule judges that has a date still to come, so it is listed in the due list (预警) while open:
    `deadline`, a pack deadline (parameters.deadlines) the rule enforces; or `before`, the case date the
    obligation must come before (FS01: legal review before decision_date). Exactly one of the two."""
    deadline: Optional[str] = None
    before: Optional[str] = None

    @model_validator(mode="after")
    def one_kind(self):
        if (self.deadline is None) == (self.before is None):
            raise ValueError("due 须且只能给出 deadline 或 before 之一")
        return self


class Rule(Strict):
    id: str = Field(pattern=r"^[A-Z]{2}\d{2}[A-Za-z0-9_]*$")
    system: str
    title: str
    basis: str
    level: Literal["case", "unit"] = "case"
    severity: Literal["严重", "一般", "建议"] = "一般"
    deduction: float = Field(0, ge=0)
    veto: bool = False
    section: Optional[str] = None    # the grading section (grading.sections) whose points it deducts from
    applies: str = "true"
    not_applicable: str = "不适用"
    checks: list[Check] = []
    otherwise: Otherwise
    evidence: list[str] = []
    value: Optional[str] = None      # unit-level rules: the fact shown in unit_findings' value column
    due: Optional[Due] = None        # the obligation it judges, listed in the due list while open
    enabled: bool = True

    @model_validator(mode="after")
    def veto_has_no_deduction(self):
        if self.veto and self.deduction:
            raise ValueError("否决项（veto）不应再设扣分（deduction）")
        return self


class Grade(Strict):
    name: str
    min: float


class Section(Strict):
    """A part of the score with its own point pool (评查标准's 卷面 20, 内容 80): its rules' deductions
    take points from it until it reaches 0, never from another section."""
    id: str
    title: str
    points: float = Field(gt=0)


class Grading(Strict):
    start: float = 100
    floor: float = 0
    grades: list[Grade]
    sections: list[Section] = []     # none: one pool of `start` points

    @model_validator(mode="after")
    def ordered_and_complete(self):
        mins = [g.min for g in self.grades]
        if mins != sorted(mins, reverse=True):
            raise ValueError("等级须按分数线从高到低排列")
        if not self.grades or self.grades[-1].min > self.floor:
            raise ValueError(f"等级表有空档：最低等级分数线须 ≤ 最低分 {self.floor}")
        return self

    @property
    def section_ids(self) -> list[str]:
        return [s.id for s in self.sections]

    def grade(self, score: float) -> str:
        return next(g.name for g in self.grades if score >= g.min)


class PackInfo(Strict):
    id: str
    title: str
    version: str = "1"
    extends: Optional[str] = None


FACT_TYPES = {"bool": "真假值", "number": "数值", "date": "日期", "text": "文本"}


class NamedFact(Strict):
    """A fact a pack or overlay derives in the condition language: a bool one is a condition, another an
    operand (a fact or a function call). Rules' conditions read it as the parsed expression (a macro);
    reason templates and evidence show its value (computed per case, engine/backends/computed.py)."""
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    type: Literal["bool", "number", "date", "text"]
    meaning: str
    expr: str
    label: Optional[str] = None        # short Chinese name shown in evidence (`label=value`); default: the name


class Pack(Strict):
    pack: PackInfo
    systems: list[str] = ["公示", "记录", "审核", "程序"]
    parameters: Parameters = Parameters()
    facts: list[NamedFact] = []
    grading: Grading
    rules: list[Rule]

    @model_validator(mode="after")
    def ids_unique_and_systems_known(self):
        seen = set()
        for r in self.rules:
            if r.id in seen:
                raise ValueError(f"规则编号重复：{r.id}")
            seen.add(r.id)
            if r.system not in self.systems:
                raise ValueError(f"规则 {r.id} 的体系“{r.system}”不在 {self.systems} 中")
            if r.due is not None and r.due.deadline is not None and r.due.deadline not in self.parameters.deadlines:
                raise ValueError(f"规则 {r.id} 的 due.deadline“{r.due.deadline}”不是 parameters.deadlines 中的期限"
                                 f"（可用：{'、'.join(self.parameters.deadlines)}）")
        return self

    @property
    def active_rules(self) -> list[Rule]:
        return [r for r in self.rules if r.enabled]
