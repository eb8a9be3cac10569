"""Flat one-row-per-act exports declared with the mapping's `flat:`."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from tests.corpus.build import csv_folder
from tests.corpus.model import Accepts, Case, Counts, Fails, Noted, Reject

FLAT_HEAD = "案件编号,办案单位编码,执法类别,决定日期,活动编号,活动类型"


def _flat(rows: list[str], mapping: str = "flat:\n  台账: [cases, acts]\n") -> Callable[[Path], list[str]]:
    def build(tmp: Path) -> list[str]:
        args = csv_folder({"台账.csv": "\n".join([FLAT_HEAD, *rows]) + "\n"})(tmp)
        (tmp / "映射.yaml").write_text(mapping, encoding="utf-8")
        return [*args, "--mapping", str(tmp / "映射.yaml")]
    return build


FLAT_CASES = [
    Case("flat_case_with_two_acts", "一行一项执法活动的宽表：一件案件两项活动、一件案件没有活动（映射文件 flat）",
         _flat(["C1,U1,行政处罚,2024-09-30,C1-1,现场检查", "C1,U1,行政处罚,2024/9/30,C1-2,询问",
                "C2,U1,行政处罚,2024-10-08,,"]),
         (Counts("cases", 2, 2, 0), Counts("acts", 2, 2, 0), Accepts("acts", "C1-2", "case_id", "C1"),
          Noted("3 行拆分为 2 件案件、2 项执法活动（1 件案件没有执法活动）"))),
    Case("flat_case_fields_disagree", "宽表中同一案件两行的决定日期不同",
         _flat(["C1,U1,行政处罚,2024-09-30,C1-1,现场检查", "C1,U1,行政处罚,2024-10-01,C1-2,询问"]),
         (Reject("cases", 2, "decision_date", "2024-09-30 / 2024-10-01", "第2行与第3行决定日期不一致", "record"),
          Reject("acts", 3, "case_id", "C1", "所属案件 C1 已被拒收", "record"), Counts("cases", 1, 0, 1))),
    Case("flat_bad_entry", "映射文件 flat 只写了子表（[acts]）",
         _flat(["C1,U1,行政处罚,2024-09-30,C1-1,现场检查"], "flat:\n  台账: [acts]\n"),
         (Fails(2, ("映射.yaml", "须写成 [cases, 子表]")),)),
]
