"""Backend edge cases found by rule authors: bare nullable booleans, packs without unit rules."""
from datetime import date

from casereview.engine.model.pack import load_pack
from casereview.engine.run.review import review
from casereview.rules import STANDARD_PACK
from tests.support import OFFICERS, casefile_set


def _pack(tmp_path, text_edit):
    text = STANDARD_PACK.read_text(encoding="utf-8")
    path = tmp_path / "p.yaml"
    path.write_text(text_edit(text), encoding="utf-8")
    return load_pack(path)


def test_bare_nullable_boolean_fact(tmp_path):
    # GS02 made to apply only to cases with a hearing; hearing_held empty → not true → na
    loaded = _pack(tmp_path, lambda t: t.replace("    applies: act_count > 0\n",
                                                 "    applies: hearing_held and act_count > 0\n", 1))
    cfs = casefile_set([dict(case_id="C1", unit_id="U1", case_type="行政处罚", hearing_held=None),
                        dict(case_id="C2", unit_id="U1", case_type="行政处罚", hearing_held=True)],
                       acts=[dict(act_id="A1", case_id="C1", officer_ids=["P1", "P2"], certificate_shown=True),
                             dict(act_id="A2", case_id="C2", officer_ids=["P1", "P2"], certificate_shown=True)],
                       officers=OFFICERS)
    results = [review(cfs, loaded, date(2025, 1, 1), engine=e).findings for e in ("vector", "durable")]
    for f in results:
        gs02 = f[f["rule_id"] == "GS02"].set_index("case_id")["outcome"]
        assert gs02.to_dict() == {"C1": "na", "C2": "pass"}


def test_pack_without_unit_level_rules(tmp_path):
    def drop_fs04(text):
        start = text.index("  - id: FS04")
        end = text.index("  - id: CX01")
        return text[:start] + text[end:]
    loaded = _pack(tmp_path, drop_fs04)
    cfs = casefile_set([dict(case_id="C1", unit_id="U1", case_type="行政处罚")], acts=[], officers=OFFICERS)
    for engine in ("vector", "durable"):
        res = review(cfs, loaded, date(2025, 1, 1), engine=engine)
        assert len(res.unit_findings) == 0 and len(res.findings) == 14
