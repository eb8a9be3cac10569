"""Case dates for the generator, built forward from each case's construction and defects."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import numpy as np

from casereview.casefiles.generate_calendar import add_workdays, day, sub_workdays
from casereview.casefiles.generate_plan import (COERCION, FAST, INSPECTION, NORMAL, ORD, PENALTY, PENDING, PERMIT,
                                     POST_CAL, PRE_CAL, SIMPLE)

NAT = np.iinfo(np.int64).min          # day number that views as NaT
AS_OF = date(2026, 11, 20)            # the date the generated truth is judged on
# decision dates whose 8th (21st) working day falls after National Day 2024 / Spring Festival 2025
HOLIDAY_EDGES = ("2024-09-27", "2024-09-29", "2024-09-30", "2025-01-22", "2025-01-24",
                 "2025-01-26", "2025-01-27", "2025-09-30")
BEFORE_CALENDAR = (day("2003-03-01"), 245)     # before_calendar decisions: 2003
AFTER_AS_OF = (day("2027-03-01"), 480)         # beyond_calendar decisions: 2027-03 .. 2028-06
DECIDE_MARGIN = 75                              # days kept free after the last decision


def holiday_edges(start: date, end: date) -> np.ndarray:
    e = np.array([day(x) for x in HOLIDAY_EDGES])
    return e[(e >= day(start) + 120) & (e <= day(end) - DECIDE_MARGIN)]


def day_after(start: np.ndarray, n) -> np.ndarray:
    """The first day after the n-th working day after start: late, and a day off whenever the deadline
    falls before a weekend or holiday (due Sat 2024-05-11, a make-up working day → Sun 05-12)."""
    return add_workdays(start, n) + 1


def _span(rng, n, lo, hi) -> np.ndarray:
    """Uniform integers in [lo, hi] (arrays or scalars)."""
    return lo + np.floor(rng.random(n) * (np.asarray(hi) - lo + 1)).astype(np.int64)


def make_dates(rng: np.random.Generator, p: SimpleNamespace, start: date, end: date) -> SimpleNamespace:
    n, k = p.n, p.kind
    s0, e0 = day(start), day(end)
    pen, ordp = p.ctype == PENALTY, p.proc == ORD
    short = pen | (p.ctype == PERMIT)                 # 7-working-day publication (else 20)

    # days from filing to decision
    lag = np.select(
        [pen & ordp & p.hearing, pen & ordp & p.zhian, pen & ordp, pen & (p.proc == FAST),
         p.proc == SIMPLE, p.ctype == PERMIT, p.ctype == INSPECTION, p.ctype == COERCION],
        [_span(rng, n, 25, 85), _span(rng, n, 5, 28), _span(rng, n, 10, 85), _span(rng, n, 1, 3),
         0, _span(rng, n, 5, 20), _span(rng, n, 1, 15), _span(rng, n, 1, 30)],
        _span(rng, n, 5, 40))
    late90 = k["decision_after_90_days"] | k["extension_ok"]
    lag = np.where(late90, _span(rng, n, 91, 120), lag)
    lag = np.where(k["decision_on_day_90"], 90, lag)
    ext = np.where(k["extension_ok"], 30, 0)

    d = SimpleNamespace()
    dmax = e0 - DECIDE_MARGIN
    dec = s0 + lag + np.floor(rng.random(n) * (dmax - s0 - lag + 1)).astype(np.int64)
    edges = holiday_edges(start, end)
    hol = k["late_publication_holiday"]
    if len(edges):
        dec = np.where(hol, edges[rng.integers(0, len(edges), n)], dec)
    spec = p.special
    for code, (first, span) in ((PRE_CAL, BEFORE_CALENDAR), (POST_CAL, AFTER_AS_OF)):
        dec = np.where(spec == code, _span(rng, n, first, first + span), dec)
    pend = spec == PENDING
    dec = np.where(pend, sub_workdays(np.full(n, day(AS_OF)), rng.integers(0, 5, n)), dec)
    filed = dec - lag
    open_ = ~p.decided
    filed = np.where(open_, e0 - 5 - np.floor(rng.random(n) * 150).astype(np.int64), filed)
    filed = np.where(spec == POST_CAL, e0 - 30 - np.floor(rng.random(n) * 90).astype(np.int64), filed)

    # notification before a 行政处罚 decision; hearing between notification and decision
    lead = np.where(p.hearing, _span(rng, n, 6, 12), 1 + np.floor(rng.random(n) * np.minimum(lag, 10)))
    lead = np.select([ordp, p.proc == FAST], [lead, 1], 0).astype(np.int64)
    notified = dec - lead
    notified = np.where(k["notified_same_day_ordinary"], dec, notified)
    d.notified = np.where(pen & p.decided & ~k["no_notification"], notified, NAT)
    d.hearing = np.where(p.hearing, dec - lead + np.maximum(1, lead // 2), NAT)

    # windows for the investigation acts
    d.inv_start = filed
    d.inv_end = np.where(pen, np.maximum(filed, dec - lead), dec)
    d.inv_end = np.where(open_, np.minimum(filed + 40, e0), d.inv_end)
    d.inv_end = np.where(spec == POST_CAL, filed + 30, d.inv_end)

    # publication
    normal = spec == NORMAL
    ok_pub = np.where(short, np.floor(rng.random(n) * 8), np.floor(rng.random(n) * 21)).astype(np.int64)
    late_pub = np.where(short, 8, 21)
    pub_n = np.where(k["late_publication"] | hol, late_pub, ok_pub)
    cal = normal & p.decided                          # dates the official calendar covers
    published = np.full(n, NAT)
    published[cal] = add_workdays(dec[cal], pub_n[cal])
    # late: the day after the deadline, a day off when the deadline falls before a weekend or holiday
    late = cal & (k["late_publication"] | hol)
    published[late] = day_after(dec[late], np.where(short, 7, 20)[late])
    published = np.where(k["published_before_decision"], dec - _span(rng, n, 1, 5), published)
    published = np.where(k["not_published"] | k["exempt_from_publication"] | pend | open_, NAT, published)
    published = np.where((spec == PRE_CAL) | (spec == POST_CAL), dec + _span(rng, n, 1, 6), published)
    d.published = published

    # service
    quick = (p.proc != ORD) & (rng.random(n) < .85)
    srv_n = np.where(quick, 0, np.floor(rng.random(n) * 8)).astype(np.int64)
    srv_n = np.where(k["late_service"], _span(rng, n, 8, 12), srv_n)
    served = np.full(n, NAT)
    served[cal] = add_workdays(dec[cal], srv_n[cal])
    first_late = cal & k["late_service"] & (srv_n == 8)
    served[first_late] = day_after(dec[first_late], 7)
    served = np.where(k["served_before_decision"], dec - _span(rng, n, 1, 3), served)
    served = np.where(spec == PRE_CAL, dec + _span(rng, n, 1, 5), served)
    served = np.where(spec == POST_CAL, dec + _span(rng, n, 0, 3), served)
    served = np.where(pend & (rng.random(n) < .5), dec, np.where(pend | open_, NAT, served))
    d.served = served

    # revocation of a published 行政处罚 decision, and withdrawal of its publication
    rev = k["revoked"] | k["late_withdrawal"] | k["withdrawn_before_revocation"]
    revoked = np.where(rev, published + _span(rng, n, 5, 30), NAT)
    wd_n = np.where(k["late_withdrawal"], _span(rng, n, 4, 8), _span(rng, n, 0, 3))
    withdrawn = np.full(n, NAT)
    withdrawn[rev] = add_workdays(revoked[rev], wd_n[rev])
    first_late = rev & k["late_withdrawal"] & (wd_n == 4)
    withdrawn[first_late] = day_after(revoked[first_late], 3)
    withdrawn = np.where(k["late_withdrawal"] & (rng.random(n) < .5), NAT, withdrawn)
    withdrawn = np.where(k["withdrawn_before_revocation"], revoked - _span(rng, n, 1, 3), withdrawn)
    d.revoked, d.withdrawn = revoked, withdrawn

    # closing and archiving, when they have happened by the end of the period
    done = (normal | (spec == PRE_CAL)) & p.decided
    closed = np.maximum(served, dec) + _span(rng, n, 3, 40)
    closed = np.where(done & ((closed <= e0) | (spec == PRE_CAL)) & (rng.random(n) < .9), closed, NAT)
    archived = closed + _span(rng, n, 5, 60)
    d.closed = closed
    d.archived = np.where((closed != NAT) & ((archived <= e0) | (spec == PRE_CAL)), archived, NAT)

    d.filed = filed                                   # kept for child dates even when blanked
    d.filed_out = np.where(k["no_filed_date"], NAT, filed)
    d.decision = np.where(p.decided, dec, NAT)
    d.lag, d.lead = lag, lead
    d.extension = ext
    return d
