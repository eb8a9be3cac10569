"""Loading every input form into a CaseFileSet, and the rejection policy."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import tempfile
import uuid
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.properties.profile import PROFILE

from casereview.casefiles.loader import load_casefiles
from casereview.engine.model.schema import BOOL, DATE, DATETIME, INT, LIST, NUMBER, TABLES
from casereview.casefiles.tables import REJECT_COLUMNS
from casereview.errors import InputError

DATA = Path(__file__).parent / "data"
T = pd.Timestamp
KIND_DTYPES = {DATE: "datetime64[ns]", DATETIME: "datetime64[ns]", BOOL: "boolean",
               NUMBER: "float64", INT: "Int64"}


def write_csv(folder: Path, name: str, text: str, encoding: str = "utf-8") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(text.encode(encoding))


def record_rejects(cf, table: str) -> pd.DataFrame:
    r = cf.rejects
    return r[(r["table"] == table) & (r["scope"] == "record")].reset_index(drop=True)


def assert_contract(cf) -> None:
    """Columns and dtypes exactly as CaseFileSet's docstring promises; counts reconcile."""
    assert list(cf.rejects.columns) == REJECT_COLUMNS
    for name, frame in cf.tables.items():
        expected = []
        for c in TABLES[name].columns:
            expected.append(c.name)
            if c.kind == DATETIME:
                expected.append(f"{c.name}__has_time")
        assert list(frame.columns) == expected + ["_row", "_invalid"]
        for c in TABLES[name].columns:
            dtype = KIND_DTYPES.get(c.kind, "object")
            assert str(frame[c.name].dtype) == dtype, (name, c.name)
            values = frame[c.name].dropna()
            if c.kind == LIST:
                assert all(isinstance(v, tuple) for v in frame[c.name])
            elif dtype == "object":
                assert all(isinstance(v, str) for v in values)
            if c.kind == DATETIME:
                assert frame[f"{c.name}__has_time"].dtype == bool
        assert frame["_row"].dtype == "int64"
        assert all(isinstance(v, tuple) for v in frame["_invalid"])
    for name, r in cf.reconcile().items():
        assert r["evaluated"] + r["rejected"] == r["in"], name


# --- the sample folder --------------------------------------------------------------------------

def test_sample_csv_folder_values():
    cf = load_casefiles(DATA / "sample_en")
    assert_contract(cf)
    assert cf.counts_in == {"cases": 3, "acts": 3, "recordings": 2, "reviews": 1, "documents": 3,
                            "officers": 3, "units": 2}
    assert cf.rejects.empty
    c = cf.tables["cases"].set_index("case_id")
    assert list(c.index) == ["C001", "C002", "C003"]
    assert list(cf.tables["cases"]["_row"]) == [2, 3, 4]
    one = c.loc["C001"]
    assert (one.filed_date, one.notified_date, one.decision_date) == (
        T("2024-03-05"), T("2024-03-08"), T("2024-03-12"))
    assert (one.served_date, one.published_date, one.closed_date) == (
        T("2024-03-15"), T("2024-03-20"), T("2024-04-01"))
    assert pd.isna(one.archived_date)
    assert one.fine_amount == 1000.0
    assert one.decision_types == ("警告", "罚款") and one.handler_ids == ("P01", "P02")
    assert (one.hearing_held, one.major_flag, one.complex_flag) == (False, True, False)
    assert one.extension_days == 0
    two = c.loc["C002"]
    assert two.party_name == '某某有限公司, "分公司"'
    assert (two.major_flag, two.complex_flag) == (False, False)
    assert pd.isna(two.hearing_held) and pd.isna(two.fine_amount) and pd.isna(two.extension_days)
    assert two.publish_exempt_reason == "涉及商业秘密" and two.decision_types == ("准予许可",)
    three = c.loc["C003"]
    assert three.unit_id == "007" and three.party_name == "=1+1"
    assert three.procedure is None and three.decision_types == ()
    assert three.handler_ids == ("P03", "P04")

    a = cf.tables["acts"].set_index("act_id")
    assert a.loc["A01", "start_time"] == T("2024-03-05 09:00")
    assert a.loc["A01", "end_time"] == T("2024-03-05 10:30")
    assert a.loc["A02", "start_time"] == T("2024-03-06")
    assert list(a["start_time__has_time"]) == [True, False, True]
    assert list(a["officer_ids"]) == [("P01", "P02"), ("P01",), ("P03", "P04")]
    assert a["certificate_shown"].tolist() == [True, True, True]
    rec = cf.tables["recordings"].set_index("recording_id")
    assert rec.loc["R02", "act_id"] is None
    u = cf.tables["units"].set_index("unit_id")
    assert u.loc["U01", "enforcement_staff"] == 25 and pd.isna(u.loc["007", "legal_reviewers"])
    o = cf.tables["officers"].set_index("officer_id")
    assert pd.isna(o.loc["P09", "certificate_valid_to"]) and o.loc["P02", "certificate_no"] is None


def test_chinese_and_english_names_give_identical_frames():
    en = load_casefiles(DATA / "sample_en")
    zh = load_casefiles(DATA / "sample_zh")
    assert set(en.tables) == set(zh.tables) == set(TABLES)
    for name in TABLES:
        pd.testing.assert_frame_equal(en.tables[name], zh.tables[name])
    assert en.counts_in == zh.counts_in


SMALL_CASES = "案件编号,办案单位编码,执法类别,当事人,立案日期\nC1,U1,行政处罚,张三,2024-03-05\nC2,U1,行政许可,李四,2024/3/6\n"


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8-sig", "utf-16"])
def test_csv_encodings(tmp_path, encoding):
    write_csv(tmp_path / "utf8", "案件.csv", SMALL_CASES)
    write_csv(tmp_path / "other", "案件.csv", SMALL_CASES, encoding)
    if encoding in ("gb18030", "gbk"):
        with pytest.raises(UnicodeDecodeError):
            (tmp_path / "other" / "案件.csv").read_bytes().decode("utf-8")
    a, b = load_casefiles(tmp_path / "utf8"), load_casefiles(tmp_path / "other")
    pd.testing.assert_frame_equal(a.tables["cases"], b.tables["cases"])
    assert list(b.tables["cases"]["party_name"]) == ["张三", "李四"]
    assert list(b.tables["cases"]["filed_date"]) == [T("2024-03-05"), T("2024-03-06")]


def test_headers_tolerate_spaces_case_and_marks(tmp_path):
    write_csv(tmp_path, "Cases.CSV", " Case_ID ,\u3000办案单位编码\u3000,*执法类别,备注\nC1,U1,其他,x\n")
    cf = load_casefiles(tmp_path)
    row = cf.tables["cases"].iloc[0]
    assert (row.case_id, row.unit_id, row.case_type) == ("C1", "U1", "其他")
    assert any("备注" in n for n in cf.notes)


# --- Excel ----------------------------------------------------------------------------------------

def make_workbook(path: Path) -> None:
    wb = xlsxwriter.Workbook(str(path))
    day = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws = wb.add_worksheet(" 案件\u3000")
    ws.write_row(0, 0, ["2024年执法案件台账"])                       # title row above the header
    ws.write_row(1, 0, ["案件编号", "办案单位编码", "\u3000执法类别 ", "立案日期", "告知日期", "是否听证",
                        "罚款金额", "决定日期", "承办人", "备注"])
    ws.write_number(2, 0, 1001)                                   # a numeric id cell
    ws.write_row(2, 1, ["U1", "行政处罚"])
    ws.write_datetime(2, 3, dt.datetime(2024, 3, 5), day)         # a real date cell
    ws.write_number(2, 4, 45359)                                  # a serial: 2024-03-08
    ws.write_boolean(2, 5, True)
    ws.write_number(2, 6, 1000)
    ws.write_string(2, 7, "2024年3月12日")
    ws.write_string(2, 8, "P1、P2")
    ws.write_string(2, 9, "unused")
    # row 4 left blank on purpose
    ws.write_row(4, 0, ["C2", "U1", "行政检查", "2024-02-30", "", "否", "1,000元", "", "P3"])
    acts = wb.add_worksheet("ACTS")
    acts.write_row(0, 0, ["act_id", "case_id", "start_time", "end_time"])
    acts.write_row(1, 0, ["A1", "1001"])
    acts.write_datetime(1, 2, dt.datetime(2024, 3, 5, 9, 30), wb.add_format({"num_format": "yyyy-mm-dd hh:mm"}))
    acts.write_datetime(1, 3, dt.datetime(2024, 3, 5), day)
    wb.add_worksheet("说明").write(0, 0, "填表说明")
    wb.add_worksheet("文书")                                          # empty: treated as absent
    wb.close()


def test_workbook(tmp_path):
    path = tmp_path / "in.xlsx"
    make_workbook(path)
    cf = load_casefiles(path)
    assert_contract(cf)
    assert set(cf.tables) == {"cases", "acts"}
    c = cf.tables["cases"]
    assert list(c["case_id"]) == ["1001", "C2"]
    assert list(c["_row"]) == [3, 5]                 # sheet rows; title row 1, header row 2
    first = c.iloc[0]
    assert (first.filed_date, first.notified_date, first.decision_date) == (
        T("2024-03-05"), T("2024-03-08"), T("2024-03-12"))
    assert first.hearing_held is True or first.hearing_held == True  # noqa: E712 (pandas NA-aware)
    assert first.fine_amount == 1000.0 and first.handler_ids == ("P1", "P2")
    second = c.iloc[1]
    assert pd.isna(second.filed_date) and second._invalid == ("filed_date",)
    assert second.fine_amount == 1000.0 and second.hearing_held == False  # noqa: E712
    r = cf.rejects
    assert len(r) == 1
    assert r.iloc[0].to_dict() == {"table": "cases", "row": 5, "record_id": "C2",
                                   "column": "filed_date", "value": "2024-02-30",
                                   "error": "立案日期（filed_date）日期不存在", "case_id": "C2",
                                   "scope": "value"}
    a = cf.tables["acts"].iloc[0]
    assert a.start_time == T("2024-03-05 09:30") and a.start_time__has_time
    assert a.end_time == T("2024-03-05") and not a.end_time__has_time
    assert any("说明" in n and "忽略" in n for n in cf.notes)
    assert any("第2行作为表头" in n for n in cf.notes)
    assert any("备注" in n for n in cf.notes)
    assert any("文书" in n and "为空" in n for n in cf.notes)
    assert cf.digest == hashlib.sha256(path.read_bytes()).hexdigest()
    assert cf.source == str(path)


def test_workbook_without_cases_sheet(tmp_path):
    wb = xlsxwriter.Workbook(str(tmp_path / "x.xlsx"))
    wb.add_worksheet("acts").write_row(0, 0, ["act_id", "case_id"])
    wb.close()
    with pytest.raises(InputError, match="没有案件表"):
        load_casefiles(tmp_path / "x.xlsx")


# --- unreadable inputs ----------------------------------------------------------------------------

def test_unreadable_inputs(tmp_path):
    (tmp_path / "empty.xlsx").write_bytes(b"")
    (tmp_path / "text.xlsx").write_text("这不是工作簿", encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "zip.xlsx", "w") as z:
        z.writestr("hello.txt", "not a workbook")
    good = tmp_path / "good.xlsx"
    make_workbook(good)
    (tmp_path / "cut.xlsx").write_bytes(good.read_bytes()[:400])
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    cases = [("empty.xlsx", "文件为空"), ("text.xlsx", "无法读取 Excel 工作簿"),
             ("zip.xlsx", "无法读取 Excel 工作簿"), ("cut.xlsx", "无法读取 Excel 工作簿"),
             ("notes.txt", "不支持的文件类型"), ("missing.xlsx", "不存在")]
    for name, message in cases:
        with pytest.raises(InputError, match=message) as e:
            load_casefiles(tmp_path / name)
        assert name in str(e.value) and e.value.exit_code == 2


def test_folder_problems(tmp_path):
    write_csv(tmp_path / "no_cases", "acts.csv", "act_id,case_id\nA1,C1\n")
    with pytest.raises(InputError, match="没有案件表"):
        load_casefiles(tmp_path / "no_cases")
    (tmp_path / "empty_dir").mkdir()
    with pytest.raises(InputError, match="没有案件表"):
        load_casefiles(tmp_path / "empty_dir")
    write_csv(tmp_path / "empty_file", "cases.csv", "")
    with pytest.raises(InputError, match="文件为空") as e:
        load_casefiles(tmp_path / "empty_file")
    assert "cases.csv" in str(e.value)
    write_csv(tmp_path / "twice", "cases.csv", "case_id\n")
    write_csv(tmp_path / "twice", "案件.csv", "案件编号\n")
    with pytest.raises(InputError, match="都对应表"):
        load_casefiles(tmp_path / "twice")
    write_csv(tmp_path / "clash", "cases.csv", "case_id,案件编号\nC1,C2\n")
    with pytest.raises(InputError, match="都对应") as e:
        load_casefiles(tmp_path / "clash")
    assert "case_id" in str(e.value) and "案件编号" in str(e.value)


# --- rejection policy -----------------------------------------------------------------------------

def test_header_only_cases_table_loads_empty(tmp_path):
    write_csv(tmp_path, "cases.csv", "case_id,unit_id,case_type\n")
    cf = load_casefiles(tmp_path)
    assert_contract(cf)
    assert len(cf.tables["cases"]) == 0 and cf.counts_in == {"cases": 0}


def test_duplicate_ids_reject_every_copy(tmp_path):
    write_csv(tmp_path, "cases.csv", "case_id,unit_id,case_type\nC1,U1,其他\nC2,U1,其他\n C1\u3000,U2,其他\n")
    write_csv(tmp_path, "acts.csv", "act_id,case_id\nA1,C1\nA2,C2\nA2,C2\n")
    cf = load_casefiles(tmp_path)
    assert_contract(cf)
    assert list(cf.tables["cases"]["case_id"]) == ["C2"]
    r = record_rejects(cf, "cases")
    assert list(r["row"]) == [2, 4] and list(r["record_id"]) == ["C1", "C1"]
    assert list(r["value"]) == ["C1", " C1\u3000"]            # the raw text as read
    assert all("C1 重复出现 2 次" in e for e in r["error"])
    acts = record_rejects(cf, "acts")
    assert list(acts["row"]) == [2, 3, 4]
    assert acts["error"].tolist() == ["所属案件 C1 已被拒收",
                                      "活动编号（act_id） A2 重复出现 2 次，无法判断哪一条正确",
                                      "活动编号（act_id） A2 重复出现 2 次，无法判断哪一条正确"]
    assert len(cf.tables["acts"]) == 0
    assert cf.reconcile()["acts"] == {"in": 3, "evaluated": 0, "rejected": 3, "after_as_of": 0}


def test_dangling_references(tmp_path):
    write_csv(tmp_path, "cases.csv", "case_id,unit_id,case_type\nC1,U1,其他\nC2,,其他\nC3,U1,其他\n")
    write_csv(tmp_path, "acts.csv", "act_id,case_id\nA1,C1\nA2,C9\nA3,C2\nA4,C3\n")
    write_csv(tmp_path, "recordings.csv",
              "recording_id,case_id,act_id\nR1,C1,A1\nR2,C1,A4\nR3,C1,A9\nR4,C1,A3\nR5,C1,\nR6,C2,\n")
    write_csv(tmp_path, "documents.csv", "doc_id,case_id\nD1,C9\nD2,C1\n")
    cf = load_casefiles(tmp_path)
    assert_contract(cf)
    cases = record_rejects(cf, "cases")
    assert cases[["row", "record_id", "column", "error"]].values.tolist() == [
        [3, "C2", "unit_id", "办案单位编码（unit_id）不能为空"]]
    assert list(cf.tables["acts"]["act_id"]) == ["A1", "A4"]
    acts = record_rejects(cf, "acts")
    assert acts[["record_id", "error", "case_id"]].values.tolist() == [
        ["A2", "案件编号 C9 不存在", "C9"], ["A3", "所属案件 C2 已被拒收", "C2"]]
    assert list(cf.tables["recordings"]["recording_id"]) == ["R1", "R5"]
    rec = record_rejects(cf, "recordings")
    assert rec[["record_id", "column", "error"]].values.tolist() == [
        ["R2", "act_id", "活动编号 A4 属于案件 C3，不属于本记录的案件 C1"],
        ["R3", "act_id", "活动编号 A9 不存在"],
        ["R4", "act_id", "所属执法活动 A3 已被拒收"],
        ["R6", "case_id", "所属案件 C2 已被拒收"]]
    assert record_rejects(cf, "documents")["error"].tolist() == ["案件编号 C9 不存在"]


def test_recording_act_without_acts_table(tmp_path):
    write_csv(tmp_path, "cases.csv", "case_id,unit_id,case_type\nC1,U1,其他\n")
    write_csv(tmp_path, "recordings.csv", "recording_id,case_id,act_id\nR1,C1,A1\nR2,C1,\n")
    cf = load_casefiles(tmp_path)
    assert record_rejects(cf, "recordings")["error"].tolist() == ["活动编号 A1 不存在（未提供执法活动表）"]
    assert list(cf.tables["recordings"]["recording_id"]) == ["R2"]
    assert "acts" not in cf.tables and any("执法活动（acts）" in n for n in cf.notes)


def test_missing_required_column_is_refused_before_review(tmp_path):
    """A required column missing from a present table is an input error, not a reject per row."""
    write_csv(tmp_path, "cases.csv", "case_id,unit_id,case_type\nC1,U1,其他\n")
    write_csv(tmp_path, "acts.csv", "act_id,act_type\nA1,询问\nA2,询问\n")
    with pytest.raises(InputError, match=r"acts.csv”缺少必填列 案件编号（case_id）；读到的表头：act_id、act_type"):
        load_casefiles(tmp_path)


def test_missing_required_cases_columns(tmp_path):
    write_csv(tmp_path, "cases.csv", "case_id\nC1\n")
    with pytest.raises(InputError, match="缺少必填列 办案单位编码（unit_id）；读到的表头：case_id"):
        load_casefiles(tmp_path)


def test_value_and_record_rejects(tmp_path):
    long = "很长" * 150
    write_csv(tmp_path, "cases.csv",
              "case_id,unit_id,case_type,filed_date,fine_amount,hearing_held,procedure\n"
              "C1,U1,其他,2024-02-30,-5,也许,普通程序\n"
              f"C2,U1,{long},2024-13-01,abc,是,普通程序\n"
              "C3,U1,其他,2024-03-05,\"1,000元\",是,普通\n")
    cf = load_casefiles(tmp_path)
    assert_contract(cf)
    c = cf.tables["cases"].set_index("case_id")
    assert list(c.index) == ["C1", "C3"]
    assert c.loc["C1", "_invalid"] == ("filed_date", "hearing_held", "fine_amount")  # schema order
    assert pd.isna(c.loc["C1", "filed_date"]) and pd.isna(c.loc["C1", "fine_amount"])
    assert pd.isna(c.loc["C1", "hearing_held"])
    assert c.loc["C3", "_invalid"] == ("procedure",) and c.loc["C3", "procedure"] is None
    r = cf.rejects
    values = r[r["scope"] == "value"]
    assert values[["row", "column", "value"]].values.tolist() == [
        [2, "filed_date", "2024-02-30"], [2, "hearing_held", "也许"], [2, "fine_amount", "-5"],
        [4, "procedure", "普通"]]
    assert values["error"].tolist()[2] == "罚款金额（fine_amount）小于最小值 0"
    record = record_rejects(cf, "cases")        # C2: one record reject, no value rejects of its own
    assert len(record) == 1 and record.loc[0, "record_id"] == "C2"
    assert record.loc[0, "column"] == "case_type"
    assert record.loc[0, "value"].startswith(long[:200]) and "已截断" in record.loc[0, "value"]
    assert len(record.loc[0, "value"]) < 230
    assert cf.reconcile()["cases"] == {"in": 3, "evaluated": 2, "rejected": 1, "after_as_of": 0}


ROW_VALUES = {
    "case_id": st.sampled_from(["C1", "C2", "C3", "", " C1 "]),
    "unit_id": st.sampled_from(["U1", "", "007"]),
    "case_type": st.sampled_from(["其他", "行政处罚", "乱写", ""]),
    "filed_date": st.sampled_from(["2024-03-05", "2024-02-30", "", "20240101", "x"]),
}


@settings(settings.get_profile(PROFILE), suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.fixed_dictionaries(ROW_VALUES), max_size=8),
       st.lists(st.tuples(st.sampled_from(["A1", "A2", "A3", ""]),
                          st.sampled_from(["C1", "C2", "C9", ""])), max_size=8))
def test_counts_always_reconcile(cases, acts):
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        lines = ["case_id,unit_id,case_type,filed_date"] + [",".join(r.values()) for r in cases]
        write_csv(folder, "cases.csv", "\n".join(lines) + "\n")
        write_csv(folder, "acts.csv", "\n".join(["act_id,case_id"] + [",".join(a) for a in acts]) + "\n")
        cf = load_casefiles(folder)
    assert_contract(cf)
    non_blank = [r for r in cases if any(v.strip() for v in r.values())]
    assert cf.counts_in["cases"] == len(non_blank)
    for name in ("cases", "acts"):
        rec = record_rejects(cf, name)
        assert not rec["row"].duplicated().any()          # one record reject per record
        kept_rows = set(cf.tables[name]["_row"])
        assert not kept_rows & set(rec["row"])


# --- mapping file ---------------------------------------------------------------------------------

def test_mapping_file(tmp_path):
    src = tmp_path / "in"
    write_csv(src, "案件信息.csv", "案件号,承办单位,执法类别\nC1,U1,其他\n")
    write_csv(src, "执法记录.csv", "活动编号,所属案件,开始\nA1,C1,2024-03-05 08:00\n")
    mapping = tmp_path / "map.yaml"
    mapping.write_text("tables:\n  案件信息: cases\n  执法记录: 执法活动\n"
                       "columns:\n  cases:\n    案件号: case_id\n    承办单位: 办案单位编码\n"
                       "  acts:\n    开始: start_time\n"
                       "  \"*\":\n    所属案件: case_id\n", encoding="utf-8")
    with pytest.raises(InputError, match="没有案件表"):
        load_casefiles(src)
    cf = load_casefiles(src, mapping=mapping)
    assert_contract(cf)
    assert cf.rejects.empty
    assert cf.tables["cases"][["case_id", "unit_id", "case_type"]].values.tolist() == [["C1", "U1", "其他"]]
    act = cf.tables["acts"].iloc[0]
    assert (act.act_id, act.case_id, act.start_time) == ("A1", "C1", T("2024-03-05 08:00"))


@pytest.mark.parametrize("text, message", [
    ("tables:\n  案件信息: casez\n", "不是七张表之一"),
    ("columns:\n  cases:\n    案件号: case_no\n", "不是表 cases 的列"),
    ("columns:\n  nowhere:\n    a: case_id\n", "不是七张表之一"),
    ("sheets:\n  a: cases\n", "sheets"),
    ("tables: [cases]\n", "tables"),
    ("tables: {a: [\n", "无法读取映射文件"),
])
def test_bad_mapping_files(tmp_path, text, message):
    write_csv(tmp_path / "in", "cases.csv", "case_id,unit_id,case_type\nC1,U1,其他\n")
    mapping = tmp_path / "map.yaml"
    mapping.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message) as e:
        load_casefiles(tmp_path / "in", mapping=mapping)
    assert "map.yaml" in str(e.value)


# --- JSON Lines -----------------------------------------------------------------------------------

def test_json_lines(tmp_path):
    lines = [
        {"case_id": "C1", "unit_id": "U1", "case_type": "行政处罚", "handler_ids": ["P1", "P2"],
         "hearing_held": True, "fine_amount": 200, "unknown": 1,
         "acts": [{"act_id": "A1", "start_time": "2024-03-05 09:00", "officer_ids": "P1、P2"},
                  {"act_id": "A2", "case_id": "C1"}],
         "文书": [{"文书编号": "D1", "日期": "2024年3月6日"}]},
        None,                                                   # a blank line
        "{not json",
        {"case_id": "C2", "unit_id": "U1", "case_type": "其他",
         "acts": [{"act_id": "A3", "case_id": "C1"}, "oops"]},
    ]
    text = "\n".join("" if x is None else x if isinstance(x, str) else json.dumps(x, ensure_ascii=False)
                     for x in lines)
    (tmp_path / "cases.jsonl").write_text(text + "\n", encoding="utf-8")
    (tmp_path / "officers.jsonl").write_text('{"officer_id": "P1", "role": "执法人员"}\n', encoding="utf-8")
    cf = load_casefiles(tmp_path / "cases.jsonl")
    assert_contract(cf)
    assert cf.counts_in == {"cases": 3, "acts": 4, "documents": 1, "officers": 1}
    assert list(cf.tables["cases"]["case_id"]) == ["C1", "C2"]
    assert list(cf.tables["cases"]["_row"]) == [1, 4]
    c1 = cf.tables["cases"].iloc[0]
    assert c1.handler_ids == ("P1", "P2") and c1.hearing_held == True and c1.fine_amount == 200.0  # noqa: E712
    acts = cf.tables["acts"]
    assert acts[["act_id", "case_id", "_row"]].values.tolist() == [["A1", "C1", 1], ["A2", "C1", 1]]
    assert acts.iloc[0].officer_ids == ("P1", "P2")
    assert cf.tables["documents"].iloc[0].doc_date == T("2024-03-06")
    assert record_rejects(cf, "cases")[["row", "error"]].values.tolist()[0][0] == 3
    assert "不是有效的 JSON" in record_rejects(cf, "cases").loc[0, "error"]
    bad_acts = record_rejects(cf, "acts")
    assert bad_acts["error"].tolist() == ["案件编号 C1 与所在案件 C2 不一致", "不是 JSON 对象"]
    assert any("unknown" in n for n in cf.notes)
    # the same input found through its folder
    assert load_casefiles(tmp_path).counts_in == cf.counts_in


# --- databases ------------------------------------------------------------------------------------

def make_sqlite(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute('CREATE TABLE "案件" ("案件编号" TEXT, "办案单位编码" TEXT, "执法类别" TEXT, '
                '"是否听证" INTEGER, "罚款金额" REAL, "立案日期" TEXT, "处理决定" TEXT)')
    con.executemany('INSERT INTO "案件" VALUES (?,?,?,?,?,?,?)', [
        ("C1", "U1", "行政处罚", 1, 1000.0, "2024-03-05", "警告；罚款"),
        ("C2", "U1", "其他", 0, None, "2024年3月6日", None)])
    con.execute("CREATE TABLE acts (act_id TEXT, case_id TEXT, start_time TEXT)")
    con.execute("INSERT INTO acts VALUES ('A1', 'C2', '2024-03-06 10:00:00')")
    con.execute("CREATE TABLE log (x TEXT)")
    con.commit()
    con.close()


def test_sqlite_url(tmp_path):
    db = tmp_path / "case.db"
    make_sqlite(db)
    cf = load_casefiles(f"sqlite:///{db}")
    assert_contract(cf)
    c = cf.tables["cases"]
    assert c[["case_id", "unit_id", "case_type"]].values.tolist() == [
        ["C1", "U1", "行政处罚"], ["C2", "U1", "其他"]]
    assert list(c["hearing_held"]) == [True, False]
    assert c["fine_amount"].iloc[0] == 1000.0 and pd.isna(c["fine_amount"].iloc[1])
    assert list(c["filed_date"]) == [T("2024-03-05"), T("2024-03-06")]
    assert list(c["decision_types"]) == [("警告", "罚款"), ()]
    assert list(c["_row"]) == [1, 2]
    assert cf.tables["acts"].iloc[0].start_time == T("2024-03-06 10:00")
    assert any("log" in n for n in cf.notes)
    assert len(cf.digest) == 64
    # a plain .db path works too and gives the same digest
    assert load_casefiles(db).digest == cf.digest


def test_database_password_is_masked():
    with pytest.raises(InputError) as e:
        load_casefiles("postgresql://reviewer:s3cret-pw@127.0.0.1:1/nothing")
    assert "s3cret-pw" not in str(e.value) and "***" in str(e.value)


@pytest.fixture
def pg_url(pg_base_url):
    url = pg_base_url
    import sqlalchemy as sa
    from casereview.casefiles.readers import driver_url
    schema = f"cr_test_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(driver_url(url))
    with engine.begin() as con:
        con.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in url else "?"
    try:
        yield engine, schema, f"{url}{sep}options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as con:
            con.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def test_postgresql_url(pg_url):
    import sqlalchemy as sa
    engine, schema, url = pg_url
    with engine.begin() as con:
        con.execute(sa.text(f'CREATE TABLE "{schema}"."案件" ("案件编号" text, "办案单位编码" text, '
                            f'"执法类别" text, "立案日期" date, "是否听证" boolean, "罚款金额" numeric)'))
        con.execute(sa.text(f"INSERT INTO \"{schema}\".\"案件\" VALUES "
                            f"('C1', 'U1', '行政处罚', '2024-03-05', true, 1000.50), "
                            f"('C2', 'U1', '其他', NULL, NULL, NULL)"))
        con.execute(sa.text(f'CREATE TABLE "{schema}".acts (act_id text, case_id text, '
                            f'start_time timestamp)'))
        con.execute(sa.text(f"INSERT INTO \"{schema}\".acts VALUES ('A1', 'C1', '2024-03-05 14:30')"))
    cf = load_casefiles(url)
    assert_contract(cf)
    c = cf.tables["cases"]
    assert list(c["case_id"]) == ["C1", "C2"]
    assert c["filed_date"].iloc[0] == T("2024-03-05") and pd.isna(c["filed_date"].iloc[1])
    assert c["hearing_held"].iloc[0] == True and c["fine_amount"].iloc[0] == 1000.5  # noqa: E712
    a = cf.tables["acts"].iloc[0]
    assert a.start_time == T("2024-03-05 14:30") and a.start_time__has_time


# --- digest ---------------------------------------------------------------------------------------

def test_folder_digest_follows_content_not_location(tmp_path):
    write_csv(tmp_path / "a", "cases.csv", SMALL_CASES.replace("案件编号,办案单位编码,执法类别,当事人,立案日期",
                                                                "case_id,unit_id,case_type,party_name,filed_date"))
    write_csv(tmp_path / "b", "cases.csv", (tmp_path / "a" / "cases.csv").read_text(encoding="utf-8"))
    write_csv(tmp_path / "c", "cases.csv", (tmp_path / "a" / "cases.csv").read_text(encoding="utf-8") + "\n")
    a, b, c = (load_casefiles(tmp_path / x) for x in "abc")
    assert a.digest == b.digest != c.digest
