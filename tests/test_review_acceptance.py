"""Issue acceptance, run as a user would: the demo review, engines agree, every input form agrees."""
from __future__ import annotations

import json
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from casereview.casefiles.generate import generate_tables
from casereview.casefiles.loader import load_casefiles
from casereview.casefiles.writers import write_tables
from casereview.engine.model.pack import load_pack
from casereview.engine.run.review import review
from tests.scale import volume

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "casefiles" / "samples" / "三项制度评查样例.xlsx"
TRUTH = ROOT / "casefiles" / "samples" / "三项制度评查样例_truth.csv"
AS_OF = date(2026, 11, 20)
CASE_RULES = 14


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "casereview", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=600)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> dict[str, Path]:
    outs = {}
    for engine in ("vector", "durable"):
        out = tmp_path_factory.mktemp("demo") / f"run-{engine}"
        done = cli("review", str(SAMPLE), "--out", str(out), "--as-of", "2026-11-20", "--engine", engine)
        assert done.returncode == 0, done.stderr
        assert "评查完成" in done.stdout and "Traceback" not in done.stderr
        outs[engine] = out
    return outs


def read(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out / name, encoding="utf-8-sig", dtype=str, keep_default_na=False)


def test_demo_writes_the_run_folder(demo):
    out = demo["vector"]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["findings.csv", "cases.csv", "unit_findings.csv", "units.csv", "rejects.csv", "after_as_of.csv", "run.json",
         "due.csv", "officers.csv", "评查结果.xlsx", "评查报告.html"])
    assert sorted(json.loads((out / "run.json").read_text(encoding="utf-8"))["files"]) == sorted(
        p.name for p in out.iterdir())
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    for table, c in info["counts"].items():
        assert c["in"] == c["evaluated"] + c["rejected"] + c["after_as_of"], table
    cases, findings = read(out, "cases.csv"), read(out, "findings.csv")
    assert len(cases) == info["counts"]["cases"]["evaluated"] == 360
    pairs = findings.groupby(["case_id", "rule_id"]).size()
    assert len(pairs) == len(cases) * CASE_RULES and (pairs == 1).all()
    assert set(findings["outcome"]) == {"pass", "fail", "na", "unknown"}
    assert info["pack"]["sha256"] and info["input"]["digest"] and info["engine"] == "vector"


def test_demo_matches_the_ground_truth(demo):
    # truth.csv is built by construction in the generator, not by running the engine
    findings = read(demo["vector"], "findings.csv")
    truth = pd.read_csv(TRUTH, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    got = findings.set_index(["case_id", "rule_id"])["outcome"]
    want = truth.set_index(["case_id", "rule_id"])["outcome"]
    diff = (got.reindex(want.index) != want)
    assert not diff.any(), truth[diff.to_numpy()].head(10).to_string()


def test_engines_give_identical_files_on_the_sample(demo):
    for name in ("findings.csv", "cases.csv", "unit_findings.csv", "units.csv", "rejects.csv"):
        assert (demo["vector"] / name).read_bytes() == (demo["durable"] / name).read_bytes(), name


def test_engines_agree_on_generated_case_files(tmp_path):
    # 2,000 generated case files in CI, 20,000 in the full run (tests/scale.py); the truth is the generator's
    tables, truth = generate_tables(volume(2_000, 20_000), 11)
    path = write_tables(tables, tmp_path / "gen", "parquet")
    cfs = load_casefiles(path)
    loaded = load_pack()
    vec = review(cfs, loaded, AS_OF, engine="vector")
    dur = review(cfs, loaded, AS_OF, engine="durable")
    pd.testing.assert_frame_equal(vec.findings, dur.findings)
    pd.testing.assert_frame_equal(vec.cases, dur.cases)
    got = vec.findings.set_index(["case_id", "rule_id"])["outcome"]
    want = truth.set_index(["case_id", "rule_id"])["outcome"]
    assert (got.reindex(want.index) == want).all()


@pytest.fixture
def pg_url(pg_base_url):
    url = pg_base_url
    import sqlalchemy as sa
    name = f"casereview_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield url.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as c:
        c.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_every_input_form_gives_identical_findings(tmp_path, pg_url):
    tables, _ = generate_tables(300, 5, n_units=4)
    sources = {
        "xlsx 中文表头": write_tables(tables, tmp_path / "zh.xlsx", "xlsx", headers="zh"),
        "xlsx English headers": write_tables(tables, tmp_path / "en.xlsx", "xlsx", headers="en"),
        "CSV GB18030": write_tables(tables, tmp_path / "csv_gb", "csv", headers="zh", encoding="gb18030"),
        "CSV UTF-8 BOM": write_tables(tables, tmp_path / "csv_bom", "csv", headers="en", encoding="utf-8-sig"),
        "Parquet": write_tables(tables, tmp_path / "pq", "parquet"),
        "JSON Lines": write_tables(tables, tmp_path / "jl" / "cases.jsonl", "jsonl"),
        "SQLite": f"sqlite:///{write_tables(tables, tmp_path / 'db.sqlite', 'sqlite')}",
        "PostgreSQL": write_tables(tables, pg_url, "sql"),
    }
    loaded = load_pack()
    results = {name: review(load_casefiles(src), loaded, AS_OF).findings for name, src in sources.items()}
    base = results["xlsx 中文表头"]
    assert len(base) == 300 * CASE_RULES
    for name, findings in results.items():
        pd.testing.assert_frame_equal(base, findings, obj=name)


def test_gb18030_folder_is_really_gb18030(tmp_path):
    tables, _ = generate_tables(20, 1, n_units=2)
    folder = write_tables(tables, tmp_path / "gb", "csv", headers="zh", encoding="gb18030")
    raw = next(Path(folder).glob("案件*.csv")).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "案件编号".encode("gb18030") in raw


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "parquet", "jsonl", "sqlite"])
def test_generate_command_writes_loadable_data_and_truth(tmp_path, fmt):
    out = tmp_path / fmt
    done = cli("generate", "--cases", "50", "--seed", "3", "--format", fmt, "--out", str(out))
    assert done.returncode == 0, done.stderr
    truth = pd.read_csv(out / "truth.csv", encoding="utf-8-sig")
    assert len(truth) == 50 * CASE_RULES
    data = out / {"xlsx": "casefiles.xlsx", "jsonl": "cases.jsonl", "sqlite": "casefiles.db"}.get(fmt, "tables")
    run = cli("review", str(data), "--out", str(tmp_path / f"run-{fmt}"), "--as-of", "2026-11-20")
    assert run.returncode == 0, run.stderr
    findings = read(tmp_path / f"run-{fmt}", "findings.csv")
    got = findings.set_index(["case_id", "rule_id"])["outcome"]
    want = truth.astype(str).set_index(["case_id", "rule_id"])["outcome"]
    assert (got.reindex(want.index) == want).all()


def test_same_seed_same_data(tmp_path):
    for i in (1, 2):
        assert cli("generate", "--cases", "30", "--seed", "9", "--format", "csv", "--out",
                   str(tmp_path / str(i))).returncode == 0
    a = sorted((tmp_path / "1").rglob("*.csv"))
    b = sorted((tmp_path / "2").rglob("*.csv"))
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
