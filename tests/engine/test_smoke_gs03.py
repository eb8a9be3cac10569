"""GS03 on the domain's worked example: decision 2024-09-30, National Day, 10-12 make-up Saturday."""
from datetime import date

import pytest

from tests.support import OFFICERS, outcome, run


@pytest.mark.parametrize("published, expected, fragment", [
    ("2024-10-15", "pass", "未超过期限 2024-10-15（决定后第7个工作日）"),
    ("2024-10-16", "fail", "公示日期 2024-10-16 晚于期限 2024-10-15（决定后第7个工作日）"),
])
def test_publication_across_national_day(published, expected, fragment):
    case = dict(case_id="C1", unit_id="U1", case_type="行政处罚", decision_date="2024-09-30",
                published_date=published)
    res = run([case], acts=[], officers=OFFICERS, as_of=date(2026, 11, 20))
    got, reason = outcome(res, "C1", "GS03")
    assert got == expected
    assert fragment in reason
