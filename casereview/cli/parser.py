"""The command-line parser in Chinese: argparse's usage, help and error frame translated; usage errors exit 4."""
from __future__ import annotations

import argparse
import re
import sys
from datetime import date

USAGE_EXIT = 4      # README: 4 = 命令行用法错误
EXIT_CODES = """退出码：0 成功；1 其他错误；2 输入文件无法读取；3 规则包错误；4 命令行用法错误（如输出目录非空）；130 被中断"""
_TYPE_NAMES = {"int": "整数", "float": "数值"}

# argparse's English messages (Python 3.10–3.13), most specific first; groups are kept as they are
_MESSAGES = [
    (r"the following arguments are required: (.*)", lambda m: f"缺少必需的参数：{_names(m[1])}"),
    (r"unrecognized arguments: (.*)", lambda m: f"无法识别的参数：{m[1]}"),
    (r"one of the arguments (.*) is required", lambda m: f"须给出参数 {m[1]} 之一"),
    (r"ambiguous option: (\S+) could match (.*)", lambda m: f"选项 {m[1]} 有歧义，可能是：{m[2]}"),
    (r"argument 命令: invalid choice: '?([^']*)'? \(choose from (.*)\)",
     lambda m: f"没有“{m[1]}”这个命令（可用命令：{_choices(m[2])}）"),
    (r"argument ([^:]+): (.*)", lambda m: f"参数 {_names(m[1])}：{_inner(m[2])}"),
]
_INNER = [
    (r"invalid (\w+) value: (.*)", lambda m: f"须为{_TYPE_NAMES.get(m[1], '有效取值')}，而给出的是 {m[2]}"),
    (r"invalid choice: (.*?) \(choose from (.*)\)", lambda m: f"取值 {m[1]} 无效（可选：{_choices(m[2])}）"),
    (r"expected one argument", lambda m: "须给出一个取值"),
    (r"expected at most one argument", lambda m: "最多给出一个取值"),
    (r"expected at least one argument", lambda m: "至少给出一个取值"),
    (r"expected (\d+) arguments?", lambda m: f"须给出 {m[1]} 个取值"),
    (r"ignored explicit argument (.*)", lambda m: f"不接受取值 {m[1]}"),
    (r"not allowed with argument (.*)", lambda m: f"不能与参数 {m[1]} 同时使用"),
]


def _names(text: str) -> str:
    return "、".join(n.strip() for n in text.split(","))


def _choices(text: str) -> str:
    return "、".join(c.strip().strip("'") for c in text.split(","))


def _first(patterns, message: str) -> str | None:
    for pattern, render in patterns:
        m = re.fullmatch(pattern, message, re.S)
        if m:
            return render(m)
    return None


def _inner(message: str) -> str:
    return _first(_INNER, message) or message


def chinese_message(message: str) -> str:
    """argparse's error message in Chinese; a message already in Chinese (our own types) is kept."""
    return _first(_MESSAGES, message) or _inner(message)


class ChineseHelpFormatter(argparse.HelpFormatter):
    """“用法：” instead of “usage: ”, section headings end in a Chinese colon."""

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)

    def format_help(self) -> str:
        return re.sub(r"^([^\s:：]+):$", r"\1：", super().format_help(), flags=re.M)


class ChineseArgumentParser(argparse.ArgumentParser):
    """Help and errors in Chinese; a usage error prints the usage line and one Chinese line, exit 4.

    Subcommand parsers (`subparsers.add_parser`) are of this class too, so every command gets it."""

    def __init__(self, *args, add_help: bool = True, **kwargs):
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    subcommands = None      # the action add_subparsers returned: its choices are the subcommand parsers

    def add_subparsers(self, **kwargs):
        kwargs.setdefault("metavar", "命令")
        self.subcommands = super().add_subparsers(**kwargs)
        return self.subcommands

    def command_paths(self, path: tuple[str, ...] = ()):
        """This command and every subcommand below it, as argument prefixes: (), ("rules",), ("rules", "lint")..."""
        yield path
        for name, sub in (self.subcommands.choices.items() if self.subcommands else ()):
            yield from sub.command_paths((*path, name))

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(USAGE_EXIT, f"{self.prog}：命令行用法错误：{chinese_message(message)}"
                              f"（{self.prog} --help 查看用法）\n")


def iso_date(text: str) -> date:
    """An argparse type: YYYY-MM-DD, else a Chinese usage error."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期须为 YYYY-MM-DD：{text}") from None
