"""Problems found in a pack: what is wrong, where it was written, and the log the checks add them to."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from casereview.engine.model.pack_yaml import PackFile, line_of
from casereview.errors import PackError


@dataclass(frozen=True)
class Problem:
    """One mistake in a pack: where it is, what is wrong, and what was probably meant.

    `fatal`: the pack cannot be used (review refuses it); otherwise a likely mistake that `rules lint`
    reports while review still runs (an unknown act type in a list, a key written twice, ...)."""
    file: str
    line: int | None
    rule_id: str | None
    message: str
    suggestion: str | None = None
    fatal: bool = field(default=True, compare=False)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        rule = f" 规则 {self.rule_id}" if self.rule_id else ""
        hint = f"；是否想写“{self.suggestion}”？" if self.suggestion else ""
        return f"{where}{rule}：{self.message}{hint}"

    def as_dict(self) -> dict:
        """The fields `rules lint --json` prints."""
        return {"file": self.file, "line": self.line, "rule_id": self.rule_id, "message": self.message,
                "suggestion": self.suggestion}


def closest(word, known) -> str | None:
    """Did-you-mean for short Chinese values, where one wrong character of two is a typo too."""
    match = difflib.get_close_matches(str(word), [str(k) for k in known], n=1, cutoff=0.5)
    return match[0] if match else None


def problem_from_error(e: PackError, fallback_file: str) -> Problem:
    """A file that cannot be found or parsed, as a problem (its message already in Chinese)."""
    return Problem(e.file or fallback_file, e.line, e.rule_id, e.message, e.suggestion)


@dataclass
class Locator:
    """Where a key path of the merged pack was written: the base file or the overlay that set it."""
    base: PackFile
    overlays: list[PackFile] = field(default_factory=list)
    rules: list[list[tuple[PackFile, int]]] = field(default_factory=list)   # merged index → (file, index there)

    def where(self, path: tuple) -> tuple[str, int | None]:
        if path[:1] == ("rules",) and len(path) > 1 and isinstance(path[1], int) and path[1] < len(self.rules):
            candidates = [(src, ("rules", i) + path[2:]) for src, i in self.rules[path[1]]]
            if len(path) > 2:          # a rule's key is replaced whole: inside it, only the last file writing it
                candidates = _last_writing(candidates, 3) or candidates
        elif path[:1] == ("grading",):  # grading is replaced whole
            candidates = _last_writing([(src, path) for src in (self.base, *self.overlays)], 1) or [(self.base, path)]
        elif path[:1] == ("pack",):     # merged pack info keeps the base's fields
            candidates = [(self.base, path)]
        else:
            candidates = [(src, path) for src in (self.base, *self.overlays)]
        exact = [(src, p) for src, p in candidates if p in src.lines]
        if exact:                      # the last file writing a value wins, as in the merge
            src, p = exact[-1]
            return str(src.path), src.lines[p]
        best = max(candidates, key=lambda c: _known_prefix(c[0].lines, c[1]))   # first among equals
        return str(best[0].path), line_of(best[0].lines, best[1])

    def later(self, first: tuple, second: tuple) -> tuple:
        """Of two paths, the one written in the later file (`first` when the same file)."""
        order = [str(src.path) for src in (self.base, *self.overlays)]
        rank = [order.index(f) if f in order else -1 for f, _ in (self.where(first), self.where(second))]
        return second if rank[1] > rank[0] else first


def _last_writing(candidates: list[tuple[PackFile, tuple]], depth: int) -> list[tuple[PackFile, tuple]]:
    """The last candidate whose file wrote the first `depth` keys of its path (as a one-item list), or []."""
    writing = [(src, p) for src, p in candidates if p[:depth] in src.lines]
    return writing[-1:]


def _known_prefix(lines: dict, path: tuple) -> int:
    return next((n for n in range(len(path), -1, -1) if path[:n] in lines), 0)


class ProblemLog:
    """The problems of one pack and its overlays, each placed at the file and line that wrote it."""

    def __init__(self, locator: Locator | None = None):
        self.locator, self.problems = locator, []

    def add(self, path: tuple, message: str, rule_id=None, suggestion=None, *, source: PackFile | None = None,
            fatal: bool = True) -> None:
        if source is not None:
            file, line = str(source.path), line_of(source.lines, path)
        else:
            file, line = self.locator.where(path)
        self.problems.append(Problem(file, line, rule_id, message, suggestion, fatal))

    def add_duplicates(self, source: PackFile) -> None:
        for line, key in source.duplicates:
            self.problems.append(Problem(str(source.path), line, None, f"键“{key}”重复出现，前面的值会被忽略",
                                         fatal=False))

    @property
    def fatal(self) -> bool:
        return any(p.fatal for p in self.problems)

    def sorted(self, files: list[Path]) -> list[Problem]:
        """Each problem once, in file order (base, then overlays) and line order."""
        order = {str(f): i for i, f in enumerate(files)}
        unique = list(dict.fromkeys(self.problems))
        return sorted(unique, key=lambda p: (order.get(p.file, -1), p.line or 0))
