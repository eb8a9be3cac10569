"""The fact catalogue: every fact a rule may read, with its type, meaning and inputs."""
from __future__ import annotations

from dataclasses import dataclass

from casereview.engine.model.schema import CASES, CASE_CHILDREN, TABLES

BOOL, NUMBER, TEXT, DATE, LIST = "bool", "number", "text", "date", "list"
# Names no fact may have: the fields durable_rules itself reads on every asserted fact. Names
# starting with '#' (the fields the engine adds) or '$' (durable's operators) are refused too.
RESERVED_NAMES = frozenset({"id", "sid"})


@dataclass(frozen=True)
class Fact:
    name: str
    type: str
    label: str                    # short Chinese name, used in evidence
    meaning: str                  # what it means, in Chinese
    derivation: str               # how it is derived, in Chinese
    inputs: tuple[str, ...] = ()  # "<table>.<column>[@via]" or "<table>" (its records): see input_parts
    guard: bool = False           # a data-quality fact the engine adds itself
    nullable: bool = True         # False: the fact is never null (derivation fills it)
    params: tuple[str, ...] = ()  # pack parameters the derivation reads ("major", "deadlines.serve")


F = Fact
# inputs: "<table>.<column>" (an officers column read through the officers on the case's acts;
# "officers.<column>@reviews": through its reviewers) or "<table>" (its records only)
_OFFICERS_ON_ACTS = ("acts.officer_ids", "acts.start_time", "acts.act_type", "officers.role",
                     "officers.certificate_no", "officers.certificate_valid_from",
                     "officers.certificate_valid_to", "cases.procedure")
_COVERAGE = ("acts.act_type", "acts.start_time", "acts.end_time", "recordings.act_id",
             "recordings.start_time", "recordings.end_time")
_PHASES = ("documents.phase", "documents.doc_type")
# parameters read by the officer-count facts (single-officer acts count only when fully recorded)
_OFFICER_PARAMS = ("min_officers", "auxiliary_roles", "single_officer", "recording_gap_seconds")
_AV_PARAMS = ("av_mandatory_act_types", "recording_gap_seconds")
_DISPUTE_PARAMS = ("dispute_act_types", "recording_gap_seconds")
_PHASE_PARAMS = ("document_phases", "required_phases")
_STAFF_PARAMS = ("staff_roles", "reviewer_roles")
# a unit's staff counts: the units table, else counted from officers (guards: engine/facts/guards.py)
_STAFF = ("units.enforcement_staff", "units.legal_reviewers", "officers.role", "officers.unit_id")


def kept_for_overlays(how: str) -> str:
    """The note on a verdict fact the standard pack no longer reads (it says the logic in its own language);
    the fact stays for overlays written against it."""
    return f"（保留供已有叠加包使用；标准规则包不再读取，改为{how}）"


def builtin(why: str) -> str:
    """Why a fact is computed in Python rather than written in the pack: what the condition language cannot say."""
    return f"。内置事实：{why}"


_OFFICERS_WHY = builtin("条件语言不能把执法活动逐人连接人员表、按活动日核对证件有效期")
_COVERAGE_WHY = builtin("条件语言不能求音像记录时段的并集、判断区间是否覆盖")
_PHASES_WHY = builtin("环节由参数 document_phases（文书名称 → 环节）查得，条件语言不能按参数映射取值")
_REVIEWER_WHY = builtin("须把审核人连接人员表、承办人和执法活动人员")
_LAST_REVIEW_WHY = builtin("条件语言不能取“日期最晚的那条记录”的另一列（同日取编号最大者）")


_CASE_COLUMNS = (
    F("case_type", TEXT, "执法类别", "案件的执法类别", "案件表 执法类别", ("cases.case_type",)),
    F("case_subtype", TEXT, "案件细类", "案件细类，如治安案件", "案件表 案件细类", ("cases.case_subtype",)),
    F("procedure", TEXT, "程序类型", "普通程序、简易程序或快速办理", "案件表 程序类型；为空视为普通程序",
      ("cases.procedure",)),
    F("party_type", TEXT, "当事人类型", "个人或单位", "案件表 当事人类型", ("cases.party_type",)),
    F("filed_date", DATE, "立案日期", "受案/立案日期", "案件表 立案日期；晚于评查日视为未发生", ("cases.filed_date",)),
    F("notified_date", DATE, "告知日期", "处罚前告知日期", "案件表 告知日期；晚于评查日视为未发生",
      ("cases.notified_date",)),
    F("decision_date", DATE, "决定日期", "执法决定作出日期", "案件表 决定日期；晚于评查日视为尚未决定",
      ("cases.decision_date",)),
    F("served_date", DATE, "送达日期", "决定书送达日期", "案件表 送达日期；晚于评查日视为未发生", ("cases.served_date",)),
    F("published_date", DATE, "公示日期", "执法决定信息公示日期", "案件表 公示日期；晚于评查日视为未发生",
      ("cases.published_date",)),
    F("revoked_date", DATE, "变更撤销日期", "决定被变更、撤销或确认违法的日期", "案件表 变更撤销日期",
      ("cases.revoked_date",)),
    F("withdrawn_date", DATE, "撤回公示日期", "撤回已公示决定信息的日期", "案件表 撤回公示日期",
      ("cases.withdrawn_date",)),
    F("publish_exempt_reason", TEXT, "不予公开理由", "依法不予公开的理由", "案件表 不予公开理由",
      ("cases.publish_exempt_reason",)),
    F("fine_amount", NUMBER, "罚款金额", "罚款金额（元）", "案件表 罚款金额", ("cases.fine_amount",)),
    F("hearing_held", BOOL, "是否听证", "是否举行听证", "案件表 是否听证", ("cases.hearing_held",)),
    F("handler_ids", TEXT, "承办人", "案件承办人的人员编号", "案件表 承办人，以“、”连接", ("cases.handler_ids",)),
    F("decision_types", LIST, "处理决定", "执法决定的处理种类（列表，如 罚款、吊销许可证件）",
      "案件表 处理决定；条件中写 '吊销许可证件' in decision_types，取值以“、”连接显示", ("cases.decision_types",)),
    F("extension_days", NUMBER, "延长天数", "经批准延长的办案天数", "案件表 延长天数；为空视为0",
      ("cases.extension_days",)),
)

_DERIVED = (
    F("as_of", DATE, "评查日", "本次评查的评查日（每件案卷相同）",
      "命令行 --as-of（默认当天）；条件中与日期比较，如 as_of > publish_short_deadline", nullable=False),
    F("has_decision", BOOL, "已作决定", "评查日前已作出执法决定", "决定日期不为空且不晚于评查日",
      ("cases.decision_date",), nullable=False),
    F("is_published", BOOL, "已公示", "评查日前已公示", "公示日期不为空且不晚于评查日", ("cases.published_date",), nullable=False),
    F("is_revoked", BOOL, "已变更撤销", "评查日前决定已被变更撤销", "变更撤销日期不为空且不晚于评查日",
      ("cases.revoked_date",), nullable=False),
    F("is_major", BOOL, "重大执法决定", "属于重大执法决定（须法制审核）",
      "规则包 major 目录：重大/疑难复杂/听证标志，处理决定属目录类型，或罚款达到个人/单位金额线"
      + builtin("参数 major.flags 列出的是列名，条件语言不能按参数取列；判定依据的文字见 major_grounds"),
      ("cases.major_flag", "cases.complex_flag", "cases.hearing_held", "cases.decision_types",
       "cases.fine_amount", "cases.party_type"), nullable=False, params=("major",)),
    F("major_grounds", TEXT, "重大理由", "判定为重大执法决定的依据", "同上，列出命中的条目",
      ("cases.major_flag", "cases.complex_flag", "cases.hearing_held", "cases.decision_types",
       "cases.fine_amount", "cases.party_type"), params=("major",)),
    F("notice_lead_days", NUMBER, "告知提前天数", "告知日期早于决定日期的天数"
      + kept_for_overlays("直接比较告知日期与决定日期"), "决定日期 − 告知日期（自然日）",
      ("cases.notified_date", "cases.decision_date")),
    # acts and officers
    F("act_count", NUMBER, "执法活动数", "案卷中的执法活动数", "执法活动表按案件计数", ("acts",)),
    F("acts_short_count", NUMBER, "人数不足活动数", "合格执法人员确定不足的活动数",
      "每项活动：合格人员（人员表中、非辅助人员、有执法证且活动日在有效期内，同一编号计一次）+未登记编号数 < 所需人数"
      + _OFFICERS_WHY,
      _OFFICERS_ON_ACTS, params=_OFFICER_PARAMS),
    F("acts_short_unknown_count", NUMBER, "人数待核活动数", "仅因人员编号未登记而无法确认人数的活动数",
      "合格人员 < 所需人数 ≤ 合格人员 + 未登记编号数" + _OFFICERS_WHY, _OFFICERS_ON_ACTS, params=_OFFICER_PARAMS),
    F("acts_short_detail", TEXT, "人数不足明细", "人数不足或待核的活动及其合格人数", "活动编号（合格人数/所需人数）",
      _OFFICERS_ON_ACTS, params=_OFFICER_PARAMS),
    F("unknown_officer_ids", TEXT, "未登记人员", "活动中出现但人员表中没有的人员编号", "活动执法人员 − 人员表",
      ("acts.officer_ids", "officers")),
    F("cert_not_shown_count", NUMBER, "未出示证件活动数", "出示证件为“否”的活动数"
      + kept_for_overlays("exists(acts, certificate_shown == false)"), "计数", ("acts.certificate_shown",)),
    F("cert_shown_missing_count", NUMBER, "出示证件未记录活动数", "出示证件为空的活动数"
      + kept_for_overlays("exists(acts, certificate_shown is null)"), "计数", ("acts.certificate_shown",)),
    F("cert_detail", TEXT, "出示证件明细", "未出示或未记录出示证件的活动编号", "活动编号列表",
      ("acts.certificate_shown",)),
    # recordings
    F("av_act_count", NUMBER, "须全程音像活动数", "规则包所列须全程音像记录类型的活动数",
      "活动类型属 av_mandatory_act_types", ("acts.act_type",), params=("av_mandatory_act_types",)),
    F("av_uncovered_count", NUMBER, "音像未全覆盖活动数", "音像记录未覆盖全程（间隙超过容差）的活动数",
      "对标注该活动的记录及本案未标注且与之重叠的记录求区间并集，首尾及中间间隙 > recording_gap_seconds"
      + _COVERAGE_WHY,
      _COVERAGE, params=_AV_PARAMS),
    F("av_no_time_count", NUMBER, "音像待核活动数", "缺少起止时间而无法判断覆盖的活动数",
      "活动或相关记录缺少时刻" + _COVERAGE_WHY, _COVERAGE, params=_AV_PARAMS),
    F("av_detail", TEXT, "音像覆盖明细", "未覆盖或待核的活动及最大间隙", "活动编号（最大间隙秒数）", _COVERAGE, params=_AV_PARAMS),
    F("dispute_act_count", NUMBER, "易争议活动数", "规则包所列易引发争议类型的活动数",
      "活动类型属 dispute_act_types", ("acts.act_type",), params=("dispute_act_types",)),
    F("dispute_unrecorded_count", NUMBER, "易争议活动无音像数", "没有任何音像记录与之重叠的易争议活动数",
      "记录与活动时段有重叠（标注该活动或本案未标注）" + _COVERAGE_WHY, _COVERAGE, params=_DISPUTE_PARAMS),
    F("dispute_no_time_count", NUMBER, "易争议活动待核数", "缺少起止时间的易争议活动数", "计数" + _COVERAGE_WHY,
      _COVERAGE, params=_DISPUTE_PARAMS),
    F("dispute_detail", TEXT, "易争议活动明细", "无音像或待核的活动编号", "活动编号列表", _COVERAGE, params=_DISPUTE_PARAMS),
    # documents
    F("missing_phase_count", NUMBER, "缺失环节数", "没有任何文书的必备环节数",
      "文书环节（为空则按规则包 document_phases 由文书名称查得）对照 required_phases" + _PHASES_WHY, _PHASES, params=_PHASE_PARAMS),
    F("missing_phases", TEXT, "缺失环节", "没有文书的环节名称", "同上", _PHASES, params=_PHASE_PARAMS),
    F("unphased_doc_count", NUMBER, "未识别环节文书数", "环节为空且文书名称不在对照表中的文书数", "计数" + _PHASES_WHY, _PHASES, params=_PHASE_PARAMS),
    F("unphased_doc_types", TEXT, "未识别文书", "无法确定环节的文书名称", "列表", _PHASES, params=_PHASE_PARAMS),
    # reviews
    F("review_count", NUMBER, "法制审核次数", "案件的法制审核记录数", "计数", ("reviews",)),
    F("reviews_before_decision", NUMBER, "决定前审核次数", "审核日期不晚于决定日期的审核数",
      "计数（审核日期为空的不计）；与 count(reviews, review_date <= case.decision_date) 相同" + builtin(
          "预警清单按“假如评查日作出决定”判定 FS01 时改写此数，子表函数在事实阶段算出、不能随之重算；年度报告也读取它"),
      ("reviews.review_date", "cases.decision_date")),
    F("last_review_date", DATE, "最后审核日期", "决定前最后一次审核的日期", "决定前审核中审核日期最晚者" + _LAST_REVIEW_WHY,
      ("reviews.review_date", "cases.decision_date")),
    F("last_review_conclusion", TEXT, "最后审核结论", "决定前最后一次审核的结论", "同日多次取编号最大者" + _LAST_REVIEW_WHY,
      ("reviews.review_date", "reviews.conclusion", "cases.decision_date")),
    F("reviewer_unknown_count", NUMBER, "审核人未登记数", "人员表中没有的审核人数", "计数" + _REVIEWER_WHY,
      ("reviews.reviewer_id", "officers")),
    F("reviewer_conflict_count", NUMBER, "审核人回避问题数", "审核人同时是承办人或执法活动人员的审核数",
      "审核人 ∈ 承办人 ∪ 活动执法人员" + _REVIEWER_WHY, ("reviews.reviewer_id", "acts.officer_ids", "cases.handler_ids")),
    F("reviewer_role_bad_count", NUMBER, "审核人身份不符数", "审核人人员类别不属审核人员类别的审核数",
      "人员类别 ∉ reviewer_roles" + _REVIEWER_WHY,
      ("reviews.reviewer_id", "officers.role@reviews"), params=("reviewer_roles",)),
    F("reviewer_detail", TEXT, "审核人明细", "有问题的审核人及原因", "列表",
      ("reviews.reviewer_id", "officers.role@reviews", "acts.officer_ids", "cases.handler_ids"),
      params=("reviewer_roles",)),
)

_UNIT = (
    F("enforcement_staff", NUMBER, "执法人员总数", "单位执法人员总数",
      "单位表 执法人员总数；为空则由人员表按 staff_roles 计数", _STAFF, params=_STAFF_PARAMS),
    F("legal_reviewers", NUMBER, "法制审核人员数", "单位法制审核人员数",
      "单位表 法制审核人员数；为空则由人员表按 reviewer_roles 计数", _STAFF, params=_STAFF_PARAMS),
    F("reviewer_percent", NUMBER, "审核人员占比", "法制审核人员占执法人员总数的百分比", "法制审核人员数 × 100 ÷ 执法人员总数",
      _STAFF, params=_STAFF_PARAMS),
    F("staff_source", TEXT, "人数来源", "人数取自单位表还是人员表", "单位表/人员表", _STAFF, params=_STAFF_PARAMS),
)

DEADLINE_SUFFIXES = {
    "due": (DATE, "期限", "期限的最后一个工作日/自然日"),
    "status": (TEXT, "期限状态", "met 按期 / late 逾期完成 / overdue 逾期未完成 / open 未到期 / early 早于起算日 / "
                              "no_start 无起算日 / unknown 日历无法判定"),
    "days": (NUMBER, "期限天数", "适用于本案的期限天数（工作日或自然日）"),
    "elapsed": (NUMBER, "已用天数", "起算日至完成日（未完成则至评查日）的天数"),
    "note": (TEXT, "期限说明", "无法判定时的原因"),
}


# Still read by the standard pack: a calendar-day period's due date and days (CX01: calendar days by case
# subtype plus the approved extension — the language has no per-subtype choice or date arithmetic), and the
# calendar's explanation of an undecidable working-day deadline (text only, no logic).
# The others are kept for overlays written against them (and read by the due list and the invariants).
_READ_BY_PACK = {"note"}
_READ_BY_PACK_CALENDAR = {"due", "days", "note"}


_KEPT_DEADLINE = kept_for_overlays("以日期、评查日 as_of 和工作日函数判定，见规则包 facts:")


def deadline_facts(params) -> list[Fact]:
    out = []
    for name, d in params.deadlines.items():
        inputs = (f"cases.{d.start}", f"cases.{d.done}") + (
            (f"cases.{d.plus_days_from}",) if d.plus_days_from else ()) + (
            ("cases.case_subtype",) if d.calendar_days_by_subtype else ())
        unit = "工作日" if d.working_days is not None else "自然日"
        read = _READ_BY_PACK if d.working_days is not None else _READ_BY_PACK_CALENDAR
        for suffix, (ftype, label, meaning) in DEADLINE_SUFFIXES.items():
            out.append(Fact(f"{name}_{suffix}", ftype, f"{d.label}{label}",
                            meaning if suffix in read else meaning + _KEPT_DEADLINE,
                            f"{d.label}：自{d.start}起 {unit}，以{d.done}完成", inputs,
                            params=(f"deadlines.{name}",)))
    return out


def input_parts(inp: str) -> tuple[str, str | None, str | None]:
    """"officers.role@reviews" -> ("officers", "role", "reviews"); "acts" -> ("acts", None, None)."""
    where, _, via = inp.partition("@")
    table, _, column = where.partition(".")
    return table, column or None, via or None


def absent_name(table: str, column: str) -> str:
    return f"absent__{table}__{column}"


def invalid_name(table: str, column: str, via: str | None = None) -> str:
    """Cases keep their historic invalid__<column>; officers read through reviews end in __reviews."""
    if table == "cases":
        return f"invalid__{column}"
    return f"invalid__{table}__{column}" + (f"__{via}" if via else "")


def _read_columns(facts, children: bool = False) -> list[tuple[str, str, str | None]]:
    """(table, optional column, via) read by some fact, in schema order; `children`: and every optional
    column of the case's child tables (a condition's exists / count / … may read any)."""
    seen = {input_parts(i) for f in facts for i in f.inputs}
    return [(t.name, c.name, via) for t in TABLES.values() for c in t.columns if not c.required
            for via in (None, "reviews")
            if (t.name, c.name, via) in seen or (children and via is None and t.name in CASE_CHILDREN)]


def guard_facts(facts=()) -> list[Fact]:
    """Data-quality facts: missing tables, rejected records, absent columns and rejected values
    (`facts`: the facts whose input columns need guards)."""
    out = [Fact(f"missing__{t}", BOOL, f"缺少{t}表", f"输入中没有 {t} 表", "输入", (t,), guard=True, nullable=False)
           for t in (*CASE_CHILDREN, "officers", "units")]
    out += [Fact(f"rejected__{t}", NUMBER, f"{t}被拒收数", f"本案被拒收的 {t} 记录数", "rejects", (t,), guard=True, nullable=False)
            for t in CASE_CHILDREN]
    out += [Fact(f"unplaced__{t}", NUMBER, f"{t}无主记录数", f"{t} 表中案件编号为空或无法识别而被拒收的记录数（可能属于任一案件）",
                 "rejects", (t,), guard=True, nullable=False) for t in CASE_CHILDREN]
    out += [Fact(f"invalid__{c.name}", BOOL, f"{c.label}取值被拒收", f"案件表 {c.label} 的取值无法识别", "rejects",
                 (f"cases.{c.name}",), guard=True, nullable=False) for c in CASES.columns]
    out += [Fact(f"beyond__{c.name}", BOOL, f"{c.label}超出日历", f"案件表 {c.label} 晚于评查日且不在已知节假日日历年份内",
                 "日期 > 评查日 且 该年不在日历内", (f"cases.{c.name}",), guard=True, nullable=False)
            for c in CASES.columns if c.kind == "date"]
    columns = _read_columns(facts, children=True)
    out += [Fact(absent_name(t, c), BOOL, f"缺少列{t}.{c}",
                 f"输入的{TABLES[t].label}表没有“{TABLES[t].column(c).label}”列（映射文件声明没有的除外）",
                 "输入表头", (f"{t}.{c}",), guard=True, nullable=False)
            for t, c in dict.fromkeys((t, c) for t, c, _ in columns)]
    link = {"officers": "本案执法活动上的人员", "officers@reviews": "本案的审核人", "acts": "本案的执法活动",
            "recordings": "本案的音像记录", "reviews": "本案的法制审核", "documents": "本案的文书"}
    out += [Fact(invalid_name(t, c, via), TEXT, f"{t}.{c}取值被拒收",
                 f"{link.get(t + ('@' + via if via else ''), '本案')}在{TABLES[t].label}表“{TABLES[t].column(c).label}”"
                 f"的取值无法识别：表、行、编号和取值",
                 "rejects", (f"{t}.{c}" + (f"@{via}" if via else ""),), guard=True)
            for t, c, via in columns if t != "cases"]
    return out


def unit_guard_facts() -> list[Fact]:
    """A unit's staff counts cannot be trusted: its units row or a value in it was rejected, or
    (counting from officers) officer records or roles were rejected or the role column is absent."""
    return [
        Fact("rejected__units", TEXT, "单位记录被拒收", "本单位在单位表中的记录被拒收：行号", "rejects",
             ("units",), guard=True),
        Fact("invalid__units__enforcement_staff", TEXT, "执法人员总数取值被拒收", "本单位执法人员总数无法识别：行号和取值",
             "rejects", ("units.enforcement_staff",), guard=True),
        Fact("invalid__units__legal_reviewers", TEXT, "法制审核人员数取值被拒收", "本单位法制审核人员数无法识别：行号和取值",
             "rejects", ("units.legal_reviewers",), guard=True),
        *(Fact(absent_name("units", c), BOOL, f"缺少列units.{c}", f"单位表没有“{label}”列（映射文件声明没有的除外）",
               "输入表头", (f"units.{c}",), guard=True, nullable=False)
          for c, label in (("enforcement_staff", "执法人员总数"), ("legal_reviewers", "法制审核人员数"))),
        Fact("rejected__officers", NUMBER, "人员被拒收数", "按人员表计数时，人员表被拒收的记录数（其单位无法得知）",
             "rejects", ("officers",), guard=True, nullable=False),
        Fact("invalid__officers__role", TEXT, "人员类别取值被拒收", "按人员表计数时，本单位人员的人员类别无法识别：行号和取值",
             "rejects", ("officers.role",), guard=True),
        Fact("invalid__officers__unit_id", TEXT, "人员单位编码取值被拒收",
             "按人员表计数时，单位编码无法识别的人员（可能属于本单位）：行号和取值", "rejects", ("officers.unit_id",), guard=True),
        Fact(absent_name("officers", "role"), BOOL, "缺少列officers.role", "按人员表计数时，人员表没有人员类别列",
             "输入表头", ("officers.role",), guard=True, nullable=False),
        Fact(absent_name("officers", "unit_id"), BOOL, "缺少列officers.unit_id", "按人员表计数时，人员表没有单位编码列",
             "输入表头", ("officers.unit_id",), guard=True, nullable=False),
    ]


def case_catalogue(params) -> dict[str, Fact]:
    facts = [*_CASE_COLUMNS, *_DERIVED, *deadline_facts(params)]
    return checked_names({f.name: f for f in [*facts, *guard_facts(facts)]})


def unit_catalogue() -> dict[str, Fact]:
    return checked_names({f.name: f for f in [*_UNIT, *unit_guard_facts()]})


def checked_names(facts: dict[str, Fact]) -> dict[str, Fact]:
    """The catalogue itself, once no name is one a backend reserves; ValueError otherwise."""
    for name in facts:
        if name in RESERVED_NAMES or name[:1] in ("#", "$"):
            raise ValueError(f"事实名“{name}”是保留名（{'、'.join(sorted(RESERVED_NAMES))}，"
                             f"或以 # 或 $ 开头），不能用作事实名")
    return facts
