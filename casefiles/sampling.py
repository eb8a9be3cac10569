"""Reproducible stratified sampling of case files for manual review (抽查): N cases per unit (× case type …)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from casereview.errors import UsageError

STRATA_CHOICES = {"case_type": "执法类别", "case_subtype": "案件细类", "procedure": "程序类型"}
METHOD = ("分层随机抽样：按办案单位{by}分层；每层内的案件按案件编号排序后，用 numpy 随机数发生器"
          "（种子 = 抽样种子与该层名称的 SHA-256 摘要）无放回抽取 {n} 件，不足 {n} 件的层全部抽取。"
          "同一输入（不论行的顺序）和同一种子总得到同一样本；某一层的样本不受其他层增减的影响。")


@dataclass
class Sample:
    """cases: the sampled cases (canonical columns); strata: one row per stratum with population and sampled."""
    cases: pd.DataFrame
    strata: pd.DataFrame
    per_stratum: int
    seed: int
    by: tuple[str, ...]

    def method(self) -> str:
        by = "".join(f"×{STRATA_CHOICES[b]}" for b in self.by)
        return METHOD.format(by=by, n=self.per_stratum)


def stratified_sample(cases: pd.DataFrame, per_stratum: int, seed: int, by: tuple[str, ...] = ()) -> Sample:
    """Up to `per_stratum` cases from each stratum (unit_id plus the `by` columns), reproducibly for `seed`."""
    if per_stratum < 1:
        raise UsageError(f"--per-unit 须为正整数：{per_stratum}")
    if seed < 0:
        raise UsageError(f"--seed 须为非负整数：{seed}")
    unknown = [b for b in by if b not in STRATA_CHOICES]
    if unknown:
        raise UsageError(f"不能按 {'、'.join(unknown)} 分层；可选：{'、'.join(STRATA_CHOICES)}")
    keys = ["unit_id", *by]
    population = cases.assign(**{k: cases[k].fillna("").astype(str) for k in keys})
    population = population.sort_values(["case_id", *keys], kind="stable").reset_index(drop=True)
    picked, strata = [], []
    for key, group in population.groupby(keys, sort=True):
        key = key if isinstance(key, tuple) else (key,)
        take = min(per_stratum, len(group))
        rng = np.random.default_rng([seed, _stratum_number(key)])
        rows = np.sort(rng.choice(len(group), size=take, replace=False))
        picked.append(group.iloc[rows])
        strata.append({**dict(zip(keys, key)), "population": len(group), "sampled": take})
    sample = pd.concat(picked, ignore_index=True) if picked else population.iloc[0:0]
    strata_frame = pd.DataFrame(strata, columns=[*keys, "population", "sampled"])
    return Sample(sample, strata_frame, per_stratum, seed, tuple(by))


def _stratum_number(key: tuple) -> int:
    """A stable number for a stratum name (Python's hash() changes from run to run)."""
    digest = hashlib.sha256("\x1f".join(key).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")
