"""The rule pack a review ran with, loaded again from run.json's pack entry (when unchanged)."""
from __future__ import annotations

from casereview.errors import CaseReviewError
from casereview.engine.model.pack import LoadedPack, load_pack


def pack_of_run(pack: dict) -> LoadedPack | None:
    files = pack.get("files") or []
    if not files:
        return None
    try:
        loaded = load_pack(files[0], files[1:])
    except (CaseReviewError, OSError):
        return None
    return loaded if loaded.digest == pack.get("sha256") else None
