"""Bundled rule packs (YAML): the standard 三项制度 pack and overlays."""
from pathlib import Path

PACK_DIR = Path(__file__).parent
STANDARD_PACK = PACK_DIR / "三项制度.yaml"
OVERLAY_DIR = PACK_DIR / "overlays"
PACK_SCHEMA = PACK_DIR / "pack.schema.json"
