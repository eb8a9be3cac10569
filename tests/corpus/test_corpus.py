"""Every kind of broken input through `casereview review`: expected outcome, never a traceback."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from casereview.casefiles.loader import load_casefiles, sheet_choices
from casereview.engine.model.schema import TABLES
from casereview.casefiles.tables import CaseFileSet
from casereview.cli.main import main
from casereview.reports.folder_check import assert_run_invariants
from casereview.reports.safe import neutralise
from tests.corpus.cases import CASES
from tests.corpus.doc import DOC, render
from tests.corpus.model import Accepts, Case, Counts, Fails, Finds, NoFile, Noted, Reject, Shows

RUN_FILES = {"cases.csv", "findings.csv", "rejects.csv", "run.json", "unit_findings.csv",
             "units.csv", "评查报告.html", "评查结果.xlsx"}     # at least these


def _csv(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out / name, encoding="utf-8-sig", dtype=str, keep_default_na=False)


def _review(case: Case, tmp: Path, capsys) -> tuple[int, str, str, Path, list[str]]:
    args = case.build(tmp)
    out = tmp / "out"
    code = main(["review", *args, "--out", str(out), "--as-of", "2026-11-20", "--quiet"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err, out, args


def _source(args: list[str]):
    """The input as the run read it (--sheet and --mapping applied), for the invariant check."""
    if not Path(args[0]).exists():
        return None
    sheets = sheet_choices([v for k, v in zip(args[1:], args[2:]) if k == "--sheet"])
    mapping = [Path(v) for k, v in zip(args[1:], args[2:]) if k == "--mapping"]
    if sheets or mapping:
        return load_casefiles(args[0], sheets=sheets, mapping=mapping[0] if mapping else None)
    return args[0]


def _check_failure(fails: Fails, err: str, out: Path) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    for fragment in fails.says:
        assert fragment in lines[0], (fragment, lines[0])
    assert not (out / "run.json").exists()


def _check_reconciled(out: Path) -> None:
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert all(p.is_file() for p in out.iterdir())
    assert {p.name for p in out.iterdir()} == set(info["files"]) >= RUN_FILES
    rejects = _csv(out, "rejects.csv")
    for table, c in info["counts"].items():
        assert c["in"] == c["evaluated"] + c["rejected"] + c["after_as_of"], (table, c)
        records = rejects[(rejects["table"] == table) & (rejects["scope"] == "record")]
        assert len(records) == c["rejected"], (table, records.to_string())
    assert len(_csv(out, "cases.csv")) == info["counts"]["cases"]["evaluated"]


def _check_reject(r: Reject, rejects: pd.DataFrame) -> None:
    value = "" if r.value is None else neutralise(r.value)
    hit = rejects[(rejects["table"] == r.table) & (rejects["row"] == str(r.row))
                  & (rejects["column"] == (r.column or "")) & (rejects["value"] == value)
                  & (rejects["scope"] == r.scope) & rejects["error"].str.contains(r.reason, regex=False)]
    assert len(hit) == 1, rejects.to_string()


def _check_accepted(a: Accepts, source, rejects: pd.DataFrame) -> None:
    read = source if isinstance(source, CaseFileSet) else load_casefiles(source)
    frame = read.tables[a.table]
    got = frame.loc[frame[TABLES[a.table].id_column] == a.record, a.column]
    assert len(got) == 1, frame.to_string()
    value = got.iloc[0]
    if isinstance(a.value, dt.date):
        value = value.to_pydatetime() if isinstance(a.value, dt.datetime) else value.date()
    assert value == a.value
    assert not ((rejects["table"] == a.table) & (rejects["record_id"] == a.record)
                & (rejects["column"] == a.column)).any(), rejects.to_string()


@pytest.mark.parametrize("case", CASES, ids=[c.kind for c in CASES])
def test_bad_input(case: Case, tmp_path: Path, capsys) -> None:
    code, stdout, stderr, out, args = _review(case, tmp_path, capsys)
    assert "Traceback" not in stdout + stderr
    assert code == case.exit_code, stderr
    if code:
        _check_failure(next(e for e in case.expect if isinstance(e, Fails)), stderr, out)
        assert not (tmp_path / "已执行").exists()          # a hostile pack never ran anything
        return
    assert stderr == ""
    _check_reconciled(out)
    assert_run_invariants(out, _source(args))
    rejects = _csv(out, "rejects.csv")
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    for e in case.expect:
        if isinstance(e, Reject):
            _check_reject(e, rejects)
        elif isinstance(e, Accepts):
            _check_accepted(e, _source(args), rejects)
        elif isinstance(e, Finds):
            f = _csv(out, "findings.csv")
            hit = f[(f["case_id"] == e.case_id) & (f["rule_id"] == e.rule_id)]
            assert list(hit["outcome"]) == [e.outcome] and e.says in hit["reason"].iloc[0]
        elif isinstance(e, Noted):
            assert any(e.says in n for n in info["notes"]), info["notes"]
        elif isinstance(e, Shows):
            assert e.value in set(_csv(out, e.file)[e.column])
        elif isinstance(e, Counts):
            assert info["counts"][e.table] == {"in": e.read, "evaluated": e.evaluated,
                                               "rejected": e.rejected, "after_as_of": 0}
        elif isinstance(e, NoFile):
            made = [p.name for p in tmp_path.rglob("*") if not p.is_relative_to(tmp_path / "in")]
            assert not [m for m in made for n in e.names if n in m], made
            assert {p.name for p in tmp_path.iterdir()} == {"in", "out"}


def test_corpus_is_large_and_distinct() -> None:
    assert len({c.kind for c in CASES}) == len(CASES) >= 60


def test_doc_lists_every_kind() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), "run: python -m tests.corpus.doc"
