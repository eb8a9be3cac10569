"""A review through the workspace: upload the bundled sample, inspect, start, wait, and the run and unit pages
show the run folder's numbers (cases.csv, units.csv read with pandas); a later run names the earlier one."""
from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from casereview.history.models import Run as RunRow
from casereview.history.workspace_models import AuditEntry, Job
from casereview.workspace import create_app
from tests.workspace.conftest import make_settings, signed_in
from tests.workspace.review_steps import page, start, text_of, upload, wait
from tests.workspace.web import SAMPLE, UNIT_A, add_test_users

SAMPLE_CASES = 360          # rows of the sample's 案件 sheet


def _run_folder(app, run_id: int) -> Path:
    with app.state.sessions() as db:
        return Path(db.get(RunRow, run_id).out_dir)


def test_sample_uploaded_inspected_reviewed_and_shown(any_db_reviewed):
    app, earlier = any_db_reviewed
    with signed_in(app, "pc1") as b:
        r = upload(b, SAMPLE.name, SAMPLE.read_bytes())
        assert r.status_code == 303
        job_url = r.headers["location"]
        inspect = page(b.get(job_url).text)
        assert f"记录 {SAMPLE_CASES} 条" in text_of(inspect, "table-cases")
        assert inspect.get_element_by_id("start-review") is not None
        assert start(b, job_url).status_code == 303
        done = wait(b, job_url)
        assert done["status"] == "complete" and done["stage_label"] == "写出结果"
        assert done["done"] == done["total"] == SAMPLE_CASES
        run_id = int(done["run_url"].rsplit("/", 1)[1])
        tree = page(b.get(done["run_url"]).text)

    folder = _run_folder(app, run_id)
    cases = pd.read_csv(folder / "cases.csv", dtype={"case_id": str, "unit_id": str})
    units = pd.read_csv(folder / "units.csv", dtype={"unit_id": str})
    assert text_of(tree, "card-cases").startswith(str(len(cases)))
    assert text_of(tree, "card-score").startswith(f"{cases['score'].mean():.2f}".rstrip("0").rstrip("."))
    assert text_of(tree, "card-needs-check").startswith(str(int(cases["needs_check"].sum())))
    rows = tree.get_element_by_id("unit-table").xpath(".//tbody/tr")
    overall = units[units["level"] == "all"].set_index("unit_id")
    assert sorted(r.get("data-unit") for r in rows) == sorted(overall.index)
    counts = cases.groupby("unit_id").size()
    for row in rows:
        unit = row.get("data-unit")
        cells = [" ".join(td.text_content().split()) for td in row.xpath("./td")]
        assert int(cells[2]) == counts[unit]
        assert cells[7] == cells[8] == f"{overall.at[unit, 'rate'] * 100:.1f}%"
    shown_rates = [float(r.xpath("./td")[8].text_content().rstrip("%")) for r in rows]
    assert shown_rates == sorted(shown_rates, reverse=True)
    # the same sample reviewed before (the fixture's run) is this run's earlier run
    assert tree.get_element_by_id("previous-run-link").get("href") == f"/runs/{earlier}"
    with app.state.sessions() as db:
        job = db.scalar(sa.select(Job).where(Job.run_id == run_id))
        assert job.previous_run_id == earlier and job.created_by == "pc1"
        assert job.params["as_of"] == "2026-11-20" and job.input_name == SAMPLE.name
        actions = list(db.scalars(sa.select(AuditEntry.action).where(AuditEntry.target == f"评查任务 {job.id}")
                                  .order_by(AuditEntry.id)))
    assert actions == ["job.upload", "job.start", "job.complete"]


def test_unit_page_lists_the_units_cases_and_problems(reviewed):
    app, run_id = reviewed
    folder = _run_folder(app, run_id)
    cases = pd.read_csv(folder / "cases.csv", dtype={"case_id": str, "unit_id": str})
    findings = pd.read_csv(folder / "findings.csv", dtype={"case_id": str, "unit_id": str})
    mine = cases[cases["unit_id"] == UNIT_A]
    problems = findings[(findings["unit_id"] == UNIT_A) & findings["outcome"].isin(["fail", "unknown"])]
    with signed_in(app, "pc2") as b:
        tree = page(b.get(f"/runs/{run_id}/units/{UNIT_A}").text)
    case_rows = tree.get_element_by_id("case-table").xpath(".//tbody/tr")
    assert [r.get("data-case") for r in case_rows] == list(mine["case_id"])
    first = [" ".join(td.text_content().split()) for td in case_rows[0].xpath("./td")]
    assert first[1] == f"{mine['score'].iloc[0]:g}" and first[2] == mine["grade"].iloc[0]
    problem_rows = tree.get_element_by_id("problem-table").xpath(".//tbody/tr")
    assert len(problem_rows) == len(problems)
    link = problem_rows[0].xpath(".//a")[0].get("href")
    assert link == f"/runs/{run_id}/cases/{problems['case_id'].iloc[0]}"


def test_unit_user_sees_only_their_units(reviewed):
    app, run_id = reviewed
    folder = _run_folder(app, run_id)
    cases = pd.read_csv(folder / "cases.csv", dtype={"case_id": str, "unit_id": str})
    with signed_in(app, "pc1") as pc1:
        job_url = upload(pc1, SAMPLE.name, SAMPLE.read_bytes()).headers["location"]
    with signed_in(app, "dw1") as b:
        assert f'id="run-{run_id}"' in b.get("/runs").text
        tree = page(b.get(f"/runs/{run_id}").text)
        assert [r.get("data-unit") for r in tree.get_element_by_id("unit-table").xpath(".//tbody/tr")] == [UNIT_A]
        assert text_of(tree, "card-cases").startswith(str(int((cases["unit_id"] == UNIT_A).sum())))
        assert b.get(f"/runs/{run_id}/units/{UNIT_A}").status_code == 200
        assert b.get(f"/runs/{run_id}/units/U320101").status_code == 404
        assert b.get(job_url).status_code == 404
        assert b.get(job_url + "/progress").status_code == 404
        assert b.get("/runs/new").status_code == 403
    with signed_in(app, "dw2") as b:         # U320101's user: not in U320151's unit page
        assert b.get(f"/runs/{run_id}/units/{UNIT_A}").status_code == 404


def test_viewer_sees_all_but_cannot_upload_or_start(reviewed):
    app, run_id = reviewed
    with signed_in(app, "pc1") as pc1:
        job_url = upload(pc1, SAMPLE.name, SAMPLE.read_bytes()).headers["location"]
    with signed_in(app, "ld") as b:
        tree = page(b.get(f"/runs/{run_id}").text)
        assert len(tree.get_element_by_id("unit-table").xpath(".//tbody/tr")) == 7
        assert b.get("/runs/new").status_code == 403
        assert upload(b, SAMPLE.name, SAMPLE.read_bytes()).status_code == 403
        inspect = b.get(job_url)
        assert inspect.status_code == 200 and 'id="start-review"' not in inspect.text
        assert start(b, job_url).status_code == 403
    with app.state.sessions() as db:
        assert db.scalar(sa.select(Job.status).where(Job.id == int(job_url.rsplit("/", 1)[1]))) == "uploaded"


def test_unknown_run_job_and_unit_are_404(reviewed):
    app, run_id = reviewed
    with signed_in(app, "pc1") as b:
        assert b.get(f"/runs/{run_id + 99}").status_code == 404
        assert b.get("/jobs/999").status_code == 404
        assert b.get(f"/runs/{run_id}/units/NO-SUCH-UNIT").status_code == 404


def test_an_earlier_run_can_be_chosen(reviewed):
    app, run_id = reviewed
    with signed_in(app, "pc1") as b:
        job_url = upload(b, SAMPLE.name, SAMPLE.read_bytes()).headers["location"]
        assert start(b, job_url, previous_run_id="9999").status_code == 400
        assert start(b, job_url, as_of="2026-13-01").status_code == 400
        assert start(b, job_url, pack="no-such-pack").status_code == 400
        assert start(b, job_url, previous_run_id=str(run_id), overlays=("police",)).status_code == 303
        assert start(b, job_url).status_code == 409            # started once only
        done = wait(b, job_url)
    assert done["status"] == "complete"
    with app.state.sessions() as db:
        job = db.get(Job, int(job_url.rsplit("/", 1)[1]))
        assert job.previous_run_id == run_id and job.params["overlays"] == ["police"]


def test_a_configured_database_source_is_reviewed_instead_of_a_file(tmp_path):
    source = tmp_path / "案卷库.db"
    with sqlite3.connect(source) as con:
        con.execute("create table 案件 (案件编号 text, 办案单位编码 text, 执法类别 text)")
        con.executemany("insert into 案件 values (?, ?, ?)", [("C1", "U1", "行政处罚"), ("C2", "U2", "行政检查")])
    settings = replace(make_settings(str(tmp_path / "w.db"), tmp_path / "data"),
                       sources={"执法平台": f"sqlite:///{source}"})
    app = create_app(settings)
    add_test_users(app.state.sessions)
    try:
        with signed_in(app, "pc1") as b:
            assert "执法平台" in b.get("/runs/new").text
            r = b.post("/runs/new", {"source": "执法平台"}, follow_redirects=False)
            job_url = r.headers["location"]
            assert "记录 2 条" in text_of(page(b.get(job_url).text), "table-cases")
            start(b, job_url)
            done = wait(b, job_url)
            assert done["status"] == "complete"
            tree = page(b.get(done["run_url"]).text)
            run_id = int(done["run_url"].rsplit("/", 1)[1])
            assert f'id="run-{run_id}"' in b.get("/runs").text
        assert text_of(tree, "card-cases").startswith("2")
        assert sorted(r.get("data-unit") for r in tree.get_element_by_id("unit-table").xpath(".//tbody/tr")) == ["U1", "U2"]
        with signed_in(app, "dw1") as b:      # U320151's user: a run of U1 and U2 is not theirs
            assert f'id="run-{run_id}"' not in b.get("/runs").text
            assert b.get(done["run_url"]).status_code == 404 and b.get(job_url).status_code == 404
        with app.state.sessions() as db:
            job = db.get(Job, int(job_url.rsplit("/", 1)[1]))
            assert job.input_path == "source:执法平台" and str(source) not in (job.input_name or "")
    finally:
        app.state.engine.dispose()
