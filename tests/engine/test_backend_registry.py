"""The backend registry: names and order, the same files in every backend folder, Chinese errors for
a name that is unknown or cannot run here, and every backend choosing the same branches on hand-built facts."""
from __future__ import annotations

import dataclasses
import importlib
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from casereview.cli.main import main
from casereview.engine.backends.base import Backend
from casereview.engine.backends.registry import BACKENDS, get_backend
from casereview.engine.model import expr
from casereview.engine.model.catalogue import Fact
from casereview.engine.model.expr import DATE, NUMBER, TEXT, BoolOp, Compare, Const, FactTrue, IsNull, Not
from casereview.engine.model.pack import Branch, CompiledRule, load_pack
from casereview.engine.model.rule import Rule
from casereview.engine.run.review import decide
from casereview.errors import UsageError

FILES = {"__init__.py", "compile.py", "decide.py"}
EXTRA_FILES = {"durable": {"host.py"},      # the process's one durable_rules host
               "dask": {"cluster.py"}}       # the process's cluster connection and its local worker processes


def test_backends_in_order():
    assert list(BACKENDS) == ["vector", "durable", "dask"]
    for name, backend in BACKENDS.items():
        assert isinstance(backend, Backend) and backend.name == name and backend.label


@pytest.mark.parametrize("name", ["vector", "durable", "dask"])
def test_every_backend_folder_has_the_same_files(name):
    package = importlib.import_module(f"casereview.engine.backends.{name}")
    assert package.BACKEND is BACKENDS[name]
    folder = Path(package.__file__).parent
    assert {p.name for p in folder.glob("*.py")} == FILES | EXTRA_FILES.get(name, set())


def test_unknown_name_is_a_usage_error_naming_the_choices():
    with pytest.raises(UsageError) as raised:
        get_backend("pandas")
    assert raised.value.exit_code == 4
    assert str(raised.value) == "未知引擎“pandas”（可选：vector、durable、dask）"


def test_review_decide_refuses_an_unknown_engine_the_same_way():
    with pytest.raises(UsageError, match="未知引擎“spark”（可选：vector、durable、dask）"):
        decide("spark", load_pack(), pd.DataFrame({"case_id": ["C1"]}), "case")


def test_cli_offers_the_registered_engines(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["review", "x.xlsx", "--out", "o", "--engine", "pandas"])
    assert stop.value.code == 4
    assert "参数 --engine：取值 'pandas' 无效（可选：vector、durable、dask）" in capsys.readouterr().err


class Absent(Backend):
    """A backend whose library is not installed here (as durable_rules on Python 3.13)."""

    name = "absent"
    label = "缺席引擎"

    def available(self) -> bool:
        return False

    def unavailable_reason(self) -> str:
        return "未安装 absent-rules"

    def decide(self, loaded, facts, level, **options):
        raise AssertionError("an unavailable backend is never asked to decide")


def test_unavailable_backend_is_a_usage_error_with_its_reason(monkeypatch):
    monkeypatch.setitem(BACKENDS, "absent", Absent())
    with pytest.raises(UsageError) as raised:
        get_backend("absent")
    assert raised.value.exit_code == 4
    assert str(raised.value) == ("引擎 absent（缺席引擎）在本机不可用：未安装 absent-rules"
                                 "（本机可用：vector、durable、dask）")


# --- all backends agree on a hand-built fact table ---------------------------------------------

FACTS = pd.DataFrame({
    "case_id": ["C1", "C2", "C3", "C4", "C5", "C6"],
    "days": [3.0, 8.0, np.nan, 7.0, 10.0, 0.0],
    "major": [True, False, None, True, True, False],
    "decided": pd.to_datetime(["2025-01-10", "2024-12-31", None, "2025-01-01", "2024-06-01", "2025-03-01"]),
    "act_kind": ["处罚", "许可", None, "检查", "处罚", "强制"],
    "acts": [2.0, 0.0, 1.0, 5.0, 0.0, 1.0],          # declared never null
})
NEW_YEAR = date(2025, 1, 1)


def _rule(rule_id: str, *branches: expr.Node) -> CompiledRule:
    rule = Rule(id=rule_id, system="测试", title=rule_id, basis="—", otherwise={"reason": "—"})
    read = set().union(*(expr.facts_of(b) for b in branches))
    return CompiledRule(rule, [Branch(b, "pass", "—") for b in branches], read)


RULES = [
    # days null → 0; days > 7 → 1; else 2
    _rule("TT01", IsNull("days"), Compare("days", ">", 7, NUMBER), Const(True, expr.BOOL)),
    # not (major is true) → 0 (None is not true); decided before 2025 → 1; act_kind 处罚/强制 → 2; else none (-1)
    _rule("TT02", Not(FactTrue("major")), Compare("decided", "<", NEW_YEAR, DATE),
          Compare("act_kind", "in", ("处罚", "强制"), TEXT)),
    # act_kind present and not 处罚, or decided null → 0; days present, != 3 and not decided ≥ 2025 → 1; else 2
    _rule("TT03", BoolOp("or", (Compare("act_kind", "not in", ("处罚",), TEXT), IsNull("decided"))),
          BoolOp("and", (IsNull("days", negated=True), Compare("days", "!=", 3, NUMBER),
                         Not(Compare("decided", ">=", NEW_YEAR, DATE)))),
          Const(True, expr.BOOL)),
    # a never-null fact (its negation needs no "missing" alternative): acts ≥ 2 → 0; acts ≠ 0 → 1; else 2
    _rule("TT04", Compare("acts", ">=", 2, NUMBER), Not(Compare("acts", "==", 0, NUMBER)), Const(True, expr.BOOL)),
]
EXPECTED = {                      # worked out row by row from the comments above: C1 … C6
    "TT01": [2, 1, 0, 2, 1, 2],
    "TT02": [2, 0, 0, -1, 1, 0],
    "TT03": [2, 0, 0, 0, 1, 0],
    "TT04": [0, 2, 1, 0, 2, 1],
}


@pytest.fixture(scope="module")
def hand_built_pack():
    """The standard pack's model with the rules above, under a digest of its own (durable registers a
    ruleset per digest and level, shared by every test in the worker)."""
    acts = Fact("acts", NUMBER, "活动数", "—", "—", nullable=False)
    return dataclasses.replace(load_pack(), digest="handbuiltregistry" + "0" * 47, compiled=RULES,
                               case_facts={"acts": acts}, unit_facts={})


@pytest.mark.parametrize("name", ["vector", "durable", "dask"])
def test_every_backend_chooses_the_hand_worked_branches(hand_built_pack, name):
    got = get_backend(name).decide(hand_built_pack, FACTS, "case", partitions=3)
    assert list(got) == list(EXPECTED)
    for rule_id, want in EXPECTED.items():
        assert got[rule_id].tolist() == want, rule_id
