"""Build the bundled sample workbook 三项制度评查样例.xlsx and its ground truth from the generator.

Run: python casefiles/samples/build_sample.py [--check]
The truth is judged as of casefiles.generate.AS_OF (2026-11-20): review the sample with
`casereview review 三项制度评查样例.xlsx --as-of 2026-11-20`. --check does that in-process and
reports any finding that disagrees with the truth.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from casereview.casefiles.generate import AS_OF, DEFECT_KINDS, generate_tables
from casereview.casefiles.loader import load_casefiles
from casereview.casefiles.writers import write_tables
from casereview.engine.model.pack import load_pack
from casereview.engine.run.review import review

HERE = Path(__file__).resolve().parent
WORKBOOK = HERE / "三项制度评查样例.xlsx"
TRUTH = HERE / "三项制度评查样例_truth.csv"
SEED, POOL, UNITS = 2026, 4000, 7     # generate a pool, then pick the sample from it
TARGET, PER_KIND, CLEAN_SHARE = 360, 2, 0.55


def select(truth: pd.DataFrame, seed: int = SEED) -> list[str]:
    """Case ids of the sample: every injected kind and every rule outcome, then a realistic mix."""
    rng = np.random.default_rng(seed)
    order = pd.unique(truth.case_id)
    rank = {c: i for i, c in enumerate(order)}
    kinds = truth[truth.injected != ""].assign(kind=lambda t: t.injected.str.split(";")).explode("kind")
    picked: set[str] = set()
    for kind in DEFECT_KINDS:
        ids = sorted(kinds.loc[kinds.kind == kind, "case_id"].unique(), key=rank.get)
        picked.update(rng.choice(ids, size=min(PER_KIND, len(ids)), replace=False).tolist() if ids else [])
    for (rule, outcome), rows in truth.groupby(["rule_id", "outcome"], sort=True):
        if not rows.case_id.isin(picked).any():
            picked.add(rows.case_id.iloc[int(rng.integers(len(rows)))])
    dirty = set(kinds.case_id)
    clean = [c for c in order if c not in dirty and c not in picked]
    others = [c for c in order if c in dirty and c not in picked]
    n_clean = max(0, round(CLEAN_SHARE * TARGET) - sum(c not in dirty for c in picked))
    picked.update(rng.choice(clean, size=min(n_clean, len(clean)), replace=False).tolist())
    n_rest = max(0, TARGET - len(picked))
    picked.update(rng.choice(others, size=min(n_rest, len(others)), replace=False).tolist())
    return sorted(picked, key=rank.get)


def build_tables() -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """The sample's seven tables and its truth (one row per case x rule)."""
    tables, truth = generate_tables(POOL, SEED, n_units=UNITS)
    keep = select(truth)
    out = {name: (df[df.case_id.isin(keep)].reset_index(drop=True) if "case_id" in df else df)
           for name, df in tables.items()}
    return out, truth[truth.case_id.isin(keep)].reset_index(drop=True)


def write(tables: dict[str, pd.DataFrame], truth: pd.DataFrame) -> None:
    write_tables(tables, WORKBOOK, "xlsx", headers="zh")
    truth.to_csv(TRUTH, index=False, encoding="utf-8-sig", lineterminator="\n")


def check() -> int:
    """Review the written workbook with the standard pack and count disagreements with the truth."""
    res = review(load_casefiles(WORKBOOK), load_pack(), AS_OF)
    truth = pd.read_csv(TRUTH, dtype=str, keep_default_na=False)
    got = res.findings[["case_id", "rule_id", "outcome", "reason"]]
    m = truth.merge(got, on=["case_id", "rule_id"], how="left", suffixes=("", "_review"))
    bad = m[m.outcome != m.outcome_review]
    for r in bad.itertuples():
        print(f"{r.case_id} {r.rule_id}: 标准答案 {r.outcome}，评查结果 {r.outcome_review}（{r.injected}）{r.reason}")
    print(f"{len(m)} 条判定，{len(bad)} 条与标准答案不一致")
    return len(bad)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="review the built workbook and compare with the truth")
    args = ap.parse_args()
    tables, truth = build_tables()
    write(tables, truth)
    print(f"{WORKBOOK.name}: {len(tables['cases'])} 件案卷，{len(tables['units'])} 个单位；{TRUTH.name}")
    if args.check:
        raise SystemExit(1 if check() else 0)


if __name__ == "__main__":
    main()
