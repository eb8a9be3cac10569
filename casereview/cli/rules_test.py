"""`casereview rules test`: run a rule pack's Gherkin specs on both engines and report rule coverage."""
from __future__ import annotations

import argparse
from pathlib import Path

EPILOG = ("退出码：0 全部场景通过且每条规则都有“合规”和“不合规”场景；1 有场景失败、说明书有问题或规则覆盖不足；"
          "3 规则包错误；4 命令行用法错误（如说明书目录不存在）")


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "test", help="运行规则说明书（.feature），报告每条规则的场景覆盖",
        description="在两个规则引擎上运行 .feature 说明书中的全部场景，打印规则覆盖表"
                    "（每条规则在合规/不合规/不适用/无法判定上各有几个场景），"
                    "缺少“合规”或“不合规”场景的规则视为覆盖不足。写法见 features/README.md。",
        epilog=EPILOG)
    p.add_argument("pack", nargs="?", default=None, help="被测规则包：YAML 路径或名称（默认标准包 三项制度）")
    p.add_argument("--overlay", action="append", default=[],
                   help="叠加包名称或路径，加在每个场景上，可多次给出，如 police；随附说明书中依赖被改参数的场景"
                        "跳过（参数已改），不计为失败")
    p.add_argument("--features", type=Path, action="append", default=[],
                   help="说明书目录（其下所有 .feature 文件，含子目录），可多次给出；默认为规则包旁与它同名的目录"
                        "（如 rules/templates/测绘案卷评查/），没有时为随软件附带的 features/")
    p.add_argument("--shipped", action="store_true",
                   help="给出 --features 时同时运行随软件附带的说明书（本单位目录放在随附目录旁边一起运行）")
    p.add_argument("-k", dest="keyword", default=None, help="只运行名称匹配此表达式的场景（同 pytest -k）")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="逐个列出场景名称和结果，失败时显示 pytest 的完整输出（默认每个失败场景一行）")
    p.add_argument("--no-batch", action="store_true", help="每个场景单独评查（较慢，用于排查批量评查的问题）")
    p.set_defaults(func=cmd_rules_test)


def cmd_rules_test(a: argparse.Namespace) -> int:
    from casereview.features import runner     # pytest and pytest-bdd: loaded only for this command

    target, loaded = runner.make_target(a.pack, a.overlay, a.features, batch=not a.no_batch,
                                       shipped=a.shipped)
    report = runner.run_specs(target, loaded, verbose=a.verbose, keyword=a.keyword)
    return report.exit_code
