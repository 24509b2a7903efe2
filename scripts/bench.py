"""`make bench`: the generator at scale against the floor, measured in one run.

For each size (releases; 3 images and 300 packages each) it writes a synthetic
checkout (scripts/synth.py) in a temporary folder and prints one line per
figure: the floor (scripts/floor.py, best of three), `build` from scratch with
its CPU time (all processes) and peak memory, `build` and `check` when nothing
changed, and `check` without the cache (the full work). Then the growth
between sizes. Ratios matter, not seconds: these machines are small and noisy.

Peak memory is given two ways: the largest resident set of any one process,
and the peak of the proportional set size summed over the build and its
worker processes (memory they share counted once), sampled every 20 ms.

The work folder is a tmpfs (/dev/shm) where there is one, else the system's
temporary folder; `--dir` chooses. On this machine's ext4 (no journal),
creating files soon after thousands were deleted is slow and erratic: the
same floor run took 0.94 s to 2.38 s in a row. A tmpfs measures the floor and
the generator without that noise, both on the same file system.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import write_checkout

HERE = Path(__file__).resolve().parent
TODAY = "2026-11-23"


@dataclass
class Run:
    seconds: float
    cpu: float  # user + system, the process and its workers
    rss: int  # MB, the largest resident set of any one of them
    pss: int  # MB, peak of the proportional set size summed over all of them
    status: int


def timed(cmd: list[str], env: dict[str, str]) -> Run:
    """One child process, measured; its workers count in its CPU time and memory."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = [0]
    done = threading.Event()
    sampler = threading.Thread(target=_sample_pss, args=(proc.pid, peak, done))
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024, peak[0] // 1024,
               os.waitstatus_to_exitcode(status))


def _sample_pss(pid: int, peak: list[int], done: threading.Event) -> None:
    while not done.wait(0.02):
        total = 0
        for p in [pid, *_children(pid)]:
            try:
                text = Path(f"/proc/{p}/smaps_rollup").read_text()
            except OSError:
                continue
            total += next((int(line.split()[1]) for line in text.splitlines() if line.startswith("Pss:")), 0)
        peak[0] = max(peak[0], total)


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for t in os.listdir(f"/proc/{pid}/task")
                for c in Path(f"/proc/{pid}/task/{t}/children").read_text().split()]
    except OSError:
        return []


def measure(releases: int, work: Path) -> dict[str, float]:
    repo, docs, cache = work / f"repo-{releases}", work / f"docs-{releases}", work / f"cache-{releases}"
    write_checkout(repo, releases)
    size = _size(repo)
    env = {**os.environ, "RUNTIME_DOCS_CACHE": str(cache)}
    floors = []
    # Each run's output is deleted only after every timed run of this size: on a file system
    # where creating files soon after mass deletion is slow, no run pays for an earlier one.
    outs = [work / f"floor-{releases}-{n}" for n in range(3)]
    for out in outs:
        run = timed([sys.executable, str(HERE / "floor.py"), str(repo), str(out)], env)
        assert run.status == 0
        floors.append(run.seconds)
    gen = [sys.executable, "-m", "generator"]
    args = ["--repo", str(repo), "--docs", str(docs), "--today", TODAY]
    build = timed([*gen, "build", *args, "--quiet"], env)
    assert build.status == 0, "build failed"
    again = timed([*gen, "build", *args, "--quiet"], env)
    assert again.status == 0
    check = timed([*gen, "check", *args], env)
    assert check.status == 0, "check found stale pages right after build"
    full_check = timed([*gen, "check", *args, "--no-cache"], env)
    assert full_check.status == 0
    figures = {"floor": min(floors), "build": build.seconds, "rss": build.rss, "pss": build.pss,
               "again": again.seconds, "check": check.seconds, "full_check": full_check.seconds}
    f = figures["floor"]
    print(f"releases {releases:,}: input {size / 1e6:.0f} MB, pages {_size(docs) / 1e6:.0f} MB")
    print(f"  floor (best of 3)          {f:7.2f} s")
    print(f"  build from scratch         {build.seconds:7.2f} s  {build.seconds / f:5.2f}x floor  "
          f"CPU {build.cpu:.2f} s")
    print(f"  build, peak memory         {build.pss:7d} MB summed over its processes (PSS), "
          f"{build.rss} MB largest process (RSS)")
    print(f"  build, nothing changed     {again.seconds:7.2f} s  {again.seconds / f:5.2f}x floor")
    print(f"  check, pages up to date    {check.seconds:7.2f} s  {check.seconds / f:5.2f}x floor")
    print(f"  check without the cache    {full_check.seconds:7.2f} s  {full_check.seconds / f:5.2f}x floor")
    sys.stdout.flush()
    for folder in [repo, docs, *outs]:
        shutil.rmtree(folder)
    return figures


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the generator against the floor.")
    parser.add_argument("--sizes", default="200,2000,20000", help="release counts (default: 200,2000,20000)")
    shm = Path("/dev/shm")
    parser.add_argument("--dir", type=Path, default=shm if shm.is_dir() and os.access(shm, os.W_OK) else None,
                        help="where to write the checkouts and pages (default: /dev/shm if there is one)")
    options = parser.parse_args()
    sizes = [int(s) for s in options.sizes.split(",")]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; 3 images x 300 packages per release; "
          f"writing in {options.dir or tempfile.gettempdir()}")
    results = {}
    with tempfile.TemporaryDirectory(prefix="runtime-docs-bench-", dir=options.dir) as tmp:
        for n in sizes:
            results[n] = measure(n, Path(tmp))
    for a, b in itertools.pairwise(sizes):
        ra, rb = results[a], results[b]
        print(f"growth {a:,} -> {b:,} releases ({b / a:.0f}x): build {rb['build'] / ra['build']:.1f}x, "
              f"floor {rb['floor'] / ra['floor']:.1f}x, peak memory {rb['pss'] / ra['pss']:.1f}x, "
              f"check without cache {rb['full_check'] / ra['full_check']:.1f}x")


if __name__ == "__main__":
    main()
