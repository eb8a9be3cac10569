"""The annual report's statistical categories: penalty kinds by weight, licensing outcomes, labels."""
from __future__ import annotations

# 行政处罚的种类（行政处罚法第九条的顺序，由轻到重）：each with the words that identify it in a
# decision type. A case with several penalties counts once, under the heaviest (the last one here
# it matches). 其他 = a 行政处罚 case whose decision names none of these (e.g. only 责令改正).
PENALTY_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("警告、通报批评", ("警告", "通报批评")),
    ("罚款", ("罚款",)),
    ("没收违法所得、没收非法财物", ("没收",)),
    ("暂扣许可证件、降低资质等级", ("暂扣", "降低资质等级", "降级")),
    ("吊销许可证件", ("吊销",)),
    ("限制开展生产经营活动", ("限制开展生产经营活动", "限制经营")),
    ("责令停产停业、责令关闭、限制从业", ("停产停业", "责令关闭", "限制从业")),
    ("行政拘留", ("拘留",)),
)
OTHER_PENALTY = "其他"
PENALTY_LABELS = tuple(k for k, _ in PENALTY_KINDS) + (OTHER_PENALTY,)

GRANTED, REFUSED, OTHER_OUTCOME = "准予", "不予", "其他"

# Case types in the report's order; every one is shown, 0 when the power was not used.
POWER_ORDER = ("行政许可", "行政处罚", "行政强制", "行政检查", "行政征收", "行政征用", "行政确认", "行政裁决", "其他")

NOT_COLLECTED = None        # a figure the input cannot give: shown as “—” with a note, never as 0
DASH = "—"


def heaviest_penalty(decision_types) -> str:
    """The heaviest penalty kind named in a case's decision types, or 其他."""
    found = OTHER_PENALTY
    for label, words in PENALTY_KINDS:
        if any(w in t for t in decision_types or () for w in words):
            found = label
    return found


def licence_outcome(decision_types) -> str:
    """准予 / 不予 / 其他 for a 行政许可 decision (不予 wins when both appear)."""
    types = decision_types or ()
    if any(REFUSED in t for t in types):
        return REFUSED
    if any(GRANTED in t for t in types):
        return GRANTED
    return OTHER_OUTCOME
