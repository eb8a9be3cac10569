"""Invariant: every finding of a deadline rule agrees with its dates (pass ⇒ done ≤ due; fail ⇒ done > due,
or not done and due < as-of). Deadline rules are found from the pack model: the rules declaring `due.deadline`."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from casereview.engine.model.pack import LoadedPack
from casereview.casefiles.lookup import positions

SHOWN = 5            # examples named per rule


@dataclass(frozen=True)
class DeadlineRule:
    rule_id: str
    deadline: str      # the pack deadline's name: facts <deadline>_due, _days, _elapsed
    done: str          # the case fact holding the date that meets it
    done_label: str    # its Chinese name (公示日期 ...)


def deadline_rules(loaded: LoadedPack) -> list[DeadlineRule]:
    """Each case rule declaring the pack deadline it enforces (`due: {deadline: ...}`)."""
    label = lambda fact: getattr(loaded.case_facts.get(fact), "label", fact)
    deadlines = loaded.params.deadlines
    return [DeadlineRule(c.rule.id, c.rule.due.deadline, deadlines[c.rule.due.deadline].done,
                         label(deadlines[c.rule.due.deadline].done))
            for c in loaded.rules("case") if c.rule.due is not None and c.rule.due.deadline is not None]


def deadline_problems(findings: pd.DataFrame, facts: pd.DataFrame, rules: list[DeadlineRule],
                      as_of: date) -> list[str]:
    """One line per deadline rule whose pass/fail findings contradict the due and done dates."""
    if not rules or not len(findings) or not len(facts):
        return []
    today = np.datetime64(as_of, "D")
    judged = findings["outcome"].isin(("pass", "fail")).to_numpy()
    findings = findings[["case_id", "rule_id", "outcome"]]
    out = []
    for r in rules:
        f = findings[(findings["rule_id"] == r.rule_id).to_numpy() & judged]
        if not len(f):
            continue
        at = positions(f["case_id"], facts["case_id"])
        found = at >= 0
        wanted = [f"{r.deadline}_due", r.done, f"{r.deadline}_elapsed", f"{r.deadline}_days"]
        rows = facts[wanted].iloc[np.where(found, at, 0)]
        due = _days(rows[f"{r.deadline}_due"])
        done = _days(rows[r.done])
        has_due, has_done = ~np.isnat(due), ~np.isnat(done)
        # due beyond the calendar: a pass stands only on fewer than N known working days up to done
        early_enough = (rows[f"{r.deadline}_elapsed"] < rows[f"{r.deadline}_days"]).to_numpy(dtype=bool)
        passed = (f["outcome"] == "pass").to_numpy()
        ok_pass = has_done & ((has_due & (done <= due)) | (~has_due & early_enough))
        ok_fail = has_due & ((has_done & (done > due)) | (~has_done & (due < today)))
        bad = found & np.where(passed, ~ok_pass, ~ok_fail)     # a stray case is finding_problems' to report
        if bad.any():
            shown = [_example(c, o, dn, du, r.done_label) for c, o, dn, du in
                     zip(f["case_id"][bad][:SHOWN], f["outcome"][bad][:SHOWN], done[bad][:SHOWN], due[bad][:SHOWN])]
            more = f" 等 {int(bad.sum())} 条" if bad.sum() > SHOWN else ""
            out.append(f"{r.rule_id} 的期限结论与日期不符（评查日 {as_of}）：" + "；".join(shown) + more)
    return out


def _days(s: pd.Series) -> np.ndarray:
    return pd.to_datetime(s).to_numpy(dtype="datetime64[D]")


def _example(case_id, outcome, done, due, label: str) -> str:
    text = lambda d: "空" if np.isnat(d) else str(d)
    verdict = "合规" if outcome == "pass" else "不合规"
    return f"{case_id} {verdict}，{label} {text(done)}，期限 {text(due)}"
