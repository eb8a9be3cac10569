"""A finished run folder checked from its files alone against every invariant of engine.run.invariants
(for tests: sample, generated data, corpus). Runs themselves are checked in memory (invariants.check_run)."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd

from casereview.casefiles.asof import cut_at
from casereview.casefiles.loader import load_casefiles
from casereview.casefiles.tables import CaseFileSet
from casereview.engine.model.pack import load_pack
from casereview.engine.run.invariants import AFTER_AS_OF_CSV, all_problems, few
from casereview.errors import CaseReviewError
from casereview.reports.csv_file import CSV_ENCODING
from casereview.reports.findings_file import read_findings
from casereview.reports.safe import neutralise_frame


def _read(folder: Path, name: str, columns: list[str]) -> pd.DataFrame:
    return pd.read_csv(folder / name, usecols=columns, dtype=str, keep_default_na=False,
                       encoding=CSV_ENCODING).replace("", None)


def _written(folder: Path) -> dict[str, pd.DataFrame]:
    files = {"cases": _read(folder, "cases.csv", ["case_id"]),
             "findings": read_findings(folder, ["case_id", "rule_id"]).replace("", None),
             "unit_findings": _read(folder, "unit_findings.csv", ["unit_id", "rule_id"]),
             "rejects": _read(folder, "rejects.csv", ["table", "scope", "record_id"])}
    if (folder / AFTER_AS_OF_CSV).is_file():     # absent in folders written before the as-of cut, or from history
        files["after_as_of"] = _read(folder, AFTER_AS_OF_CSV, ["table", "record_id"])
    return files


def _case_rules(info: dict, findings: pd.DataFrame, unit_findings: pd.DataFrame) -> list[str]:
    """The pack's case-level rules (from its files when unchanged), else run.json's rules minus unit-level."""
    pack = info.get("pack", {})
    files = pack.get("files") or []
    try:
        loaded = load_pack(files[0], files[1:])
        if loaded.digest == pack.get("sha256"):
            return [c.rule.id for c in loaded.rules("case")]
    except (CaseReviewError, OSError, IndexError):
        pass
    unit_rules = set(unit_findings["rule_id"])
    return [r for r in pack.get("rules", []) if r not in unit_rules]


def run_folder_problems(run_dir: Path, input=None, mapping=None) -> list[str]:
    """Every invariant, checked from the files of a finished run folder alone.

    input: the reviewed input (path, URL or a CaseFileSet), to check that every input case is in
    cases.csv or rejected, and that the counts and digest in run.json are the input's."""
    folder = Path(run_dir)
    if not (folder / "run.json").is_file():
        return [f"{folder} 缺少 run.json（运行未完成）"]
    info = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    problems = [f"run.json 列出的文件 {name} 不存在" for name in info.get("files", []) if not (folder / name).is_file()]
    problems += folder_problems(folder, info)
    if input is not None:
        problems += _input_problems(info, _read(folder, "cases.csv", ["case_id"])["case_id"], input, mapping)
    return problems


def folder_problems(folder: Path, info: dict) -> list[str]:
    """The CSVs of a run folder against its run information."""
    files = _written(Path(folder))
    case_ids = files["cases"]["case_id"]
    rules = _case_rules(info, files["findings"], files["unit_findings"])
    return all_problems(info["counts"], case_ids.drop_duplicates(), case_ids, files["findings"],
                        files["unit_findings"], files["rejects"], rules, files.get("after_as_of"))


def _input_problems(info: dict, case_ids: pd.Series, source, mapping) -> list[str]:
    cfs = source if isinstance(source, CaseFileSet) else load_casefiles(source, mapping=mapping)
    if info.get("as_of"):
        cfs = cut_at(cfs, date.fromisoformat(info["as_of"]))
    out = []
    if cfs.reconcile() != info["counts"]:
        out.append(f"run.json 的计数 {info['counts']} 与输入 {cfs.reconcile()} 不一致")
    if cfs.digest != info.get("input", {}).get("digest"):
        out.append("run.json 的输入摘要与输入不一致")
    kept = neutralise_frame(cfs.tables["cases"][["case_id"]])["case_id"]
    if set(kept) != set(case_ids):
        out.append("cases.csv 的案件与输入中未拒收的案件不一致（晚于评查日的案件不计）：" + few(set(kept) ^ set(case_ids)))
    return out


def assert_run_invariants(run_dir: Path, input=None, mapping=None) -> None:
    """For tests: fail with every violated invariant of a finished run folder."""
    problems = run_folder_problems(run_dir, input, mapping)
    assert not problems, "评查结果目录违反不变式：\n" + "\n".join(problems)
