"""Every Markdown file of the repository stands alone: its links point to files inside the repository that exist."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINK = re.compile(r"\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)|^\s*\[[^\]]+\]:\s*(\S+)|href=\"([^\"]+)\"", re.M)
WEB = ("http://", "https://", "mailto:")


def markdown_files() -> list[Path]:
    done = subprocess.run(["git", "ls-files", "*.md"], cwd=ROOT, capture_output=True, text=True)
    if done.returncode == 0 and done.stdout.strip():
        return [ROOT / p for p in done.stdout.splitlines()]
    return [p for p in ROOT.rglob("*.md") if ".venv" not in p.parts]


def problems(md: Path, root: Path = ROOT) -> list[str]:
    out = []
    for m in LINK.finditer(md.read_text(encoding="utf-8")):
        target = next(g for g in m.groups() if g)
        if target.startswith("#") or target.startswith(WEB):
            continue
        path = unquote(target.split("#", 1)[0])
        resolved = (md.parent / path).resolve()
        if "shared/" in path or path.startswith(("/", "file:")) or not resolved.is_relative_to(root):
            out.append(f"{md.relative_to(root)}：链接 {target} 指向仓库之外")
        elif not resolved.exists():
            out.append(f"{md.relative_to(root)}：链接 {target} 指向不存在的文件")
    return out


@pytest.mark.parametrize("md", markdown_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_links_stay_inside_the_repository(md):
    assert not problems(md)


def test_the_check_catches_a_link_outside(tmp_path):
    md = tmp_path / "README.md"
    md.write_text("见 [格式](../shared/casefile-format.md) 与 [规则](docs/rules.md)\n[x]: /etc/passwd\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "rules.md").write_text("# 规则\n", encoding="utf-8")
    found = problems(md, tmp_path)
    assert len(found) == 2 and all("仓库之外" in p for p in found), found
