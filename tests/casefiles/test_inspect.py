"""`casereview inspect`: every source column's fate on the three export shapes, --json, and a
--write-mapping draft that, used unchanged, reads the input as inspect showed."""
from __future__ import annotations

import json

import openpyxl
import pandas as pd
import pytest

from casereview.casefiles.inspect import IGNORED, inspect_input
from casereview.casefiles.loader import load_casefiles
from casereview.casefiles.mapping_draft import draft_mapping
from casereview.cli.main import main
from tests.corpus.cases import CASES as CORPUS
from tests.real_exports import ACT_HEADERS, FLAT_SHEET, LEDGER_SHEET, OFFICER_HEADERS, write_all

CASE_HEADERS = ["案件编号", "办案单位编码", "执法类别", "程序类型", "当事人类型", "立案日期", "告知日期", "决定日期",
                "送达日期", "公示日期", "不予公开理由", "是否听证", "罚款金额"]
# shape -> table -> [(header as read, field or None)], in sheet order
FATES = {
    "csv": {"cases": [(h, h) for h in CASE_HEADERS], "acts": [(h, h) for h in ACT_HEADERS],
            "officers": [(h, h) for h in OFFICER_HEADERS]},
    "flat": {"cases": [(h, h) for h in CASE_HEADERS] + [(h, f"执法活动.{h}") for h in ACT_HEADERS if h != "案件编号"],
             "officers": [(h, h) for h in OFFICER_HEADERS]},
    "ledger": {"cases": [("序号", None)] + [(h, h) for h in CASE_HEADERS[:9]]
               + [("公示情况/公示日期", "公示日期"), ("公示情况/公示网址", None)]
               + [(h, h) for h in CASE_HEADERS[10:]],
               "acts": [(h, h) for h in ACT_HEADERS], "officers": [(h, h) for h in OFFICER_HEADERS]},
}
SOURCES = {"csv": {"cases": "案件.csv", "acts": "执法活动.csv", "officers": "人员.csv"},
           "flat": {"cases": FLAT_SHEET, "acts": FLAT_SHEET, "officers": "人员"},
           "ledger": {"cases": LEDGER_SHEET, "acts": "执法活动", "officers": "人员"}}


@pytest.fixture(scope="module")
def shapes(tmp_path_factory):
    return write_all(tmp_path_factory.mktemp("inspect"))


def fates(view) -> list[tuple[str, str | None]]:
    """(header, Chinese field label without the canonical name) per source column."""
    return [(f.header, f.label.split("（")[0] if f.column else None) for f in view.columns]


@pytest.mark.parametrize("shape", ["csv", "flat", "ledger"])
def test_every_column_has_a_fate(shapes, shape):
    src, mapping = shapes[shape]
    ins = inspect_input(src, mapping=mapping)
    views = {v.table: v for v in ins.tables}
    for table, expected in FATES[shape].items():
        assert fates(views[table]) == expected, table
    for table, name in SOURCES[shape].items():
        assert name in views[table].source, (table, views[table].source)
    for table in ("recordings", "reviews", "documents", "units"):
        assert views[table].source is None and views[table].rules, table
    assert views["cases"].records == 10 and views["acts"].records == 10
    assert not ins.problems and all(not v.missing_required for v in ins.tables)
    published = next(f for f in views["cases"].columns if f.column == "published_date")
    assert published.samples[:2] == ["2024-03-13", "2024-03-14"]          # parsed, as the review reads them


def test_ledger_shows_layout_and_unread_sheet(shapes):
    src, mapping = shapes["ledger"]
    ins = inspect_input(src, mapping=mapping)
    cases = ins.tables[0]
    assert cases.header_rows == [3, 4]
    assert ("工作表“填表说明”", "不是七张表之一") in ins.ignored
    hearing = next(f for f in cases.columns if f.column == "hearing_held")
    assert set(hearing.samples) == {"否", "是"}                              # √ / × read as booleans


@pytest.mark.parametrize("shape", ["csv", "flat", "ledger"])
def test_cli_text_and_json_show_every_column(shapes, shape, capsys):
    src, mapping = shapes[shape]
    args = ["inspect", str(src)] + (["--mapping", str(mapping)] if mapping else [])
    assert main(args) == 0
    text = capsys.readouterr().out
    lines = text.splitlines()
    for expected in FATES[shape].values():
        for header, field in expected:
            row = next((ln for ln in lines if ln.strip().startswith(header + "\t")), None)
            assert row is not None, header
            assert (field or IGNORED) in row.split("\t")[1], row
    assert main(args + ["--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    got = {t["table"]: [(c["header"], c["column"]) for c in t["columns"]] for t in data["tables"]}
    for table, expected in FATES[shape].items():
        assert [h for h, _ in got[table]] == [h for h, _ in expected]
        assert [c is None for _, c in got[table]] == [f is None for _, f in expected]


def test_ledger_draft_used_unchanged_reads_the_ledger(shapes, tmp_path, capsys):
    """The draft from inspecting the 台账 (sheet named by the mapping, leaf headers unambiguous) is the
    only mapping given to `review`; findings equal those of the GBK CSV export of the same cases."""
    src, mapping = shapes["ledger"]
    draft = tmp_path / "草稿.yaml"
    assert main(["inspect", str(src), "--mapping", str(mapping), "--write-mapping", str(draft)]) == 0
    text = draft.read_text(encoding="utf-8")
    assert f"{LEDGER_SHEET}: cases" in text and "公示情况/公示日期: published_date" in text
    assert "# 公示情况/公示网址: 字段名" in text and "# 序号: 字段名" in text      # left to decide, commented
    runs = {}
    for name, args in (("draft", [str(src), "--mapping", str(draft)]), ("csv", [str(shapes["csv"][0])])):
        runs[name] = tmp_path / f"run-{name}"
        assert main(["review", *args, "--out", str(runs[name]), "--as-of", "2026-11-20", "--quiet"]) == 0
    capsys.readouterr()
    read = {n: pd.read_csv(p / "findings.csv", dtype=str, keep_default_na=False) for n, p in runs.items()}
    pd.testing.assert_frame_equal(read["csv"], read["draft"])
    assert len(read["draft"]["case_id"].unique()) == 10


def test_flat_draft_used_unchanged_reads_the_same_tables(shapes, tmp_path):
    src, mapping = shapes["flat"]
    draft = tmp_path / "草稿.yaml"
    draft.write_text(draft_mapping(inspect_input(src, mapping=mapping)), encoding="utf-8")
    assert "flat:" in draft.read_text(encoding="utf-8")
    a, b = load_casefiles(src, mapping=mapping), load_casefiles(src, mapping=draft)
    for t in a.tables:
        pd.testing.assert_frame_equal(a.tables[t], b.tables[t])


def test_ignored_header_gets_a_did_you_mean(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "案件.csv").write_text("案件编号,办案单位,执法类别,活动编号,活动类型\nA1,U1,行政处罚,A1-1,询问\n",
                                    encoding="utf-8")
    ins = inspect_input(folder)
    unit = next(f for f in ins.tables[0].columns if f.header == "办案单位")
    assert (unit.column, unit.suggestion) == (None, "unit_id")
    assert ins.tables[0].missing_required == ["办案单位编码（unit_id）"]
    assert any("flat" in n and "活动编号、活动类型" in n for n in ins.notes)   # looks like one row per act
    text = draft_mapping(ins)
    assert "# 办案单位: unit_id    # 未识别；是否想写“办案单位编码（unit_id）”？" in text
    assert "# flat:" in text


def test_workbook_without_cases_sheet_shows_what_it_found_and_exits_2(tmp_path, capsys):
    book = tmp_path / "台账.xlsx"
    with pd.ExcelWriter(book) as w:
        pd.DataFrame({"案件编号": ["A1"]}).to_excel(w, sheet_name="案件台账", index=False)
    assert main(["inspect", str(book)]) == 2
    out = capsys.readouterr()
    assert "案件（cases）：未提供" in out.out and "没有案件表" in out.err


def test_existing_draft_is_not_overwritten(shapes, tmp_path, capsys):
    draft = tmp_path / "已有.yaml"
    draft.write_text("tables: {}\n", encoding="utf-8")
    assert main(["inspect", str(shapes["csv"][0]), "--write-mapping", str(draft)]) == 4
    assert draft.read_text(encoding="utf-8") == "tables: {}\n"
    assert "已存在" in capsys.readouterr().err


def test_unreadable_input_exits_2(tmp_path, capsys):
    assert main(["inspect", str(tmp_path / "无此文件.xlsx")]) == 2
    assert "不存在" in capsys.readouterr().err


def test_help_is_chinese():
    from casereview.cli.main import build_parser
    sub = build_parser()._subparsers._group_actions[0]
    helps = {a.dest: a.help for a in sub._choices_actions}
    assert "预览" in helps["inspect"]


def test_first_look_without_mapping_drafts_the_sheet_entry(shapes, tmp_path, capsys):
    """No mapping: the 台账 sheet is not a table name, inspect exits 2 but still drafts a mapping whose
    commented entry names the likely table; uncommented, it reads the ten cases."""
    src, _ = shapes["ledger"]
    draft = tmp_path / "草稿.yaml"
    assert main(["inspect", str(src), "--write-mapping", str(draft)]) == 2
    assert "没有案件表" in capsys.readouterr().err
    text = draft.read_text(encoding="utf-8")
    line = f"  # {LEDGER_SHEET}: cases    # 工作表“{LEDGER_SHEET}”未读取；是否想写“案件”？"
    assert line in text.splitlines()
    fixed = tmp_path / "改后.yaml"
    fixed.write_text(text.replace(f"  # {LEDGER_SHEET}: cases", f"  {LEDGER_SHEET}: cases"), encoding="utf-8")
    assert len(load_casefiles(src, mapping=fixed).tables["cases"]) == 10


def test_hidden_sheet_is_marked_and_a_chosen_sheet_goes_into_the_draft(tmp_path, capsys):
    book = tmp_path / "两张案件表.xlsx"
    wb = openpyxl.Workbook()
    for title, ids in (("案件", ["A1"]), ("案件 (2)", ["B1", "B2"])):
        ws = wb.active if title == "案件" else wb.create_sheet(title)
        ws.title = title
        ws.append(["案件编号", "办案单位编码", "执法类别"])
        for i in ids:
            ws.append([i, "U1", "行政处罚"])
    wb["案件 (2)"].sheet_state = "hidden"
    wb.save(book)
    assert main(["inspect", str(book)]) == 0
    out = capsys.readouterr().out
    assert "未读取：工作表“案件 (2)”：隐藏的工作表" in out and "记录 1 条" in out
    draft = tmp_path / "草稿.yaml"
    assert main(["inspect", str(book), "--sheet", "案件=案件 (2)", "--write-mapping", str(draft)]) == 0
    assert "记录 2 条" in capsys.readouterr().out
    assert "sheets:" in draft.read_text(encoding="utf-8")
    assert list(load_casefiles(book, mapping=draft).tables["cases"]["case_id"]) == ["B1", "B2"]


def test_csv_folder_without_cases_file_lists_its_files(shapes, tmp_path, capsys):
    folder = tmp_path / "导出"
    folder.mkdir()
    for name in ("执法活动.csv", "人员.csv"):
        (folder / name).write_bytes((shapes["csv"][0] / name).read_bytes())
    (folder / "2024年案件台账.csv").write_bytes((shapes["csv"][0] / "案件.csv").read_bytes())
    assert main(["inspect", str(folder)]) == 2
    out = capsys.readouterr()
    assert "未读取：文件“2024年案件台账.csv”" in out.out and "执法活动（acts）：文件“执法活动.csv”" in out.out
    assert "没有案件表" in out.err


@pytest.mark.parametrize("case", CORPUS, ids=[c.kind for c in CORPUS])
def test_corpus_input_through_inspect(case, tmp_path, capsys):
    """Every bad-input corpus entry: inspect never shows a traceback, exits as the review does when the
    input (or pack) cannot be used, and otherwise describes it (exit 0)."""
    args = case.build(tmp_path)
    code = main(["inspect", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code == (case.exit_code if case.exit_code in (2, 3) else 0), (code, err)
    if code:
        assert len([ln for ln in err.splitlines() if ln.strip()]) == 1, err
    else:
        assert out.startswith("输入：") and "案件（cases）：" in out
    assert not (tmp_path / "已执行").exists()              # a hostile pack never ran anything


def test_rule_relevant_fields_follow_the_pack(shapes):
    """From the standard pack: GS05 reads 变更撤销日期 and 撤回公示日期 (withdrawal within 3 working days of a
    revocation); FS04 counts the officers of each unit (人员.单位编码); GS01, GS02, JL02, JL03 and FS03 read the acts (officers, certificates, recordings' acts,
    officers on acts for reviewer conflicts); the csv shape has neither revocation column."""
    views = {v.table: v for v in inspect_input(shapes["csv"][0]).tables}
    assert "变更撤销日期（revoked_date）：GS05" in views["cases"].missing_for_rules
    assert "撤回公示日期（withdrawn_date）：GS05" in views["cases"].missing_for_rules
    assert views["acts"].rules == ["GS01", "GS02", "JL02", "JL03", "FS03"]
    assert not any(m.startswith("送达日期") for m in views["cases"].missing_for_rules)   # present
    assert views["officers"].missing_for_rules == ["单位编码（unit_id）：FS04"]     # officers counted per unit


def test_data_column_without_a_header_is_shown_and_left_to_the_sheet(tmp_path):
    book = tmp_path / "无表头列.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "案件"
    ws.append(["案件编号", "办案单位编码", "执法类别", None])
    ws.append(["A1", "U1", "行政处罚", "备注"])
    wb.save(book)
    ins = inspect_input(book)
    assert [(f.header, f.column) for f in ins.tables[0].columns][-1] == ("第4列（表头为空）", None)
    text = draft_mapping(ins)
    assert "    # 第4列（表头为空）：其中的数据被忽略；如需读取，请在表中补上表头后重新运行 inspect" in text
    assert load_casefiles(book, mapping=write(tmp_path / "草稿.yaml", text)).counts_in["cases"] == 1


def write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path
