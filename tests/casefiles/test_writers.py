"""Writers: every format round-trips through the loader, and the files look as documented."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from casereview.casefiles.loader import load_casefiles
from casereview.engine.model.schema import TABLES
from casereview.casefiles.writers import write_tables

DATA = Path(__file__).parent / "data"
T = pd.Timestamp


@pytest.fixture(scope="module")
def sample() -> dict[str, pd.DataFrame]:
    return load_casefiles(DATA / "sample_en").tables


def edge_tables() -> dict[str, pd.DataFrame]:
    """Hand-built canonical frames with the values most likely to break a format."""
    cases = pd.DataFrame({
        "case_id": pd.Series(["0012", "C-2", "=SUM(A1)"], dtype=object),
        "unit_id": pd.Series(["U1", "U1", "U2"], dtype=object),
        "case_type": pd.Series(["行政处罚", "其他", "行政许可"], dtype=object),
        "party_name": pd.Series(["第一行\n第二行", None, "引号\"和,逗号"], dtype=object),
        "filed_date": pd.Series([T("2024-02-29"), pd.NaT, T("1999-12-31")], dtype="datetime64[ns]"),
        "hearing_held": pd.array([True, pd.NA, False], dtype="boolean"),
        "fine_amount": pd.Series([0.1, np.nan, 1234567.5], dtype="float64"),
        "extension_days": pd.array([0, pd.NA, 30], dtype="Int64"),
        "decision_types": pd.Series([("警告",), (), ("罚款", "没收违法所得")], dtype=object),
        "handler_ids": pd.Series([("P1", "P2"), ("P3",), ()], dtype=object),
        "_row": [2, 3, 4], "_invalid": pd.Series([(), ("fine_amount",), ()], dtype=object),
    })
    acts = pd.DataFrame({
        "act_id": pd.Series(["A1", "A2", "A3"], dtype=object),
        "case_id": pd.Series(["0012", "0012", "=SUM(A1)"], dtype=object),
        "start_time": pd.Series([T("2024-05-06 00:00"), T("2024-05-07"), T("2024-05-08 23:59:59")],
                                dtype="datetime64[ns]"),
        "start_time__has_time": [True, False, True],
        "end_time": pd.Series([pd.NaT, T("2024-05-07 10:00"), T("2024-05-09")], dtype="datetime64[ns]"),
        "end_time__has_time": [False, True, False],
    })
    return {"cases": cases, "acts": acts}


def canonical(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Canonical columns present (plus has_time companions), sorted by id, for comparison."""
    cols = []
    for c in TABLES[name].columns:
        if c.name in frame.columns:
            cols.append(c.name)
            if f"{c.name}__has_time" in frame.columns:
                cols.append(f"{c.name}__has_time")
    return frame[cols].sort_values(TABLES[name].id_column).reset_index(drop=True)


FORMATS = [
    ("xlsx", "out.xlsx", {}), ("xlsx", "out_en.xlsx", {"headers": "en"}),
    ("csv", "csv_utf8", {}), ("csv", "csv_gb", {"encoding": "gb18030"}),
    ("csv", "csv_bom_en", {"encoding": "utf-8-sig", "headers": "en"}),
    ("parquet", "pq", {}), ("parquet", "pq_en", {"headers": "en"}),
    ("jsonl", "jsonl_dir", {}), ("jsonl", "j/cases.jsonl", {}),
    ("sqlite", "out.db", {}),
]


@pytest.mark.parametrize("fmt, name, kwargs", FORMATS, ids=[f[1] for f in FORMATS])
def test_sample_round_trip(tmp_path, sample, fmt, name, kwargs):
    back = load_casefiles(write_tables(sample, tmp_path / name, fmt, **kwargs))
    assert back.rejects.empty
    assert set(back.tables) == set(sample)
    for t in sample:
        pd.testing.assert_frame_equal(canonical(back.tables[t], t), canonical(sample[t], t))


@pytest.mark.parametrize("fmt, name, kwargs", FORMATS, ids=[f[1] for f in FORMATS])
def test_edge_values_round_trip(tmp_path, fmt, name, kwargs):
    tables = edge_tables()
    back = load_casefiles(write_tables(tables, tmp_path / name, fmt, **kwargs))
    assert back.rejects.empty
    cases = back.tables["cases"].set_index("case_id")
    assert list(cases.index) == ["0012", "C-2", "=SUM(A1)"]
    assert cases.loc["0012", "party_name"] == "第一行\n第二行"
    assert cases.loc["=SUM(A1)", "party_name"] == "引号\"和,逗号"
    assert cases.loc["0012", "fine_amount"] == 0.1
    assert cases.loc["C-2", "decision_types"] == () and cases.loc["C-2", "handler_ids"] == ("P3",)
    acts = back.tables["acts"].set_index("act_id")
    assert acts.loc["A1", "start_time"] == T("2024-05-06") and acts.loc["A1", "start_time__has_time"]
    assert not acts.loc["A2", "start_time__has_time"]
    assert acts.loc["A3", "start_time"] == T("2024-05-08 23:59:59")
    for t in tables:
        want = canonical(tables[t], t)
        got = canonical(back.tables[t], t)[list(want.columns)]
        pd.testing.assert_frame_equal(got, want)


def test_xlsx_layout(tmp_path, sample):
    path = write_tables(sample, tmp_path / "a.xlsx", "xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["案件", "执法活动", "音像记录", "法制审核", "文书", "人员", "单位"]
    acts = wb["执法活动"]
    assert [c.value for c in acts[1]] == ["活动编号", "案件编号", "活动类型", "开始时间", "结束时间",
                                          "执法人员", "出示证件"]   # no helper columns
    a01, a02, a03 = acts[2], acts[3], acts[4]
    assert a01[3].number_format == "yyyy-mm-dd hh:mm:ss" and a01[3].value.hour == 9
    assert a02[3].number_format == "yyyy-mm-dd"                     # date only (has_time False)
    assert a03[3].value == "2024-05-06 00:00:00" and a03[3].data_type == "s"   # real midnight
    assert a01[5].value == "P01；P02" and a01[6].value == "是"
    cases = wb["案件"]
    header = [c.value for c in cases[1]]
    row3 = {h: c for h, c in zip(header, cases[4])}                 # C003
    assert row3["当事人"].value == "=1+1" and row3["当事人"].data_type == "s"
    assert row3["办案单位编码"].value == "007"
    row1 = {h: c for h, c in zip(header, cases[2])}                 # C001
    assert row1["立案日期"].number_format == "yyyy-mm-dd"
    assert row1["立案日期"].value.date().isoformat() == "2024-03-05"
    assert row1["罚款金额"].value == 1000 and row1["是否听证"].value == "否"
    assert row1["处理决定"].value == "警告；罚款"
    en = openpyxl.load_workbook(write_tables(sample, tmp_path / "b.xlsx", "xlsx", headers="en"))
    assert en.sheetnames[0] == "cases" and en["cases"]["A1"].value == "case_id"


def test_csv_layout(tmp_path, sample):
    folder = write_tables(sample, tmp_path / "gb", "csv", encoding="gb18030")
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{t.label}.csv" for t in TABLES.values())
    text = (folder / "执法活动.csv").read_bytes().decode("gb18030")
    assert text.splitlines() == [
        "活动编号,案件编号,活动类型,开始时间,结束时间,执法人员,出示证件",
        "A01,C001,现场检查,2024-03-05 09:00:00,2024-03-05 10:30:00,P01；P02,是",
        "A02,C001,询问,2024-03-06,2024-03-06,P01,是",
        "A03,C003,现场检查,2024-05-06 00:00:00,2024-05-06 01:00:00,P03；P04,是"]
    bom = write_tables(sample, tmp_path / "bom", "csv", encoding="utf-8-sig", headers="en")
    raw = (bom / "cases.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + b"case_id,unit_id,case_type,")
    line = raw.decode("utf-8-sig").splitlines()[1]
    assert line.startswith("C001,U01,行政处罚,治安案件,普通程序,个人,张三,2024-03-05,2024-03-08,否,"
                           "2024-03-12,警告；罚款,1000,是,否,0,")


def test_jsonl_layout(tmp_path, sample):
    out = write_tables(sample, tmp_path / "j", "jsonl")
    lines = out.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    assert out.name == "cases.jsonl" and len(lines) == 3
    assert first["case_id"] == "C001" and first["fine_amount"] == 1000.0
    assert first["hearing_held"] is False and first["handler_ids"] == ["P01", "P02"]
    assert [a["act_id"] for a in first["acts"]] == ["A01", "A02"]
    assert "case_id" not in first["acts"][0]
    assert first["acts"][1]["start_time"] == "2024-03-06"
    assert [d["doc_id"] for d in first["documents"]] == ["D01", "D02"]
    assert json.loads(lines[1])["recordings"] == []
    assert len((out.parent / "officers.jsonl").read_text(encoding="utf-8").splitlines()) == 3
    assert (out.parent / "units.jsonl").exists()


def test_sqlite_layout(tmp_path, sample):
    db = write_tables(sample, tmp_path / "x.db", "sqlite")
    con = sqlite3.connect(db)
    names = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
    assert names == set(TABLES)
    row = con.execute("select hearing_held, major_flag, decision_types, filed_date, fine_amount "
                      "from cases where case_id='C001'").fetchone()
    assert row == (0, 1, "警告；罚款", "2024-03-05", 1000.0)
    cols = [r[1] for r in con.execute("pragma table_info(acts)")]
    assert cols == TABLES["acts"].names
    con.close()


def test_parquet_types(tmp_path, sample):
    import pyarrow as pa
    import pyarrow.parquet as pq
    folder = write_tables(sample, tmp_path / "p", "parquet", headers="en")
    schema = pq.read_schema(folder / "cases.parquet")
    assert str(schema.field("filed_date").type) == "date32[day]"
    handlers = schema.field("handler_ids").type
    assert pa.types.is_list(handlers) and handlers.value_type == pa.string()
    assert str(schema.field("hearing_held").type) == "bool"
    assert str(schema.field("extension_days").type) == "int64"
    assert str(pq.read_schema(folder / "acts.parquet").field("start_time").type) == "string"


def test_subset_of_columns_and_rewrite(tmp_path, sample):
    small = {"cases": sample["cases"][["case_id", "unit_id", "case_type", "fine_amount"]]}
    folder = write_tables(small, tmp_path / "c", "csv", headers="en")
    assert (folder / "cases.csv").read_text(encoding="utf-8").splitlines()[1] == "C001,U01,行政处罚,1000"
    back = load_casefiles(folder)
    assert back.tables["cases"]["fine_amount"].tolist()[0] == 1000.0


def test_writer_errors(tmp_path, sample):
    with pytest.raises(ValueError, match="不支持的格式"):
        write_tables(sample, tmp_path / "x", "xls")
    with pytest.raises(ValueError, match="未知的表"):
        write_tables({"cazes": sample["cases"]}, tmp_path / "y", "csv")
    orphan = {"cases": sample["cases"], "acts": sample["acts"].assign(case_id="C404")}
    with pytest.raises(ValueError, match="C404"):
        write_tables(orphan, tmp_path / "z", "jsonl")
