"""YAML syntax errors in Chinese, at the line the author has to change (a full-width colon, a tab, ...)."""
from __future__ import annotations

import re

import yaml

FULL_WIDTH_SPACE = "\u3000"
# a key at the start of a line (maybe after a list dash) followed by a full-width colon
_KEY_FULL_WIDTH_COLON = re.compile(r"^\s*(?:-\s+)?([^\s#:：'\"\[\]{},]+)\s*：")
# a key followed by an ASCII colon and no space: `id:local`
_KEY_NO_SPACE = re.compile(r"^\s*(?:-\s+)?([^\s#:'\"\[\]{},]+):[^\s/]")

# PyYAML problem (start of its text) → what it means, and whether the line of its context is the one to change
_PROBLEMS = (
    ("could not find expected ':'", "缺少冒号：键与值之间须用半角冒号加空格“: ”", True),
    ("mapping values are not allowed", "此处不能出现“键: 值”：缩进有误，或上一行冒号后缺空格？", False),
    ("found character '\\t' that cannot start any token", "用了制表符（Tab）：YAML 只能用空格缩进", False),
    ("found a tab character", "用了制表符（Tab）：YAML 只能用空格缩进", False),
    ("expected <block end>", "缩进不一致：同一层的键须左对齐", False),
    ("did not find expected key", "缩进不一致或缺少键", False),
    ("did not find expected '-' indicator", "列表项缩进不一致（每项以“- ”开头并左对齐）", False),
    ("expected ',' or ']'", "方括号列表 [ … ] 未闭合，或其中的项之间缺逗号", True),
    ("expected ',' or '}'", "花括号映射 { … } 未闭合，或其中的项之间缺逗号", True),
    ("found unexpected end of stream", "引号未闭合", True),
    ("found unknown escape character", "双引号中的反斜杠“\\”转义无效（可改用单引号）", False),
    ("found undefined alias", "以 * 开头的值须加引号", False),
    ("expected alphabetic or numeric character", "以 & 或 * 开头的值须加引号", False),
    ("found character that cannot start any token", "以 @ 或 ` 开头的值须加引号", False),
    ("found unacceptable character", "含有不可见的控制字符", False),
    ("expected a single document", "文件中只能有一个 YAML 文档（不要用“---”分隔）", False),
    ("found duplicate anchor", "锚点 & 重名", False),
)


def explain(e: yaml.MarkedYAMLError, text: str) -> tuple[str, int | None]:
    """The Chinese message and 1-based line of a YAML syntax error in `text`."""
    mark, context = getattr(e, "problem_mark", None), getattr(e, "context_mark", None)
    line = mark.line + 1 if mark else None
    problem = str(getattr(e, "problem", None) or "")
    lines = text.splitlines()
    first = context.line + 1 if context else (line - 1 if line else None)
    layout = _layout_mistake(lines, [n for n in (line, _previous(lines, line), first) if n])
    if layout:
        return layout
    for start, meaning, at_context in _PROBLEMS:
        if problem.startswith(start):
            if start == "mapping values are not allowed" and line:
                no_space = _previous_no_space(lines, line)
                if no_space:
                    return no_space
            return f"YAML 格式错误：{meaning}", (first if at_context and context else line)
    return "YAML 格式错误：无法解析（请检查本行及上一行的缩进、冒号和引号）", line


def _layout_mistake(lines: list[str], candidates: list[int]) -> tuple[str, int] | None:
    """A full-width colon after a key, or a full-width space or tab in the indentation, on the error's line,
    the line before or the line the error's context starts (in that order): they look right on screen."""
    for n in candidates:
        line = lines[n - 1] if 0 < n <= len(lines) else ""
        indent = line[:len(line) - len(line.lstrip(" \t" + FULL_WIDTH_SPACE))]
        if FULL_WIDTH_SPACE in indent:
            return "YAML 格式错误：用了全角空格“　”缩进，须用半角空格", n
        if "\t" in indent:
            return "YAML 格式错误：用了制表符（Tab）缩进，须用半角空格", n
        m = _KEY_FULL_WIDTH_COLON.match(line)
        if m and not line.lstrip().startswith("#"):
            return f"YAML 格式错误：“{m.group(1)}”后用了全角冒号“：”，须用半角冒号加空格“: ”", n
    return None


def _previous(lines: list[str], line: int | None) -> int | None:
    """The last line before `line` with content (not blank, not a comment)."""
    for n in range((line or 1) - 1, 0, -1):
        text = lines[n - 1].strip()
        if text and not text.startswith("#"):
            return n
    return None


def _previous_no_space(lines: list[str], line: int) -> tuple[str, int] | None:
    """`id:local` reads as one text, so the next key breaks the file: point at the missing space."""
    n = _previous(lines, line)
    m = _KEY_NO_SPACE.match(lines[n - 1]) if n else None
    return (f"YAML 格式错误：“{m.group(1)}:”后缺空格，键与值之间须用半角冒号加空格“: ”", n) if m else None


def full_width_keys(lines: dict[tuple, int]) -> tuple[str, int] | None:
    """A key that parsed but starts with a full-width space (indented with “　”): the first one, and its line."""
    for path, n in sorted(lines.items(), key=lambda item: item[1]):
        if path and isinstance(path[-1], str) and path[-1].startswith(FULL_WIDTH_SPACE):
            return "YAML 格式错误：用了全角空格“　”缩进，须用半角空格", n
    return None
