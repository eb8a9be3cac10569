"""Reference pipeline: what a competent hand-written polars pipeline reaches on the same Parquet folder.

The independent reference pipeline the performance issue was measured against (2026-11), kept here unchanged
apart from this docstring, so the comparison runs from this repository alone; it deliberately imports nothing from casereview (it is the yardstick, not the
product). 4 representative rules of the 三项制度 pack (7 with --extra), with polars (+ numpy for the
working-day calendar); benchmarks/side_by_side.py runs it beside the tool's streamed review.

    python limit.py TABLES_DIR OUT.csv [--json FILE] [--read-all]     (needs polars, pyarrow, numpy, chinesecalendar)

Stages (each timed, wall and process CPU):
  read      pyarrow.parquet.read_table of only the needed columns of cases, acts, officers, reviews
  calendar  working-day arrays from chinesecalendar (known years, cumulative index, n-th working day)
  prep      renames, text strip, future dates nulled (beyond-calendar flags), is_major / has_decision
  GS03      published within 7 working days of decision   (working-day ordinal array lookups)
  CX01      decision within 90 days (+ extension) of filing
  FS01      a review dated <= decision for major cases      (join + group-by)
  GS01      >= 2 qualified officers per act                  (explode officer lists, join, validity, count)
  assemble  concat case x rule rows (rule order, then case order)
  write     CSV with BOM: case_id, unit_id, rule_id, outcome, deduction, reason
Semantics follow rules/三项制度.yaml + casefiles/facts*.py + casefiles/deadlines.py (branch order,
guards for dates beyond the calendar, 'unknown' outside chinesecalendar's years); reasons use the
pack's own templates with the values read.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow.parquet as pq

AS_OF = dt.date(2026, 11, 20)
EPOCH = dt.date(1970, 1, 1)
T: dict[str, dict] = {}


class stage:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        self.w, self.c = time.perf_counter(), time.process_time()

    def __exit__(self, *exc):
        T[self.name] = {"wall": round(time.perf_counter() - self.w, 4), "cpu": round(time.process_time() - self.c, 4)}


CASE_COLS = {"案件编号": "case_id", "办案单位编码": "unit_id", "执法类别": "case_type", "程序类型": "procedure",
             "当事人类型": "party_type", "立案日期": "filed", "决定日期": "decision", "公示日期": "published",
             "不予公开理由": "exempt", "延长天数": "ext", "重大执法决定": "major_flag", "疑难复杂": "complex_flag",
             "是否听证": "hearing_held", "处理决定": "decision_types", "罚款金额": "fine"}
ACT_COLS = {"活动编号": "act_id", "案件编号": "case_id", "开始时间": "start", "执法人员": "oids"}
OFF_COLS = {"人员编号": "oid", "人员类别": "role", "执法证号": "cert", "证件有效期起": "vf", "证件有效期止": "vt"}
REV_COLS = {"案件编号": "case_id", "审核日期": "review_date"}
FILES = {"cases": ("案件.parquet", CASE_COLS), "acts": ("执法活动.parquet", ACT_COLS),
         "officers": ("人员.parquet", OFF_COLS), "reviews": ("法制审核.parquet", REV_COLS)}
MAJOR_TYPES = ["吊销许可证件", "降低资质等级", "责令停产停业", "责令关闭", "限制从业", "限制开展生产经营活动"]
WS = " \t\n\r\u3000\xa0\ufeff\u200b"


EXTRA_FILES = {"recordings": ("音像记录.parquet", {"案件编号": "case_id", "活动编号": "r_act", "开始时间": "r_start",
                                                "结束时间": "r_end"}),
               "documents": ("文书.parquet", {"案件编号": "case_id", "文书名称": "doc_type", "环节": "phase"}),
               "acts_x": ("执法活动.parquet", {"活动编号": "act_id", "案件编号": "case_id", "活动类型": "act_type",
                                            "开始时间": "start", "结束时间": "end"})}


def read(folder: Path, read_all: bool, extra: bool = False) -> dict[str, pl.DataFrame]:
    out = {}
    files = {**FILES, **EXTRA_FILES} if extra else FILES
    for key, (fname, cols) in files.items():
        t = pq.read_table(folder / fname, columns=list(cols))
        out[key] = pl.from_arrow(t).rename(cols)
    if read_all:   # the other tables the full pack needs (not used by these 4 rules): cost of reading only
        for fname in ("音像记录.parquet", "文书.parquet", "单位.parquet"):
            out["_" + fname] = pl.from_arrow(pq.read_table(folder / fname))
        out["_cases_all"] = pl.from_arrow(pq.read_table(folder / "案件.parquet"))
        out["_acts_all"] = pl.from_arrow(pq.read_table(folder / "执法活动.parquet"))
    return out


class Calendar:
    """Working-day arrays over chinesecalendar's known years; positions are days since 1970-01-01."""

    def __init__(self):
        import chinese_calendar as cc
        years = sorted({d.year for d in cc.holidays})
        self.first, self.last = years[0], years[-1]
        self.lo = (dt.date(self.first, 1, 1) - EPOCH).days
        self.hi = (dt.date(self.last, 12, 31) - EPOCH).days
        n = self.hi - self.lo + 1
        days = [dt.date(self.first, 1, 1) + dt.timedelta(i) for i in range(n)]
        work = np.fromiter((cc.is_workday(d) for d in days), dtype=bool, count=n)
        self.cum = np.cumsum(work).astype(np.int64)      # working days in [first day, i]
        self.nth = np.flatnonzero(work).astype(np.int64) + self.lo   # k-th working day (0-based) as epoch days

    def covers(self, d: np.ndarray) -> np.ndarray:       # d: int epoch days, -1<<40 for null
        return (d >= self.lo) & (d <= self.hi)

    def between(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Working days in (a, b]; NaN when either is outside the known years."""
        ok = self.covers(a) & self.covers(b)
        ia, ib = np.where(ok, a - self.lo, 0), np.where(ok, b - self.lo, 0)
        return np.where(ok, (self.cum[ib] - self.cum[ia]).astype(np.float64), np.nan)

    def add(self, a: np.ndarray, n: int) -> np.ndarray:
        """The n-th working day after a (epoch days); -1 when unknown."""
        ok = self.covers(a)
        k = np.where(ok, self.cum[np.where(ok, a - self.lo, 0)] + n - 1, 0)
        ok &= k < len(self.nth)
        return np.where(ok, self.nth[np.minimum(k, len(self.nth) - 1)], -1)


NULL = -(1 << 40)


def days(s: pl.Series) -> np.ndarray:
    return s.cast(pl.Int64).fill_null(NULL).to_numpy()


def text(col: str) -> pl.Expr:
    s = pl.col(col).str.strip_chars(WS)
    return pl.when(s == "").then(None).otherwise(s).alias(col)


def prep(t: dict[str, pl.DataFrame], cal: Calendar) -> pl.DataFrame:
    c = t["cases"].with_columns(text("case_type"), text("procedure"), text("party_type"), text("exempt"))
    today = pl.lit(AS_OF)
    lo, hi = dt.date(cal.first, 1, 1), dt.date(cal.last, 12, 31)
    exprs = []
    for col in ("filed", "decision", "published"):
        covered = pl.col(col).is_between(lo, hi)
        beyond = (pl.col(col) > today) & ~covered
        exprs += [pl.when((pl.col(col) <= today) | beyond).then(pl.col(col)).otherwise(None).alias(col),
                  beyond.fill_null(False).alias(f"beyond_{col}")]
    c = c.with_columns(exprs).with_columns(pl.col("procedure").fill_null("普通程序"))
    line = pl.when(pl.col("party_type") == "单位").then(100000.0).otherwise(10000.0)
    hit_types = pl.col("decision_types").list.set_intersection(pl.lit(MAJOR_TYPES))
    c = c.with_columns(
        has_decision=pl.col("decision").is_not_null(),
        big_fine=(pl.col("fine") >= line).fill_null(False),
        line=line,
        hit_types=hit_types.list.join("、"),
    ).with_columns(
        is_major=(pl.col("major_flag").fill_null(False) | pl.col("complex_flag").fill_null(False)
                  | pl.col("hearing_held").fill_null(False) | (pl.col("hit_types") != "") | pl.col("big_fine")))
    return c


def ds(col: str) -> pl.Expr:
    return pl.col(col).cast(pl.Utf8).fill_null("（空）")


def gs03(c: pl.DataFrame, cal: Calendar) -> pl.DataFrame:
    start, done = days(c["decision"]), days(c["published"])
    has_done = done != NULL
    today = (AS_OF - EPOCH).days
    end = np.where(has_done, done, today)
    el = cal.between(start, end)
    due = cal.add(start, 7)
    known = ~np.isnan(el)
    within, beyond = known & (el <= 7), known & (el > 7)
    status = np.full(len(c), "unknown", dtype=object)
    status[has_done & within] = "met"
    status[has_done & beyond] = "late"
    status[~has_done & beyond] = "overdue"
    status[~has_done & within] = "open"
    status[has_done & (start != NULL) & (done < start)] = "early"
    st = pl.Series("st", status.astype(str))
    due_s = pl.Series("due", due.astype(np.int32)).cast(pl.Date)
    due_s = pl.select(pl.when(pl.Series(due >= 0)).then(due_s).otherwise(None)).to_series()
    x = c.select("case_id", "unit_id", "case_type", "has_decision", "beyond_decision", "beyond_published",
                 "exempt", "decision", "published").with_columns(st=st, due=due_s)
    dd, pd_, du = ds("decision"), ds("published"), ds("due")
    k = "（决定后第7个工作日）"
    S = pl.col("st")
    rows = [
        (~pl.col("case_type").is_in(["行政许可", "行政处罚"]) | ~pl.col("has_decision"), "na", 0,
         pl.lit("非行政许可、行政处罚决定，或尚未作出决定")),
        (pl.col("beyond_decision"), "unknown", 0,
         pl.concat_str([pl.lit("案件表“决定日期” "), dd, pl.lit(f" 晚于评查日 {AS_OF}，且不在已知节假日日历年份内，无法判定")])),
        (pl.col("beyond_published"), "unknown", 0,
         pl.concat_str([pl.lit("案件表“公示日期” "), pd_, pl.lit(f" 晚于评查日 {AS_OF}，且不在已知节假日日历年份内，无法判定")])),
        (pl.col("exempt").is_not_null(), "na", 0, pl.concat_str([pl.lit("依法不予公开："), pl.col("exempt")])),
        (S == "open", "na", 0, pl.concat_str([pl.lit("尚未公示，期限 "), du, pl.lit(k + "未届满")])),
        (S == "unknown", "unknown", 0, pl.concat_str([pl.lit("公示期限无法判定：决定日期 "), dd,
                                                        pl.lit(" 或公示日期 "), pd_, pl.lit(" 不在已知节假日日历年份内")])),
        (S == "early", "unknown", 0, pl.concat_str([pl.lit("公示日期 "), pd_, pl.lit(" 早于决定日期 "), dd, pl.lit("，数据矛盾")])),
        (S == "late", "fail", 10, pl.concat_str([pl.lit("公示日期 "), pd_, pl.lit(" 晚于期限 "), du, pl.lit(k)])),
        (S == "overdue", "fail", 10, pl.concat_str([pl.lit("决定日期 "), dd, pl.lit(f"，至评查日 {AS_OF} 仍未公示，已超过期限 "),
                                                     du, pl.lit(k)])),
        (pl.lit(True), "pass", 0, pl.concat_str([pl.lit("公示日期 "), pd_, pl.lit(" 未超过期限 "), du, pl.lit(k)])),
    ]
    return finish(x, "GS03", rows)


def cx01(c: pl.DataFrame) -> pl.DataFrame:
    n = 90 + pl.col("ext").fill_null(0)
    elapsed = (pl.col("decision") - pl.col("filed")).dt.total_days()
    x = c.select("case_id", "unit_id", "case_type", "procedure", "has_decision", "beyond_decision", "beyond_filed",
                 "filed", "decision", "ext").with_columns(n=n, elapsed=elapsed,
                                                          due=pl.col("filed") + pl.duration(days=n))
    fd, dd = ds("filed"), ds("decision")
    rows = [
        ((pl.col("case_type") != "行政处罚") | (pl.col("procedure") != "普通程序") | ~pl.col("has_decision"), "na", 0,
         pl.lit("非普通程序行政处罚案件或尚未作出决定")),
        (pl.col("beyond_decision"), "unknown", 0,
         pl.concat_str([pl.lit("案件表“决定日期” "), dd, pl.lit(f" 晚于评查日 {AS_OF}，且不在已知节假日日历年份内，无法判定")])),
        (pl.col("beyond_filed"), "unknown", 0,
         pl.concat_str([pl.lit("案件表“立案日期” "), fd, pl.lit(f" 晚于评查日 {AS_OF}，且不在已知节假日日历年份内，无法判定")])),
        (pl.col("filed").is_null(), "unknown", 0, pl.lit("没有立案日期，无法计算办案期限")),
        (pl.col("decision") < pl.col("filed"), "unknown", 0,
         pl.concat_str([pl.lit("决定日期 "), dd, pl.lit(" 早于立案日期 "), fd, pl.lit("，数据矛盾")])),
        (pl.col("elapsed") > pl.col("n"), "fail", 10,
         pl.concat_str([pl.lit("自立案 "), fd, pl.lit(" 至决定 "), dd, pl.lit(" 共 "), pl.col("elapsed").cast(pl.Utf8),
                        pl.lit(" 日，超过期限 "), pl.col("n").cast(pl.Utf8), pl.lit(" 日（截止 "), ds("due"), pl.lit("）")])),
        (pl.lit(True), "pass", 0,
         pl.concat_str([pl.lit("自立案 "), fd, pl.lit(" 至决定 "), dd, pl.lit(" 共 "), pl.col("elapsed").cast(pl.Utf8),
                        pl.lit(" 日，未超过 "), pl.col("n").cast(pl.Utf8), pl.lit(" 日")])),
    ]
    return finish(x, "CX01", rows)


def fs01(c: pl.DataFrame, reviews: pl.DataFrame) -> pl.DataFrame:
    r = reviews.join(c.select("case_id", "decision"), on="case_id", how="inner")
    before = (r.filter(pl.col("review_date").is_not_null() & pl.col("decision").is_not_null()
                       & (pl.col("review_date") <= pl.col("decision")))
              .group_by("case_id").agg(n_before=pl.len(), last_review=pl.col("review_date").max()))
    x = c.select("case_id", "unit_id", "is_major", "has_decision", "beyond_decision", "decision", "major_flag",
                 "complex_flag", "hearing_held", "hit_types", "big_fine", "fine", "line") \
         .join(before, on="case_id", how="left", maintain_order="left")
    grounds = pl.concat_str([
        pl.when(pl.col("major_flag")).then(pl.lit("标记为重大；")).otherwise(pl.lit("")),
        pl.when(pl.col("complex_flag")).then(pl.lit("疑难复杂；")).otherwise(pl.lit("")),
        pl.when(pl.col("hearing_held")).then(pl.lit("经过听证；")).otherwise(pl.lit("")),
        pl.when(pl.col("hit_types") != "").then(pl.concat_str([pl.lit("处理决定含"), pl.col("hit_types"), pl.lit("；")]))
          .otherwise(pl.lit("")),
        pl.when(pl.col("big_fine")).then(pl.concat_str([pl.lit("罚款"), pl.col("fine").cast(pl.Int64).cast(pl.Utf8),
                                                        pl.lit("元达到"), pl.col("line").cast(pl.Int64).cast(pl.Utf8),
                                                        pl.lit("元；")])).otherwise(pl.lit("")),
    ], ignore_nulls=True).str.strip_suffix("；")
    dd = ds("decision")
    rows = [
        (~pl.col("is_major") | ~pl.col("has_decision"), "na", 0, pl.lit("非重大执法决定或尚未作出决定")),
        (pl.col("beyond_decision"), "unknown", 0,
         pl.concat_str([pl.lit("案件表“决定日期” "), dd, pl.lit(f" 晚于评查日 {AS_OF}，且不在已知节假日日历年份内，无法判定")])),
        (pl.col("n_before").fill_null(0) == 0, "fail", 0,
         pl.concat_str([pl.lit("重大执法决定（"), grounds, pl.lit("）于 "), dd, pl.lit(" 作出，此前未经法制审核")])),
        (pl.lit(True), "pass", 0,
         pl.concat_str([pl.lit("重大执法决定（"), grounds, pl.lit("）作出前已经法制审核（最后一次 "), ds("last_review"),
                        pl.lit("）")])),
    ]
    return finish(x, "FS01", rows)


def gs01(c: pl.DataFrame, acts: pl.DataFrame, officers: pl.DataFrame) -> pl.DataFrame:
    a = acts.with_columns(act_date=pl.col("start").str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False),
                          seq=pl.int_range(pl.len()))
    off = officers.with_columns(text("cert"), known=pl.lit(True))
    pairs = (a.select("seq", "act_id", "case_id", "act_date", "oids").explode("oids").rename({"oids": "oid"})
              .filter(pl.col("oid").is_not_null()).unique(["seq", "oid"], maintain_order=True)
              .join(off, on="oid", how="left", maintain_order="left"))
    known = pl.col("known").fill_null(False)
    aux = pl.col("role") == "执法辅助人员"
    cert = pl.col("cert").is_not_null()
    limited = pl.col("vf").is_not_null() | pl.col("vt").is_not_null()
    d = pl.col("act_date")
    in_val = ((pl.col("vf").is_null() | (d >= pl.col("vf"))) & (pl.col("vt").is_null() | (d <= pl.col("vt")))
              & d.is_not_null())
    pairs = pairs.with_columns(
        q=(known & ~aux.fill_null(False) & cert & (in_val.fill_null(False) | ~limited)),
        u=(~known | (known & ~aux.fill_null(False) & cert & limited & d.is_null())),
    )
    per_act = pairs.group_by("seq").agg(
        q=pl.col("q").sum(), u=pl.col("u").sum(),
        ghosts=pl.col("oid").filter(~pl.col("known").fill_null(False)).str.join("、"))
    aa = (a.select("seq", "act_id", "case_id").join(per_act, on="seq", how="left", maintain_order="left")
           .with_columns(pl.col("q").fill_null(0), pl.col("u").fill_null(0), pl.col("ghosts").fill_null(""))
           .with_columns(hard=(pl.col("q") + pl.col("u")) < 2)
           .with_columns(soft=~pl.col("hard") & (pl.col("q") < 2)))
    why = (pl.when(pl.col("soft") & (pl.col("ghosts") != "")).then(pl.concat_str([pl.lit("；人员表中没有 "), pl.col("ghosts")]))
             .when(pl.col("soft") & (pl.col("u") > 0)).then(pl.lit("；无法核对执法证有效期（活动缺少日期）"))
             .otherwise(pl.lit("")))
    flagged = aa.filter(pl.col("hard") | pl.col("soft")).with_columns(
        detail=pl.concat_str([pl.col("act_id"), pl.lit("（合格"), pl.col("q").cast(pl.Utf8), pl.lit("人/需2人"), why,
                              pl.lit("）")]))
    per_case = aa.group_by("case_id").agg(act_count=pl.len(), short=pl.col("hard").sum(), short_u=pl.col("soft").sum())
    det = flagged.group_by("case_id", maintain_order=True).agg(detail=pl.col("detail").str.join("、"))
    x = (c.select("case_id", "unit_id").join(per_case, on="case_id", how="left", maintain_order="left")
          .join(det, on="case_id", how="left", maintain_order="left")
          .with_columns(pl.col("act_count").fill_null(0), pl.col("short").fill_null(0), pl.col("short_u").fill_null(0)))
    dt_ = pl.col("detail").fill_null("（空）")
    rows = [
        (pl.col("act_count") == 0, "unknown", 0, pl.lit("案卷中没有执法活动记录，无法判定执法人数")),
        (pl.col("short") > 0, "fail", 0, pl.concat_str([pl.lit("执法活动 "), dt_, pl.lit(" 合格执法人员人数不足")])),
        (pl.col("short_u") > 0, "unknown", 0, pl.concat_str([pl.lit("无法确认执法活动 "), dt_, pl.lit(" 的合格执法人数")])),
        (pl.lit(True), "pass", 0, pl.concat_str([pl.lit("全部 "), pl.col("act_count").cast(pl.Utf8),
                                                  pl.lit(" 项执法活动均有足够的合格执法人员（一般不少于2人）")])),
    ]
    return finish(x, "GS01", rows)


AV_TYPES = ["查封", "扣押", "强制拆除", "强制执行"]
DISPUTE_TYPES = ["现场检查", "调查取证", "听证", "留置送达", "公告送达"]
PHASES = {"启动": ["立案审批表", "受案登记表", "接报案登记表", "检查通知书"],
          "调查取证": ["询问笔录", "现场检查笔录", "勘验笔录", "证据登记保存清单", "查封扣押决定书", "调查终结报告"],
          "审核决定": ["行政处罚事先告知书", "法制审核意见书", "集体讨论记录", "行政处罚决定书", "行政许可决定书", "听证笔录"],
          "送达执行": ["送达回证", "罚没款收据", "执行记录", "结案报告"]}


def ts(col: str) -> pl.Expr:
    """datetime text -> (datetime, has_time)"""
    s = pl.col(col).str.strip_chars(WS)
    t = pl.coalesce(s.str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False, time_unit="us"),
                    s.str.to_datetime("%Y-%m-%d %H:%M", strict=False, time_unit="us"),
                    s.str.to_date("%Y-%m-%d", strict=False).cast(pl.Datetime("us")))
    return t


def coverage(acts: pl.DataFrame, rec: pl.DataFrame, gap_s: float = 30) -> pl.DataFrame:
    """Per act (acts order): status covered | gap | no_time | unsure, max_gap, overlapped, untimed_rec."""
    a = acts.with_columns(seq=pl.int_range(pl.len()), a_start=ts("start"), a_end=ts("end"),
                          a_ht=(pl.col("start").str.len_chars() > 10) & (pl.col("end").str.len_chars() > 10))
    a = a.with_columns(a_ok=(pl.col("a_start").is_not_null() & pl.col("a_end").is_not_null() & pl.col("a_ht").fill_null(False)
                             & (pl.col("a_end") >= pl.col("a_start"))).fill_null(False))
    r = rec.with_columns(r_s=ts("r_start"), r_e=ts("r_end"),
                         r_ht=(pl.col("r_start").str.len_chars() > 10) & (pl.col("r_end").str.len_chars() > 10))
    r = r.with_columns(r_ok=(pl.col("r_s").is_not_null() & pl.col("r_e").is_not_null() & pl.col("r_ht").fill_null(False)
                             & (pl.col("r_e") > pl.col("r_s"))).fill_null(False)).select("case_id", "r_act", "r_s", "r_e", "r_ok")
    p = a.select("seq", "act_id", "case_id", "a_start", "a_end", "a_ok").join(r, on="case_id", how="inner")
    p = p.with_columns(relevant=pl.col("r_act").is_null() | (pl.col("r_act") == pl.col("act_id"))).filter("relevant")
    p = p.with_columns(use=pl.col("r_ok") & pl.col("a_ok") & (pl.col("r_s") < pl.col("a_end")) & (pl.col("r_e") > pl.col("a_start")))
    flags = p.group_by("seq").agg(untimed_rec=(~pl.col("r_ok")).any(), overlapped=pl.col("use").any())
    u = p.filter("use").sort("seq", "r_s", "r_e")
    u = u.with_columns(cm=pl.col("r_e").cum_max().over("seq"))
    u = u.with_columns(prev=pl.col("cm").shift(1).over("seq"))
    u = u.with_columns(reach=pl.max_horizontal(pl.col("prev").fill_null(pl.col("a_start")), pl.col("a_start")))
    g = u.group_by("seq").agg(inner=((pl.col("r_s") - pl.col("reach")).dt.total_microseconds() / 1e6).max(),
                              last=pl.max_horizontal(pl.col("cm").max(), pl.col("a_start").first()),
                              a_end=pl.col("a_end").first())
    g = g.with_columns(best=pl.max_horizontal(pl.col("inner"), (pl.col("a_end") - pl.col("last")).dt.total_microseconds() / 1e6)
                       .clip(lower_bound=0)).select("seq", "best")
    out = (a.select("seq", "act_id", "case_id", "act_type", "a_ok", "a_start", "a_end")
            .join(flags, on="seq", how="left", maintain_order="left").join(g, on="seq", how="left", maintain_order="left"))
    out = out.with_columns(pl.col("untimed_rec").fill_null(False), pl.col("overlapped").fill_null(False),
                           max_gap=pl.when(~pl.col("a_ok")).then(None).when(pl.col("best").is_not_null()).then(pl.col("best"))
                           .otherwise((pl.col("a_end") - pl.col("a_start")).dt.total_microseconds() / 1e6))
    st = (pl.when(~pl.col("a_ok")).then(pl.lit("no_time")).when(pl.col("max_gap") <= gap_s).then(pl.lit("covered"))
            .when(pl.col("untimed_rec")).then(pl.lit("unsure")).otherwise(pl.lit("gap")))
    return out.with_columns(status=st)


def jl02_03(c: pl.DataFrame, cov: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    out = []
    for rule, types, names in (("JL02", AV_TYPES, "covered"), ("JL03", DISPUTE_TYPES, "overlap")):
        a = cov.filter(pl.col("act_type").is_in(types))
        if names == "covered":
            bad = pl.col("status") == "gap"
            unsure = pl.col("status").is_in(["no_time", "unsure"])
            label = pl.when(bad).then(pl.concat_str([pl.lit("（最大间隙"), pl.col("max_gap").round(0).cast(pl.Int64).cast(pl.Utf8),
                                                    pl.lit("秒）")])).otherwise(pl.lit("（缺少起止时刻）"))
        else:
            no_time = pl.col("status") == "no_time"
            bad = ~no_time & ~pl.col("overlapped") & ~pl.col("untimed_rec")
            unsure = no_time | (~pl.col("overlapped") & pl.col("untimed_rec"))
            label = pl.when(bad).then(pl.lit("（无音像记录）")).otherwise(pl.lit("（缺少起止时刻）"))
        a = a.with_columns(bad=bad, unsure=unsure, label=label)
        per = a.group_by("case_id").agg(n=pl.len(), nbad=pl.col("bad").sum(), nuns=pl.col("unsure").sum())
        det = (a.filter(pl.col("bad") | pl.col("unsure")).group_by("case_id", maintain_order=True)
                .agg(detail=pl.concat_str([pl.col("act_id"), pl.col("label")]).str.join("、")))
        x = (c.select("case_id", "unit_id").join(per, on="case_id", how="left", maintain_order="left")
              .join(det, on="case_id", how="left", maintain_order="left")
              .with_columns(pl.col("n").fill_null(0), pl.col("nbad").fill_null(0), pl.col("nuns").fill_null(0)))
        d = pl.col("detail").fill_null("（空）")
        if rule == "JL02":
            rows = [(pl.col("n") == 0, "na", 0, pl.lit("没有须全程音像记录的执法活动")),
                    (pl.col("nbad") > 0, "fail", 15, pl.concat_str([pl.lit("执法活动 "), d, pl.lit(" 的音像记录未覆盖全程（允许间隙 30 秒）")])),
                    (pl.col("nuns") > 0, "unknown", 0, pl.concat_str([pl.lit("执法活动 "), d, pl.lit(" 缺少起止时刻，无法判断音像记录是否覆盖全程")])),
                    (pl.lit(True), "pass", 0, pl.concat_str([pl.col("n").cast(pl.Utf8), pl.lit(" 项须全程音像记录的执法活动均被音像记录完整覆盖")]))]
        else:
            rows = [(pl.col("n") == 0, "na", 0, pl.lit("没有容易引发争议的执法活动")),
                    (pl.col("nbad") > 0, "fail", 0, pl.concat_str([pl.lit("执法活动 "), d, pl.lit(" 没有音像记录")])),
                    (pl.col("nuns") > 0, "unknown", 0, pl.concat_str([pl.lit("执法活动 "), d, pl.lit(" 缺少起止时刻，无法判断是否有音像记录")])),
                    (pl.lit(True), "pass", 0, pl.concat_str([pl.col("n").cast(pl.Utf8), pl.lit(" 项容易引发争议的执法活动均有音像记录")]))]
        out.append(finish(x, rule, rows))
    return out[0], out[1]


def jl01(c: pl.DataFrame, docs: pl.DataFrame) -> pl.DataFrame:
    lookup = pl.DataFrame({"doc_type": [t for ts_ in PHASES.values() for t in ts_],
                           "ph": [p for p, ts_ in PHASES.items() for _ in ts_]})
    d = (docs.with_columns(text("phase"), pl.col("doc_type").fill_null("（无名称）"))
             .join(lookup, on="doc_type", how="left", maintain_order="left")
             .with_columns(phase=pl.coalesce("phase", "ph")))
    present = d.filter(pl.col("phase").is_not_null()).group_by("case_id").agg(
        **{f"has_{i}": (pl.col("phase") == p).any() for i, p in enumerate(PHASES)})
    un = d.filter(pl.col("phase").is_null())
    un_n = un.group_by("case_id").agg(n_un=pl.len())
    un_t = un.unique(["case_id", "doc_type"], maintain_order=True).group_by("case_id", maintain_order=True).agg(
        un_types=pl.col("doc_type").str.join("、"))
    x = (c.select("case_id", "unit_id", "procedure", "has_decision", "beyond_decision", "decision")
          .join(present, on="case_id", how="left", maintain_order="left").join(un_n, on="case_id", how="left", maintain_order="left")
          .join(un_t, on="case_id", how="left", maintain_order="left"))
    miss = pl.concat_str([pl.when(pl.col(f"has_{i}").fill_null(False)).then(pl.lit("")).otherwise(pl.lit(p + "、"))
                          for i, p in enumerate(PHASES)]).str.strip_suffix("、")
    x = x.with_columns(missing=miss, n_un=pl.col("n_un").fill_null(0))
    rows = [((pl.col("procedure") != "普通程序") | ~pl.col("has_decision"), "na", 0, pl.lit("非普通程序案件或尚未作出决定")),
            (pl.col("beyond_decision"), "unknown", 0, pl.concat_str([pl.lit("案件表“决定日期” "), ds("decision") if "decision" in x.columns else pl.lit(""),
                                                                     pl.lit(f" 晚于评查日 {AS_OF}，且不在已知节假日日历年份内，无法判定")])),
            ((pl.col("missing") != "") & (pl.col("n_un") > 0), "unknown", 0,
             pl.concat_str([pl.lit("缺少"), pl.col("missing"), pl.lit("环节文书，另有文书 "), pl.col("un_types"), pl.lit(" 无法确定所属环节")])),
            (pl.col("missing") != "", "fail", 10, pl.concat_str([pl.lit("缺少"), pl.col("missing"), pl.lit("环节的文书")])),
            (pl.lit(True), "pass", 0, pl.lit("启动、调查取证、审核决定、送达执行各环节均有文书"))]
    return finish(x, "JL01", rows)


def finish(x: pl.DataFrame, rule: str, rows) -> pl.DataFrame:
    """First hit wins: outcome, deduction and reason from the first branch whose condition holds."""
    def chain(pick):
        e = pl.when(rows[0][0].fill_null(False)).then(pick(rows[0]))
        for r in rows[1:]:
            e = e.when(r[0].fill_null(False)).then(pick(r))
        return e
    return x.select(
        "case_id", "unit_id", rule_id=pl.lit(rule),
        outcome=chain(lambda r: pl.lit(r[1])),
        deduction=chain(lambda r: pl.lit(r[2])),
        reason=chain(lambda r: r[3]),
    )


TEXT_KINDS = {  # table -> (file, {column: kind}); kinds: id, text, enum:<choices>, date, datetime, num0, list, bool, ref
    "cases": ("案件.parquet", {"案件编号": "id", "办案单位编码": "req", "执法类别": "enum:行政许可,行政处罚,行政强制,行政检查,行政征收,行政征用,行政确认,行政裁决,其他",
                             "案件细类": "text", "程序类型": "enum:普通程序,简易程序,快速办理", "当事人类型": "enum:个人,单位", "当事人": "text",
                             "罚款金额": "num0", "延长天数": "num0", "不予公开理由": "text", "处理决定": "list", "承办人": "list"}),
    "acts": ("执法活动.parquet", {"活动编号": "id", "案件编号": "ref", "活动类型": "text", "开始时间": "datetime", "结束时间": "datetime",
                              "执法人员": "list"}),
    "recordings": ("音像记录.parquet", {"记录编号": "id", "案件编号": "ref", "活动编号": "actref", "开始时间": "datetime",
                                    "结束时间": "datetime", "设备编号": "text", "文件": "text"}),
    "reviews": ("法制审核.parquet", {"审核编号": "id", "案件编号": "ref", "审核人": "text", "审核日期": "reqdate",
                                 "审核结论": "enum:同意,不同意,退回补充", "审核意见": "text"}),
    "documents": ("文书.parquet", {"文书编号": "id", "案件编号": "ref", "文书名称": "text", "环节": "enum:启动,调查取证,审核决定,送达执行"}),
    "officers": ("人员.parquet", {"人员编号": "id", "姓名": "text", "单位编码": "text", "人员类别": "enum:执法人员,法制审核人员,执法辅助人员",
                              "执法证号": "text"}),
    "units": ("单位.parquet", {"单位编码": "id", "单位名称": "text", "执法人员总数": "num0", "法制审核人员数": "num0"}),
}
CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"


def validate_all(folder: Path) -> tuple[dict, pl.DataFrame]:
    """Vectorized checks over every table (approximation of casefiles.validate for typed Parquet input):
    text strip/empty/control chars/length, enums, non-negative numbers, list duplicates, datetime text parsing,
    end >= start, required values, unique ids, references to kept cases / acts of the same case."""
    tables, rejects = {}, []
    kept_cases = kept_acts = None
    for name, (fname, kinds) in TEXT_KINDS.items():
        df = pl.from_arrow(pq.read_table(folder / fname)).with_row_index("_row")
        fixes, bad = [], []
        for col, kind in kinds.items():
            if kind in ("text", "req", "id", "ref", "actref") or kind.startswith("enum:"):
                s = pl.col(col).str.strip_chars(WS)
                fixes.append(pl.when(s == "").then(None).otherwise(s).alias(col))
        df = df.with_columns(fixes)
        for col, kind in kinds.items():
            c = pl.col(col)
            if kind in ("text", "req", "id", "ref", "actref"):
                bad.append((c.str.contains(CONTROL) | (c.str.len_chars() > 32767)).fill_null(False).alias(f"bad:{col}"))
            if kind.startswith("enum:"):
                bad.append((c.is_not_null() & ~c.is_in(kind[5:].split(","))).alias(f"bad:{col}"))
            if kind == "num0":
                bad.append((c < 0).fill_null(False).alias(f"bad:{col}"))
            if kind == "list":
                bad.append((c.list.len() != c.list.n_unique()).fill_null(False).alias(f"dup:{col}"))
            if kind in ("id", "req", "ref", "reqdate"):
                bad.append(c.is_null().alias(f"missing:{col}"))
            if kind == "id":
                bad.append((c.is_not_null() & c.is_duplicated()).alias(f"dupid:{col}"))
        if "开始时间" in kinds:
            parsed = []
            for col in ("开始时间", "结束时间"):
                s = pl.col(col)
                t = pl.coalesce(s.str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False),
                                s.str.to_datetime("%Y-%m-%d %H:%M", strict=False),
                                s.str.to_date("%Y-%m-%d", strict=False).cast(pl.Datetime("us")))
                parsed += [t.alias(col), (s.str.len_chars() > 10).fill_null(False).alias(col + "__has_time")]
            df = df.with_columns(parsed)
            bad.append((pl.col("结束时间") < pl.col("开始时间")).fill_null(False).alias("order:结束时间"))
        if "ref" in kinds.values() and kept_cases is not None:
            bad.append(~pl.col("案件编号").is_in(kept_cases).alias("ref:案件编号"))
        flags = df.select("_row", *bad)
        long = flags.unpivot(index="_row", variable_name="check", value_name="hit").filter(pl.col("hit"))
        if name == "recordings" and kept_acts is not None:
            j = df.select("_row", "案件编号", "活动编号").join(kept_acts, left_on="活动编号", right_on="act_id", how="left")
            wrong = j.filter(pl.col("活动编号").is_not_null() & (pl.col("owner").is_null() | (pl.col("owner") != pl.col("案件编号"))))
            long = pl.concat([long, wrong.select("_row", check=pl.lit("ref:活动编号"), hit=pl.lit(True))])
        long = long.with_columns(table=pl.lit(name))
        rejects.append(long)
        record_bad = long.filter(pl.col("check").str.starts_with("missing:") | pl.col("check").str.starts_with("dupid:")
                                 | pl.col("check").str.starts_with("ref:"))["_row"]
        kept = df.filter(~pl.col("_row").is_in(record_bad.implode()))
        tables[name] = kept
        if name == "cases":
            kept_cases = kept["案件编号"].drop_nulls().implode()
        if name == "acts":
            kept_acts = kept.select(act_id="活动编号", owner="案件编号")
    return tables, pl.concat(rejects)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("tables", type=Path)
    p.add_argument("out", type=Path)
    p.add_argument("--json")
    p.add_argument("--read-all", action="store_true", help="also read every other table/column (cost only)")
    p.add_argument("--validate", action="store_true", help="also time validate_all (reads every table itself)")
    p.add_argument("--extra", action="store_true", help="also JL01, JL02, JL03 (documents, recordings coverage)")
    a = p.parse_args()
    w0, c0 = time.perf_counter(), time.process_time()
    with stage("read"):
        t = read(a.tables, a.read_all, a.extra)
    if a.validate:
        with stage("validate_all(read+check all tables)"):
            vt, vr = validate_all(a.tables)
        T["validate_all(read+check all tables)"]["rejects"] = vr.group_by("table", "check").len().sort("table", "check").rows()
    with stage("calendar"):
        cal = Calendar()
    with stage("prep"):
        c = prep(t, cal)
    parts = {}
    with stage("GS01"):
        parts["GS01"] = gs01(c, t["acts"], t["officers"])
    with stage("GS03"):
        parts["GS03"] = gs03(c, cal)
    with stage("FS01"):
        parts["FS01"] = fs01(c, t["reviews"])
    with stage("CX01"):
        parts["CX01"] = cx01(c)
    if a.extra:
        with stage("coverage(JL02/JL03)"):
            cov = coverage(t["acts_x"], t["recordings"])
        with stage("JL02+JL03"):
            parts["JL02"], parts["JL03"] = jl02_03(c, cov)
        with stage("JL01"):
            parts["JL01"] = jl01(c.with_columns(decision=pl.col("decision")), t["documents"])
    with stage("assemble"):
        findings = pl.concat([parts[r] for r in ("GS01", "GS03", "JL01", "JL02", "JL03", "FS01", "CX01") if r in parts])
    with stage("write"):
        findings.write_csv(a.out, include_bom=True, line_terminator="\n")
    T["TOTAL"] = {"wall": round(time.perf_counter() - w0, 4), "cpu": round(time.process_time() - c0, 4)}
    ru = resource.getrusage(resource.RUSAGE_SELF)
    out = {"cases": len(c), "rows": len(findings), "bytes": a.out.stat().st_size, "stages": T,
           "ru_cpu": round(ru.ru_utime + ru.ru_stime, 2), "peak_rss_mib": round(ru.ru_maxrss / 1024, 1),
           "polars_threads": pl.thread_pool_size(), "outcomes": findings.group_by("rule_id", "outcome").len()
           .sort("rule_id", "outcome").rows()}
    text_ = json.dumps(out, ensure_ascii=False, default=str)
    if a.json:
        Path(a.json).write_text(text_)
    print(text_)


if __name__ == "__main__":
    main()
