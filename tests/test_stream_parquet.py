"""`review --format parquet`: findings.parquet instead of findings.csv, holding the same findings (read back
with pyarrow) in one process, in worker processes and in memory; the other files stay byte for byte the CSV
run's; `casereview report` and the history read it."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq
import pytest

from casereview.cli.main import main
from casereview.engine.model.render import FINDING_COLUMNS
from casereview.history import read_run, record_run
from casereview.reports.findings_file import write_findings
from casereview.reports.from_run import load_run
from casereview.reports.html import HTML_NAME

AS_OF = "2026-11-20"
SAMPLE = Path(__file__).resolve().parents[1] / "casefiles" / "samples" / "三项制度评查样例.xlsx"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("generated") / "g"
    assert main(["generate", "--cases", "1500", "--seed", "29", "--format", "parquet", "--out", str(out)]) == 0
    return out / "tables"


def _review(src: Path, out: Path, *options: str) -> Path:
    assert main(["review", str(src), "--out", str(out), "--as-of", AS_OF, "--quiet", *options]) == 0
    return out


def _csv_findings(folder: Path) -> pa.Table:
    """findings.csv as text, '' for missing: what findings.parquet holds."""
    names = pcsv.read_csv(folder / "findings.csv").column_names
    return pcsv.read_csv(folder / "findings.csv", convert_options=pcsv.ConvertOptions(
        column_types={n: pa.large_string() for n in names}, strings_can_be_null=False,
        quoted_strings_can_be_null=False))


def _same_but_findings(csv_run: Path, parquet_run: Path) -> None:
    csv_names = {p.name for p in csv_run.iterdir()}
    assert {p.name for p in parquet_run.iterdir()} == csv_names - {"findings.csv"} | {"findings.parquet"}
    for name in csv_names - {"findings.csv", "run.json"}:
        assert (csv_run / name).read_bytes() == (parquet_run / name).read_bytes(), name
    info = json.loads((parquet_run / "run.json").read_text(encoding="utf-8"))
    assert info["findings_format"] == "parquet" and "findings.parquet" in info["files"]
    assert json.loads((csv_run / "run.json").read_text(encoding="utf-8"))["findings_format"] == "csv"


@pytest.fixture(scope="module")
def csv_stream(generated, tmp_path_factory) -> Path:
    return _review(generated, tmp_path_factory.mktemp("csv") / "run", "--chunk-size", "400")


@pytest.mark.parametrize("workers", ["1", "2"])
def test_streamed_parquet_holds_the_csv_findings(generated, csv_stream, tmp_path, workers):
    run = _review(generated, tmp_path / "run", "--chunk-size", "400", "--workers", workers, "--format", "parquet")
    table = pq.read_table(run / "findings.parquet")
    expected = _csv_findings(csv_stream)
    assert table.num_rows == expected.num_rows > 0
    assert table.equals(expected)
    assert pq.ParquetFile(run / "findings.parquet").metadata.row_group(0).column(0).compression == "ZSTD"
    _same_but_findings(csv_stream, run)


def test_in_memory_parquet_holds_the_csv_findings(tmp_path):
    csv_run = _review(SAMPLE, tmp_path / "csv")
    run = _review(SAMPLE, tmp_path / "parquet", "--format", "parquet")
    assert pq.read_table(run / "findings.parquet").equals(_csv_findings(csv_run))
    _same_but_findings(csv_run, run)


def test_report_and_history_read_a_parquet_run(tmp_path):
    csv_run = _review(SAMPLE, tmp_path / "csv")
    run = _review(SAMPLE, tmp_path / "parquet", "--format", "parquet")
    a, b = load_run(csv_run).findings, load_run(run).findings
    assert a.equals(b)
    assert main(["report", str(run), "--out", str(tmp_path / "report"), "--html"]) == 0
    assert (tmp_path / "report" / HTML_NAME).is_file()
    db = str(tmp_path / "history.db")
    stored = read_run(db, record_run(db, run)).findings
    assert stored.equals(read_run(db, record_run(db, csv_run)).findings)
    assert len(stored) == len(a)


def test_no_findings_gives_an_empty_parquet_with_the_columns(tmp_path):
    write_findings(pd.DataFrame(columns=FINDING_COLUMNS), tmp_path, "parquet")
    table = pq.read_table(tmp_path / "findings.parquet")
    assert table.num_rows == 0 and table.column_names == list(FINDING_COLUMNS)
