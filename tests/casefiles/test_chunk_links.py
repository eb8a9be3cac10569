"""Records of one id spread over chunks tie those chunks together (they are rejected together), and so does a
recording whose act is in another chunk: found whether the ids come in increasing order (checked on neighbours
only) or not, with missing ids and padded ids (worked by hand)."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pyarrow as pa
import pytest

from casereview.casefiles.chunks import _act_links, _increasing, _repeated_ids


def _spans(ids: list, chunks: list[int]) -> list[tuple[int, int]]:
    ci = SimpleNamespace(arrow={"documents": pa.table({"doc_id": pa.array(ids, pa.string())})})
    return sorted(_repeated_ids(ci, {"documents": np.array(chunks)}, "documents"))


@pytest.mark.parametrize("ids, chunks, spans", [
    (["D1", "D2", "D3", "D4"], [0, 0, 1, 2], []),                      # increasing: nothing repeats
    (["D1", "D2", "D3", "D1"], [0, 0, 1, 2], [(0, 2)]),                # increasing, then back to D1
    (["D1", "D1", "D2"], [0, 1, 1], [(0, 1)]),                         # neighbours equal
    (["D1", "D2", None, "D1"], [0, 1, 2, 3], [(0, 3)]),                # a missing id: the order no proof
    ([" D1", "D1 "], [0, 1], [(0, 1)]),                                # the same id once padded
    (["D2", "D1", "D3"], [0, 1, 2], []),                               # out of order, all distinct
    (["D1", "D2", "D2"], [0, 1, 1], []),                               # repeated within one chunk only
])
def test_chunks_tied_by_a_repeated_id(ids, chunks, spans):
    assert _spans(ids, chunks) == spans


def test_increasing_means_every_id_there_and_above_the_last():
    assert _increasing(pa.array(["A1", "A2", "B"]))
    assert _increasing(pa.array(["A1"])) and _increasing(pa.array([], pa.string()))
    assert not _increasing(pa.array(["A1", "A1"]))
    assert not _increasing(pa.array(["A1", None, "A2"]))
    assert not _increasing(pa.array([None], pa.string()))
    assert not _increasing(pa.array(["B", "A"]))


def _act_spans(acts: list, act_chunks: list[int], recorded: list | None = None,
               recording_chunks: list[int] | None = None) -> list[tuple[int, int]]:
    arrow = {"acts": pa.table({"act_id": pa.array(acts, pa.string())})}
    assign = {"acts": np.array(act_chunks)}
    if recorded is not None:
        arrow["recordings"] = pa.table({"act_id": pa.array(recorded, pa.string())})
        assign["recordings"] = np.array(recording_chunks)
    return sorted(_act_links(SimpleNamespace(arrow=arrow), assign))


@pytest.mark.parametrize("acts, act_chunks, spans", [
    (["A1", "A2", "A3"], [0, 1, 2], []),
    (["C9-1", "C9-2", "C1-1", "C9-1"], [0, 0, 1, 2], [(0, 2)]),        # act ids by case: not increasing
    (["C9-1", None, "C1-1", None], [0, 1, 2, 3], []),                  # missing ids repeat nothing
])
def test_chunks_tied_by_a_repeated_act_id(acts, act_chunks, spans):
    assert _act_spans(acts, act_chunks) == spans


def test_chunks_tied_by_a_recording_of_an_act_elsewhere():
    acts, act_chunks = ["C9-1", "C9-2", "C1-1", "C5-1"], [0, 0, 1, 3]
    #           recordings of: C9-1 C9-1 C9-2 | C1-1 | C9-2 (in chunk 2) | X-1 (no such act) | none | C5-1 C5-1
    recorded = ["C9-1", "C9-1", "C9-2", "C1-1", "C9-2", "X-1", None, "C5-1", "C5-1"]
    recording_chunks = [0, 0, 0, 1, 2, 2, 2, 3, 3]
    assert _act_spans(acts, act_chunks, recorded, recording_chunks) == [(0, 2)]
    assert _act_spans(acts, act_chunks, ["C5-1", " C9-1 "], [1, 3]) == [(0, 3), (1, 3)]     # padded ids too
    assert _act_spans(acts + ["C1-1"], act_chunks + [2], ["C1-1"], [2]) == [(1, 2), (1, 2)]  # repeat + first copy
