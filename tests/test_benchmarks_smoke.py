"""benchmarks/side_by_side.py runs end to end on 300 generated cases: both pipelines, matched stages, tables."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
N = 300


def test_side_by_side_on_300_cases(tmp_path):
    md, raw = tmp_path / "table.md", tmp_path / "raw.json"
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "side_by_side.py"), "--sizes", str(N),
                           "--workers", "1", "--chunk-size", "120", "--data", str(tmp_path / "data"),
                           "--markdown", str(md), "--json", str(raw), "--disk-mib", "64"],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    results = {r["name"]: r for r in json.loads(raw.read_text(encoding="utf-8"))["results"]}
    limit, tool = results["limit.py（7 条规则）"], results["casereview --workers 1"]
    assert limit["cases"] == tool["cases"] == N
    assert limit["rows"] == 7 * N                  # seven rules, one row per case each
    assert tool["rows"] > limit["rows"]            # the whole pack: more rules than the reference's seven
    assert set(limit["stages"]) == {"read+validate", "facts+rules+reasons", "write", "other"}
    assert set(tool["stages"]) == {"read+validate", "facts+rules+reasons", "write", "reports", "other"}
    assert {"评查结果.xlsx", "评查报告.html"} <= set(tool["files"])   # the run folder `casereview review` writes
    for r in (limit, tool):
        assert all(s["cpu"] > 0 for g, s in r["stages"].items() if g != "other")
        assert r["peak_mib"] > 50
    lines = md.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("| 案卷数 | 流程 | read+validate")
    assert [line.split(" | ")[1] for line in lines[2:5]] == ["limit.py（7 条规则）", "casereview --workers 1",
                                                           "比值 1 进程 ÷ limit"]
    ratio = lines[4].split(" | ")
    assert ratio[7] == f"{tool['cpu'] / limit['cpu']:.1f} ×"      # total CPU, tool ÷ reference
    assert "负载" in md.read_text(encoding="utf-8") and "300" in done.stdout
    disk = next(line for line in done.stdout.splitlines() if "磁盘直写" in line)
    assert "写 64 MiB" in disk and f"{N} 件 {tool['bytes'] / 1e6:,.0f} MB 至少" in disk and disk in md.read_text("utf-8")
    assert tool["bytes"] > limit["bytes"] > 0      # every rule's findings, all their columns
    per_mb = lambda r: r["stages"]["write"]["cpu"] / (r["bytes"] / 2**20) * 1e3
    assert f"比值 {per_mb(tool) / per_mb(limit):.1f} ×" in next(line for line in lines if "每 MB 写出" in line)


def test_marginal_cost_per_case_between_sizes():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from side_by_side import marginal

    def run(name, n, cpu, reports=None):
        stages = None if reports is None else {"reports": {"cpu": reports, "wall": reports}}
        return {"name": name, "n": n, "cpu": cpu, "stages": stages}

    one, two = "casereview --workers 1", "casereview --workers 2"
    results = [run(one, 10_000, 2.0, 0.5), run(two, 10_000, 3.0), run(one, 100_000, 11.0, 2.75),
               run(two, 100_000, 12.0), run(one, 1_000_000, 74.0, 2.8), run(two, 1_000_000, 84.0)]
    # by hand: (11 - 2) / 90,000 = 100 µs; (74 - 11) / 900,000 = 70 µs; without reports
    # (8.25 - 1.5) / 90,000 = 75 µs and (71.2 - 8.25) / 900,000 = 69.94 µs
    assert marginal(results) == [
        f"{one}：每多一件 CPU 10,000→100,000 件 100.0 µs，100,000→1,000,000 件 70.0 µs（最大 ÷ 最小 1.43 ×）"
        "；不计 reports 10,000→100,000 件 75.0 µs，100,000→1,000,000 件 69.9 µs（最大 ÷ 最小 1.07 ×）",
        f"{two}：每多一件 CPU 10,000→100,000 件 100.0 µs，100,000→1,000,000 件 80.0 µs（最大 ÷ 最小 1.25 ×）"]
    assert marginal(results[:2]) == []         # one size: nothing between sizes
