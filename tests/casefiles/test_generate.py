"""Synthetic case-file generator: contract, determinism, integrity, proportions, injected defects."""
from __future__ import annotations

import importlib.util
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import numpy as np
import openpyxl
import pandas as pd
import pytest

from tests.calendar_oracle import due, workdays
from casereview.casefiles.generate import AS_OF, DEFECT_KINDS, OUTCOMES, RULES, generate_tables
from casereview.engine.model.schema import BOOL, DATE, DATETIME, INT, LIST, NUMBER, TABLES

N = 20_000
PHASE_OF = {t: ph for ph, types in {
    "启动": "立案审批表 受案登记表 接报案登记表 检查通知书",
    "调查取证": "询问笔录 现场检查笔录 勘验笔录 证据登记保存清单 查封扣押决定书 调查终结报告",
    "审核决定": "行政处罚事先告知书 法制审核意见书 集体讨论记录 行政处罚决定书 行政许可决定书 听证笔录",
    "送达执行": "送达回证 罚没款收据 执行记录 结案报告"}.items() for t in types.split()}
# Hand-worked from the State Council holiday notices: decision date -> the day after its 7th working day
# (国办发明电〔2023〕7号: 2024 国庆 10-01..07 off, Sun 09-29 and Sat 10-12 worked; 〔2024〕12号: 2025 春节
# 01-28..02-04 off, Sun 01-26 and Sat 02-08 worked; 2025 国庆 10-01..08 off, Sun 09-28 and Sat 10-11 worked).
# 2024-09-27: 09-29 (1), 09-30 (2), 10-08..10-11 (3-6), Sat 10-12 (7) → due 10-12, the day after is Sun 10-13:
# late although no working day lies between. Every other decision's day after is its 8th working day.
DAY_AFTER_SEVENTH = {
    "2024-09-27": "2024-10-13", "2024-09-29": "2024-10-15", "2024-09-30": "2024-10-16",
    "2025-01-22": "2025-02-08", "2025-01-24": "2025-02-11", "2025-01-26": "2025-02-12",
    "2025-01-27": "2025-02-13", "2025-09-30": "2025-10-17",
}


@pytest.fixture(scope="module")
def gen():
    return generate_tables(N, 20240101)


_EXPLODED: dict[int, pd.DataFrame] = {}


def cases_with(truth: pd.DataFrame, kind: str, rule: str | None = None) -> pd.DataFrame:
    """Truth rows whose injected names include kind (one row per case and rule)."""
    if id(truth) not in _EXPLODED:
        t = truth[truth.injected != ""]
        _EXPLODED[id(truth)] = t.assign(kind=t.injected.str.split(";")).explode("kind")
    t = _EXPLODED[id(truth)]
    t = t[t.kind == kind]
    return (t if rule is None else t[t.rule_id == rule]).drop(columns="kind")


def with_cases(gen, kind: str, rule: str | None = None) -> pd.DataFrame:
    tables, truth = gen
    hit = cases_with(truth, kind, rule)
    assert len(hit), f"no case injected with {kind}"
    return tables["cases"][tables["cases"].case_id.isin(hit.case_id)]


# --- contract -------------------------------------------------------------------------------

def test_canonical_columns_and_dtypes(gen):
    tables, _ = gen
    assert set(tables) == set(TABLES)
    for name, table in TABLES.items():
        df = tables[name]
        expected = []
        for c in table.columns:
            expected.append(c.name)
            if c.kind == DATETIME:
                expected.append(f"{c.name}__has_time")
        assert list(df.columns) == expected, name
        for c in table.columns:
            dtype = str(df[c.name].dtype)
            want = {DATE: "datetime64[us]", DATETIME: "datetime64[us]", BOOL: "boolean",
                    NUMBER: "float64", INT: "Int64"}.get(c.kind, "object")
            assert dtype == want, (name, c.name, dtype)
            if c.kind == DATETIME:
                assert df[f"{c.name}__has_time"].dtype == bool
            if c.kind == LIST:
                assert df[c.name].map(lambda v: isinstance(v, tuple)).all(), (name, c.name)
            elif want == "object":
                assert df[c.name].map(lambda v: v is None or isinstance(v, str)).all(), (name, c.name)
        assert df[table.id_column].is_unique, name
        required = [c.name for c in table.columns if c.required]
        assert df[required].notna().all().all(), name


def test_choice_columns_hold_allowed_values(gen):
    tables, _ = gen
    for name, table in TABLES.items():
        for c in table.columns:
            if c.choices:
                values = set(tables[name][c.name].dropna())
                assert values <= set(c.choices), (name, c.name, values - set(c.choices))


def test_determinism():
    a_tables, a_truth = generate_tables(800, 7)
    b_tables, b_truth = generate_tables(800, 7)
    for name in a_tables:
        pd.testing.assert_frame_equal(a_tables[name], b_tables[name])
    pd.testing.assert_frame_equal(a_truth, b_truth)
    c_tables, c_truth = generate_tables(800, 8)
    assert not a_tables["cases"].equals(c_tables["cases"])
    assert not a_truth["outcome"].equals(c_truth["outcome"])


def test_small_and_invalid_sizes():
    tables, truth = generate_tables(0, 1)
    assert len(tables["cases"]) == len(truth) == 0 and len(tables["officers"]) > 0
    tables, truth = generate_tables(1, 1)
    assert len(truth) == len(RULES)
    with pytest.raises(ValueError):
        generate_tables(10, 1, end=date(2027, 6, 30))
    with pytest.raises(ValueError):
        generate_tables(10, 1, n_units=0)


# --- integrity ------------------------------------------------------------------------------

def test_referential_integrity(gen):
    tables, truth = gen
    cases = set(tables["cases"].case_id)
    for child in ("acts", "recordings", "reviews", "documents"):
        assert set(tables[child].case_id) <= cases, child
    assert set(tables["cases"].unit_id) <= set(tables["units"].unit_id)
    assert set(tables["officers"].unit_id) <= set(tables["units"].unit_id)
    tagged = tables["recordings"].act_id.dropna()
    assert set(tagged) <= set(tables["acts"].act_id)
    act_case = tables["acts"].set_index("act_id").case_id
    assert (act_case[tagged].to_numpy() == tables["recordings"].loc[tagged.index, "case_id"].to_numpy()).all()

    officers = set(tables["officers"].officer_id)
    acts = tables["acts"]
    strays = acts[acts.officer_ids.map(lambda ids: not set(ids) <= officers)]
    assert len(strays)
    assert set(strays.case_id) <= set(cases_with(truth, "unknown_officer").case_id)
    revs = tables["reviews"]
    stray_rev = revs[~revs.reviewer_id.isin(officers)]
    assert set(stray_rev.case_id) <= set(cases_with(truth, "unknown_reviewer").case_id)
    assert tables["cases"].handler_ids.map(lambda ids: len(ids) == 2 and set(ids) <= officers).all()


def test_truth_shape(gen):
    tables, truth = gen
    assert list(truth.columns) == ["case_id", "rule_id", "outcome", "injected"]
    assert len(truth) == len(tables["cases"]) * len(RULES)
    per_case = truth.groupby("case_id").rule_id.apply(tuple)
    assert (per_case == RULES).all()
    assert set(truth.case_id) == set(tables["cases"].case_id)
    assert set(truth.outcome) <= set(OUTCOMES)
    names = {x for s in truth.injected for x in s.split(";") if x}
    assert names <= set(DEFECT_KINDS)
    assert names == set(DEFECT_KINDS)          # every kind occurs at this size
    for rule in RULES:                          # every rule passes somewhere and fails somewhere
        seen = set(truth[truth.rule_id == rule].outcome)
        assert {"pass", "fail"} <= seen or {"pass", "unknown"} <= seen, rule
    seen = truth.groupby("rule_id").outcome.unique().map(set)
    assert seen["GS01"] == {"pass", "fail", "unknown"} and seen["GS02"] == set(OUTCOMES)
    assert seen["GS03"] == seen["CX03"] == set(OUTCOMES)


# --- proportions ----------------------------------------------------------------------------

def test_proportions(gen):
    tables, truth = gen
    cases, units, officers = tables["cases"], tables["units"], tables["officers"]
    assert len(units) == 20 and units.unit_id.str.fullmatch(r"U3201\d\d").all()
    assert units.name.str.contains("公安局").any() and units.name.str.contains("市场监督管理局").any()
    per_unit = officers.groupby("unit_id").role.value_counts().unstack(fill_value=0)
    assert per_unit.sum(axis=1).between(12, 18).all()
    assert per_unit["法制审核人员"].between(1, 2).all()
    assert (per_unit["执法辅助人员"] >= 1).all()
    assert officers[officers.role == "执法辅助人员"].certificate_no.isna().all()
    assert officers[officers.role != "执法辅助人员"].certificate_no.notna().all()

    share = cases.case_type.value_counts(normalize=True)
    assert 0.57 < share["行政处罚"] < 0.63 and 0.13 < share["行政许可"] < 0.17
    assert 0.66 < (cases.procedure == "普通程序").mean() < 0.74
    assert 0.02 < cases.decision_date.isna().mean() < 0.06
    n_acts = tables["acts"].groupby("case_id").size()
    assert n_acts.between(1, 4).all()
    assert 0.005 < 1 - len(n_acts) / len(cases) < 0.03           # a few cases without acts
    clean = 1 - truth[truth.injected != ""].case_id.nunique() / len(cases)
    assert 0.55 <= clean <= 0.65


def test_dates_inside_period_except_calendar_kinds(gen):
    tables, truth = gen
    special = set(truth[truth.injected.str.contains("calendar|pending_deadline")].case_id)
    cases = tables["cases"][~tables["cases"].case_id.isin(special)]
    for col in cases.columns:
        if str(cases[col].dtype).startswith("datetime"):
            s = cases[col].dropna()
            assert s.min() >= pd.Timestamp("2024-01-01") and s.max() <= pd.Timestamp("2026-06-30"), col


# --- injected defects, against hand-worked dates ---------------------------------------------

def test_late_publication_is_the_day_after_the_deadline(gen):
    """Published the day after due(d, 7) (GS03) or due(d, 20) (GS04): late, and on a day off whenever the
    deadline falls before a weekend or holiday (then only N working days lie in (d, x])."""
    for kind, rule, n in (("late_publication", "GS03", 7), ("late_publication", "GS04", 20)):
        cases = with_cases(gen, kind, rule)
        days_off = 0
        for c in cases.head(200).itertuples():
            d, x = c.decision_date.date(), c.published_date.date()
            assert x == due(d, n) + timedelta(1)
            days_off += not chinese_calendar.is_workday(x)
            assert workdays(d, x) == (n if not chinese_calendar.is_workday(x) else n + 1)
        assert days_off > 0


def test_late_publication_across_holidays(gen):
    tables, truth = gen
    cases = with_cases(gen, "late_publication_holiday", "GS03")
    seen = set()
    for c in cases.itertuples():
        d = c.decision_date.date().isoformat()
        assert c.published_date.date().isoformat() == DAY_AFTER_SEVENTH[d]
        seen.add(d)
    assert {"2024-09-30", "2025-01-24"} <= seen
    assert (truth[truth.case_id.isin(cases.case_id) & (truth.rule_id == "GS03")].outcome == "fail").all()


def test_clean_publication_and_service_within_deadline(gen):
    tables, truth = gen
    ok = truth[(truth.rule_id == "GS03") & (truth.outcome == "pass")].case_id.head(60)
    cases = tables["cases"].set_index("case_id").loc[ok]
    for c in cases.itertuples():
        assert c.decision_date.date() <= c.published_date.date() <= due(c.decision_date.date(), 7)


def test_late_service(gen):
    for c in with_cases(gen, "late_service").head(40).itertuples():
        d, x = c.decision_date.date(), c.served_date.date()
        assert due(d, 7) < x <= due(d, 12)
    for c in with_cases(gen, "served_before_decision").itertuples():
        assert c.served_date < c.decision_date


def test_pending_deadline(gen):
    tables, truth = gen
    for c in with_cases(gen, "pending_deadline").itertuples():
        assert c.decision_date.date() <= AS_OF and pd.isna(c.published_date)
        assert AS_OF <= due(c.decision_date.date(), 7)
    rows = cases_with(truth, "pending_deadline", "GS03")
    assert (rows.outcome == "na").all() and len(rows)


def test_calendar_kinds(gen):
    tables, truth = gen
    for c in with_cases(gen, "before_calendar").itertuples():
        assert c.decision_date.year == 2003 and c.published_date.year == 2003
    for c in with_cases(gen, "beyond_calendar").itertuples():
        assert c.decision_date.year in (2027, 2028) and c.decision_date.date() > AS_OF
    for kind in ("before_calendar", "beyond_calendar"):
        rows = cases_with(truth, kind)
        assert (rows[rows.rule_id.isin(["GS03", "GS04", "CX03"])].outcome == "unknown").all()


def test_decision_deadline_kinds(gen):
    for kind, check in (("decision_after_90_days", lambda days, ext: days > 90 + ext),
                        ("extension_ok", lambda days, ext: 90 < days <= 90 + ext),
                        ("decision_on_day_90", lambda days, ext: days == 90)):
        for c in with_cases(gen, kind).itertuples():
            assert check((c.decision_date - c.filed_date).days, int(c.extension_days)), kind
    assert with_cases(gen, "no_filed_date").filed_date.isna().all()


def test_notification_kinds(gen):
    assert with_cases(gen, "no_notification").notified_date.isna().all()
    same = with_cases(gen, "notified_same_day_ordinary")
    assert (same.notified_date == same.decision_date).all() and (same.procedure == "普通程序").all()


def test_officer_kinds(gen):
    tables, truth = gen
    acts, officers = tables["acts"], tables["officers"].set_index("officer_id")

    def case_acts(kind):
        return acts[acts.case_id.isin(cases_with(truth, kind).case_id)]

    def expired_on(a):
        return any(o in officers.index and pd.notna(officers.at[o, "certificate_valid_to"])
                   and officers.at[o, "certificate_valid_to"] < a.start_time.normalize() for o in a.officer_ids)

    assert case_acts("expired_certificate").apply(expired_on, axis=1).groupby(acts.case_id).any().all()
    single = case_acts("single_officer").officer_ids.map(len).groupby(acts.case_id).min()
    assert (single == 1).all()
    dup = case_acts("duplicate_officer_id").officer_ids.map(lambda ids: len(ids) > len(set(ids)))
    assert dup.groupby(acts.case_id).any().all()
    aux = set(officers.index[officers.role == "执法辅助人员"])
    assert case_acts("auxiliary_second").officer_ids.map(lambda ids: len(ids) == 2 and ids[1] in aux).groupby(
        acts.case_id).any().all()
    rows = cases_with(truth, "unknown_officer", "GS01")
    assert (rows.outcome == "unknown").all()
    shown = case_acts("certificate_shown_empty").certificate_shown
    assert shown.isna().groupby(acts.case_id).any().all()


def test_recording_gaps(gen):
    tables, truth = gen
    recs = tables["recordings"]
    for kind, gap in (("av_gap_31s", 31), ("av_gap_30s", 30)):
        av = tables["acts"][tables["acts"].case_id.isin(cases_with(truth, kind).case_id)
                            & tables["acts"].act_type.isin(["查封", "扣押", "强制拆除", "强制执行"])]
        for a in av.itertuples():
            overlap = (recs.start_time < a.end_time) & (recs.end_time > a.start_time)
            segs = recs[(recs.case_id == a.case_id)
                        & ((recs.act_id.isna() & overlap) | (recs.act_id == a.act_id))].sort_values("start_time")
            assert len(segs) == 2
            assert (segs.start_time.iloc[1] - segs.end_time.iloc[0]).total_seconds() == gap
            assert segs.start_time.iloc[0] <= a.start_time and segs.end_time.iloc[1] >= a.end_time
    no_times = tables["acts"][tables["acts"].case_id.isin(cases_with(truth, "av_no_times").case_id)]
    assert (~no_times.start_time__has_time).groupby(no_times.case_id).any().all()


def test_review_kinds(gen):
    tables, truth = gen
    revs, cases = tables["reviews"], tables["cases"].set_index("case_id")
    handler = with_cases(gen, "reviewer_is_handler")
    for c in handler.itertuples():
        assert set(revs[revs.case_id == c.case_id].reviewer_id) & set(c.handler_ids)
    assert not revs.case_id.isin(cases_with(truth, "no_review").case_id).any()
    rejected = revs[revs.case_id.isin(cases_with(truth, "review_rejected").case_id)]
    last = rejected.sort_values("review_date").groupby("case_id").conclusion.last()
    assert (last == "不同意").all()
    late = revs[revs.case_id.isin(cases_with(truth, "review_after_decision").case_id)]
    assert (late.review_date.to_numpy() > cases.loc[late.case_id, "decision_date"].to_numpy()).all()


def test_missing_phase(gen):
    tables, truth = gen
    docs = tables["documents"]
    phase = docs.phase.fillna(docs.doc_type.map(PHASE_OF))
    assert phase.notna().all()
    have = phase.groupby(docs.case_id).nunique()
    missing = cases_with(truth, "missing_phase", "JL01").case_id
    assert (have.reindex(missing, fill_value=0) < 4).all()
    passing = truth[(truth.rule_id == "JL01") & (truth.outcome == "pass")].case_id
    assert (have.reindex(passing, fill_value=0) == 4).all()


def test_withdrawal_kinds(gen):
    for c in with_cases(gen, "late_withdrawal").itertuples():
        assert pd.isna(c.withdrawn_date) or c.withdrawn_date.date() > due(c.revoked_date.date(), 3)
    for c in with_cases(gen, "withdrawn_before_revocation").itertuples():
        assert c.withdrawn_date < c.revoked_date


def test_major_without_review_fails_fs01(gen):
    _, truth = gen
    rows = cases_with(truth, "no_review")
    assert set(rows[rows.rule_id == "FS01"].outcome) == {"fail"}
    assert set(rows[rows.rule_id.isin(["FS02", "FS03"])].outcome) == {"na"}
    np.testing.assert_array_equal(sorted(set(cases_with(truth, "review_rejected", "FS02").outcome)), ["fail"])


# --- the bundled sample -----------------------------------------------------------------------

SAMPLES = Path(__file__).resolve().parents[2] / "casefiles" / "samples"


def _build_sample_module():
    spec = importlib.util.spec_from_file_location("build_sample", SAMPLES / "build_sample.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_sample_is_current_and_complete():
    build = _build_sample_module()
    tables, truth = build.build_tables()
    committed = pd.read_csv(build.TRUTH, dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(truth.astype(str), committed, check_dtype=False)   # rebuild if this fails
    assert build.WORKBOOK.stat().st_size < 1_000_000 and build.TRUTH.stat().st_size < 1_000_000
    assert 300 <= len(tables["cases"]) <= 400 and 6 <= len(tables["units"]) <= 8
    assert set(committed.outcome) == set(OUTCOMES)
    names = {x for s in committed.injected for x in s.split(";") if x}
    assert names == set(DEFECT_KINDS)
    assert set(committed[committed.injected.str.contains("beyond_calendar")].outcome) >= {"unknown"}

    workbook = openpyxl.load_workbook(build.WORKBOOK, read_only=True)
    assert workbook.sheetnames == [t.label for t in TABLES.values()]
    sheet = workbook[TABLES["cases"].label]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header == [c.label for c in TABLES["cases"].columns]
    ids = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ids == list(pd.unique(committed.case_id))
