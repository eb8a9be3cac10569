"""The stages a review reports progress in, and what people read for each (CLI bar, workspace progress page)."""

STAGE_LABELS = {
    "load": "读入案卷",
    "facts": "推导事实",
    "rules": "执行规则",
    "findings": "生成结论",
    "scoring": "计分汇总",
    "due": "预警清单",
    "write": "写出结果",
}
