"""The head of each 评查表: what the case is, whose it is and when things happened.

The run folder gives 执法类别 and 承办人 (姓名（编号） from officers.csv, ids alone when the input had no names). It
keeps scores and findings, not the case file itself: the party, 案件细类, 程序类型 and the case dates come from the
input the run reviewed, read again only when its digest equals the one run.json recorded (the same data that was
reviewed); otherwise the head shows what the run folder has and the caller is told why.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from casereview.casefiles.loader import load_casefiles
from casereview.casefiles.tables import CaseFileSet
from casereview.engine.run.result import Run
from casereview.errors import CaseReviewError, UsageError
from casereview.reports.from_run import handlers, text
from casereview.reports.mask import mask_party, mask_text
from casereview.reports.paper.wording import for_paper

DATE_FIELDS = (("filed_date", "立案日期"), ("decision_date", "决定日期"), ("served_date", "送达日期"),
               ("closed_date", "结案日期"))


@dataclass
class CaseHead:
    """One case's head as printed (party already masked); `party_raw` only to mask it inside texts."""
    case_type: str = ""
    subtype: str = ""
    procedure: str = ""
    party: str = ""
    handlers: str = ""
    dates: dict[str, str] = field(default_factory=dict)     # label → YYYY-MM-DD or ""
    party_raw: str = ""

    def mask(self, value) -> str:
        """A text about this case as it may be shown: ID numbers masked, the party's own name masked."""
        out = for_paper(text(mask_text(text(value))))
        if self.party_raw and self.party and self.party != self.party_raw:
            out = out.replace(self.party_raw, self.party)
        return out


@dataclass
class CaseHeads:
    heads: dict[str, CaseHead]
    from_input: bool
    note: str = ""          # why the input was not read (shown by the command), "" when it was

    def get(self, case_id: str) -> CaseHead:
        return self.heads.get(case_id) or CaseHead()


def case_heads(run: Run, source: str | Path | None = None, *, mapping: Path | None = None,
               sheets: dict[str, str] | None = None) -> CaseHeads:
    """The heads of the run's cases. `source`: the review's input (default: the one run.json names); given
    explicitly it must be the reviewed data (UsageError otherwise); the default is used only when it is."""
    recorded = run.info.get("input", {})
    explicit = source is not None
    source = source if explicit else recorded.get("source")
    if not source or (not explicit and "://" not in str(source) and not Path(str(source)).exists()):
        return CaseHeads(_from_run(run), False, f"未找到评查时的输入（{text(source) or '未记录'}），"
                                                "评查表表头只含结果目录中的信息（执法类别、承办人）；可用 --input 指定")
    try:
        cfs = load_casefiles(source, mapping=mapping, sheets=sheets)
    except CaseReviewError as e:
        if explicit:
            raise
        return CaseHeads(_from_run(run), False, f"评查时的输入 {source} 无法读取（{e}），评查表表头只含结果目录中的信息")
    if recorded.get("digest") and cfs.digest != recorded["digest"]:
        message = f"输入 {source} 与评查时的输入不同（内容摘要不一致），不能用于评查表表头"
        if explicit:
            raise UsageError(message)
        return CaseHeads(_from_run(run), False, message + "；评查表表头只含结果目录中的信息")
    return CaseHeads(heads_from_input(cfs, run), True)


def heads_from_input(cfs: CaseFileSet, run: Run) -> dict[str, CaseHead]:
    """The run's heads completed from the input: party (masked), 案件细类, 程序类型, dates."""
    heads = _from_run(run)
    for row in cfs.tables["cases"].itertuples(index=False):
        head = heads.get(text(row.case_id))
        if head is None:
            continue
        raw = text(row.party_name)
        head.subtype, head.procedure = text(row.case_subtype), text(row.procedure)
        head.party, head.party_raw = (text(mask_party(raw, text(row.party_type) or None)) if raw else ""), raw
        head.dates = {label: _day(getattr(row, col)) for col, label in DATE_FIELDS}
    return heads


def _from_run(run: Run) -> dict[str, CaseHead]:
    """What the run folder knows of each case: 执法类别 and 承办人."""
    cases = run.cases
    types = cases["case_type"] if "case_type" in cases.columns else pd.Series("", index=cases.index)
    people = handlers(run) or {}
    return {text(c): CaseHead(case_type=text(t), handlers=people.get(text(c), ""))
            for c, t in zip(cases["case_id"], types)}


def _day(value) -> str:
    if value is None or value is pd.NaT or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return pd.Timestamp(value).date().isoformat()
