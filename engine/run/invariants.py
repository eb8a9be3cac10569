"""Invariants every review run must satisfy; a violation is an internal error, never a finished run.

1. counts in = evaluated + rejected + after_as_of, per table (the rejected count matches the record rejects,
   the after_as_of count the records listed as after the as-of date);
2. every evaluated case appears exactly once in the case results, and nothing else does;
3. one finding per evaluated case × case-level rule: no gap, no duplicate, no stray case or rule; when units
   were judged by several pack chains (engine.run.review_chains), per chain: each case × its chain's rules,
   and every finding under its case's chain (the `pack` column);
4. no case result or finding names a rejected case, or a case set apart as after the as-of date;
   no duplicate (unit, rule) unit finding;
5. every pass/fail of a deadline rule agrees with its due and done dates (engine.invariant_deadlines).

`check_result` runs at the end of `engine.run.review.review`, `check_run` in `reports.run_folder.write_run`
on the Run it writes (in memory, before run.json); reports.folder_check checks a finished run folder from
its files alone (for tests: sample, generated data, corpus).
"""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from casereview.errors import CaseReviewError
from casereview.engine.run.invariant_deadlines import DeadlineRule, deadline_problems
from casereview.casefiles.lookup import positions

SHOWN = 5            # examples named per problem
AFTER_AS_OF_CSV = "after_as_of.csv"


class InvariantError(CaseReviewError):
    """The engine produced an inconsistent result: a bug, reported instead of a wrong run folder."""

    exit_code = 1

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("内部错误：评查结果未通过一致性检查，未写出完整结果目录（请将此信息报告维护人员）："
                         + "；".join(problems))


def few(values, total: int | None = None) -> str:
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
    later = pd.Series(after.loc[after["table"] == "cases", "record_id"].dropna().unique())
    named = sorted(set(later[(positions(later, case_ids) >= 0) | (positions(later, f_case) >= 0)]))
    return ["晚于评查日、不在评查范围的案件出现在评查结果中：" + few(named)] if named else []


def rejected_case_ids(rejects: pd.DataFrame) -> set:
    whole = rejects[(rejects["table"] == "cases") & (rejects["scope"] == "record")]
    return set(whole["record_id"].dropna())


def case_problems(evaluated: pd.Series, case_ids: pd.Series, rejected: set) -> list[str]:
    """Every evaluated case exactly once in the case results; no other (and no rejected) case."""
    out = []
    counts = case_ids.value_counts()
    dup = counts[counts > 1]
    if len(dup):
        out.append("案件结果中重复出现：" + few(f"{c}（{k} 次）" for c, k in dup.items()))
    missing = evaluated[positions(evaluated, counts.index) < 0]
    if len(missing):
        out.append("评查的案件不在案件结果中：" + few(missing))
    extra = counts.index[positions(counts.index, evaluated) < 0]
    if len(extra):
        out.append("案件结果中有未评查的案件：" + few(extra))
    both = sorted(rejected & set(counts.index[positions(counts.index, list(rejected)) >= 0])) if rejected else []
    if both:
        out.append("已拒收的案件出现在案件结果中：" + few(both))
    return out


def once_problems(case_ids: pd.Series, rejected: set) -> list[str]:
    """Case results built from the evaluated cases themselves (a streamed run's chunks): no case twice and no
    rejected case among them, as case_problems words it."""
    out = []
    if not case_ids.is_unique:
        counts = case_ids.value_counts()
        out.append("案件结果中重复出现：" + few(f"{c}（{k} 次）" for c, k in counts[counts > 1].items()))
    both = sorted(set(case_ids[positions(case_ids, list(rejected)) >= 0])) if rejected else []
    if both:
        out.append("已拒收的案件出现在案件结果中：" + few(both))
    return out


def finding_problems(evaluated: pd.Series, f_case: pd.Series, f_rule: pd.Series, case_rules: list[str],
                     rejected: set) -> list[str]:
    """Exactly one finding per evaluated case × case-level rule (counted in one bincount)."""
    out = []
    cases = pd.Index(evaluated).drop_duplicates()
    ci = positions(f_case, cases)
    ri = positions(f_rule, pd.Index(case_rules))
    stray = f_case[ci < 0].drop_duplicates()
    if len(stray):
        bad = [c for c in stray if c in rejected]
        if bad:
            out.append("问题清单引用了已拒收的案件：" + few(bad))
        if len(stray) > len(bad):
            out.append("问题清单引用了未评查的案件：" + few(c for c in stray if c not in rejected))
    odd_rules = f_rule[ri < 0].drop_duplicates()
    if len(odd_rules):
        out.append("问题清单中有不属于规则包案件级规则的规则：" + few(odd_rules))
    ok = (ci >= 0) & (ri >= 0)
    width = len(case_rules)
    per = np.bincount(ci[ok].astype(np.int64) * width + ri[ok], minlength=len(cases) * width)
    for k, text in ((0, "缺少结论"), (2, "结论重复")):
        where = np.flatnonzero(per == 0) if k == 0 else np.flatnonzero(per > 1)
        if len(where):
            out.append(f"{text}：" + few((f"{cases[i // width]}/{case_rules[i % width]}" for i in where[:SHOWN]),
                                         len(where)))
    return out


def chain_finding_problems(case_ids: pd.Series, case_chain: pd.Series, findings: pd.DataFrame,
                           rules_by_chain: dict[str, list[str]], rejected: set) -> list[str]:
    """Check 3 per chain: `case_chain` is each case's chain label, findings carry theirs in `pack`."""
    out = []
    of_case = findings["case_id"].map(dict(zip(case_ids, case_chain)))
    wrong = of_case.notna() & (of_case != findings["pack"])
    if wrong.any():
        out.append("结论所用规则包与案件的规则包不一致：" + few(
            f"{c}/{r}" for c, r in findings.loc[wrong, ["case_id", "rule_id"]].itertuples(index=False)))
    odd = sorted(set(findings["pack"]) - set(rules_by_chain))
    if odd:
        out.append("问题清单中有未使用的规则包：" + few(odd))
    for label, rules in rules_by_chain.items():
        mine = findings[(findings["pack"] == label) & ~wrong]
        out += [f"规则包 {label}：{p}" for p in finding_problems(
            case_ids[(case_chain == label).to_numpy()].reset_index(drop=True), mine["case_id"], mine["rule_id"],
            rules, rejected)]
    return out


def unit_problems(unit_findings: pd.DataFrame) -> list[str]:
    dup = unit_findings[unit_findings.duplicated(["unit_id", "rule_id"], keep=False)]
    if len(dup):
        return ["单位级结论重复：" + few(f"{u}/{r}" for u, r in
                                      dup[["unit_id", "rule_id"]].drop_duplicates().itertuples(index=False))]
    return []


def all_problems(counts: dict, evaluated: pd.Series, case_ids: pd.Series, findings: pd.DataFrame,
                 unit_findings: pd.DataFrame, rejects: pd.DataFrame, case_rules: list[str] | dict[str, list[str]],
                 after: pd.DataFrame | None = None, case_chain: pd.Series | None = None) -> list[str]:
    """`case_rules`: the case rules, or chain label → its case rules (then `case_chain`: each case's label)."""
    rejected = rejected_case_ids(rejects)
    out = count_problems(counts, rejects, after) + after_problems(after, case_ids, findings["case_id"])
    n_eval = counts.get("cases", {}).get("evaluated", 0)
    if n_eval != len(evaluated):
        out.append(f"计数中评查案件 {n_eval} 件，实际评查 {len(evaluated)} 件")
    out += case_problems(evaluated, case_ids, rejected)
    if isinstance(case_rules, dict):
        out += chain_finding_problems(case_ids.reset_index(drop=True), case_chain.reset_index(drop=True),
                                      findings, case_rules, rejected)
    else:
        out += finding_problems(evaluated, findings["case_id"], findings["rule_id"], case_rules, rejected)
    return out + unit_problems(unit_findings)


def check_result(result, evaluated: pd.Series, case_rules: list[str] | dict[str, list[str]],
                 deadlines: list[DeadlineRule] = ()) -> None:
    """In memory, at the end of a review (each chunk of a streamed one): raise InvariantError on any violation.
    `case_rules` by chain label for a review by several chains (their deadlines checked by each part's review)."""
    problems = all_problems(result.info["counts"], evaluated.reset_index(drop=True), result.cases["case_id"],
                            result.findings, result.unit_findings, result.rejects, case_rules, result.after_as_of,
                            result.cases.get("pack"))
    problems += deadline_problems(result.findings, result.case_facts, list(deadlines),
                                  date.fromisoformat(result.info["as_of"]))
    if problems:
        raise InvariantError(problems)


def check_run(run) -> None:
    """The Run a writer is about to write (a review's, or one read back from a folder or history), in memory:
    raise InvariantError on any violation. The case rules are the pack's, else those the findings name."""
    case_rules = case_rules_of(run)
    case_ids = run.cases["case_id"].astype(object)
    problems = all_problems(run.info["counts"], case_ids, case_ids, run.findings,
                            run.unit_findings, run.rejects, case_rules, run.after_as_of, run.cases.get("pack"))
    if problems:
        raise InvariantError(problems)


def case_rules_of(run) -> list[str] | dict[str, list[str]]:
    """The case rules of a run: its pack's (per chain label when several chains judged it), else those its
    findings name (per `pack` label when they carry one)."""
    if getattr(run, "chains", None):
        return {label: [c.rule.id for c in p.rules("case")] for label, p in run.chains.items()}
    if run.pack is not None:
        return [c.rule.id for c in run.pack.rules("case")]
    named = run.findings
    if "pack" in named and "pack" in run.cases:
        return {label: list(pd.unique(f["rule_id"].astype(object))) for label, f in named.groupby("pack", sort=False)}
    return list(pd.unique(named["rule_id"].astype(object)))
