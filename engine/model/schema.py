"""The seven input tables: canonical column names, Chinese aliases and value kinds."""
from __future__ import annotations

from dataclasses import dataclass, field

# Value kinds a column may hold. Loaders parse raw cells into these; see casefile-format.md.
TEXT, DATE, DATETIME, BOOL, NUMBER, INT, LIST, ENUM = (
    "text", "date", "datetime", "bool", "number", "int", "list", "enum")

CASE_TYPES = ("行政许可", "行政处罚", "行政强制", "行政检查", "行政征收", "行政征用",
              "行政确认", "行政裁决", "其他")
PROCEDURES = ("普通程序", "简易程序", "快速办理")
PARTY_TYPES = ("个人", "单位")
CONCLUSIONS = ("同意", "不同意", "退回补充")
PHASES = ("启动", "调查取证", "审核决定", "送达执行")
ROLES = ("执法人员", "法制审核人员", "执法辅助人员")


@dataclass(frozen=True)
class Column:
    name: str
    label: str                      # Chinese header (alias)
    kind: str
    required: bool = False
    choices: tuple[str, ...] = ()   # for ENUM
    minimum: float | None = None    # for NUMBER / INT
    quiet: bool = False             # read by no rule (it routes): its absence is not reported


@dataclass(frozen=True)
class Table:
    name: str
    label: str                      # Chinese sheet / file name
    id_column: str
    columns: tuple[Column, ...]
    parent: str | None = "cases"    # table its case_id points to
    aliases: tuple[str, ...] = field(default=())

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


C = Column

CASES = Table("cases", "案件", "case_id", (
    C("case_id", "案件编号", TEXT, required=True),
    C("unit_id", "办案单位编码", TEXT, required=True),
    C("case_type", "执法类别", ENUM, required=True, choices=CASE_TYPES),
    C("case_subtype", "案件细类", TEXT),
    C("procedure", "程序类型", ENUM, choices=PROCEDURES),
    C("party_type", "当事人类型", ENUM, choices=PARTY_TYPES),
    C("party_name", "当事人", TEXT),
    C("filed_date", "立案日期", DATE),
    C("notified_date", "告知日期", DATE),
    C("hearing_held", "是否听证", BOOL),
    C("decision_date", "决定日期", DATE),
    C("decision_types", "处理决定", LIST),
    C("fine_amount", "罚款金额", NUMBER, minimum=0),
    C("major_flag", "重大执法决定", BOOL),
    C("complex_flag", "疑难复杂", BOOL),
    C("extension_days", "延长天数", INT, minimum=0),
    C("served_date", "送达日期", DATE),
    C("published_date", "公示日期", DATE),
    C("publish_exempt_reason", "不予公开理由", TEXT),
    C("revoked_date", "变更撤销日期", DATE),
    C("withdrawn_date", "撤回公示日期", DATE),
    C("closed_date", "结案日期", DATE),
    C("archived_date", "归档日期", DATE),
    C("handler_ids", "承办人", LIST),
), parent=None)

ACTS = Table("acts", "执法活动", "act_id", (
    C("act_id", "活动编号", TEXT, required=True),
    C("case_id", "案件编号", TEXT, required=True),
    C("act_type", "活动类型", TEXT),
    C("start_time", "开始时间", DATETIME),
    C("end_time", "结束时间", DATETIME),
    C("officer_ids", "执法人员", LIST),
    C("certificate_shown", "出示证件", BOOL),
))

RECORDINGS = Table("recordings", "音像记录", "recording_id", (
    C("recording_id", "记录编号", TEXT, required=True),
    C("case_id", "案件编号", TEXT, required=True),
    C("act_id", "活动编号", TEXT),
    C("start_time", "开始时间", DATETIME),
    C("end_time", "结束时间", DATETIME),
    C("device_id", "设备编号", TEXT),
    C("file_ref", "文件", TEXT),
))

REVIEWS = Table("reviews", "法制审核", "review_id", (
    C("review_id", "审核编号", TEXT, required=True),
    C("case_id", "案件编号", TEXT, required=True),
    C("reviewer_id", "审核人", TEXT),
    C("submitted_date", "送审日期", DATE),
    C("review_date", "审核日期", DATE, required=True),
    C("conclusion", "审核结论", ENUM, choices=CONCLUSIONS),
    C("opinion", "审核意见", TEXT),
))

DOCUMENTS = Table("documents", "文书", "doc_id", (
    C("doc_id", "文书编号", TEXT, required=True),
    C("case_id", "案件编号", TEXT, required=True),
    C("doc_type", "文书名称", TEXT),
    C("phase", "环节", ENUM, choices=PHASES),
    C("doc_date", "日期", DATE),
))

OFFICERS = Table("officers", "人员", "officer_id", (
    C("officer_id", "人员编号", TEXT, required=True),
    C("name", "姓名", TEXT),
    C("unit_id", "单位编码", TEXT),
    C("role", "人员类别", ENUM, choices=ROLES),
    C("certificate_no", "执法证号", TEXT),
    C("certificate_valid_from", "证件有效期起", DATE),
    C("certificate_valid_to", "证件有效期止", DATE),
), parent=None)

UNITS = Table("units", "单位", "unit_id", (
    C("unit_id", "单位编码", TEXT, required=True),
    C("name", "单位名称", TEXT),
    C("parent_id", "上级单位编码", TEXT),
    C("enforcement_staff", "执法人员总数", INT, minimum=0),
    C("legal_reviewers", "法制审核人员数", INT, minimum=0),
    C("field", "执法领域", TEXT, quiet=True),      # picks the unit's pack chain (engine.run.chains)
), parent=None)

TABLES: dict[str, Table] = {t.name: t for t in
                            (CASES, ACTS, RECORDINGS, REVIEWS, DOCUMENTS, OFFICERS, UNITS)}
CASE_CHILDREN = ("acts", "recordings", "reviews", "documents")


def column_text(table: str, column: str) -> str:
    """“公示日期（published_date）” for cases, “人员.人员类别（officers.role）” for the other tables."""
    t = TABLES[table]
    label = t.column(column).label
    return f"{label}（{column}）" if table == "cases" else f"{t.label}.{label}（{table}.{column}）"
