"""Inputs that cannot be read at all: one clear error line and a documented exit code."""
from __future__ import annotations

import io
import sqlite3
import zipfile
from pathlib import Path

from tests.corpus.build import (CASES_HEAD, FILES, OK_CASE, cases_csv, csv_folder, raw_file,
                                with_extra, workbook)
from tests.corpus.model import Case, Fails

CASES_ROWS = [CASES_HEAD.split(","), OK_CASE.split(",")]


def _real_xlsx(tmp: Path) -> bytes:
    workbook({"案件": CASES_ROWS}, name="real.xlsx")(tmp)
    return (tmp / "real.xlsx").read_bytes()


def _truncated(tmp: Path) -> bytes:
    data = _real_xlsx(tmp)
    return data[: len(data) // 2]


def _bomb(tmp: Path) -> bytes:
    """A 64 MiB sheet of spaces that compresses to about 64 KiB (ratio ~1000)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b" " * (64 << 20))
    return buf.getvalue()


def _sqlite(tmp: Path) -> list[str]:
    path = tmp / "案卷.db"
    with sqlite3.connect(path) as db:
        db.execute("create table 杂项 (a text)")
    return [str(path)]


def _missing(tmp: Path) -> list[str]:
    return [str(tmp / "没有这个文件夹")]


def _out_not_empty(tmp: Path) -> list[str]:
    args = csv_folder({"cases.csv": cases_csv(OK_CASE)})(tmp)
    (tmp / "out").mkdir()
    (tmp / "out" / "旧结果.txt").write_text("保留", encoding="utf-8")
    return args


def _out_is_file(tmp: Path) -> list[str]:
    args = csv_folder({"cases.csv": cases_csv(OK_CASE)})(tmp)
    (tmp / "out").write_text("我是文件", encoding="utf-8")
    return args


def _mapping(text: str):
    def build(tmp: Path) -> list[str]:
        args = csv_folder({"cases.csv": cases_csv(OK_CASE)})(tmp)
        (tmp / "映射.yaml").write_text(text, encoding="utf-8")
        return [*args, "--mapping", str(tmp / "映射.yaml")]
    return build


MIXED = (f"{CASES_HEAD},当事人\n".encode() + "C1,U1,行政处罚,张三\n".encode()
         + "C2,U1,行政处罚,李四\n".encode("gbk"))

FILE_CASES = [
    Case("path_missing", "输入路径不存在", _missing, (Fails(2, ("没有这个文件夹", "不存在")),)),
    Case("csv_empty", "CSV 文件为 0 字节", csv_folder({"cases.csv": b""}),
         (Fails(2, ("cases.csv", "文件为空")),)),
    Case("csv_blank", "CSV 文件只有空行和空格", csv_folder({"cases.csv": "\n  \n\n"}),
         (Fails(2, ("cases.csv", "文件为空")),)),
    Case("xlsx_empty", "工作簿为 0 字节", raw_file("空.xlsx", b""), (Fails(2, ("空.xlsx", "文件为空")),)),
    Case("csv_renamed_xlsx", "CSV 文本改了扩展名为 .xlsx",
         raw_file("改名.xlsx", cases_csv(OK_CASE).encode()),
         (Fails(2, ("改名.xlsx", "无法读取 Excel 工作簿", "文本")),)),
    Case("xlsx_truncated", "工作簿损坏（只剩前一半）", raw_file("损坏.xlsx", _truncated),
         (Fails(2, ("损坏.xlsx", "损坏")),)),
    Case("xlsx_password", "有密码保护（加密）的工作簿",
         raw_file("加密.xlsx", (FILES / "密码保护.xlsx").read_bytes()),
         (Fails(2, ("加密.xlsx", "密码")),)),
    Case("xlsx_zip_bomb", "解压炸弹：64 MiB 的工作表压缩成约 64 KiB", raw_file("炸弹.xlsx", _bomb),
         (Fails(2, ("炸弹.xlsx", "解压", "拒绝读取")),)),
    Case("sheet_missing", "工作簿没有案件表", workbook({"人员": [["人员编号"], ["P1"]]}),
         (Fails(2, ("in.xlsx", "没有案件表")),)),
    Case("sheet_misspelled", "案件表的表名拼错（casess）", workbook({"casess": CASES_ROWS}),
         (Fails(2, ("没有案件表", "casess", "是否想写“cases”")),)),
    Case("csv_name_misspelled", "CSV 文件名拼错（caess.csv）",
         csv_folder({"caess.csv": cases_csv(OK_CASE)}),
         (Fails(2, ("没有案件表", "caess.csv", "是否想写“cases”")),)),
    Case("column_duplicate", "两列同名（案件编号）",
         csv_folder({"cases.csv": cases_csv("C1,C1,U1,行政处罚", head="案件编号," + CASES_HEAD)}),
         (Fails(2, ("cases.csv", "案件编号", "无法确定使用哪一列")),)),
    Case("column_zh_en_clash", "中英文列名指向同一列（case_id 与 案件编号）",
         csv_folder({"cases.csv": cases_csv("C1,C1,U1,行政处罚", head="case_id," + CASES_HEAD)}),
         (Fails(2, ("cases.csv", "case_id", "无法确定使用哪一列")),)),
    Case("sheet_twice", "两张工作表都对应案件表（案件、cases）",
         workbook({"案件": CASES_ROWS, "cases": CASES_ROWS}), (Fails(2, ("in.xlsx", "都对应表")),)),
    Case("suffix_unknown", "不支持的文件类型（.txt）", raw_file("案卷.txt", b"x"),
         (Fails(2, ("案卷.txt", "不支持的文件类型")),)),
    Case("csv_file_not_folder", "直接给出单个 CSV 文件而不是文件夹",
         lambda tmp: [csv_folder({"cases.csv": cases_csv(OK_CASE)})(tmp)[0] + "/cases.csv"],
         (Fails(2, ("cases.csv", "文件夹")),)),
    Case("folder_two_forms", "文件夹中同时有 CSV 和 Parquet 的案件表",
         csv_folder({"cases.csv": cases_csv(OK_CASE), "cases.parquet": b"PAR1"}),
         (Fails(2, ("同时有",)),)),
    Case("parquet_corrupt", "Parquet 文件损坏", csv_folder({"cases.parquet": b"PAR1 not parquet"}),
         (Fails(2, ("cases.parquet", "无法读取 Parquet")),)),
    Case("sqlite_empty", "SQLite 文件为 0 字节", raw_file("空.db", b""), (Fails(2, ("空.db", "文件为空")),)),
    Case("sqlite_no_cases", "数据库中没有案件表", _sqlite, (Fails(2, ("案卷.db", "没有案件表")),)),
    Case("encoding_mixed", "同一文件中 UTF-8 与 GBK 混用", csv_folder({"cases.csv": MIXED}),
         (Fails(2, ("cases.csv", "第3行", "编码")),)),
    Case("csv_binary", "CSV 文件实为二进制数据（含空字节）",
         csv_folder({"cases.csv": bytes(range(256)) * 4}), (Fails(2, ("cases.csv", "二进制")),)),
    Case("mapping_bad_yaml", "表头映射文件不是合法 YAML", _mapping("columns: [未闭合\n"),
         (Fails(2, ("映射.yaml", "无法读取映射文件")),)),
    Case("mapping_bad_target", "表头映射指向不存在的表", _mapping("tables:\n  案件信息: 卷宗\n"),
         (Fails(2, ("映射.yaml", "卷宗", "不是七张表之一")),)),
    Case("out_not_empty", "--out 指向已有内容的文件夹", _out_not_empty, (Fails(4, ("不为空",)),)),
    Case("out_is_file", "--out 指向一个已存在的文件", _out_is_file, (Fails(4, ("不为空",)),)),
    Case("overlay_unknown", "叠加包名称拼错（polise）",
         with_extra(csv_folder({"cases.csv": cases_csv(OK_CASE)}), "--overlay", "polise"),
         (Fails(3, ("polise", "police")),)),
]
