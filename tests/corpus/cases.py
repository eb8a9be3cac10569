"""The bad-input corpus: every kind of broken input with its expected behaviour."""
from __future__ import annotations

from tests.corpus.cases_accepted import ACCEPTED_CASES
from tests.corpus.cases_files import FILE_CASES
from tests.corpus.cases_flat import FLAT_CASES
from tests.corpus.cases_layout import LAYOUT_CASES
from tests.corpus.cases_packs import PACK_CASES
from tests.corpus.cases_values import VALUE_CASES

CASES = [*FILE_CASES, *PACK_CASES, *VALUE_CASES, *ACCEPTED_CASES, *LAYOUT_CASES, *FLAT_CASES]
