"""Invariants every review run must satisfy; a violation is an internal error, never a finished run.

1. counts in = evaluated + rejected + after_as_of, per table (the rejected count matches the record rejects,
   the after_as_of count the records listed as after the as-of date);
2. every evaluated case appears exactly once in the case results, and nothing else does;
3. one finding per evaluated case × case-level rule: no gap, no duplicate, no stray case or rule;
4. no case result or finding names a rejected case, or a case set apart as after the as-of date;
   no duplicate (unit, rule) unit finding;
5. every pass/fail of a deadline rule agrees with its due and done dates (engine.invariant_deadlines).

`check_result` runs at the end of `engine.review.review`, `check_written` in
`reports.run_folder.write_run` before run.json; `assert_run_invariants` checks a finished run
folder from its files alone (for tests: sample, generated data, corpus).
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from casereview.casefiles.asof import cut_at
from casereview.errors import CaseReviewError
from casereview.engine.run.invariant_deadlines import DeadlineRule, deadline_problems

SHOWN = 5            # examples named per problem
CSV_ENCODING = "utf-8-sig"
AFTER_AS_OF_CSV = "after_as_of.csv"


class InvariantError(CaseReviewError):
    """The engine produced an inconsistent result: a bug, reported instead of a wrong run folder."""

    exit_code = 1

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("内部错误：评查结果未通过一致性检查，未写出完整结果目录（请将此信息报告维护人员）："
                         + "；".join(problems))


def _few(values, total: int | None = None) -> str:
    values = [str(v) for v in values]
    total = len(values) if total is None else total
    more = f" 等 {total} 个" if total > SHOWN else ""
    return "、".join(values[:SHOWN]) + more


def count_problems(counts: dict, rejects: pd.DataFrame, after: pd.DataFrame | None = None) -> list[str]:
    """in = evaluated + rejected + after_as_of per table; rejected = the table's record-scope rejects;
    after_as_of = the table's records listed as after the as-of date (when that listing is known)."""
    out = []
    whole = rejects[rejects["scope"] == "record"]["table"].value_counts()
    apart = after["table"].value_counts() if after is not None else None
    for table, c in counts.items():
        later = c.get("after_as_of", 0)          # run folders written before the as-of cut have no such count
        if c["in"] != c["evaluated"] + c["rejected"] + later:
            out.append(f"表 {table} 读入 {c['in']} 条 ≠ 评查 {c['evaluated']} 条 + 拒收 {c['rejected']} 条"
                       + (f" + 评查日后 {later} 条" if later else ""))
        if int(whole.get(table, 0)) != c["rejected"]:
            out.append(f"表 {table} 计数中拒收 {c['rejected']} 条，但拒收清单中整条拒收的有 {int(whole.get(table, 0))} 条")
        if apart is not None and int(apart.get(table, 0)) != later:
            out.append(f"表 {table} 计数中评查日后 {later} 条，但评查日后记录清单中有 {int(apart.get(table, 0))} 条")
    return out


def after_problems(after: pd.DataFrame | None, case_ids: pd.Series, f_case: pd.Series) -> list[str]:
    """A case set apart as after the as-of date is in neither the case results nor the findings."""
    if after is None or not len(after):
        return []
    later = set(after.loc[after["table"] == "cases", "record_id"].dropna())
    named = sorted(later & (set(case_ids) | set(f_case)))
    return ["晚于评查日、不在评查范围的案件出现在评查结果中：" + _few(named)] if named else []


def rejected_case_ids(rejects: pd.DataFrame) -> set:
    whole = rejects[(rejects["table"] == "cases") & (rejects["scope"] == "record")]
    return set(whole["record_id"].dropna())


def case_problems(evaluated: pd.Series, case_ids: pd.Series, rejected: set) -> list[str]:
    """Every evaluated case exactly once in the case results; no other (and no rejected) case."""
    out = []
    counts = case_ids.value_counts()
    dup = counts[counts > 1]
    if len(dup):
        out.append("案件结果中重复出现：" + _few(f"{c}（{k} 次）" for c, k in dup.items()))
    missing = evaluated[~evaluated.isin(counts.index)]
    if len(missing):
        out.append("评查的案件不在案件结果中：" + _few(missing))
    extra = counts.index[~counts.index.isin(evaluated)]
    if len(extra):
        out.append("案件结果中有未评查的案件：" + _few(extra))
    both = sorted(rejected & set(counts.index))
    if both:
        out.append("已拒收的案件出现在案件结果中：" + _few(both))
    return out


def finding_problems(evaluated: pd.Series, f_case: pd.Series, f_rule: pd.Series, case_rules: list[str],
                     rejected: set) -> list[str]:
    """Exactly one finding per evaluated case × case-level rule (counted in one bincount)."""
    out = []
    cases = pd.Index(evaluated).drop_duplicates()
    ci = cases.get_indexer(f_case)
    ri = pd.Index(case_rules).get_indexer(f_rule)
    stray = f_case[ci < 0].drop_duplicates()
    if len(stray):
        bad = [c for c in stray if c in rejected]
        if bad:
            out.append("问题清单引用了已拒收的案件：" + _few(bad))
        if len(stray) > len(bad):
            out.append("问题清单引用了未评查的案件：" + _few(c for c in stray if c not in rejected))
    odd_rules = f_rule[ri < 0].drop_duplicates()
    if len(odd_rules):
        out.append("问题清单中有不属于规则包案件级规则的规则：" + _few(odd_rules))
    ok = (ci >= 0) & (ri >= 0)
    width = len(case_rules)
    per = np.bincount(ci[ok].astype(np.int64) * width + ri[ok], minlength=len(cases) * width)
    for k, text in ((0, "缺少结论"), (2, "结论重复")):
        where = np.flatnonzero(per == 0) if k == 0 else np.flatnonzero(per > 1)
        if len(where):
            out.append(f"{text}：" + _few((f"{cases[i // width]}/{case_rules[i % width]}" for i in where[:SHOWN]),
                                         len(where)))
    return out


def unit_problems(unit_findings: pd.DataFrame) -> list[str]:
    dup = unit_findings[unit_findings.duplicated(["unit_id", "rule_id"], keep=False)]
    if len(dup):
        return ["单位级结论重复：" + _few(f"{u}/{r}" for u, r in
                                      dup[["unit_id", "rule_id"]].drop_duplicates().itertuples(index=False))]
    return []


def all_problems(counts: dict, evaluated: pd.Series, case_ids: pd.Series, findings: pd.DataFrame,
                 unit_findings: pd.DataFrame, rejects: pd.DataFrame, case_rules: list[str],
                 after: pd.DataFrame | None = None) -> list[str]:
    rejected = rejected_case_ids(rejects)
    out = count_problems(counts, rejects, after) + after_problems(after, case_ids, findings["case_id"])
    n_eval = counts.get("cases", {}).get("evaluated", 0)
    if n_eval != len(evaluated):
        out.append(f"计数中评查案件 {n_eval} 件，实际评查 {len(evaluated)} 件")
    out += case_problems(evaluated, case_ids, rejected)
    out += finding_problems(evaluated, findings["case_id"], findings["rule_id"], case_rules, rejected)
    return out + unit_problems(unit_findings)


def check_result(result, evaluated: pd.Series, case_rules: list[str], deadlines: list[DeadlineRule] = ()) -> None:
    """In memory, at the end of a review (each chunk of a streamed one): raise InvariantError on any violation."""
    problems = all_problems(result.info["counts"], evaluated.reset_index(drop=True), result.cases["case_id"],
                            result.findings, result.unit_findings, result.rejects, case_rules, result.after_as_of)
    problems += deadline_problems(result.findings, result.case_facts, list(deadlines),
                                  date.fromisoformat(result.info["as_of"]))
    if problems:
        raise InvariantError(problems)


def _read(folder: Path, name: str, columns: list[str]) -> pd.DataFrame:
    return pd.read_csv(folder / name, usecols=columns, dtype=str, keep_default_na=False,
                       encoding=CSV_ENCODING).replace("", None)


def _written(folder: Path) -> dict[str, pd.DataFrame]:
    files = {"cases": _read(folder, "cases.csv", ["case_id"]),
             "findings": _read(folder, "findings.csv", ["case_id", "rule_id"]),
             "unit_findings": _read(folder, "unit_findings.csv", ["unit_id", "rule_id"]),
             "rejects": _read(folder, "rejects.csv", ["table", "scope", "record_id"])}
    if (folder / AFTER_AS_OF_CSV).is_file():     # absent in folders written before the as-of cut, or from history
        files["after_as_of"] = _read(folder, AFTER_AS_OF_CSV, ["table", "record_id"])
    return files


def check_written(result, folder: Path) -> None:
    """The CSVs just written (neutralised text) against the result, before run.json is written."""
    from casereview.reports.safe import neutralise_frame
    files = _written(Path(folder))
    problems = [f"{name}.csv 写入 {len(files[name])} 行，结果中有 {len(getattr(result, name))} 行"
                for name in files if len(files[name]) != len(getattr(result, name))]
    evaluated = neutralise_frame(result.cases[["case_id"]])["case_id"].astype(object)
    case_rules = list(pd.unique(result.findings["rule_id"].astype(object)))
    problems += all_problems(result.info["counts"], evaluated, files["cases"]["case_id"], files["findings"],
                             files["unit_findings"], files["rejects"], case_rules, files.get("after_as_of"))
    if problems:
        raise InvariantError(problems)


def _case_rules(info: dict, findings: pd.DataFrame, unit_findings: pd.DataFrame) -> list[str]:
    """The pack's case-level rules (from its files when unchanged), else run.json's rules minus unit-level."""
    from casereview.engine.model.pack import load_pack
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
    """The CSVs of a (finished or about to be finished) run folder against its run information."""
    files = _written(Path(folder))
    case_ids = files["cases"]["case_id"]
    rules = _case_rules(info, files["findings"], files["unit_findings"])
    return all_problems(info["counts"], case_ids.drop_duplicates(), case_ids, files["findings"],
                        files["unit_findings"], files["rejects"], rules, files.get("after_as_of"))


def check_folder(folder: Path, info: dict) -> None:
    """For writers that build the CSVs piece by piece (streaming): call before run.json is written."""
    problems = folder_problems(folder, info)
    if problems:
        raise InvariantError(problems)


def _input_problems(info: dict, case_ids: pd.Series, source, mapping) -> list[str]:
    from casereview.casefiles.loader import load_casefiles
    from casereview.casefiles.tables import CaseFileSet
    from casereview.reports.safe import neutralise_frame
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
        out.append("cases.csv 的案件与输入中未拒收的案件不一致（晚于评查日的案件不计）：" + _few(set(kept) ^ set(case_ids)))
    return out


def assert_run_invariants(run_dir: Path, input=None, mapping=None) -> None:
    """For tests: fail with every violated invariant of a finished run folder."""
    problems = run_folder_problems(run_dir, input, mapping)
    assert not problems, "评查结果目录违反不变式：\n" + "\n".join(problems)
