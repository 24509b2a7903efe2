"""`make bench`: the generator at scale against the floor, measured in one run.

For each size (releases; 3 images and 300 packages each) it writes a synthetic
checkout (scripts/synth.py) in a temporary folder and prints one line per
figure: the floor (scripts/floor.py, best of three), `build` from scratch with
its peak resident memory, `build` and `check` when nothing changed, and `check`
without the cache (the full work). Then the growth between sizes. Ratios
matter, not seconds: these machines are small and noisy.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import write_checkout

HERE = Path(__file__).resolve().parent
TODAY = "2026-11-23"


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """Wall seconds, peak resident set (MB) and exit status of one child process."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - started, usage.ru_maxrss // 1024, proc.returncode


def measure(releases: int, work: Path) -> dict[str, float]:
    repo, docs, cache = work / f"repo-{releases}", work / f"docs-{releases}", work / f"cache-{releases}"
    write_checkout(repo, releases)
    size = _size(repo)
    env = {**os.environ, "RUNTIME_DOCS_CACHE": str(cache)}
    floors = []
    for n in range(3):
        out = work / f"floor-{releases}-{n}"
        seconds, _, status = timed([sys.executable, str(HERE / "floor.py"), str(repo), str(out)], env)
        assert status == 0
        floors.append(seconds)
        shutil.rmtree(out)
    gen = [sys.executable, "-m", "generator"]
    args = ["--repo", str(repo), "--docs", str(docs), "--today", TODAY]
    build, rss, status = timed([*gen, "build", *args, "--quiet"], env)
    assert status == 0, "build failed"
    again, _, status = timed([*gen, "build", *args, "--quiet"], env)
    assert status == 0
    check, _, status = timed([*gen, "check", *args], env)
    assert status == 0, "check found stale pages right after build"
    full_check, _, status = timed([*gen, "check", *args, "--no-cache"], env)
    assert status == 0
    figures = {"floor": min(floors), "build": build, "rss": rss, "again": again, "check": check,
               "full_check": full_check}
    f = figures["floor"]
    print(f"releases {releases:,}: input {size / 1e6:.0f} MB, pages {_size(docs) / 1e6:.0f} MB")
    print(f"  floor (best of 3)          {f:7.2f} s")
    print(f"  build from scratch         {build:7.2f} s  {build / f:5.2f}x floor  peak RSS {rss} MB")
    print(f"  build, nothing changed     {again:7.2f} s  {again / f:5.2f}x floor")
    print(f"  check, pages up to date    {check:7.2f} s  {check / f:5.2f}x floor")
    print(f"  check without the cache    {full_check:7.2f} s  {full_check / f:5.2f}x floor")
    sys.stdout.flush()
    shutil.rmtree(repo)
    shutil.rmtree(docs)
    return figures


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the generator against the floor.")
    parser.add_argument("--sizes", default="200,2000,20000", help="release counts (default: 200,2000,20000)")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; 3 images x 300 packages per release")
    results = {}
    with tempfile.TemporaryDirectory(prefix="runtime-docs-bench-") as tmp:
        for n in sizes:
            results[n] = measure(n, Path(tmp))
    for a, b in itertools.pairwise(sizes):
        ra, rb = results[a], results[b]
        print(f"growth {a:,} -> {b:,} releases ({b / a:.0f}x): build {rb['build'] / ra['build']:.1f}x, "
              f"floor {rb['floor'] / ra['floor']:.1f}x, peak RSS {rb['rss'] / ra['rss']:.1f}x, "
              f"check without cache {rb['full_check'] / ra['full_check']:.1f}x")


if __name__ == "__main__":
    main()
