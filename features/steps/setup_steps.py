"""Steps choosing the pack, the overlays and the review date."""
from __future__ import annotations

from casereview.features.outcomes import day_of, quoted
from casereview.features.registry import StepGroup

steps = StepGroup("规则包与评查日")


@steps.given("使用规则包“{name}”")
def _use_pack(world, name):
    """选择规则包。

    默认就是被测规则包：`casereview rules test` 命令行给出的规则包，未给出时为标准包“三项制度”。
    写被测规则包的编号（如“三项制度”）时仍用被测规则包，所以复制并修改过的规则包也能跑同一批说明书；
    写别的名称时，先找与 .feature 文件同目录的 `名称.yaml`，再找随软件附带的规则包。

        假如 使用规则包“三项制度”
    """
    world.use_pack(quoted(name))


@steps.given("叠加参数包“{name}”")
def _add_overlay(world, name):
    """在规则包上叠加一个参数包（叠加包只改参数）。

    名称先找与 .feature 文件同目录的 `名称.yaml`，再找随软件附带的叠加包（如 police，公安机关参数）。
    可以写多次，按书写顺序叠加；命令行 `--overlay` 给出的叠加包先于场景中写的叠加。

        假如 叠加参数包“police”
    """
    world.add_overlay(quoted(name))


@steps.given("评查日为 {day}")
def _as_of(world, day):
    """设定评查日（YYYY-MM-DD）。

    晚于评查日的日期视为尚未发生（如尚未公示、尚未决定）；未写时评查日为 2025-12-31。

        假如 评查日为 2024-10-16
    """
    world.set_as_of(day_of(day))


@steps.when("评查")
def _review(world):
    """评查案卷（两个规则引擎都评查，结论必须一致）。

    评查在第一个“那么”步骤时进行；写“当 评查”只为读起来完整，可以省略。

        当 评查
    """


@steps.when("于 {day} 评查")
def _review_on(world, day):
    """以给定日期为评查日评查案卷，等于“假如 评查日为 …”加“当 评查”。

        当 于 2024-10-09 评查
    """
    world.set_as_of(day_of(day))
