"""One root exception with two branches: broken rule packs and broken input files."""
from __future__ import annotations

from collections.abc import Sequence


class CaseReviewError(Exception):
    """Root of every error the tool raises on purpose; the CLI prints it as one line."""

    exit_code = 1

    def __init__(self, text: str = ""):
        super().__init__(" ".join(line.strip() for line in str(text).splitlines() if line.strip()))

    def __reduce__(self):
        """Pickled as its text and fields: an error raised in a worker process reaches the parent unchanged."""
        return rebuilt_error, (type(self), str(self), dict(self.__dict__))


def rebuilt_error(cls: type, text: str, fields: dict) -> CaseReviewError:
    """The error CaseReviewError.__reduce__ pickled (its __init__ is not run again)."""
    error = cls.__new__(cls)
    CaseReviewError.__init__(error, text)
    error.__dict__.update(fields)
    return error


class PackError(CaseReviewError):
    """A rule pack that cannot be loaded: file, line, rule id and a did-you-mean.

    `others` are the pack's further problems (each printed as one `file:line 规则 ID：…` item)."""

    exit_code = 3

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 rule_id: str | None = None, suggestion: str | None = None, others: Sequence[object] = ()):
        self.message, self.others = message, tuple(others)
        self.file, self.line, self.rule_id, self.suggestion = file, line, rule_id, suggestion
        where = "".join([
            f"{file}" if file else "",
            f" 第{line}行" if line else "",
            f" 规则 {rule_id}" if rule_id else "",
        ]).strip()
        text = f"规则包错误（{where}）：{message}" if where else f"规则包错误：{message}"
        if suggestion:
            text += f"；是否想写“{suggestion}”？"
        if self.others:
            text += f" 另有 {len(self.others)} 个问题：" + "；".join(str(p) for p in self.others)
        super().__init__(text)


class InputError(CaseReviewError):
    """An input that cannot be read at all: file, sheet, row, column and the offending text."""

    exit_code = 2

    def __init__(self, message: str, *, file: str | None = None, sheet: str | None = None,
                 row: int | None = None, column: str | None = None, value: str | None = None):
        self.message = message
        self.file, self.sheet, self.row, self.column, self.value = file, sheet, row, column, value
        parts = [p for p in (
            f"文件 {file}" if file else "",
            f"工作表 {sheet}" if sheet else "",
            f"第{row}行" if row else "",
            f"列 {column}" if column else "",
            f"值“{value}”" if value is not None else "",
        ) if p]
        text = f"输入错误（{'，'.join(parts)}）：{message}" if parts else f"输入错误：{message}"
        super().__init__(text)


class UsageError(CaseReviewError):
    """A command line that asks for something impossible (e.g. --out is a non-empty folder)."""

    exit_code = 4
