"""The bundled rule packs and overlays as the admin page lists them: id, title, version, what it extends."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from casereview.rules import OVERLAY_DIR, STANDARD_PACK


@dataclass(frozen=True)
class PackEntry:
    kind: str            # 标准包 / 叠加包
    file: str
    id: str
    title: str
    version: str
    extends: str


def bundled_packs() -> list[PackEntry]:
    return [_entry("标准包", STANDARD_PACK)] + [_entry("叠加包", p) for p in sorted(Path(OVERLAY_DIR).glob("*.yaml"))]


def _entry(kind: str, path: Path) -> PackEntry:
    with open(path, encoding="utf-8") as f:
        head = (yaml.safe_load(f) or {}).get("pack") or {}
    return PackEntry(kind, path.name, str(head.get("id", path.stem)), str(head.get("title", "")),
                     str(head.get("version", "")), str(head.get("extends") or ""))
