"""The process's one durable_rules host and the rulesets registered on it (once per pack digest and level).

The host's timer threads are never started: facts are only asserted synchronously. Each registered
ruleset appends its matches — (row, rule id, branch) — to its own list, read and cleared by `decide`.
"""
from __future__ import annotations

from typing import Callable

from casereview.errors import UsageError

try:
    from durable import engine as durable_engine
except ImportError:        # optional: durable_rules has no build for Python 3.13 and later
    durable_engine = None

INSTALLED = durable_engine is not None
_host = None
_hits: dict[str, list] = {}      # ruleset name → (row, rule_id, branch) of every match
_groups: dict[str, int] = {}     # ruleset name → how many groups its rules are split into (decide)

if INSTALLED:
    class QuietHost(durable_engine.Host):
        """A host without timer threads: we only assert synchronously."""

        def _run(self):
            pass


def registered(name: str, build: Callable[[list], dict], missing: str) -> tuple[object, list]:
    """The shared host (created on first use) and the match list of ruleset `name`, registering
    `build(hits)` on the host the first time; `missing`: the Chinese reason raised when not installed."""
    global _host
    if not INSTALLED:
        raise UsageError(missing)
    if _host is None:
        _host = QuietHost()
    if name not in _hits:
        _hits[name] = []
        _host.set_rulesets({name: build(_hits[name])})
    return _host, _hits[name]


def group_count(name: str, default: int) -> int:
    """Into how many rulesets the rules of `name` are split (`default` until durable_rules overflowed)."""
    return _groups.get(name, default)


def set_group_count(name: str, count: int) -> None:
    _groups[name] = count
