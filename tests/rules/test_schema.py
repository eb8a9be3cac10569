"""rules/pack.schema.json: current with the model, accepts the bundled packs, rejects what a schema can see."""
import json
from pathlib import Path

import pytest
import yaml

from casereview.cli.main import main
from casereview.cli.rules_lint import SCHEMA_FILE, schema_text
from casereview.engine.model.pack_json_schema import pack_schema
from casereview.rules import OVERLAY_DIR, STANDARD_PACK

jsonschema = pytest.importorskip("jsonschema")     # test extra: jsonschema

TEN = Path(__file__).parent / "data" / "ten_mistakes.yaml"
BUNDLED = [STANDARD_PACK, OVERLAY_DIR / "police.yaml", OVERLAY_DIR / "templates" / "city_catalogue.yaml"]


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_committed_schema_is_generated_from_the_model():
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == pack_schema(), \
        "rules/pack.schema.json 已过期：请运行 casereview rules schema"


def test_schema_command_writes_and_checks(tmp_path, capsys):
    out = tmp_path / "s.json"
    assert main(["rules", "schema", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == schema_text()
    assert main(["rules", "schema", "--out", str(out), "--check"]) == 0
    out.write_text("{}", encoding="utf-8")
    assert main(["rules", "schema", "--out", str(out), "--check"]) == 1
    assert "已过期" in capsys.readouterr().out


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_bundled_packs_validate(validator, path):
    assert [e.message for e in validator.iter_errors(load(path))] == []


def test_schema_rejects_the_seeded_mistakes_it_can_express(validator):
    data = load(TEN)
    ids = [r["id"] for r in data["rules"]]
    errors = {(ids[e.absolute_path[1]], e.validator) for e in validator.iter_errors(data)}
    assert errors == {("GS02", "type"), ("GS03", "additionalProperties"), ("JL03", "required"),
                      ("FS01", "enum"), ("CX02", "const"), ("CX03", "enum")}


def _rule(**changes):
    rule = {"id": "GS90", "system": "公示", "title": "t", "basis": "b", "otherwise": {"reason": "r"}}
    return {k: v for k, v in {**rule, **changes}.items() if v is not None}


# (description, change to a copy of the standard pack)
REJECTED = [
    ("unknown top-level key", lambda d: d.update(rule=[])),
    ("unknown parameter key", lambda d: d["parameters"].update(min_officer=2)),
    ("wrong parameter type", lambda d: d["parameters"].update(min_officers="两人")),
    ("bad outcome", lambda d: d["rules"].append(_rule(otherwise={"outcome": "failed", "reason": "r"}))),
    ("bad severity", lambda d: d["rules"].append(_rule(severity="严格"))),
    ("bad level", lambda d: d["rules"].append(_rule(level="units"))),
    ("bad rule id", lambda d: d["rules"].append(_rule(id="gs90"))),
    ("missing title", lambda d: d["rules"].append(_rule(title=None))),
    ("missing grading", lambda d: d.pop("grading")),
    ("deadline with both kinds of days", lambda d: d["parameters"]["deadlines"]["serve"].update(calendar_days=7)),
    ("negative deduction", lambda d: d["rules"].append(_rule(deduction=-5))),
]


@pytest.mark.parametrize("desc, change", REJECTED, ids=[r[0] for r in REJECTED])
def test_schema_rejects(validator, desc, change):
    data = load(STANDARD_PACK)
    change(data)
    assert not validator.is_valid(data)


def test_overlay_may_be_partial_but_not_misspelt(validator):
    ok = {"pack": {"id": "x", "extends": "三项制度"}, "parameters": {"deadlines": {"decide": {"calendar_days": 60}}},
          "rules": [{"id": "GS02", "deduction": 3}], "disable": ["JL03"]}
    assert validator.is_valid(ok)
    assert not validator.is_valid({**ok, "disabled": ["JL03"]})
    assert not validator.is_valid({**ok, "rules": [{"id": "GS02", "deducton": 3}]})
