"""Masking personal data in published outputs: party names (张某某 → 张**) and ID numbers (first 6 + last 4).

Who is a person: `party_type` decides. 个人 → the name is masked; 单位 → the name of a company or
organisation is not personal data (it is published with the decision anyway) and is kept. With no
party_type the name is masked unless it ends like an organisation's name (公司、厂、局 …): when in
doubt, mask.
"""
from __future__ import annotations

import re

import pandas as pd

COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
                     "宇文", "司徒", "夏侯", "令狐", "端木", "独孤", "南宫", "西门", "呼延", "申屠")
ORGANISATION_ENDINGS = ("公司", "厂", "店", "部", "中心", "局", "所", "站", "社", "会", "院", "校", "馆",
                        "行", "场", "队", "处", "委员会", "合作社", "事务所", "工作室", "集团", "银行")
PERSON, ORGANISATION = "个人", "单位"

# 18-digit 居民身份证号码 (17 digits + check digit 0-9/X) or the old 15-digit form, not inside a longer
# run of letters or digits (so amounts and codes with letters around them are left alone).
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")


def mask_id_number(number: str) -> str:
    """110101199003071234 → 110101********1234; shorter than 11 characters → all stars."""
    text = str(number).strip()
    if len(text) < 11:
        return "*" * len(text)
    return text[:6] + "*" * (len(text) - 10) + text[-4:]


def mask_person_name(name: str) -> str:
    """张某某 → 张**, 张三 → 张*, 欧阳娜娜 → 欧阳**: the surname stays, every other character is a star."""
    text = str(name).strip()
    if len(text) <= 1:
        return "*" * len(text)
    keep = 2 if len(text) >= 3 and text.startswith(COMPOUND_SURNAMES) else 1
    return text[:keep] + "".join(" " if ch.isspace() else "*" for ch in text[keep:])


def looks_like_organisation(name: str) -> bool:
    return str(name).strip().endswith(ORGANISATION_ENDINGS)


def mask_party(name, party_type: str | None = None):
    """A party name as it may be published: persons masked, organisations kept (see module docstring)."""
    if name is None or (not isinstance(name, str) and pd.isna(name)):
        return name
    text = mask_text(str(name))
    if party_type == ORGANISATION or (party_type != PERSON and looks_like_organisation(text)):
        return text
    return mask_person_name(text)


def mask_text(text):
    """Free text with every ID-number-like digit run masked; anything that is not a string is returned as is."""
    if not isinstance(text, str):
        return text
    return _ID_NUMBER.sub(lambda m: mask_id_number(m.group(1)), text)


def mask_cases(cases: pd.DataFrame) -> pd.DataFrame:
    """A copy of a cases frame fit for publication: party_name masked by party_type, ID numbers in text masked."""
    out = cases.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(mask_text, na_action="ignore")
    if "party_name" in out.columns:
        types = out["party_type"] if "party_type" in out.columns else pd.Series(None, index=out.index)
        out["party_name"] = [mask_party(n, t if isinstance(t, str) else None)
                             for n, t in zip(out["party_name"], types)]
    return out
