"""Synthetic units and officers: names, roles, enforcement certificates and their validity."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from casereview.casefiles.generate_calendar import EPOCH, day

# (name, police?) — interleaved so that a handful of units mixes both sectors.
UNIT_NAMES = (
    ("南京市公安局玄武分局", True), ("玄武区市场监督管理局新街口所", False),
    ("南京市公安局秦淮分局", True), ("秦淮区市场监督管理局夫子庙所", False),
    ("南京市公安局建邺分局", True), ("鼓楼区市场监督管理局湖南路所", False),
    ("南京市公安局鼓楼分局", True), ("江宁区市场监督管理局东山所", False),
    ("南京市公安局栖霞分局", True), ("栖霞区市场监督管理局仙林所", False),
    ("南京市公安局雨花台分局", True), ("建邺区市场监督管理局南苑所", False),
    ("南京市公安局江宁分局", True), ("浦口区市场监督管理局江浦所", False),
    ("南京市公安局浦口分局", True), ("雨花台区市场监督管理局赛虹桥所", False),
    ("南京市公安局六合分局", True), ("六合区市场监督管理局雄州所", False),
    ("南京市公安局溧水分局", True), ("溧水区市场监督管理局永阳所", False),
    ("南京市公安局高淳分局", True), ("高淳区市场监督管理局淳溪所", False),
    ("南京市公安局交通管理局", True), ("南京市公安局江北新区分局", True),
)
POLICE_PARENT, MARKET_PARENT = "U320100", "U320150"
SURNAMES = list("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华鹏辉玲建国文斌宇浩凯晨蕾雪峰")


@dataclass
class Staff:
    """Officer ids per unit by slot, as flat arrays with per-unit offsets and counts."""
    units: pd.DataFrame
    officers: pd.DataFrame
    police: np.ndarray          # per unit: police (True) or market regulation
    regular: np.ndarray         # 执法人员 with a valid certificate, flat
    reg_off: np.ndarray
    reg_n: np.ndarray
    reviewer: np.ndarray        # 法制审核人员, flat
    rev_off: np.ndarray
    rev_n: np.ndarray
    auxiliary: np.ndarray       # 执法辅助人员 (no certificate), flat
    aux_off: np.ndarray
    aux_n: np.ndarray
    expired: np.ndarray         # per unit: one 执法人员 whose certificate expired before start
    unknown_prefix: np.ndarray  # per unit: officer ids starting with this are never issued


def _dates(days) -> pd.Series:
    """Day numbers (None = not limited) as a datetime64[us] column."""
    arr = np.array([np.datetime64("NaT") if d is None else EPOCH + d for d in days],
                   dtype="datetime64[D]")
    return pd.Series(arr.astype("datetime64[us]"))


def make_staff(rng: np.random.Generator, n_units: int, start: date) -> Staff:
    if not 1 <= n_units <= len(UNIT_NAMES):
        raise ValueError(f"n_units must be 1..{len(UNIT_NAMES)}")
    names = UNIT_NAMES[:n_units]
    police = np.array([p for _, p in names])
    unit_ids, n_pol, n_mkt = [], 0, 50
    for _, is_police in names:
        if is_police:
            n_pol += 1
        else:
            n_mkt += 1
        unit_ids.append(f"U3201{n_pol if is_police else n_mkt:02d}")

    s0 = day(start)
    rows = []
    slots = {"regular": [], "reviewer": [], "auxiliary": [], "expired": []}
    offs = {k: [] for k in slots}
    for u, uid in enumerate(unit_ids):
        n_rev = int(rng.integers(1, 3))
        n_aux = int(rng.integers(1, 4))
        n_reg = int(rng.integers(9, 13))
        kinds = ["regular"] * n_reg + ["expired"] + ["reviewer"] * n_rev + ["auxiliary"] * n_aux
        for k in slots:
            offs[k].append(len(slots[k]))
        for i, kind in enumerate(kinds):
            oid = f"{uid[1:]}{i + 1:03d}"
            name = SURNAMES[rng.integers(len(SURNAMES))] + "".join(
                GIVEN[g] for g in rng.integers(len(GIVEN), size=int(rng.integers(1, 3))))
            vf = vt = None
            cert = f"苏执{uid[1:]}{i + 1:03d}"
            if kind == "auxiliary":
                cert = None
            elif kind == "expired":
                vf = s0 - int(rng.integers(6 * 365, 7 * 365))
                vt = s0 - int(rng.integers(1, 200))
            else:
                if i >= 2 and rng.random() < 0.8:   # the first two regulars: no start limit
                    vf = s0 - int(rng.integers(60, 5 * 365))
                if rng.random() < 0.8:
                    vt = day("2027-03-31") + int(rng.integers(0, 4 * 365))
            role = {"reviewer": "法制审核人员", "auxiliary": "执法辅助人员"}.get(kind, "执法人员")
            rows.append((oid, name, uid, role, cert, vf, vt))
            slots[kind].append(oid)

    cols = list(zip(*rows))
    officers = pd.DataFrame({
        "officer_id": pd.Series(cols[0], dtype=object),
        "name": pd.Series(cols[1], dtype=object),
        "unit_id": pd.Series(cols[2], dtype=object),
        "role": pd.Series(cols[3], dtype=object),
        "certificate_no": pd.Series(cols[4], dtype=object),
        "certificate_valid_from": _dates(cols[5]),
        "certificate_valid_to": _dates(cols[6]),
    })

    counts = officers.groupby("unit_id", sort=False)["role"].value_counts().unstack(fill_value=0)
    staff_n = (counts.get("执法人员", 0) + counts.get("法制审核人员", 0)).reindex(unit_ids).to_numpy()
    rev_n = np.diff(offs["reviewer"] + [len(slots["reviewer"])])
    declared = rng.random(n_units) < 0.5     # half the units state their totals
    units = pd.DataFrame({
        "unit_id": pd.Series(unit_ids, dtype=object),
        "name": pd.Series([n for n, _ in names], dtype=object),
        "parent_id": pd.Series(np.where(police, POLICE_PARENT, MARKET_PARENT), dtype=object),
        "enforcement_staff": pd.array(np.where(declared, staff_n * rng.integers(3, 8, n_units), 0),
                                      dtype="Int64"),
        "legal_reviewers": pd.array(np.where(declared, rev_n + rng.integers(0, 4, n_units), 0),
                                    dtype="Int64"),
        "field": pd.Series(np.where(police, "公安", "市场监管"), dtype=object),     # 执法领域 (--overlay-for)
    })
    units.loc[~declared, ["enforcement_staff", "legal_reviewers"]] = pd.NA

    def flat(kind):
        arr = np.array(slots[kind], dtype=object)
        off = np.array(offs[kind], dtype=np.int64)
        return arr, off, np.diff(np.append(off, len(arr)))

    reg, reg_off, reg_n = flat("regular")
    rev, rev_off, rev_n = flat("reviewer")
    aux, aux_off, aux_n = flat("auxiliary")
    return Staff(units, officers, police, reg, reg_off, reg_n, rev, rev_off, rev_n,
                 aux, aux_off, aux_n, np.array(slots["expired"], dtype=object),
                 np.array([f"{u[1:]}9" for u in unit_ids], dtype=object))
