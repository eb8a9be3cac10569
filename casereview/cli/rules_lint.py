"""`casereview rules lint | show | schema`: check a pack, print the effective pack, write its JSON Schema."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from casereview.rules import PACK_SCHEMA as SCHEMA_FILE
from casereview.cli.parser import EXIT_CODES
_LINT_EXIT = 3                       # the exit code of a rule-pack error (see casereview.cli.EXIT_CODES)


def _pack_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("pack", nargs="?", default=None, help="规则包 YAML 路径或名称（默认标准包 三项制度）")
    p.add_argument("--overlay", action="append", default=[], help="叠加包名称或路径，可多次给出，如 police")
    p.add_argument("--json", action="store_true", help="输出 JSON（供程序读取）")


def register(subparsers) -> None:

    lint = subparsers.add_parser("lint", help="检查规则包（及叠加包），一次列出全部问题", epilog=EXIT_CODES,
                                 description="检查规则包：未知事实/参数、类型错误、未知制度/活动类型/执法类别、重复编号、"
                                             "否决项扣分、等级表、拼错的键、YAML 格式、叠加包停用未知规则、期限列名。"
                                             "有问题时退出码 3。")
    _pack_args(lint)
    lint.set_defaults(func=cmd_lint)
    show = subparsers.add_parser("show", help="显示生效的规则包：参数及其来源文件、规则是否启用", epilog=EXIT_CODES)
    _pack_args(show)
    show.set_defaults(func=cmd_show)
    schema = subparsers.add_parser("schema", help="生成规则包的 JSON Schema（供编辑器边写边校验）", epilog=EXIT_CODES)
    schema.add_argument("--out", default=str(SCHEMA_FILE), help=f"输出文件（默认 {SCHEMA_FILE.name}；- 表示标准输出）")
    schema.add_argument("--check", action="store_true", help="只检查输出文件是否与模型一致，不一致时退出码 1")
    schema.set_defaults(func=cmd_schema)


def _pack(a: argparse.Namespace):
    from casereview.rules import STANDARD_PACK
    return a.pack or STANDARD_PACK


def cmd_lint(a: argparse.Namespace) -> int:
    from casereview.engine.model.pack import lint_pack

    problems = lint_pack(_pack(a), a.overlay)
    if a.json:
        print(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2))
    else:
        for p in problems:
            print(p)
        chain = " + ".join([str(_pack(a)), *a.overlay])
        print(f"共发现 {len(problems)} 个问题：{chain}" if problems else f"未发现问题：{chain}")
    return _LINT_EXIT if problems else 0


def schema_text() -> str:
    from casereview.engine.model.pack_json_schema import pack_schema
    return json.dumps(pack_schema(), ensure_ascii=False, indent=2) + "\n"


def cmd_schema(a: argparse.Namespace) -> int:
    text = schema_text()
    if a.out == "-":
        print(text, end="")
        return 0
    out = Path(a.out)
    if a.check:
        current = out.exists() and json.loads(out.read_text(encoding="utf-8")) == json.loads(text)
        print(f"{out} 与模型一致" if current else f"{out} 已过期：请运行 casereview rules schema")
        return 0 if current else 1
    out.write_text(text, encoding="utf-8")
    print(f"已写出 JSON Schema：{out}")
    return 0


# --- show --------------------------------------------------------------------------------------

def effective_pack(loaded) -> dict:
    """The pack as reviews will use it: each parameter with the file it came from, each rule's origin."""
    from casereview.engine.model.pack import read_yaml

    base = loaded.files[0]
    base_data, base_lines = read_yaml(base)
    prov = loaded.provenance

    def source(path: tuple) -> str:
        hit = next((prov[path[:n]] for n in range(len(path), 0, -1) if path[:n] in prov), None)
        return hit or (base.name if path in base_lines else "默认值")

    params = [{"name": ".".join(map(str, path)), "value": value, "source": source(("parameters", *path))}
              for path, value in _leaves(loaded.params.model_dump(by_alias=True, exclude={"declared"}))]
    declared = [{"name": name, "type": d.type, "label": d.label, "value": d.value,
                 "source": source(("parameters", name))} for name, d in loaded.params.declared.items()]
    facts = [{"name": f.name, "type": f.type, "meaning": f.meaning, "expr": f.expr,
              "source": prov.get(("facts", f.name), base.name)} for f in loaded.named_facts.values()]
    base_ids = {r.get("id") for r in base_data.get("rules") or [] if isinstance(r, dict)}
    rules = []
    for r in loaded.pack.rules:
        origin = prov.get(("rules", r.id))
        rules.append({"id": r.id, "system": r.system, "title": r.title, "level": r.level, "severity": r.severity,
                      "deduction": r.deduction, "veto": r.veto, "enabled": r.enabled,
                      "source": origin or base.name,
                      "change": None if not origin else "替换" if ("rules", r.id, "replaces") in prov
                      else "修改" if r.id in base_ids else "新增",
                      "disabled_by": prov.get(("rules", r.id, "enabled"))})
        if r.section is not None:
            rules[-1]["section"] = r.section
    g = loaded.pack.grading
    grading = {"start": g.start, "floor": g.floor, "grades": [x.model_dump() for x in g.grades],
               "source": prov.get(("grading",), base.name)}
    if g.sections:                              # only packs that score by sections (分项计分)
        grading["sections"] = [s.model_dump() for s in g.sections]
    return {"pack": loaded.pack.pack.model_dump(), "files": [str(f) for f in loaded.files],
            "systems": loaded.pack.systems, "parameters": params,
            "declared_parameters": declared, "facts": facts,
            "grading": grading,
            "rules": rules}


def _leaves(value, path=()):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, path + (k,))
    elif value is not None:
        yield path, value


def _fmt(value) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return "、".join(map(_fmt, value)) or "（空）"
    return str(value)


def render_effective(view: dict) -> str:
    p = view["pack"]
    lines = [f"规则包 {p['id']}：{p['title']}，版本 {p['version']}",
             "文件：" + " → ".join(view["files"]),
             "制度：" + "、".join(view["systems"]), "", "参数（名称 = 值  ← 来源）："]
    lines += [f"  {x['name']} = {_fmt(x['value'])}  ← {x['source']}" for x in view["parameters"]]
    if view["declared_parameters"]:
        lines += ["", "规则包声明的参数（$名称 = 值  类型  含义  ← 来源）："]
        lines += [f"  ${x['name']} = {_fmt(x['value'])}  {x['type']}  {x['label']}  ← {x['source']}"
                  for x in view["declared_parameters"]]
    if view["facts"]:
        lines += ["", "规则包声明的事实（名称  类型  含义：表达式  ← 来源）："]
        lines += [f"  {x['name']}  {x['type']}  {x['meaning']}：{x['expr']}  ← {x['source']}" for x in view["facts"]]
    g = view["grading"]
    lines += ["", f"等级（← {g['source']}）：起始 {_fmt(g['start'])} 分，最低 {_fmt(g['floor'])} 分；"
              + "，".join(f"{x['name']} ≥ {_fmt(x['min'])}" for x in g["grades"])]
    if g.get("sections"):
        lines.append("分项：" + "，".join(f"{x['title']}（{x['id']}）{_fmt(x['points'])} 分" for x in g["sections"]))
    rules = view["rules"]
    lines += ["", f"规则（共 {len(rules)} 条，启用 {sum(r['enabled'] for r in rules)} 条）："]
    for r in rules:
        weight = "否决" if r["veto"] else f"扣{_fmt(r['deduction'])}分"
        origin = r["source"] + (f"（{r['change']}）" if r["change"] else "")
        if r["disabled_by"]:
            origin += f"；{r['disabled_by']} 停用"
        level = "·单位" if r["level"] == "unit" else ""
        level += f"·分项 {r['section']}" if r.get("section") else ""
        lines.append(f"  {r['id']}  {'启用' if r['enabled'] else '停用'}  {r['system']}{level}  {r['severity']}·{weight}  "
                     f"{r['title']}  ← {origin}")
    return "\n".join(lines)


def cmd_show(a: argparse.Namespace) -> int:
    from casereview.engine.model.pack import load_pack

    view = effective_pack(load_pack(_pack(a), a.overlay))
    print(json.dumps(view, ensure_ascii=False, indent=2, default=str) if a.json else render_effective(view))
    return 0
