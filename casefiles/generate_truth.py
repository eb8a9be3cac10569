"""Ground truth for the generator: the outcome each case-level rule must give, by construction."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd

from casereview.casefiles.generate_plan import ORD, PENALTY, PENDING, PERMIT, POST_CAL, PRE_CAL, SPECIALS, TPL_DISPUTE

RULES = ("GS01", "GS02", "GS03", "GS04", "GS05", "JL01", "JL02", "JL03",
         "FS01", "FS02", "FS03", "CX01", "CX02", "CX03")
OUTCOMES = ("pass", "fail", "na", "unknown")
PASS, FAIL, NA, UNKNOWN = range(4)


def _rule_outcomes(p: SimpleNamespace, n_rev: np.ndarray, served: np.ndarray) -> dict[str, np.ndarray]:
    k, spec = p.kind, p.special
    pen, ordp = p.ctype == PENALTY, p.proc == ORD
    decided = p.decided & (spec != POST_CAL)              # a decision dated on/before the as-of date
    short = pen | (p.ctype == PERMIT)
    has_acts = p.n_acts > 0
    pick = lambda conds, default=PASS: np.select([c for c, _ in conds], [o for _, o in conds], default)

    officer_fail = (k["single_officer"] | k["auxiliary_second"] | k["expired_certificate"]
                    | k["duplicate_officer_id"])
    out = {"GS01": pick([(~has_acts, UNKNOWN), (officer_fail, FAIL), (k["unknown_officer"], UNKNOWN)]),
           "GS02": pick([(~has_acts, NA), (k["certificate_not_shown"], FAIL),
                         (k["certificate_shown_empty"], UNKNOWN)])}
    publish = pick([(k["exempt_from_publication"], NA), (spec == PRE_CAL, UNKNOWN), (spec == PENDING, NA),
                    (k["published_before_decision"], UNKNOWN),
                    (k["late_publication"] | k["late_publication_holiday"] | k["not_published"], FAIL)])
    out["GS03"] = np.where(decided & short, publish, NA)
    out["GS04"] = np.where(decided & ~short, publish, NA)
    revoked = k["revoked"] | k["late_withdrawal"] | k["withdrawn_before_revocation"]
    out["GS05"] = np.where(revoked, pick([(k["late_withdrawal"], FAIL),
                                          (k["withdrawn_before_revocation"], UNKNOWN)]), NA)
    out["JL01"] = pick([(~(decided & ordp), NA), (k["missing_phase"], FAIL)])
    out["JL02"] = pick([(p.av_pos < 0, NA), (k["av_gap_31s"] | k["av_end_uncovered"], FAIL),
                        (k["av_no_times"], UNKNOWN)])
    out["JL03"] = pick([(~TPL_DISPUTE[p.tpl].any(axis=1), NA), (k["dispute_no_recording"], FAIL)])
    major = decided & p.major
    no_prior = k["no_review"] | k["review_after_decision"]
    out["FS01"] = pick([(~major, NA), (no_prior, FAIL)])
    out["FS02"] = pick([(~major | no_prior, NA), (k["review_rejected"], FAIL)])
    out["FS03"] = pick([(n_rev == 0, NA), (k["reviewer_is_handler"], FAIL), (k["unknown_reviewer"], UNKNOWN)])
    out["CX01"] = pick([(~(decided & pen & ordp), NA), (k["no_filed_date"], UNKNOWN),
                        (k["decision_after_90_days"], FAIL)])
    out["CX02"] = pick([(~(decided & pen), NA),
                        (k["no_notification"] | k["notified_same_day_ordinary"], FAIL)])
    out["CX03"] = pick([(~decided, NA), (spec == PRE_CAL, UNKNOWN), ((spec == PENDING) & ~served, NA),
                        (k["served_before_decision"], UNKNOWN), (k["late_service"], FAIL)])
    # a decision dated after the as-of date in a year the calendar does not know: every rule that
    # would apply to the decision cannot be judged
    post = spec == POST_CAL
    for r, applies in (("GS03", short), ("GS04", ~short), ("JL01", ordp), ("CX01", pen & ordp),
                       ("CX02", pen), ("CX03", True)):
        out[r] = np.where(post & applies, UNKNOWN, out[r])
    return out


def _injected(p: SimpleNamespace) -> dict[str, np.ndarray]:
    """Per rule: the semicolon-joined names of the constructions that set its outcome."""
    k = p.kind
    short = (p.ctype == PENALTY) | (p.ctype == PERMIT)
    pen, ordp = p.ctype == PENALTY, p.proc == ORD
    rules_of = {
        **{x: ("GS01",) for x in ("single_officer", "auxiliary_second", "expired_certificate",
                                  "unknown_officer", "duplicate_officer_id")},
        "no_acts": ("GS01", "GS02"),
        "certificate_not_shown": ("GS02",), "certificate_shown_empty": ("GS02",),
        **{x: ("GS03", "GS04") for x in ("late_publication", "late_publication_holiday", "not_published",
                                         "exempt_from_publication", "published_before_decision",
                                         "before_calendar", "pending_deadline")},
        "late_withdrawal": ("GS05",), "withdrawn_before_revocation": ("GS05",),
        "missing_phase": ("JL01",),
        **{x: ("JL02",) for x in ("av_gap_31s", "av_end_uncovered", "av_no_times", "av_gap_30s")},
        "dispute_no_recording": ("JL03",),
        "no_review": ("FS01", "FS02"), "review_after_decision": ("FS01", "FS02"),
        "review_rejected": ("FS02",), "reviewer_is_handler": ("FS03",), "unknown_reviewer": ("FS03",),
        **{x: ("CX01",) for x in ("decision_after_90_days", "extension_ok", "decision_on_day_90",
                                  "no_filed_date")},
        "no_notification": ("CX02",), "notified_same_day_ordinary": ("CX02",),
        "late_service": ("CX03",), "served_before_decision": ("CX03",),
        "beyond_calendar": ("GS03", "GS04", "JL01", "CX01", "CX02", "CX03"),
    }
    applies = {"GS03": short, "GS04": ~short, "JL01": ordp, "CX01": pen & ordp, "CX02": pen}
    masks = dict(k)
    masks["no_acts"] = p.no_acts
    masks.update({name: p.special == code for code, (name, _) in SPECIALS.items()})
    masks["before_calendar_cx03"] = masks["before_calendar"]
    masks["pending_deadline_cx03"] = masks["pending_deadline"]
    rules_of["before_calendar_cx03"] = rules_of["pending_deadline_cx03"] = ("CX03",)
    out = {r: np.full(p.n, "", dtype=object) for r in RULES}
    for name, rules in rules_of.items():
        label = name.removesuffix("_cx03")
        for r in rules:
            m = masks[name] & applies.get(r, True)
            cur = out[r][m]
            out[r][m] = np.where(cur == "", label, cur + ";" + label)
    return out


def make_truth(p: SimpleNamespace, case_ids: np.ndarray, n_rev: np.ndarray,
               served: np.ndarray) -> pd.DataFrame:
    outcomes = _rule_outcomes(p, n_rev, served)
    injected = _injected(p)
    codes = np.stack([outcomes[r] for r in RULES], axis=1).ravel()
    inj = np.stack([injected[r] for r in RULES], axis=1).ravel()
    return pd.DataFrame({
        "case_id": pd.Series(np.repeat(case_ids, len(RULES)), dtype=object),
        "rule_id": pd.Series(np.tile(np.array(RULES, dtype=object), p.n), dtype=object),
        "outcome": pd.Series(np.array(OUTCOMES, dtype=object)[codes], dtype=object),
        "injected": pd.Series(inj, dtype=object),
    })
