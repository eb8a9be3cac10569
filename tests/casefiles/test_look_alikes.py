"""Ids a reader takes for one another: full width, letter case and white space aside (casefiles.lookup)."""
from __future__ import annotations

import pyarrow as pa

from casereview.casefiles.lookup import id_key, look_alikes


def test_id_key_sets_aside_width_case_and_spaces():
    assert id_key(["Ａ３２０１５", "a32015", "A 320\u300015", "A32015"]).to_pylist() == ["a32015"] * 4


def test_id_key_keeps_what_a_reader_would_not_merge():
    assert len(set(id_key(["A32015", "A32O15", "A-32015", "A32015号"]).to_pylist())) == 4


def test_look_alikes_names_every_case_a_stray_reads_as():
    cases = pa.array(["C1", "c1", "C2", "C3", None])
    assert look_alikes(["ｃ１", "C 2", "C9", None, "C3"], cases) == {"ｃ１": ["C1", "c1"], "C 2": ["C2"]}


def test_look_alikes_of_nothing():
    assert look_alikes([], ["C1"]) == {} and look_alikes(["C1"], []) == {}
