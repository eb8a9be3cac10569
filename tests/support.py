"""Test helper: case files from compact rows, reviewed on every backend, findings compared.

The helpers live in the product (features/engines.py, used by `casereview rules test`); this module
re-exports them for the tests and adds shared test rows."""
from __future__ import annotations

from casereview.features.engines import (  # noqa: F401
    BACKENDS, PACKS, casefile_set, frame, outcome, pack, review_on_every_engine, run)

# A qualified pair of officers and a reviewer, reused by most rule tests.
OFFICERS = [
    dict(officer_id="P1", name="张三", unit_id="U1", role="执法人员", certificate_no="ZF001"),
    dict(officer_id="P2", name="李四", unit_id="U1", role="执法人员", certificate_no="ZF002"),
    dict(officer_id="R1", name="王五", unit_id="U1", role="法制审核人员", certificate_no="ZF009"),
]
