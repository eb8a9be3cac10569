"""Streaming review (engine.stream): the run folder is byte for byte the in-memory one, whatever the
chunking; records that tie chunks together (a repeated case id, a recording of another chunk's act)
are validated as in the whole run."""
from __future__ import annotations

import datetime as dt
import json
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from casereview.casefiles.generate import generate_tables
from casereview.casefiles.loader import load_casefiles
from casereview.casefiles.readers import Names, read_workbook
from casereview.casefiles.writers import write_tables
from casereview.cli.main import main
from casereview.engine.model.pack import load_pack
from casereview.engine.run.review import review
from casereview.reports.from_run import load_run
from casereview.reports.html import HTML_NAME, html_writer, render_html
from casereview.reports.stream_writer import stream_review
from casereview.reports.workbook import WORKBOOK_NAME, workbook_writer, write_workbook
from casereview.reports.run_folder import write_run

AS_OF = date(2026, 11, 20)
CSVS = ["findings.csv", "cases.csv", "unit_findings.csv", "units.csv", "rejects.csv", "after_as_of.csv", "due.csv"]
SAMPLE = Path(__file__).resolve().parents[1] / "casefiles" / "samples" / "三项制度评查样例.xlsx"


@pytest.fixture(scope="module")
def loaded():
    return load_pack()


def _same_run(mem: Path, streamed: Path) -> None:
    for name in CSVS:
        same = (mem / name).read_bytes() == (streamed / name).read_bytes()    # not in the assert: pytest would
        assert same, name                                                   # diff megabytes byte by byte
    a, b = (json.loads((d / "run.json").read_text(encoding="utf-8")) for d in (mem, streamed))
    for info in (a, b):
        info.pop("timings")
    assert b.pop("stream")["chunk_cases"] > 0
    assert a == b


def _both(src: Path, loaded, tmp: Path, chunk: int, as_of: date = AS_OF) -> tuple[Path, Path, dict]:
    mem = write_run(review(load_casefiles(src), loaded, as_of), tmp / "mem")
    result = stream_review(src, loaded, as_of, tmp / "stream", chunk_size=chunk)
    _same_run(mem, tmp / "stream")
    return mem, tmp / "stream", result.info


@pytest.fixture(scope="module")
def tangled(tmp_path_factory) -> Path:
    """1,200 generated cases (4 chunks of 300) with records that tie chunks together."""
    tables, _ = generate_tables(1200, 11)
    cases, acts, recs = tables["cases"], tables["acts"], tables["recordings"]
    ids = list(cases["case_id"])
    cases.loc[1000, "case_id"] = ids[10]                      # chunk 3 repeats a case id of chunk 0
    first_act = acts.index[acts["case_id"] == ids[450]][0]
    acts.loc[first_act, "case_id"] = "不存在的案件"              # an act of no case
    other_act = acts.loc[acts["case_id"] == ids[750], "act_id"].iloc[0]
    rec = recs.index[recs["case_id"] == ids[400]][0]
    recs.loc[rec, "act_id"] = other_act                        # chunk 1 recording → chunk 2 act
    folder = tmp_path_factory.mktemp("tangled") / "tables"
    write_tables(tables, folder, "parquet")
    folder.joinpath("expect.json").write_text(json.dumps({
        "dup": ids[10], "lost": ids[1000], "act": str(acts.loc[first_act, "act_id"]),
        "rec": str(recs.loc[rec, "recording_id"]), "other_act": str(other_act), "owner": ids[750],
        "rec_case": ids[400]}, ensure_ascii=False), encoding="utf-8")
    return folder


def test_tangled_chunks_byte_identical(tangled, loaded, tmp_path):
    expect = json.loads((tangled / "expect.json").read_text(encoding="utf-8"))
    _, streamed, info = _both(tangled, loaded, tmp_path, 300)
    # chunks 0..3 of 300 cases; the recording ties chunks 1 and 2 together → 3 chunks reviewed
    assert info["stream"]["chunks"] == 3
    due = pd.read_csv(streamed / "due.csv", dtype=str, encoding="utf-8-sig")      # the same as one run's (above)
    assert len(due) and due["status"].nunique() > 1 and due["case_id"].nunique() > 1
    rejects = pd.read_csv(streamed / "rejects.csv", dtype=str, encoding="utf-8-sig")
    errors = dict(zip(rejects["table"] + "/" + rejects["record_id"].fillna(""), rejects["error"]))
    dup = rejects[(rejects["table"] == "cases") & (rejects["record_id"] == expect["dup"])]
    assert list(dup["row"]) == ["11", "1001"]
    assert set(dup["error"]) == {f"案件编号（case_id） {expect['dup']} 重复出现 2 次，无法判断哪一条正确"}
    assert errors["acts/" + expect["act"]] == "案件编号 不存在的案件 不存在"
    assert errors["recordings/" + expect["rec"]] == (
        f"活动编号 {expect['other_act']} 属于案件 {expect['owner']}，不属于本记录的案件 {expect['rec_case']}")
    # the children of the lost case id (row 1001 now carries another id) name a case that no longer exists
    lost = rejects[(rejects["table"] != "cases") & (rejects["case_id"] == expect["lost"])]
    # (a recording also names its act, rejected with that case: "…不存在；所属执法活动 …-2 已被拒收")
    assert len(lost) and all(e.startswith(f"案件编号 {expect['lost']} 不存在") for e in lost["error"])
    assert any(e.endswith("已被拒收") for e in lost[lost["table"] == "recordings"]["error"])
    orphans = rejects[(rejects["table"] != "cases") & (rejects["case_id"] == expect["dup"])]
    assert len(orphans) and all(e.startswith(f"所属案件 {expect['dup']} 已被拒收") for e in orphans["error"])


@pytest.fixture(scope="module")
def unplaced(tmp_path_factory) -> Path:
    """600 generated cases with child records of no readable case: an act with an empty case id (validation
    puts it in the first chunk), a document whose case id is a control character, and the children of a
    case whose own id is in scientific notation (so they are unreadable too, in that case's chunk); and a
    recording whose case id is case 520's in full-width letters (it goes to that case's chunk)."""
    tables, _ = generate_tables(600, 5)
    cases, acts, docs = tables["cases"], tables["acts"], tables["documents"]
    acts.loc[acts.index[-1], "case_id"] = ""
    docs.loc[docs.index[len(docs) // 2], "case_id"] = "\x01"
    sci = cases.loc[450, "case_id"]
    for frame in tables.values():
        if "case_id" in frame:
            frame.loc[frame["case_id"] == sci, "case_id"] = "3.5E+17"
    recs = tables["recordings"]
    late = recs.index[recs["case_id"] == cases.loc[520, "case_id"]][0]     # a recording of case 520 in full width
    recs.loc[late, "case_id"] = "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in recs.loc[late, "case_id"])
    folder = tmp_path_factory.mktemp("unplaced") / "tables"
    write_tables(tables, folder, "parquet")
    return folder


@pytest.mark.parametrize("chunk, workers", [(100, 1), (250, 2)])
def test_records_of_no_readable_case_reach_every_chunk(unplaced, loaded, chunk, workers, tmp_path):
    """Such a record may belong to any case: in one run every case's rules on its table are unknown, and a
    streamed run must say the same in every chunk, not only in the chunk that happens to hold it."""
    mem = write_run(review(load_casefiles(unplaced), loaded, AS_OF), tmp_path / "mem")
    stream_review(unplaced, loaded, AS_OF, tmp_path / "stream", chunk_size=chunk, workers=workers)
    _same_run(mem, tmp_path / "stream")
    findings = pd.read_csv(tmp_path / "stream" / "findings.csv", dtype=str, encoding="utf-8-sig")
    gs02 = findings[findings["rule_id"] == "GS02"]
    assert len(gs02) == 599 and (gs02["outcome"] == "unknown").all()
    assert gs02["reason"].str.startswith("执法活动表有 ").all()
    rejects = pd.read_csv(tmp_path / "stream" / "rejects.csv", dtype=str, encoding="utf-8-sig")
    wide = rejects[rejects["error"].str.contains("只差大小写", na=False)]
    assert len(wide) == 1 and wide["table"].iloc[0] == "recordings"


@pytest.mark.parametrize("chunk", [60, 5000])
def test_sample_byte_identical_any_chunk(chunk, loaded, tmp_path):
    _both(_sample_parquet(tmp_path), loaded, tmp_path, chunk)


def test_sample_as_of_mid_data_byte_identical(loaded, tmp_path):
    """As of 2025-06-30 the sample's later cases and records are set apart chunk by chunk, as in one run."""
    _, streamed, info = _both(_sample_parquet(tmp_path), loaded, tmp_path, 60, date(2025, 6, 30))
    assert info["counts"]["cases"]["after_as_of"] > 0 and info["counts"]["acts"]["after_as_of"] > 0
    for c in info["counts"].values():
        assert c["in"] == c["evaluated"] + c["rejected"] + c["after_as_of"]


def _sample_parquet(tmp_path: Path) -> Path:
    folder = tmp_path / "sample"
    raw = read_workbook(SAMPLE, Names())
    folder.mkdir()
    for name, rt in raw.tables.items():
        rt.frame.map(_text).to_parquet(folder / f"{name}.parquet")
    return folder


def _text(v):
    if isinstance(v, (dt.datetime, pd.Timestamp)):
        return v.strftime("%Y-%m-%d %H:%M:%S") if (v.hour, v.minute, v.second) != (0, 0, 0) else v.strftime("%Y-%m-%d")
    if isinstance(v, dt.date):
        return v.isoformat()
    return None if v is None or (isinstance(v, float) and v != v) else str(v)


def test_cli_chunk_size(tangled, tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["review", str(tangled), "--out", str(out), "--as-of", "2026-11-20", "--chunk-size", "500",
                 "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "案件：读入 1200，评查 1198，拒收 2" in printed        # the two copies of the repeated id
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert {"评查结果.xlsx", "评查报告.html"} <= set(info["files"]) == {p.name for p in out.iterdir()}
    # cases 0-499, 500-999, 1000-1199; the recording of case 400 ties the first two together
    assert info["stream"]["chunks"] == 2


@pytest.mark.parametrize("chunk,workers", [(300, 1), (500, 1), (400, 2), (250, 4)])
def test_reports_from_problems_as_from_the_whole_run(tangled, loaded, chunk, workers, tmp_path):
    """The workbook and HTML written from the problems kept while streaming are those of the whole run read
    back (how they were written before), whatever the chunking and the workers."""
    out = tmp_path / "run"
    stream_review(tangled, loaded, AS_OF, out, chunk_size=chunk, workers=workers,
                  extra_writers=[workbook_writer, html_writer])
    whole = load_run(out)
    assert (out / HTML_NAME).read_text(encoding="utf-8") == render_html(whole)
    assert (out / WORKBOOK_NAME).read_bytes() == write_workbook(whole, tmp_path / "whole.xlsx").read_bytes()
    assert not list(out.glob(".*"))             # the kept problems are gone


def test_cli_lists_longer_than_a_sheet_go_on(tangled, tmp_path, monkeypatch):
    import casereview.reports.workbook
    monkeypatch.setattr(casereview.reports.workbook, "SHEET_ROWS", 500)    # as if Excel's limit were 500 rows
    out = tmp_path / "run"
    assert main(["review", str(tangled), "--out", str(out), "--as-of", "2026-11-20", "--chunk-size", "400",
                 "--quiet"]) == 0
    findings = pd.read_csv(out / "findings.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    wanted = findings[findings["outcome"].isin(["fail", "unknown"])]
    book = openpyxl.load_workbook(out / WORKBOOK_NAME, read_only=True)
    names = [n for n in book.sheetnames if n.startswith("问题清单")]
    assert names == ["问题清单"] + [f"问题清单（续{k}）" for k in range(2, len(names) + 1)]
    assert len(names) == -(-len(wanted) // 500)
    rows = [r[:4] for n in names for r in book[n].iter_rows(min_row=2, values_only=True)]
    assert [(r[0], r[3]) for r in rows] == list(zip(wanted["case_id"], wanted["rule_id"]))
    assert book.sheetnames[book.sheetnames.index("案卷"):][:3] == ["案卷", "案卷（续2）", "案卷（续3）"]  # 1,198 cases
    assert (out / HTML_NAME).is_file()


def test_auto_streaming_only_for_big_parquet(tangled, tmp_path, monkeypatch):
    import casereview.engine.run.stream
    from casereview.cli.main import _chunk_size, build_parser
    args = build_parser().parse_args(["review", str(tangled), "--out", str(tmp_path / "r")])
    assert _chunk_size(args) is None                          # 1,200 cases: in memory
    monkeypatch.setattr(casereview.engine.run.stream, "AUTO_STREAM_CASES", 1000)
    assert _chunk_size(args) == casereview.engine.run.stream.DEFAULT_CHUNK
    assert _chunk_size(build_parser().parse_args(["review", str(SAMPLE), "--out", "x"])) is None


def test_auto_streaming_reads_the_mapping(tmp_path, monkeypatch):
    """A mapping's file names count (案卷.parquet as the cases); a one-row-per-act ledger is read whole, never
    streamed (streaming refuses it)."""
    import casereview.engine.run.stream
    from casereview.cli.main import _chunk_size, build_parser
    monkeypatch.setattr(casereview.engine.run.stream, "AUTO_STREAM_CASES", 2)
    folder = tmp_path / "in"
    folder.mkdir()
    pd.DataFrame({"案件编号": ["A1", "A2", "A3"], "活动编号": ["X", "Y", "Z"]}).to_parquet(folder / "案卷.parquet")
    renamed, flat = tmp_path / "renamed.yaml", tmp_path / "flat.yaml"
    renamed.write_text("tables:\n  案卷: cases\n", encoding="utf-8")
    flat.write_text("flat:\n  案卷: [cases, acts]\n", encoding="utf-8")
    args = lambda *more: build_parser().parse_args(["review", str(folder), "--out", str(tmp_path / "r"), *more])
    assert _chunk_size(args()) is None                                 # no cases table by the usual names
    assert _chunk_size(args("--mapping", str(renamed))) == casereview.engine.run.stream.DEFAULT_CHUNK
    assert _chunk_size(args("--mapping", str(flat))) is None


def test_chunk_size_needs_a_parquet_folder(tmp_path, capsys):
    code = main(["review", str(SAMPLE), "--out", str(tmp_path / "r"), "--chunk-size", "100", "--quiet"])
    assert code == 2 and "只支持 Parquet 文件夹" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []          # no run folder, no hidden partial folder left


def test_outcome_column_from_counts():
    from casereview.engine.run.stream import outcome_column
    column = outcome_column(pd.Series([2, 0, 1], index=["fail", "pass", "unknown"]))
    assert list(column) == ["fail", "fail", "unknown"] and list(column.categories) == ["fail", "unknown"]
    assert len(outcome_column(pd.Series(dtype="int64"))) == 0
