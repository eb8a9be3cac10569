"""The fact catalogue: every fact a rule may read, with its type, meaning and inputs."""
from __future__ import annotations

from dataclasses import dataclass

from casefiles.schema import CASES, CASE_CHILDREN

BOOL, NUMBER, TEXT, DATE = "bool", "number", "text", "date"


@dataclass(frozen=True)
class Fact:
    name: str
    type: str
    label: str                    # short Chinese name, used in evidence
    meaning: str                  # what it means, in Chinese
    derivation: str               # how it is derived, in Chinese
    inputs: tuple[str, ...] = ()  # "cases.<column>" or "<table>" (whole table)
    guard: bool = False           # a data-quality fact the engine adds itself
    nullable: bool = True         # False: the fact is never null (derivation fills it)


F = Fact
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
    F("extension_days", NUMBER, "延长天数", "经批准延长的办案天数", "案件表 延长天数；为空视为0",
      ("cases.extension_days",)),
)

_DERIVED = (
    F("has_decision", BOOL, "已作决定", "评查日前已作出执法决定", "决定日期不为空且不晚于评查日",
      ("cases.decision_date",), nullable=False),
    F("is_published", BOOL, "已公示", "评查日前已公示", "公示日期不为空且不晚于评查日", ("cases.published_date",), nullable=False),
    F("is_revoked", BOOL, "已变更撤销", "评查日前决定已被变更撤销", "变更撤销日期不为空且不晚于评查日",
      ("cases.revoked_date",), nullable=False),
    F("is_major", BOOL, "重大执法决定", "属于重大执法决定（须法制审核）",
      "规则包 major 目录：重大/疑难复杂/听证标志，处理决定属目录类型，或罚款达到个人/单位金额线",
      ("cases.major_flag", "cases.complex_flag", "cases.hearing_held", "cases.decision_types",
       "cases.fine_amount", "cases.party_type"), nullable=False),
    F("major_grounds", TEXT, "重大理由", "判定为重大执法决定的依据", "同上，列出命中的条目",
      ("cases.major_flag", "cases.complex_flag", "cases.hearing_held", "cases.decision_types",
       "cases.fine_amount", "cases.party_type")),
    F("notice_lead_days", NUMBER, "告知提前天数", "告知日期早于决定日期的天数", "决定日期 − 告知日期（自然日）",
      ("cases.notified_date", "cases.decision_date")),
    # acts and officers
    F("act_count", NUMBER, "执法活动数", "案卷中的执法活动数", "执法活动表按案件计数", ("acts",)),
    F("acts_short_count", NUMBER, "人数不足活动数", "合格执法人员确定不足的活动数",
      "每项活动：合格人员（人员表中、非辅助人员、有执法证且活动日在有效期内，同一编号计一次）+未登记编号数 < 所需人数",
      ("acts", "officers", "cases.procedure")),
    F("acts_short_unknown_count", NUMBER, "人数待核活动数", "仅因人员编号未登记而无法确认人数的活动数",
      "合格人员 < 所需人数 ≤ 合格人员 + 未登记编号数", ("acts", "officers", "cases.procedure")),
    F("acts_short_detail", TEXT, "人数不足明细", "人数不足或待核的活动及其合格人数", "活动编号（合格人数/所需人数）",
      ("acts", "officers", "cases.procedure")),
    F("unknown_officer_ids", TEXT, "未登记人员", "活动中出现但人员表中没有的人员编号", "活动执法人员 − 人员表",
      ("acts", "officers")),
    F("cert_not_shown_count", NUMBER, "未出示证件活动数", "出示证件为“否”的活动数", "计数", ("acts",)),
    F("cert_shown_missing_count", NUMBER, "出示证件未记录活动数", "出示证件为空的活动数", "计数", ("acts",)),
    F("cert_detail", TEXT, "出示证件明细", "未出示或未记录出示证件的活动编号", "活动编号列表", ("acts",)),
    # recordings
    F("av_act_count", NUMBER, "须全程音像活动数", "规则包所列须全程音像记录类型的活动数",
      "活动类型属 av_mandatory_act_types", ("acts",)),
    F("av_uncovered_count", NUMBER, "音像未全覆盖活动数", "音像记录未覆盖全程（间隙超过容差）的活动数",
      "对标注该活动的记录及本案未标注且与之重叠的记录求区间并集，首尾及中间间隙 > recording_gap_seconds",
      ("acts", "recordings")),
    F("av_no_time_count", NUMBER, "音像待核活动数", "缺少起止时间而无法判断覆盖的活动数",
      "活动或相关记录缺少时刻", ("acts", "recordings")),
    F("av_detail", TEXT, "音像覆盖明细", "未覆盖或待核的活动及最大间隙", "活动编号（最大间隙秒数）", ("acts", "recordings")),
    F("dispute_act_count", NUMBER, "易争议活动数", "规则包所列易引发争议类型的活动数",
      "活动类型属 dispute_act_types", ("acts",)),
    F("dispute_unrecorded_count", NUMBER, "易争议活动无音像数", "没有任何音像记录与之重叠的易争议活动数",
      "记录与活动时段有重叠（标注该活动或本案未标注）", ("acts", "recordings")),
    F("dispute_no_time_count", NUMBER, "易争议活动待核数", "缺少起止时间的易争议活动数", "计数",
      ("acts", "recordings")),
    F("dispute_detail", TEXT, "易争议活动明细", "无音像或待核的活动编号", "活动编号列表", ("acts", "recordings")),
    # documents
    F("missing_phase_count", NUMBER, "缺失环节数", "没有任何文书的必备环节数",
      "文书环节（为空则按规则包 document_phases 由文书名称查得）对照 required_phases", ("documents",)),
    F("missing_phases", TEXT, "缺失环节", "没有文书的环节名称", "同上", ("documents",)),
    F("unphased_doc_count", NUMBER, "未识别环节文书数", "环节为空且文书名称不在对照表中的文书数", "计数", ("documents",)),
    F("unphased_doc_types", TEXT, "未识别文书", "无法确定环节的文书名称", "列表", ("documents",)),
    # reviews
    F("review_count", NUMBER, "法制审核次数", "案件的法制审核记录数", "计数", ("reviews",)),
    F("reviews_before_decision", NUMBER, "决定前审核次数", "审核日期不晚于决定日期的审核数", "计数",
      ("reviews", "cases.decision_date")),
    F("last_review_date", DATE, "最后审核日期", "决定前最后一次审核的日期", "决定前审核中审核日期最晚者",
      ("reviews", "cases.decision_date")),
    F("last_review_conclusion", TEXT, "最后审核结论", "决定前最后一次审核的结论", "同日多次取编号最大者",
      ("reviews", "cases.decision_date")),
    F("reviewer_unknown_count", NUMBER, "审核人未登记数", "人员表中没有的审核人数", "计数", ("reviews", "officers")),
    F("reviewer_conflict_count", NUMBER, "审核人回避问题数", "审核人同时是承办人或执法活动人员的审核数",
      "审核人 ∈ 承办人 ∪ 活动执法人员", ("reviews", "acts", "cases.handler_ids")),
    F("reviewer_role_bad_count", NUMBER, "审核人身份不符数", "审核人人员类别不属审核人员类别的审核数",
      "人员类别 ∉ reviewer_roles", ("reviews", "officers")),
    F("reviewer_detail", TEXT, "审核人明细", "有问题的审核人及原因", "列表", ("reviews", "officers", "acts",
                                                                        "cases.handler_ids")),
)

_UNIT = (
    F("enforcement_staff", NUMBER, "执法人员总数", "单位执法人员总数",
      "单位表 执法人员总数；为空则由人员表按 staff_roles 计数", ("units", "officers")),
    F("legal_reviewers", NUMBER, "法制审核人员数", "单位法制审核人员数",
      "单位表 法制审核人员数；为空则由人员表按 reviewer_roles 计数", ("units", "officers")),
    F("reviewer_percent", NUMBER, "审核人员占比", "法制审核人员占执法人员总数的百分比", "法制审核人员数 × 100 ÷ 执法人员总数",
      ("units", "officers")),
    F("staff_source", TEXT, "人数来源", "人数取自单位表还是人员表", "单位表/人员表", ("units", "officers")),
)

DEADLINE_SUFFIXES = {
    "due": (DATE, "期限", "期限的最后一个工作日/自然日"),
    "status": (TEXT, "期限状态", "met 按期 / late 逾期完成 / overdue 逾期未完成 / open 未到期 / early 早于起算日 / "
                              "no_start 无起算日 / unknown 日历无法判定"),
    "days": (NUMBER, "期限天数", "适用于本案的期限天数（工作日或自然日）"),
    "elapsed": (NUMBER, "已用天数", "起算日至完成日（未完成则至评查日）的天数"),
    "note": (TEXT, "期限说明", "无法判定时的原因"),
}


def deadline_facts(params) -> list[Fact]:
    out = []
    for name, d in params.deadlines.items():
        inputs = (f"cases.{d.start}", f"cases.{d.done}") + (
            (f"cases.{d.plus_days_from}",) if d.plus_days_from else ()) + (
            ("cases.case_subtype",) if d.calendar_days_by_subtype else ())
        unit = "工作日" if d.working_days is not None else "自然日"
        for suffix, (ftype, label, meaning) in DEADLINE_SUFFIXES.items():
            out.append(Fact(f"{name}_{suffix}", ftype, f"{d.label}{label}", meaning,
                            f"{d.label}：自{d.start}起 {unit}，以{d.done}完成", inputs))
    return out


def guard_facts() -> list[Fact]:
    """Data-quality facts: missing tables, rejected child records, rejected case values."""
    out = [Fact(f"missing__{t}", BOOL, f"缺少{t}表", f"输入中没有 {t} 表", "输入", (t,), guard=True, nullable=False)
           for t in (*CASE_CHILDREN, "officers", "units")]
    out += [Fact(f"rejected__{t}", NUMBER, f"{t}被拒收数", f"本案被拒收的 {t} 记录数", "rejects", (t,), guard=True, nullable=False)
            for t in CASE_CHILDREN]
    out += [Fact(f"invalid__{c.name}", BOOL, f"{c.label}取值被拒收", f"案件表 {c.label} 的取值无法识别", "rejects",
                 (f"cases.{c.name}",), guard=True, nullable=False) for c in CASES.columns]
    out += [Fact(f"beyond__{c.name}", BOOL, f"{c.label}超出日历", f"案件表 {c.label} 晚于评查日且不在已知节假日日历年份内",
                 "日期 > 评查日 且 该年不在日历内", (f"cases.{c.name}",), guard=True, nullable=False)
            for c in CASES.columns if c.kind == "date"]
    return out


def case_catalogue(params) -> dict[str, Fact]:
    facts = [*_CASE_COLUMNS, *_DERIVED, *deadline_facts(params), *guard_facts()]
    return {f.name: f for f in facts}


def unit_catalogue() -> dict[str, Fact]:
    return {f.name: f for f in _UNIT}
