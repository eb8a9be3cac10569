"""Batched reviews equal reviewing each scenario alone (features.review), on scenarios of every shape."""
import pandas as pd
import pytest
from pytest_bdd.feature import get_features

from casereview.features.registry import build_offline
from casereview.features.review import Batches, _frames, review_tables
from casereview.features.runner import BUNDLED_FEATURES
from casereview.features.world import SpecTarget, World

# scenarios with several cases, units, recordings, reviews, missing tables and an overlay
SAMPLES = {
    "recordings-tagged": "标注给另一项活动的录像不算",
    "reviewer-other-case": "在别的案件参加执法不构成冲突",
    "unit-rates": "单位合规率只算合规与不合规",
    "units-without-cases": "没有案件的单位也评查",
    "documents-two-cases": "别的案件的文书不算",
    "police-overlay": "录音录像不完整时仍须两人",
    "officers-missing": "输入中没有人员表时无法确认资格",
    "first-match": "一项不足、另一项待核时先判不合规",
}
SAMPLE = list(SAMPLES.values())


def sample_worlds() -> list[World]:
    worlds = {}
    for feature in get_features([str(BUNDLED_FEATURES)]):
        for name, template in feature.scenarios.items():
            if name in SAMPLE:
                contexts = [c for ex in template.examples for c in ex.as_contexts()] or [{}]
                w = World(target=SpecTarget(), feature_dir=BUNDLED_FEATURES)
                assert build_offline(template.render(contexts[0]), w), name
                worlds[name] = w
    assert set(worlds) == set(SAMPLE)
    return [worlds[name] for name in SAMPLE]


@pytest.fixture(scope="module")
def batched():
    worlds = sample_worlds()
    batches = Batches()
    for w in worlds:
        batches.announce(w)
    return [(w, batches.result(w)) for w in worlds]


@pytest.mark.parametrize("i", range(len(SAMPLE)), ids=list(SAMPLES))
def test_batched_equals_alone(batched, i):
    world, together = batched[i]
    assert together is not None
    alone = _frames(review_tables(world.group_key(), world.tables()))
    for name in ("findings", "cases", "unit_findings", "units"):
        # values must be equal; a column that is empty throughout may come back as text or as float
        left, right = (_values(getattr(r, name)) for r in (together, alone))
        pd.testing.assert_frame_equal(left, right, check_dtype=False, obj=name)


def _values(df: pd.DataFrame) -> pd.DataFrame:
    return df.astype(object).where(df.notna(), None)
