"""Loading packs: the bundled ones load; mistakes fail at load time with file, line, rule id, did-you-mean."""
from pathlib import Path

import pytest

from casereview.errors import PackError
from casereview.engine.model.pack import load_pack
from casereview.rules import STANDARD_PACK

CATALOGUE = ["GS01", "GS02", "GS03", "GS04", "GS05", "JL01", "JL02", "JL03",
             "FS01", "FS02", "FS03", "FS04", "CX01", "CX02", "CX03"]


def test_standard_pack_has_every_rule_of_the_catalogue():
    loaded = load_pack()
    assert [r.id for r in loaded.pack.rules] == CATALOGUE
    veto = {r.id for r in loaded.pack.rules if r.veto}
    assert veto == {"GS01", "FS01", "FS02", "CX02"}
    deductions = {r.id: r.deduction for r in loaded.pack.rules if r.deduction}
    assert deductions == {"GS02": 5, "GS03": 10, "GS04": 5, "GS05": 5, "JL01": 10, "JL02": 15,
                          "FS03": 10, "CX01": 10, "CX03": 5}
    assert all(r.basis and r.title for r in loaded.pack.rules)


def test_police_overlay_changes_only_parameters():
    base, police = load_pack(), load_pack(overlays=["police"])
    assert [r.model_dump() for r in base.pack.rules] == [r.model_dump() for r in police.pack.rules]
    assert police.params.single_officer.procedures == ["简易程序"]
    assert police.params.deadlines["decide"].calendar_days_by_subtype == {"治安案件": 30}
    assert police.params.deadlines["decide"].calendar_days == 90
    assert all(key[0] == "parameters" for key in police.provenance)
    assert police.digest != base.digest


def _pack_with(tmp_path: Path, old: str, new: str) -> Path:
    text = STANDARD_PACK.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "bad.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line_of(path: Path, fragment: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if fragment in line)


def test_unknown_fact_names_file_line_rule_and_suggestion(tmp_path):
    path = _pack_with(tmp_path, "applies: case_type in $publish_short_types and has_decision",
                      "applies: case_type in $publish_short_types and has_decison")
    with pytest.raises(PackError) as e:
        load_pack(path)
    err = e.value
    assert err.rule_id == "GS03" and err.suggestion == "has_decision"
    assert err.line == _line_of(path, "has_decison")
    assert "bad.yaml" in str(err) and "has_decison" in str(err) and "has_decision" in str(err)


def test_unknown_parameter_suggests(tmp_path):
    path = _pack_with(tmp_path, "$publish_short_types and", "$publish_short_type and")
    with pytest.raises(PackError) as e:
        load_pack(path)
    assert e.value.suggestion == "publish_short_types"


def test_type_error_at_load_time(tmp_path):
    path = _pack_with(tmp_path, "when: act_count == 0", "when: act_count == '零'")
    with pytest.raises(PackError, match="act_count") as e:
        load_pack(path)
    assert e.value.rule_id == "GS01"


def test_python_tag_is_refused(tmp_path):
    path = tmp_path / "evil.yaml"
    path.write_text("pack: !!python/object/apply:os.system ['echo pwned']\n", encoding="utf-8")
    with pytest.raises(PackError, match="YAML"):
        load_pack(path)


def test_unknown_key_with_did_you_mean(tmp_path):
    path = _pack_with(tmp_path, "    deduction: 10\n    applies: case_type in", "    deducton: 10\n    applies: case_type in")
    with pytest.raises(PackError) as e:
        load_pack(path)
    assert e.value.suggestion == "deduction"
    assert e.value.line == _line_of(path, "deducton")


def test_unknown_overlay_is_named():
    with pytest.raises(PackError, match="police"):
        load_pack(overlays=["polise"])
