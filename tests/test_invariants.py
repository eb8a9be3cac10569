"""Run invariants: kept on the sample and on generated data (both engines); every violation is caught."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from casereview.cli.main import main
from casereview.engine.model import render
from casereview.engine.run.invariants import InvariantError, check_result
from casereview.reports.folder_check import assert_run_invariants, run_folder_problems
from casereview.reports.run_folder import write_run
from tests.properties.builders import (AS_OF, BAD_TYPE_ID, SAMPLE, generated_input_with_rejects,
                                       review_into)
from tests.support import pack, run

CASE_RULES = 14          # the standard pack: 15 rules, FS04 is unit-level
N_GENERATED = 40         # + the first case repeated and BAD-TYPE: 42 in, 3 rejected, 39 evaluated


@pytest.fixture(scope="module")
def sample_folder(tmp_path_factory) -> Path:
    return review_into(SAMPLE, tmp_path_factory.mktemp("inv") / "sample")


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    return generated_input_with_rejects(tmp_path_factory.mktemp("inv") / "input", N_GENERATED, 11)


@pytest.fixture(scope="module")
def generated_folder(generated) -> Path:
    return review_into(generated, generated.parent / "run-vector", reports=False)


def test_sample_run_keeps_every_invariant(sample_folder):
    assert_run_invariants(sample_folder, SAMPLE)
    info = json.loads((sample_folder / "run.json").read_text(encoding="utf-8"))
    findings = pd.read_csv(sample_folder / "findings.csv", dtype=str, keep_default_na=False)
    assert len(findings) == info["counts"]["cases"]["evaluated"] * CASE_RULES


@pytest.mark.parametrize("engine", ["vector", "durable"])
def test_generated_run_with_rejects_keeps_every_invariant(generated, generated_folder, engine, tmp_path):
    folder = generated_folder if engine == "vector" else review_into(generated, tmp_path / engine, engine=engine,
                                                                      reports=False)
    assert_run_invariants(folder, generated)
    info = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    assert info["counts"]["cases"] == {"in": N_GENERATED + 2, "evaluated": N_GENERATED - 1, "rejected": 3,
                                      "after_as_of": 0}
    assert info["counts"]["acts"]["rejected"] >= 1          # the orphan act (and the duplicate's acts)
    findings = pd.read_csv(folder / "findings.csv", dtype=str, keep_default_na=False)
    assert len(findings) == (N_GENERATED - 1) * CASE_RULES
    assert BAD_TYPE_ID not in set(findings["case_id"])


def _corrupt(src: Path, dest: Path, name: str, change) -> Path:
    shutil.copytree(src, dest)
    path = dest / name
    if name.endswith(".json"):
        info = json.loads(path.read_text(encoding="utf-8"))
        change(info)
        path.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
    else:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        change(frame).to_csv(path, index=False, encoding="utf-8-sig")
    return dest


def _first(frame):
    return frame.iloc[0]


CORRUPTIONS = {
    "finding dropped": ("findings.csv", lambda f: f.iloc[1:], lambda f: f"缺少结论：{f.case_id}/{f.rule_id}"),
    "finding doubled": ("findings.csv", lambda f: pd.concat([f, f.iloc[[0]]]),
                        lambda f: f"结论重复：{f.case_id}/{f.rule_id}"),
    "case dropped": ("cases.csv", lambda f: f.iloc[1:], lambda f: "问题清单引用了未评查的案件"),
    "case doubled": ("cases.csv", lambda f: pd.concat([f, f.iloc[[0]]]), lambda f: "案件结果中重复出现"),
}


@pytest.mark.parametrize("corruption", list(CORRUPTIONS))
def test_corrupted_run_folder_is_caught(sample_folder, tmp_path, corruption):
    name, change, expected = CORRUPTIONS[corruption]
    first = pd.read_csv(sample_folder / name, dtype=str, keep_default_na=False, encoding="utf-8-sig").iloc[0]
    folder = _corrupt(sample_folder, tmp_path / "bad", name, change)
    problems = run_folder_problems(folder)
    assert any(expected(first) in p for p in problems), problems
    with pytest.raises(AssertionError, match="违反不变式"):
        assert_run_invariants(folder)


def test_counts_that_do_not_add_up_are_caught(sample_folder, tmp_path):
    def claim_a_reject(info):
        info["counts"]["cases"]["rejected"] = 1     # 360 in, 360 evaluated, 1 rejected
    folder = _corrupt(sample_folder, tmp_path / "bad", "run.json", claim_a_reject)
    problems = run_folder_problems(folder)
    assert "表 cases 读入 360 条 ≠ 评查 360 条 + 拒收 1 条" in problems
    assert "表 cases 计数中拒收 1 条，但拒收清单中整条拒收的有 0 条" in problems


def test_finding_of_a_rejected_case_is_caught(generated_folder, tmp_path):
    def add(f):
        return pd.concat([f, f.iloc[[0]].assign(case_id=BAD_TYPE_ID)])
    problems = run_folder_problems(_corrupt(generated_folder, tmp_path / "bad", "findings.csv", add))
    assert f"问题清单引用了已拒收的案件：{BAD_TYPE_ID}" in problems


def test_run_checked_against_another_input_is_caught(generated_folder):
    problems = run_folder_problems(generated_folder, SAMPLE)
    assert "run.json 的输入摘要与输入不一致" in problems
    assert any(p.startswith("cases.csv 的案件与输入中未拒收的案件不一致") for p in problems)
    assert any(p.startswith("run.json 的计数") for p in problems)


def _tampered():
    result = run([dict(case_id="C1", unit_id="U1", case_type="行政处罚"),
                  dict(case_id="C2", unit_id="U1", case_type="行政许可")])
    result.findings = result.findings[~((result.findings["case_id"] == "C2") & (result.findings["rule_id"] == "CX03"))]
    return result


def test_review_result_check_names_the_missing_finding():
    result = _tampered()
    with pytest.raises(InvariantError, match="缺少结论：C2/CX03") as e:
        check_result(result, pd.Series(["C1", "C2"]), [c.rule.id for c in pack().rules("case")])
    assert e.value.exit_code == 1


def test_write_run_refuses_an_inconsistent_result(tmp_path):
    result = _tampered()
    with pytest.raises(InvariantError, match="内部错误"):
        write_run(result, tmp_path / "out")
    assert list(tmp_path.iterdir()) == []          # no run folder, no partial folder


def test_cli_reports_an_internal_error_with_exit_code_1(tmp_path, monkeypatch, capsys):
    real = render.findings

    def loses_a_finding(loaded, facts, decided, as_of, level):   # a fault injected below review()
        out = real(loaded, facts, decided, as_of, level)
        return out.iloc[:-1] if level == "case" else out
    monkeypatch.setattr(render, "findings", loses_a_finding)
    out = tmp_path / "out"
    code = main(["review", str(SAMPLE), "--out", str(out), "--as-of", AS_OF.isoformat(), "--quiet"])
    assert code == 1
    assert "内部错误：评查结果未通过一致性检查" in capsys.readouterr().err
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_streamed_run_keeps_every_invariant(tmp_path):
    from casereview.casefiles.generate import generate_tables
    from casereview.casefiles.writers import write_tables
    from casereview.reports.stream_writer import stream_review

    tables, _ = generate_tables(40, 11)
    tables["cases"] = pd.concat([tables["cases"], tables["cases"].iloc[[0]]], ignore_index=True)   # both rejected
    src = write_tables(tables, tmp_path / "pq", "parquet")
    folder = tmp_path / "stream"
    stream_review(src, pack(), AS_OF, folder, chunk_size=7)
    assert_run_invariants(folder, src)
    info = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    assert info["counts"]["cases"] == {"in": 41, "evaluated": 39, "rejected": 2, "after_as_of": 0}


# --- each check on small frames, text columns as the engine holds them ("str") and as read back (object) ---

@pytest.mark.parametrize("dtype", ["str", object])
def test_case_and_finding_checks_name_each_problem(dtype):
    """Evaluated C1 C2 C3, rejected R1; results list C1 twice, C3, X9 and R1 (C2 missing); the findings have
    C1/GS01 twice, nothing for C3, a finding of R1, one of X9, and one of a rule ZZ99 not in the pack."""
    from casereview.engine.run.invariants import case_problems, finding_problems
    s = lambda values: pd.Series(values, dtype=dtype)
    evaluated, results = s(["C1", "C2", "C3"]), s(["C1", "C1", "C3", "X9", "R1"])
    assert case_problems(evaluated, results, {"R1"}) == [
        "案件结果中重复出现：C1（2 次）", "评查的案件不在案件结果中：C2", "案件结果中有未评查的案件：X9、R1",
        "已拒收的案件出现在案件结果中：R1"]
    f_case = s(["C1", "C1", "C2", "R1", "X9", "C2"])
    f_rule = s(["GS01", "GS01", "GS01", "GS01", "GS01", "ZZ99"])
    assert finding_problems(evaluated, f_case, f_rule, ["GS01"], {"R1"}) == [
        "问题清单引用了已拒收的案件：R1", "问题清单引用了未评查的案件：X9",
        "问题清单中有不属于规则包案件级规则的规则：ZZ99", "缺少结论：C3/GS01", "结论重复：C1/GS01"]


@pytest.mark.parametrize("dtype", ["str", object])
def test_streamed_case_results_name_a_doubled_and_a_rejected_case(dtype):
    """A streamed run's case results are its evaluated cases: C1 twice (in two chunks) and the rejected R1."""
    from casereview.engine.run.invariants import once_problems
    s = lambda values: pd.Series(values, dtype=dtype)
    assert once_problems(s(["C1", "C2", "R1", "C1"]), {"R1", "R7"}) == [
        "案件结果中重复出现：C1（2 次）", "已拒收的案件出现在案件结果中：R1"]
    assert once_problems(s(["C1", "C2"]), {"R1"}) == []
    assert once_problems(s([]), set()) == []


@pytest.mark.parametrize("dtype", ["str", object])
def test_a_case_after_the_as_of_date_in_the_results_is_named(dtype):
    from casereview.engine.run.invariants import after_problems
    after = pd.DataFrame({"table": ["cases", "cases", "acts"], "record_id": ["L1", "L2", "C1"]})
    s = lambda values: pd.Series(values, dtype=dtype)
    assert after_problems(after, s(["C1", "L2"]), s(["C1", "L1"])) == [
        "晚于评查日、不在评查范围的案件出现在评查结果中：L1、L2"]
    assert after_problems(after, s(["C1"]), s(["C1"])) == []
    assert after_problems(after.iloc[[2]], s(["C1"]), s(["C1"])) == []


def test_a_doubled_unit_finding_is_named():
    from casereview.engine.run.invariants import unit_problems
    unit = pd.DataFrame({"unit_id": ["U1", "U1", "U2"], "rule_id": ["FS04", "FS04", "FS04"]})
    assert unit_problems(unit) == ["单位级结论重复：U1/FS04"]
