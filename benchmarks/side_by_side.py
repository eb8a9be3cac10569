"""The tool's streamed review and the reference pipeline (limit.py) side by side on the same Parquet folders.

    .venv/bin/python benchmarks/side_by_side.py [--sizes 10000,100000] [--workers 1,2] [--formats csv,parquet]
        [--chunk-size 50000] [--data DIR] [--markdown FILE] [--json FILE] [--disk-mib 1024]

For each size, the same generated folder (benchmarks/data.py) is reviewed by limit.py (--validate --extra:
seven rules, all tables validated) and by the tool (benchmarks/tool_stages.py) with each --workers count,
each in its own child process. CPU seconds are the child's own (getrusage) plus its worker processes'
(sampled with psutil every 0.1 s); wall is the child's; peak RSS is the largest resident size of the child
and its workers together (sampled) or the child's ru_maxrss, whichever is larger. Stages are matched where
both do them: read+validate, facts+rules+reasons, write findings; "other" is the rest (the tool's scoring,
unit wrap-up; the reference's bookkeeping); the tool also writes the workbook and the HTML report ("reports"),
as `casereview review` does. Prints a plain table and a Markdown table, the CPU per case at each size and each
further case's CPU between sizes (the fixed part taken out), and, measured after the runs, how fast
the disk of the run folders takes findings.csv (benchmarks/disk.py) and the least time the file needs at that.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from data import DATA, parquet_input  # noqa: E402
from disk import direct_write_speed  # noqa: E402

GROUPS = ("read+validate", "facts+rules+reasons", "write")
TOOL_GROUPS = {"read+validate": ("read", "validate"), "facts+rules+reasons": ("facts", "rules", "reasons"),
               "write": ("write",), "reports": ("reports",), "other": ("scoring", "other")}
SHOWN = (*GROUPS, "reports", "other")        # "reports": the workbook and HTML, which only the tool writes
LIMIT_GROUPS = {"read+validate": ("read", "validate_all(read+check all tables)"),
                "facts+rules+reasons": ("calendar", "prep", "GS01", "GS03", "FS01", "CX01", "coverage(JL02/JL03)",
                                        "JL02+JL03", "JL01", "assemble"),
                "write": ("write",)}
TARGET_RATE, TARGET_RATIO = 20_000, 2.0


def child(cmd: list[str]) -> dict:
    """Run one measurement; its JSON (last stdout line) with the tree's CPU and peak RSS added."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=HERE.parent)
    me, last_cpu, peak = psutil.Process(proc.pid), {}, 0.0
    out = err = ""
    while proc.poll() is None:
        try:
            tree, rss = me.children(recursive=True), 0
            for p in tree:
                with p.oneshot():
                    t, rss = p.cpu_times(), rss + p.memory_info().rss
                last_cpu[p.pid] = t.user + t.system
            peak = max(peak, (rss + me.memory_info().rss) / 2**20)
        except psutil.Error:
            pass
        time.sleep(0.1)
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} 退出码 {proc.returncode}：{err[-2000:]}")
    r = json.loads(out.strip().splitlines()[-1])
    r["tree_cpu"], r["tree_peak_mib"] = sum(last_cpu.values()), peak
    return r


def run_limit(folder: Path, tmp: Path) -> dict:
    r = child([sys.executable, str(HERE / "limit.py"), str(folder), str(tmp / "limit.csv"), "--validate", "--extra"])
    st = r["stages"]
    stages = {g: {k: sum(st[s][k] for s in names if s in st) for k in ("cpu", "wall")}
              for g, names in LIMIT_GROUPS.items()}
    stages["other"] = {k: st["TOTAL"][k] - sum(v[k] for v in stages.values()) for k in ("cpu", "wall")}
    return {"name": "limit.py（7 条规则）", "cases": r["cases"], "rows": r["rows"], "bytes": r["bytes"], "stages": stages,
            "cpu": st["TOTAL"]["cpu"] + r["tree_cpu"], "wall": st["TOTAL"]["wall"],
            "peak_mib": max(r["peak_rss_mib"], r["tree_peak_mib"])}


def run_tool(folder: Path, tmp: Path, chunk: int, workers: int, findings_format: str = "csv") -> dict:
    out = tmp / f"run-w{workers}-{findings_format}"
    r = child([sys.executable, str(HERE / "tool_stages.py"), str(folder), str(out), str(chunk), str(workers),
               findings_format])
    stages = None
    if r["stages"]:
        stages = {g: {k: sum(r["stages"][s][k] for s in names) for k in ("cpu", "wall")}
                  for g, names in TOOL_GROUPS.items()}
    name = f"casereview --workers {workers}" + (f" --format {findings_format}" if findings_format != "csv" else "")
    label = f"{workers} 进程" + (f" {findings_format}" if findings_format != "csv" else "")
    findings = sum(f.stat().st_size for f in out.glob("findings.*"))
    return {"name": name, "label": label, "format": findings_format, "cases": r["cases"], "rows": r["findings"],
            "bytes": findings, "files": r["files"], "stages": stages, "cpu": r["cpu_main"] + r["tree_cpu"], "wall": r["wall"],
            "peak_mib": max(r["peak_rss_mib"], r["tree_peak_mib"])}


def measure_size(n: int, workers: list[int], chunk: int, data: Path, formats: tuple[str, ...] = ("csv",)) -> list[dict]:
    folder = parquet_input(n, data=data)
    with tempfile.TemporaryDirectory(prefix="casereview-side-") as tmp:
        rows = [run_limit(folder, Path(tmp))]
        for fmt in formats:
            for k in workers:
                rows.append(run_tool(folder, Path(tmp), chunk, k, fmt))
                shutil.rmtree(Path(tmp) / f"run-w{k}-{fmt}", ignore_errors=True)     # 6 GB of findings at 1M
    for r in rows:
        r["n"] = n
    return rows


def cell(stage: dict | None, key: str) -> str:
    return f"{stage[key]:.2f}" if stage else "—"


def table(results: list[dict]) -> list[list[str]]:
    """One row per size and pipeline, then a ratio row (tool ÷ reference) per tool row."""
    head = ["案卷数", "流程"] + [f"{g} CPU/墙钟 s" for g in SHOWN] + [
        "合计 CPU s", "墙钟 s", "件/秒（墙钟）", "件/CPU 秒", "每件 CPU µs", "每条结论 CPU µs", "峰值 RSS MiB"]
    rows = [head]
    for r in results:
        st = r["stages"]
        rows.append([f"{r['n']:,}", r["name"]]
                    + [f"{cell(st and st.get(g), 'cpu')} / {cell(st and st.get(g), 'wall')}" for g in SHOWN]
                    + [f"{r['cpu']:.2f}", f"{r['wall']:.2f}", f"{r['n'] / r['wall']:,.0f}", f"{r['n'] / r['cpu']:,.0f}",
                       f"{r['cpu'] / r['n'] * 1e6:,.0f}", f"{r['cpu'] / r['rows'] * 1e6:,.2f}", f"{r['peak_mib']:,.0f}"])
    for ref in (r for r in results if r["name"].startswith("limit")):
        for r in (t for t in results if t["n"] == ref["n"] and t is not ref):
            st = r["stages"]
            ratios = [f"{st[g]['cpu'] / ref['stages'][g]['cpu']:.1f} ×" if st else "—" for g in GROUPS]
            rows.append([f"{r['n']:,}", f"比值 {r['label']} ÷ limit"] + ratios + [
                "—", "—", f"{r['cpu'] / ref['cpu']:.1f} ×", f"{r['wall'] / ref['wall']:.1f} ×", "", "", "",
                f"{(r['cpu'] / r['rows']) / (ref['cpu'] / ref['rows']):.1f} ×", f"{r['peak_mib'] / ref['peak_mib']:.1f} ×"])
    return rows


def scaling(results: list[dict]) -> list[str]:
    """CPU per case at each size relative to the smallest, per pipeline."""
    lines = []
    for name in dict.fromkeys(r["name"] for r in results):
        runs = sorted((r for r in results if r["name"] == name), key=lambda r: r["n"])
        base = runs[0]["cpu"] / runs[0]["n"]
        lines.append(f"{name}：每件 CPU " + "，".join(
            f"{r['n']:,} 件 {r['cpu'] / r['n'] * 1e6:,.0f} µs（{r['cpu'] / r['n'] / base:.2f} ×）" for r in runs))
    return lines


def marginal(results: list[dict]) -> list[str]:
    """CPU each further case costs from one size to the next (difference of the totals over difference of the
    sizes), per pipeline: the cost per case with the fixed part (start-up, pack, the workbook's first rows) taken
    out. Where the stages are known, also without the reports: the workbook and HTML list at most
    reports.workbook.REPORT_ROWS cases, so their cost stops growing there by design."""
    lines = []
    for name in dict.fromkeys(r["name"] for r in results):
        runs = sorted((r for r in results if r["name"] == name), key=lambda r: r["n"])
        if len(runs) < 2:
            continue
        pairs = list(zip(runs, runs[1:]))
        each = lambda cpu: [(cpu(b) - cpu(a)) / (b["n"] - a["n"]) * 1e6 for a, b in pairs]
        line = f"{name}：每多一件 CPU " + _spread(pairs, each(lambda r: r["cpu"]))
        if all(r["stages"] and "reports" in r["stages"] for r in runs):
            line += "；不计 reports " + _spread(pairs, each(lambda r: r["cpu"] - r["stages"]["reports"]["cpu"]))
        lines.append(line)
    return lines


def _spread(pairs: list[tuple[dict, dict]], costs: list[float]) -> str:
    """Each step's cost per further case, and the largest over the smallest."""
    steps = "，".join(f"{a['n']:,}→{b['n']:,} 件 {c:,.1f} µs" for (a, b), c in zip(pairs, costs))
    low, high = min(costs), max(costs)
    return steps + (f"（最大 ÷ 最小 {high / low:.2f} ×）" if len(costs) > 1 and low > 0 else "")


def write_per_byte(results: list[dict]) -> list[str]:
    """The write stage's CPU per MB of findings.csv written: the tool writes every rule's findings with all their
    columns, the reference seven rules' with six (findings.parquet's compressed bytes are not compared)."""
    lines = []
    for ref in (r for r in results if r["name"].startswith("limit")):
        per = lambda r: r["stages"]["write"]["cpu"] / (r["bytes"] / 2**20) * 1e3
        for r in (t for t in results if t["n"] == ref["n"] and t is not ref and t["stages"] and t["format"] == "csv"):
            lines.append(f"{r['n']:,} 件 write 每 MB 写出：{r['name']} {per(r):.2f} ms（{r['bytes'] / 2**20:,.0f} MB，"
                         f"{r['rows']:,} 条），limit.py {per(ref):.2f} ms（{ref['bytes'] / 2**20:,.0f} MB，"
                         f"{ref['rows']:,} 条），比值 {per(r) / per(ref):.1f} ×")
    return lines


def disk_floor(results: list[dict], speed: float, mib: int) -> str:
    """The disk's speed (measured after the runs, writing `mib` MiB) and the least wall time findings.csv needs at
    it, per size."""
    sizes = {r["n"]: r["bytes"] for r in results if not r["name"].startswith("limit") and r.get("bytes")}
    floors = "，".join(f"{n:,} 件 {b / 1e6:,.0f} MB 至少 {b / 1e6 / speed:.1f} s" for n, b in sorted(sizes.items()))
    return (f"结果目录所在磁盘直写 {speed:,.0f} MB/s（评查之后用工具自己的写法写 {mib:,} MiB）；findings.csv 在最后一块评完之后"
            f"按规则顺序拼接写出，按这个速度：{floors}")


def markdown(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(rows[0]) + " |", "|---:|---|" + "---:|" * (len(rows[0]) - 2)]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows[1:]])


def plain(rows: list[list[str]]) -> str:
    return "\n".join("  ".join(r) for r in rows)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="10000,100000", help="案卷数，逗号分隔")
    p.add_argument("--workers", default="1,2", help="工具的 --workers 取值，逗号分隔")
    p.add_argument("--formats", default="csv", help="findings 的格式（csv、parquet），逗号分隔")
    p.add_argument("--chunk-size", type=int, default=50_000, help="流式评查每块案件数")
    p.add_argument("--data", type=Path, default=DATA, help="生成的 Parquet 文件夹缓存在此")
    p.add_argument("--markdown", type=Path, help="另把 Markdown 表格与负载写入此文件")
    p.add_argument("--json", type=Path, help="另把原始结果写入此 JSON 文件")
    p.add_argument("--disk-mib", type=int, default=1024, help="评查之后测磁盘直写速度时写出的 MiB 数")
    a = p.parse_args(argv)
    sizes = [int(x) for x in a.sizes.split(",") if x]
    workers = [int(x) for x in a.workers.split(",") if x]
    load_start = os.getloadavg()
    results = []
    for n in sizes:
        print(f"… {n:,} 件", file=sys.stderr, flush=True)
        results += measure_size(n, workers, a.chunk_size, a.data, tuple(f for f in a.formats.split(",") if f))
    load_end = os.getloadavg()
    speed = direct_write_speed(Path(tempfile.gettempdir()), a.disk_mib << 20)
    rows = table(results)
    load = f"负载（1/5/15 分钟）开始 {' / '.join(f'{x:.2f}' for x in load_start)}，结束 {' / '.join(f'{x:.2f}' for x in load_end)}"
    notes = [*scaling(results), *marginal(results), *write_per_byte(results), disk_floor(results, speed, a.disk_mib), load]
    print(plain(rows), "", *notes, sep="\n")
    if a.markdown:
        a.markdown.write_text(markdown(rows) + "\n\n" + "\n".join(f"- {s}" for s in notes) + "\n",
                              encoding="utf-8")
    if a.json:
        a.json.write_text(json.dumps({"results": results, "load": [load_start, load_end]}, ensure_ascii=False,
                                     indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
