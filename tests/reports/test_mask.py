"""Masking personal data: party names by party_type, ID numbers (first 6 + last 4), ID runs inside free text."""
from __future__ import annotations

import pandas as pd
import pytest

from casereview.reports.mask import mask_cases, mask_id_number, mask_party, mask_person_name, mask_text


@pytest.mark.parametrize("name, expected", [
    ("张某某", "张**"), ("张三", "张*"), ("李", "*"), ("欧阳娜娜", "欧阳**"), ("欧阳", "欧*"),
    ("司马光", "司马*"), ("  王小明 ", "王**"), ("John Smith", "J*** *****"), ("", ""),
])
def test_person_names(name, expected):
    assert mask_person_name(name) == expected


@pytest.mark.parametrize("number, expected", [
    ("110101199003071234", "110101********1234"),
    ("11010119900307123X", "110101********123X"),
    ("110101900307123", "110101*****7123"),          # old 15-digit form: first 6 + last 4
    ("1234", "****"),
])
def test_id_numbers(number, expected):
    assert mask_id_number(number) == expected


@pytest.mark.parametrize("name, party_type, expected", [
    ("张某某", "个人", "张**"),
    ("南京某某科技有限公司", "单位", "南京某某科技有限公司"),      # organisations are not personal data
    ("华东某某化工厂", None, "华东某某化工厂"),                 # no type, but an organisation's ending
    ("王五", None, "王*"),                                    # no type: when in doubt, mask
    ("某某商店", "个人", "某***"),                             # 个人 wins over the look of the name (个体户)
    (None, "个人", None),
])
def test_parties(name, party_type, expected):
    assert mask_party(name, party_type) == expected


@pytest.mark.parametrize("text, expected", [
    ("当事人身份证 110101199003071234，住址", "当事人身份证 110101********1234，住址"),
    ("号码11010119900307123x。", "号码110101********123x。"),
    ("两个：110101199003071234/320102198801011234", "两个：110101********1234/320102********1234"),
    ("罚款 1048350 元，电话 13912345678", "罚款 1048350 元，电话 13912345678"),   # short runs untouched
    ("代码 91320102MA1XY2345Z", "代码 91320102MA1XY2345Z"),                     # letters around: not an ID
    ("1101011990030712345", "1101011990030712345"),                              # 19 digits: not an ID
])
def test_id_numbers_inside_text(text, expected):
    assert mask_text(text) == expected


def test_mask_cases_frame():
    cases = pd.DataFrame({"case_id": ["C1", "C2"], "party_type": ["个人", "单位"],
                          "party_name": ["赵六 320102198801011234", "某某有限公司"],
                          "publish_exempt_reason": ["涉及 110101199003071234 个人隐私", None]})
    out = mask_cases(cases)
    assert out["party_name"].tolist() == ["赵* " + "*" * 18, "某某有限公司"]
    assert out["publish_exempt_reason"][0] == "涉及 110101********1234 个人隐私"
    assert pd.isna(out["publish_exempt_reason"][1])
    assert cases["party_name"][0].startswith("赵六")        # the input is not changed
