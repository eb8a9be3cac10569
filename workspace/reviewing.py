"""One review as the workspace runs it: input file -> run folder under data_dir/runs -> run history rows.

The same steps and files as `casereview review --db`; units seen in the run are added to ws_units."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from casereview.casefiles.loader import load_casefiles
from casereview.casefiles.workdays import WorkCalendar
from casereview.engine.model.pack import load_pack
from casereview.engine.run.review import review
from casereview.history.recorder import RunRecorder
from casereview.history.workspace_models import Unit
from casereview.reports.html import html_writer
from casereview.reports.run_folder import write_run
from casereview.reports.workbook import workbook_writer
from casereview.engine.backends.registry import BACKENDS
from casereview.rules import OVERLAY_DIR, PACK_DIR, STANDARD_PACK
from casereview.workspace.records import save_records

# the files a run folder gets beside its CSVs, as `casereview review` writes them
RUN_WRITERS = (workbook_writer, html_writer)


@dataclass(frozen=True)
class ReviewChoices:
    """What a reviewer picks before running: pack, overlays, as-of date, engine."""

    as_of: date
    pack: str = STANDARD_PACK
    overlays: tuple[str, ...] = field(default_factory=tuple)
    engine: str = "vector"

    def as_params(self) -> dict:
        return {"as_of": self.as_of.isoformat(), "pack": str(self.pack), "overlays": list(self.overlays),
                "engine": self.engine}

    @classmethod
    def from_params(cls, params: dict) -> "ReviewChoices":
        return cls(as_of=date.fromisoformat(params["as_of"]), pack=params.get("pack") or STANDARD_PACK,
                   overlays=tuple(params.get("overlays") or ()), engine=params.get("engine") or "vector")


def bundled_packs() -> list[str]:
    """Names of the bundled packs a reviewer may pick: the standard pack first, then the worked standards."""
    names = [p.stem for folder in (PACK_DIR, PACK_DIR / "templates") for p in sorted(folder.glob("*.yaml"))]
    return sorted(dict.fromkeys(names), key=lambda n: (n != STANDARD_PACK.stem, n))


def bundled_overlays() -> list[str]:
    return [p.stem for p in sorted(OVERLAY_DIR.glob("*.yaml"))]


def engines() -> list[str]:
    """vector always; durable when durable_rules is installed."""
    return ["vector"] + (["durable"] if BACKENDS["durable"].available() else [])


def run_review(db: str, source: Path, out: Path, choices: ReviewChoices, *, shown_source: str,
               progress=None) -> int:
    """Review `source` into the new folder `out` and store it in the history database `db`; the run id.

    `progress(stage, done, total)` as the CLI's (load, facts, rules, findings, scoring, due, write)."""
    progress = progress or (lambda *_: None)
    loaded = load_pack(choices.pack, list(choices.overlays))
    with RunRecorder.start(db, source=shown_source, as_of=choices.as_of, engine=choices.engine, out=out) as rec:
        progress("load", 0, None)
        cfs = load_casefiles(source)
        save_records(cfs.tables, out)
        n = len(cfs.tables["cases"])
        progress("load", n, n)
        result = review(cfs, loaded, choices.as_of, engine=choices.engine, calendar=WorkCalendar.official(),
                        progress=progress)
        progress("write", 0, n)
        write_run(result, out, extra_writers=RUN_WRITERS, before_publish=rec.finish)
        progress("write", n, n)
    return rec.run_id


def learn_units(db: Session, unit_facts) -> None:
    """Units of a finished run join ws_units (names kept as the admin set them); the caller commits."""
    known = set(db.scalars(sa.select(Unit.unit_id)))
    for row in unit_facts.to_dict("records"):
        unit_id = str(row.get("unit_id") or "").strip()
        if unit_id and unit_id not in known:
            db.add(Unit(unit_id=unit_id, name=str(row.get("unit_name") or unit_id),
                        field=str(row.get("field")) if row.get("field") not in (None, "") else None))
            known.add(unit_id)
