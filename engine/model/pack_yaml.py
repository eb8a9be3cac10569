"""Pack files: finding a pack or overlay by name, safe YAML with the line of every key."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from casereview.engine.model import expr
from casereview.engine.model.pack_yaml_errors import explain, full_width_keys
from casereview.errors import PackError
from casereview.rules import OVERLAY_DIR, PACK_DIR

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)    # libyaml when available: ~8x faster


@dataclass
class PackFile:
    """One parsed pack or overlay file: its data, where each key path was written, keys written twice."""
    path: Path
    data: dict
    lines: dict[tuple, int]
    duplicates: list[tuple[int, str]] = field(default_factory=list)     # (line, key)
    raw: bytes = b""


def resolve_pack_path(name_or_path: str | Path, *, overlay: bool = False) -> Path:
    p = Path(name_or_path)
    if p.suffix in (".yaml", ".yml") or p.exists():
        if not p.exists():
            raise PackError("文件不存在", file=str(p))
        return p
    folders = [OVERLAY_DIR] if overlay else [PACK_DIR, PACK_DIR / "templates"]   # templates: worked standards
    for folder in folders:
        candidate = folder / f"{name_or_path}.yaml"
        if candidate.exists():
            return candidate
    known = sorted(x.stem for folder in folders for x in folder.glob("*.yaml"))
    raise PackError(f"找不到{'叠加包' if overlay else '规则包'}“{name_or_path}”（可用：{'、'.join(known)}）",
                    suggestion=expr.did_you_mean(str(name_or_path), known))


def read_pack_file(path: Path) -> PackFile:
    """Parse YAML safely; a file that cannot be read or parsed, or is not a mapping, raises PackError."""
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise PackError("无法读取：文件不是 UTF-8 编码，请以 UTF-8 保存", file=str(path),
                        line=raw[:e.start].count(b"\n") + 1) from None
    except IsADirectoryError:
        raise PackError("无法读取：这是文件夹，不是规则包文件", file=str(path)) from None
    except OSError as e:
        raise PackError(f"无法读取（{type(e).__name__}）", file=str(path)) from None
    try:
        try:
            node, data = _parse(text, _SAFE_LOADER)
        except yaml.YAMLError:                 # again in pure Python: its messages carry our hints
            node, data = _parse(text, yaml.SafeLoader)
    except yaml.YAMLError as e:
        raise _yaml_error(e, path, text) from None
    if not isinstance(data, dict):
        raise PackError("规则包须是一个 YAML 映射（键: 值）", file=str(path))
    parsed = PackFile(path, data, {}, [], raw)
    _walk(node, (), parsed)
    indented = full_width_keys(parsed.lines)
    if indented:
        raise PackError(indented[0], file=str(path), line=indented[1])
    return parsed


def read_yaml(path: Path) -> tuple[dict, dict[tuple, int]]:
    """The data of a pack file and a map from key path to line number (1-based)."""
    parsed = read_pack_file(path)
    return parsed.data, parsed.lines


def line_of(lines: dict, path: tuple) -> int | None:
    """The line of `path`, or of the nearest enclosing key that was written."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get(())


def _parse(text: str, loader_class) -> tuple:
    """One parse: the node tree (for line numbers), then the data built from it."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def _yaml_error(e: yaml.YAMLError, path: Path, text: str) -> PackError:
    mark = getattr(e, "problem_mark", None)
    tag = re.search(r"tag '([^']*)'", str(getattr(e, "problem", "") or ""))
    if isinstance(e, yaml.constructor.ConstructorError) and tag:
        shown = tag.group(1).replace("tag:yaml.org,2002:", "!!")
        return PackError(f"不允许的 YAML 标签 {shown}：规则包只能包含普通数据，其中的代码不会执行",
                         file=str(path), line=mark.line + 1 if mark else None)
    message, line = explain(e, text)
    return PackError(message, file=str(path), line=line)


def _walk(node, path: tuple, parsed: PackFile) -> None:
    """Record the line of every key path, and each key written twice in one mapping (YAML keeps the last)."""
    parsed.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for k, v in node.value:
            if k.value in seen:
                parsed.duplicates.append((k.start_mark.line + 1, k.value))
            seen.add(k.value)
            _walk(v, path + (k.value,), parsed)
            parsed.lines[path + (k.value,)] = k.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _walk(v, path + (i,), parsed)
