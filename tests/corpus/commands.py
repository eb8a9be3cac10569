"""The corpus beyond `review`: each input kind through due, sample and annual (packs through due,
annual and rules lint), and broken inputs specific to diff, report, history, annual, sample and due."""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from tests.corpus.build import cases_csv, csv_folder
from tests.corpus.model import Case

INPUT_COMMANDS = ("due", "sample", "annual")
PACK_COMMANDS = ("due", "annual", "lint")
SECRET = "Geheim-42"
PG_DOWN = f"postgresql://casereview:{SECRET}@127.0.0.1:1/nodb"       # nothing listens on port 1


def is_pack_kind(args: list[str]) -> bool:
    return "--pack" in args or "--overlay" in args


def _option(args: list[str], name: str) -> list[str]:
    return [name, args[args.index(name) + 1]] if name in args else []


def input_argv(command: str, args: list[str], out: Path) -> list[str]:
    """The command line of `command` on a corpus input (`args` as built for `review`)."""
    if command == "lint":
        return ["rules", "lint", *_option(args, "--pack")[1:], *_option(args, "--overlay")]
    if command == "due":
        return ["due", *args, "--as-of", "2026-11-20", "--out", str(out)]
    if command == "sample":
        return ["sample", *args, "--per-unit", "2", "--seed", "7", "--out", str(out)]
    return ["annual", *args, "--year", "2024", "--out", str(out)]


def out_path(case: Case, command: str, tmp: Path) -> Path:
    """The out_* kinds aim every command at the `out` their builder made; the others get a fresh one."""
    if case.kind in OUT_KINDS:
        return tmp / "out"
    return tmp / command / ("抽样.xlsx" if command == "sample" else "out")


# The out_* kinds are about `review --out`; each command's --out means something else:
# due and annual write into an existing folder (a file there is refused), sample wants a new .xlsx file.
OUT_KINDS: dict[str, dict[str, tuple[int, tuple[str, ...]]]] = {
    "out_not_empty": {"due": (0, ()), "annual": (0, ()), "sample": (4, ("须为 .xlsx 文件",))},
    "out_is_file": {"due": (4, ("已存在且不是目录",)), "annual": (4, ("已存在且不是目录",)),
                    "sample": (4, ("须为 .xlsx 文件",))},
}


def expected(case: Case, command: str, says: tuple[str, ...]) -> tuple[int, tuple[str, ...]]:
    """Exit code and error fragments: the review's, except where a command's options differ."""
    if case.kind in OUT_KINDS:
        return OUT_KINDS[case.kind][command]
    if command == "lint":      # lint lists problems as file:line, not “第N行”
        return case.exit_code, tuple(s for s in says if not re.fullmatch(r"第?\d*行", s))
    return case.exit_code, says


# --- broken inputs of the other commands ---------------------------------------------------------

@dataclass(frozen=True)
class Runs:
    """Finished run folders made once by real reviews: `good` and one with another pack."""
    good: Path
    other_pack: Path


@dataclass(frozen=True)
class Bad:
    kind: str
    title: str
    argv: Callable[[Path, Runs], list[str]]
    code: int
    says: tuple[str, ...]                 # fragments of the one stderr line (of stdout when code is 0)
    never: tuple[str, ...] = ()           # printed nowhere


def _copy(runs: Runs, tmp: Path, name: str = "结果") -> Path:
    return Path(shutil.copytree(runs.good, tmp / name))


def _not_run(tmp: Path) -> Path:
    (tmp / "杂物").mkdir()
    (tmp / "杂物" / "说明.txt").write_text("不是评查结果", encoding="utf-8")
    return tmp / "杂物"


def _killed(tmp: Path, runs: Runs) -> Path:
    """What a review killed before publishing leaves: the hidden folder without run.json."""
    folder = _copy(runs, tmp, ".结果.partial-4242")
    (folder / "run.json").unlink()
    return folder


def _bad_json(tmp: Path, runs: Runs) -> Path:
    folder = _copy(runs, tmp)
    (folder / "run.json").write_text('{"pack": ', encoding="utf-8")
    return folder


def _no_outcome(tmp: Path, runs: Runs) -> Path:
    folder = _copy(runs, tmp)
    path = folder / "findings.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame.drop(columns=["outcome"]).to_csv(path, index=False, encoding="utf-8-sig")
    return folder


def _empty_csv(tmp: Path, runs: Runs) -> Path:
    folder = _copy(runs, tmp)
    (folder / "cases.csv").write_bytes(b"")
    return folder


FOLDERS: list[tuple[str, str, Callable[[Path, Runs], Path], int, tuple[str, ...]]] = [
    ("not_run_folder", "不是评查结果目录的文件夹", lambda tmp, runs: _not_run(tmp), 4,
     ("杂物", "不是已完成的评查结果目录", "缺少 run.json")),
    ("killed_run", "评查中途被终止留下的目录（没有 run.json）", _killed, 4,
     (".结果.partial-4242", "缺少 run.json")),
    ("run_json_not_json", "run.json 不是合法 JSON", _bad_json, 2, ("run.json", "不是有效的 JSON")),
    ("csv_missing_column", "findings.csv 缺少 outcome 列", _no_outcome, 2,
     ("findings.csv", "缺少列 outcome")),
    ("csv_empty", "cases.csv 为 0 字节", _empty_csv, 2, ("cases.csv", "无法读取")),
]


def _diff(build: Callable[[Path, Runs], Path]) -> Callable[[Path, Runs], list[str]]:
    return lambda tmp, runs: ["diff", str(runs.good), str(build(tmp, runs))]


def _report(build: Callable[[Path, Runs], Path]) -> Callable[[Path, Runs], list[str]]:
    return lambda tmp, runs: ["report", str(build(tmp, runs)), "--out", str(tmp / "报告")]


def _not_sqlite(tmp: Path) -> str:
    path = tmp / "历史.db"
    path.write_text("这是一份文本，不是 SQLite 数据库\n" * 50, encoding="utf-8")
    return str(path)


def _sample(*extra: str) -> Callable[[Path, Runs], list[str]]:
    def argv(tmp: Path, runs: Runs) -> list[str]:
        src = csv_folder({"cases.csv": cases_csv("C1,U1,行政处罚", "C2,U1,行政许可")})(tmp)
        return ["sample", *src, "--seed", "1", "--out", str(tmp / "抽样.xlsx"), *extra]
    return argv


def _sample_out_exists(tmp: Path, runs: Runs) -> list[str]:
    (tmp / "抽样.xlsx").write_bytes(b"old")
    return _sample("--per-unit", "1")(tmp, runs)


def _annual(year: str) -> Callable[[Path, Runs], list[str]]:
    """Two penalty cases decided in 2024, one legally reviewed (hand-written): no case at all in 2031."""
    def argv(tmp: Path, runs: Runs) -> list[str]:
        src = csv_folder({"cases.csv": cases_csv("C1,U1,行政处罚,2024-03-05", "C2,U1,行政处罚,2024-09-02",
                                                 head="案件编号,办案单位编码,执法类别,决定日期"),
                          "reviews.csv": "review_id,case_id,reviewer_id,review_date,conclusion\n"
                                         "R1,C1,P9,2024-03-01,同意\n"})(tmp)
        return ["annual", *src, "--year", year, "--out", str(tmp / "年报")]
    return argv


def _due_beyond_calendar(tmp: Path, runs: Runs) -> list[str]:
    """Decided 2027-02-01 (calendar known to 2026), no publicity or service: both 7-workday
    deadlines fall in 2027, so they cannot be computed and are listed as 无法判定."""
    src = csv_folder({"cases.csv": cases_csv("C1,U1,行政处罚,2027-01-04,2027-02-01,500,,,",
                                             head="案件编号,办案单位编码,执法类别,立案日期,决定日期,罚款金额,"
                                                  "公示日期,送达日期,不予公开理由")})(tmp)
    return ["due", *src, "--as-of", "2027-02-03"]


COMMAND_CASES: list[Bad] = [
    *[Bad(f"diff_{k}", f"diff：{t}", _diff(b), c, s) for k, t, b, c, s in FOLDERS],
    Bad("diff_different_packs", "diff：两次评查所用规则包不同（标准包与标准包+police）",
        lambda tmp, runs: ["diff", str(runs.good), str(runs.other_pack)], 4,
        ("规则包不同", "--allow-different-packs")),
    *[Bad(f"report_{k}", f"report：{t}", _report(b), c, s) for k, t, b, c, s in FOLDERS],
    Bad("history_list_pg_down", "history list：PostgreSQL 连不上，URL 含密码",
        lambda tmp, runs: ["history", "list", "--db", PG_DOWN], 1,
        ("postgresql://casereview:***@127.0.0.1:1/nodb", "出错"), never=(SECRET,)),
    Bad("history_show_pg_down", "history show：PostgreSQL 连不上，URL 含密码",
        lambda tmp, runs: ["history", "show", "3", "--db", PG_DOWN], 1,
        ("postgresql://casereview:***@127.0.0.1:1/nodb", "出错"), never=(SECRET,)),
    Bad("history_show_no_such_run", "history show：评查编号不存在",
        lambda tmp, runs: ["history", "show", "999", "--db", str(tmp / "历史.db")], 1,
        ("历史.db", "没有编号为 999 的评查记录")),
    Bad("history_list_not_sqlite", "history list：--db 指向的文件不是 SQLite 数据库",
        lambda tmp, runs: ["history", "list", "--db", _not_sqlite(tmp)], 1, ("历史.db", "出错")),
    Bad("history_show_not_sqlite", "history show：--db 指向的文件不是 SQLite 数据库",
        lambda tmp, runs: ["history", "show", "1", "--db", _not_sqlite(tmp)], 1, ("历史.db", "出错")),
    Bad("annual_year_without_data", "annual：统计年度内没有任何案件（2031）", _annual("2031"), 0,
        ("2031年", "共作出行政执法决定 0 件，其中行政处罚 0 件")),
    Bad("annual_year_two_digits", "annual：--year 只写两位（24）", _annual("24"), 4, ("--year", "四位年份", "24")),
    Bad("annual_year_five_digits", "annual：--year 写成五位（20245）", _annual("20245"), 4,
        ("--year", "四位年份", "20245")),
    Bad("sample_per_unit_zero", "sample：--per-unit 0", _sample("--per-unit", "0"), 4,
        ("--per-unit", "正整数", "0")),
    Bad("sample_per_unit_negative", "sample：--per-unit 为负数（-3）", _sample("--per-unit", "-3"), 4,
        ("--per-unit", "正整数", "-3")),
    Bad("sample_out_exists", "sample：--out 的工作簿已存在", _sample_out_exists, 4, ("抽样.xlsx", "已存在")),
    Bad("due_beyond_calendar", "due：评查日和期限都在节假日日历之外（2027 年）", _due_beyond_calendar, 0,
        ("已逾期 0 项，超期未办结 0 项，待办 0 项，无法判定 2 项", "2027年不在已知节假日日历内")),
]


def commands_section() -> str:
    """The part of docs/bad-input.md about the other commands (appended by tests/corpus/doc.py)."""
    rows = [f"| `{b.kind}` | {b.title} | " + (f"退出码 {b.code}，错误行含“{'”“'.join(b.says)}”" if b.code else
                                             f"完成（退出码 0），输出含“{'”“'.join(b.says)}”")
            + ("；密码不出现在任何输出中" if b.never else "") + " |" for b in COMMAND_CASES]
    return ("\n## 其他命令\n\n上表每一种输入还分别经 `casereview due`、`sample`、`annual` 运行"
            "（规则包类经 `due`、`annual`、`rules lint`）：无法读取的输入得到与 review 相同的退出码和一行中文错误，"
            "记录级问题不影响命令完成（退出码 0）。`--out` 两种的含义因命令而异：due、annual 写入已有目录，"
            "--out 是文件时退出码 4；sample 的 --out 须为 .xlsx 文件名。以下是其他命令特有的错误输入"
            "（`tests/corpus/test_commands.py`）：\n\n| 编号 | 错误输入 | 处理 |\n|---|---|---|\n"
            + "\n".join(rows) + "\n")
