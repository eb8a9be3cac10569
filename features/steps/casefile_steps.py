"""Steps describing a case file: cases, acts, recordings, reviews, documents, officers and units."""
from __future__ import annotations

from casereview.features.outcomes import quoted, single_case
from casereview.features.registry import StepGroup
from casereview.features.tables import SpecError, cell_value, column_of, row_from_pairs, rows_from_table, table_of, text_list

steps = StepGroup("案卷")


@steps.given("有以下{table}：")
def _rows(world, table, datatable):
    """用一张表（第一行是表头）描述案件、执法活动、音像记录、法制审核、文书、人员或单位。

    表头用中文列名或英文列名（见文末“列名”），只写用得到的列；空格子表示“未记录”。
    日期写 2024-10-15，时间写 2024-10-15 09:00（只写日期表示没有时刻），
    是否写 是/否，多个编号用顿号分隔（P1、P2）。没写的列取默认值：

    - 案件：案件编号 C1、C2…，办案单位编码 U1；
    - 执法活动：活动编号 A1、A2…，出示证件 是；只有一件案件时案件编号可省略（下同）；
    - 音像记录：记录编号 V1…；法制审核：审核编号 F1…；文书：文书编号 D1…；
    - 人员：单位编码 U1，人员类别 执法人员，非辅助人员自动有执法证号（要测无证件就写出“执法证号”列并留空）；
      写出的人员加在默认人员之上（同编号则替换）；
    - 单位：只有写出的列。

        假如 有以下执法活动：
          | 活动类型 | 开始时间         | 结束时间         | 执法人员 |
          | 询问     | 2024-07-01 09:00 | 2024-07-01 10:00 | P1、P2   |
    """
    name = table_of(table)
    world.add(name, rows_from_table(name, datatable))


@steps.given("有一件案件：")
def _one_case(world, datatable):
    """用竖排的“字段 | 值”表描述一件案件，适合字段多的案件。

        假如 有一件案件：
          | 执法类别 | 行政处罚   |
          | 决定日期 | 2024-09-30 |
          | 公示日期 | 2024-10-15 |
    """
    world.add("cases", [row_from_pairs("cases", datatable)])


@steps.given("案件的{field}为")
@steps.given("案件的{field}为{value}")
def _set_field(world, field, value=""):
    """修改唯一一件案件的一个字段，常用于在“背景”里写好案件后每个场景只改一处。值写“空”或留空表示未记录。

        假如 案件的程序类型为简易程序
        而且 案件的公示日期为空
    """
    column = column_of("cases", field)
    world.set_field(single_case(world), column, cell_value("cases", column, quoted(value)))


@steps.given("案件的文书有“{names}”")
def _documents(world, names):
    """给唯一的一件案件加上若干文书（只写文书名称，环节按规则包的文书对照表确定）。

        假如 案件的文书有“立案审批表、询问笔录、行政处罚决定书、送达回证”
    """
    world.add("documents", [dict(case_id=single_case(world), doc_type=t) for t in text_list(names)])


@steps.given("案件没有文书")
def _no_documents(world):
    """案件一份文书也没有（文书表在，但没有本案的文书）。这也是不写任何文书时的默认情形。

        假如 案件没有文书
    """
    single_case(world)


@steps.given("不使用默认人员")
def _no_default_officers(world):
    """人员表中只有场景写出的人员。

    默认每个场景都有三名人员（均属 U1，执法证长期有效）：
    P1 张三、P2 李四（执法人员），R1 王五（法制审核人员）。

        假如 不使用默认人员
    """
    world.default_officers = False


@steps.given("输入中没有{table}表")
def _missing(world, table):
    """输入中根本没有这张表（不同于表在但没有记录）：依赖它的规则一般为“无法判定”。

    可用于执法活动、音像记录、法制审核、文书、人员、单位表。

        假如 输入中没有音像记录表
    """
    name = table_of(table)
    if name == "cases":
        raise SpecError("案件表不能缺少")
    world.mark_missing(name)
