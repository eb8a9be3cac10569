"""Benchmark of the whole review: per-stage times and peak RSS per size, engines compared, xlsx intake.

    /tmp/venv/bin/python benchmarks/run.py [--sizes 10000,100000] [--stream-sizes 100000,1000000]
        [--chunk-size 50000] [--engines-size 20000] [--xlsx-cases 10000] [--profile-size 100000]
        [--rss-limit-gib 16] [--out benchmarks/RESULTS.md]

--sizes: the in-memory review (refused above 200,000 cases: at 1M it needs ~19 GiB);
--stream-sizes: the streaming review (engine.stream), each under a hard 8 GiB address-space cap.

Each measurement runs in a fresh subprocess (benchmarks/measure.py), so ru_maxrss is that run's
peak; a run whose RSS passes --rss-limit-gib is stopped and reported as such (the machine is shared).
Inputs are generated once and cached under benchmarks/data/ (git-ignored).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
MEASURE = HERE / "measure.py"
STAGES = ("load", "facts", "rules", "findings", "scoring", "write")
NOTES = "## 分析（手写；重新运行时保留）"
TARGET_RATE, TARGET_RSS_MIB, TARGET_SCALING, TARGET_RATIO, TARGET_XLSX = 50_000, 4096, 1.2, 100, 20_000


def measure(task: str, *args: int, rss_limit_mib: float) -> dict:
    """Run one measurement; stop it if its RSS passes the limit."""
    cmd = [sys.executable, str(MEASURE), task, *map(str, args)]
    print(f"… {task} {' '.join(map(str, args))}", file=sys.stderr, flush=True)
    log = tempfile.TemporaryFile("w+", encoding="utf-8")      # stage lines the child writes as it goes
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log, text=True, cwd=HERE.parent)
    watched, peak = psutil.Process(proc.pid), 0.0
    while proc.poll() is None:
        try:
            peak = max(peak, watched.memory_info().rss / 2**20)
        except psutil.NoSuchProcess:
            break
        if peak > rss_limit_mib:
            proc.kill()
            proc.wait()
            return {"aborted": f"RSS 超过 {rss_limit_mib / 1024:g} GiB，已停止", "peak_rss_mib": round(peak, 1),
                    "stages_done": _stage_lines(log)}
        time.sleep(0.2)
    out = proc.stdout.read()
    if proc.returncode != 0:
        return {"aborted": f"退出码 {proc.returncode}"}
    return json.loads(out.strip().splitlines()[-1])


def _stage_lines(log) -> list[dict]:
    log.seek(0)
    return [json.loads(line) for line in log if line.startswith('{"stage"')]


def machine() -> str:
    mem = psutil.virtual_memory().total / 2**30
    return (f"{os.cpu_count()} 核（{platform.processor() or platform.machine()}），内存 {mem:.1f} GiB，"
            f"开始时 1 分钟负载 {os.getloadavg()[0]:.1f}，"
            f"Python {platform.python_version()}，{platform.system()} {platform.release()}")


def ok(flag: bool) -> str:
    return "✅ 达标" if flag else "❌ 未达标"


def stream_table(streams: dict[int, dict]) -> list[str]:
    keys = ("facts", "rules", "findings", "scoring", "unit", "read+validate+write")
    lines = ["## 流式评查（engine.stream，按案件分块；各阶段为各块之和，秒）", "",
             "| 案卷数 | 块 | " + " | ".join(keys) + " | 合计 s | 件/秒 | 每件 µs | 进程 CPU s | 峰值 RSS MiB | 负载（始/末） |",
             "|---:|---:|" + "---:|" * (len(keys) + 6)]
    for n, r in streams.items():
        if "aborted" in r:
            lines.append(f"| {n:,} | — | " + " | ".join("—" for _ in keys) + f" | — | — | — | — | "
                         f"{r.get('peak_rss_mib', 0):,.0f}（{r['aborted']}） | — |")
            continue
        st = r["stages"]
        lines.append(f"| {n:,} | {r['chunks']} × {r['chunk']:,} | " + " | ".join(f"{st.get(k, 0):.2f}" for k in keys)
                     + f" | {r['total']:.1f} | {n / r['total']:,.0f} | {r['total'] / n * 1e6:,.0f} | {r['cpu_s']} | "
                       f"{r['peak_rss_mib']:,.0f} | {r['load'][0]} / {r['load'][1]} |")
    return lines


def report(sizes: dict[int, dict], engines: dict, xlsx: dict, profile: dict | None, argv: list[str],
           streams: dict[int, dict] | None = None) -> str:
    lines = ["# 性能基准结果", "",
             f"- 机器：{machine()}",
             f"- 时间：{datetime.now():%Y-%m-%d %H:%M}；命令：`/tmp/venv/bin/python benchmarks/run.py {' '.join(argv)}`",
             "- 输入：`generate_tables(N, seed=7)` 写成 Parquet 文件夹；评查日 2026-11-20；引擎 vector；"
             "每个规模在单独的子进程中运行，峰值内存为该进程的 ru_maxrss。", "",
             "## 端到端（各阶段秒数）", "",
             "| 案卷数 | " + " | ".join(STAGES) + " | 合计 s | 件/秒 | 每件 µs | 进程 CPU s | 峰值 RSS MiB |",
             "|---:|" + "---:|" * (len(STAGES) + 5)]
    for n, r in sizes.items():
        if "aborted" in r:
            done = {d["stage"]: d["seconds"] for d in r.get("stages_done", [])}
            lines.append(f"| {n:,} | " + " | ".join(f"{done[s]:.2f}" if s in done else "—" for s in STAGES)
                         + f" | — | — | — | — | {r.get('peak_rss_mib', 0):,.0f}（{r['aborted']}） |")
            continue
        st = r["stages"]
        lines.append(f"| {n:,} | " + " | ".join(f"{st[s]:.2f}" for s in STAGES)
                     + f" | {r['total']:.1f} | {n / r['total']:,.0f} | {r['total'] / n * 1e6:,.0f} | "
                       f"{r.get('cpu_s', '—')} | {r['peak_rss_mib']:,.0f} |")
    for n, r in sizes.items():
        if r.get("stages_done"):
            lines += ["", f"{n:,} 件在停止前完成的阶段（秒，完成时 RSS MiB）：" + "；".join(
                f"{d['stage']} {d['seconds']:.1f} s / {d['rss_mib']:,.0f}" for d in r["stages_done"])]
    if streams:
        lines += [""] + stream_table(streams)
    lines += ["", "## 目标", "", "| 目标 | 实测 | 结果 |", "|---|---|---|"]
    big = (streams or {}).get(1_000_000) or sizes.get(1_000_000)
    if streams and 100_000 in streams:
        sizes = {**sizes, 100_000: streams[100_000]}
    if big and "aborted" not in big:
        rate = 1_000_000 / big["total"]
        lines.append(f"| 100 万件端到端 ≥ {TARGET_RATE:,} 件/秒（≤ 20 s） | {rate:,.0f} 件/秒（{big['total']:.1f} s） "
                     f"| {ok(rate >= TARGET_RATE)} |")
        lines.append(f"| 100 万件峰值 RSS ≤ 4 GiB | {big['peak_rss_mib'] / 1024:.2f} GiB | "
                     f"{ok(big['peak_rss_mib'] <= TARGET_RSS_MIB)} |")
        mid = sizes.get(100_000)
        if mid and "aborted" not in mid:
            scale = (big["total"] / 1_000_000) / (mid["total"] / 100_000)
            lines.append(f"| 每件成本 100 万件 ≤ 1.2 × 10 万件 | {scale:.2f} × | {ok(scale <= TARGET_SCALING)} |")
    elif big:
        lines.append(f"| 100 万件端到端 / 峰值 RSS | {big['aborted']}（峰值 {big.get('peak_rss_mib', 0) / 1024:.1f} GiB） "
                     f"| {ok(False)} |")
    if engines and "aborted" not in engines:
        v, d = engines["vector"], engines["durable"]
        ratio_rules, ratio_review = d["rules"] / v["rules"], d["review"] / v["review"]
        lines.append(f"| vector ≥ 100 × durable（同一 {engines['cases']:,} 件，规则阶段） | "
                     f"{ratio_rules:,.0f} ×（vector {v['rules']:.2f} s，durable {d['rules']:.1f} s）；"
                     f"整次评查 {ratio_review:.1f} × | {ok(ratio_rules >= TARGET_RATIO)} |")
    if xlsx and "aborted" not in xlsx:
        rate = xlsx["rows"] / xlsx["seconds"]
        lines.append(f"| xlsx 读入 ≥ {TARGET_XLSX:,} 行/秒 | {xlsx['rows']:,} 行（{xlsx['cases']:,} 件案卷，七张表合计）"
                     f" {xlsx['seconds']:.1f} s = {rate:,.0f} 行/秒 | {ok(rate >= TARGET_XLSX)} |")
    if profile:
        lines += ["", f"## 剖析（cProfile，{profile['cases']:,} 件，读入 + 评查 + 写出）", "",
                  "按累计时间：", "", "```", profile["profile"]["cumulative"].rstrip(), "```", "",
                  "按自身时间：", "", "```", profile["profile"]["tottime"].rstrip(), "```"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="10000,100000", help="内存中评查的案卷数，逗号分隔（≤ 200000）")
    p.add_argument("--stream-sizes", default="100000,1000000", help="流式评查的案卷数，逗号分隔（空 = 不测）")
    p.add_argument("--chunk-size", type=int, default=50_000, help="流式评查每块案件数")
    p.add_argument("--engines-size", type=int, default=20_000, help="两个引擎对比所用的案卷数（0 = 不比）")
    p.add_argument("--xlsx-cases", type=int, default=10_000,
                   help="xlsx 读入测试的案卷数（10000 件 ≈ 10 万行，七张表合计；0 = 不测）")
    p.add_argument("--profile-size", type=int, default=100_000, help="剖析所用的案卷数（0 = 不剖析）")
    p.add_argument("--rss-limit-gib", type=float, default=16, help="子进程 RSS 超过此值即停止")
    p.add_argument("--out", type=Path, default=HERE / "RESULTS.md", help="结果文件")
    a = p.parse_args(argv)
    limit = a.rss_limit_gib * 1024
    in_memory = [int(n) for n in a.sizes.split(",") if n]
    if any(n > 200_000 for n in in_memory):
        p.error("内存中评查最多 200000 件（100 万件需约 19 GiB）；更大规模请用 --stream-sizes")
    sizes = {n: measure("review", n, rss_limit_mib=limit) for n in in_memory}
    streams = {n: measure("stream", n, a.chunk_size, rss_limit_mib=limit)
               for n in (int(x) for x in a.stream_sizes.split(",") if x)}
    engines = measure("engines", a.engines_size, rss_limit_mib=limit) if a.engines_size else {}
    if engines and "aborted" not in engines:
        v, d = engines["vector"], engines["durable"]
        print(f"vector / durable 吞吐比：规则阶段 {d['rules'] / v['rules']:,.0f} ×，整次评查 "
              f"{d['review'] / v['review']:.1f} ×（{a.engines_size:,} 件）")
    xlsx = measure("xlsx", a.xlsx_cases, rss_limit_mib=limit) if a.xlsx_cases else {}
    profile = measure("profile", a.profile_size, rss_limit_mib=limit) if a.profile_size else None
    text = report(sizes, engines, xlsx, profile, argv if argv is not None else sys.argv[1:], streams)
    if a.out.exists() and NOTES in (old := a.out.read_text(encoding="utf-8")):
        text += "\n" + NOTES + old.split(NOTES, 1)[1]       # hand-written analysis survives a re-run
    a.out.write_text(text, encoding="utf-8")
    (HERE / "data").mkdir(exist_ok=True)
    (HERE / "data" / "last-run.json").write_text(json.dumps(
        {"sizes": sizes, "streams": streams, "engines": engines, "xlsx": xlsx}, ensure_ascii=False, indent=1), encoding="utf-8")
    print(text.split("## 剖析")[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
