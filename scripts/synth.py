"""Writes a synthetic astro-runtime checkout for the benchmark: `python scripts/synth.py OUT RELEASES`.

Both version schemes (two thirds Airflow 2 era, one third Airflow 3 era), three
images per release (standard, slim, python-3.11) and `--packages` pins per
image (300 by default), with the multi-stage Dockerfile the embedded sample uses. Each
release moves `--churn` of the pins (a share, 0.02 by default: 6 of 300) up to a
version no release had before, so pages and change tables have real content;
every tenth release adds a package and drops another. Neighbouring patch releases
move a few packages; across runtime minors about a third of the pins change
(`--churn 0.33`), which is what the reader and the package pages must hold
under. Deterministic: the same arguments write the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_sample import DOCKERFILE  # the embedded sample's Dockerfile: the bench reads the same shape

VARIANTS = (("", "3.12"), ("slim", "3.12"), ("python-3.11", "3.11"))
LOW_CHURN = 0.02  # the default: 6 of 300 pins move per release


def _versions(count: int) -> list[tuple[str, str]]:
    """(runtime version, Airflow version) pairs in release order: semver first, then X.Y-N."""
    af2 = count * 2 // 3
    found = []
    for i in range(af2):
        major, minor, patch = 3 + i // 100, (i // 10) % 10, i % 10
        found.append((f"{major}.{minor}.{patch}", f"2.{major}.{minor}"))
    for i in range(count - af2):
        line, build = i // 50, i % 50 + 1
        found.append((f"3.{line}-{build}", f"3.{line}.{build}"))
    return found


def write_checkout(out: Path, releases: int, packages: int = 300, seed: int = 1, churn: float = LOW_CHURN) -> None:
    """`churn`: the share of the pins that move per release, each to a patch above any it had."""
    if not 0 <= churn <= 1:
        raise ValueError(f"churn is a share of the pins, from 0 to 1: {churn}")
    moves = round(churn * packages)
    rnd = random.Random(seed)
    names = [f"apache-airflow-providers-p{k:04d}" if k % 2 else f"package-{k:04d}" for k in range(packages)]
    pins = {name: [1, rnd.randrange(20), 0] for name in names}
    next_name = packages
    start = dt.date(1990, 1, 1)
    af2: dict[str, object] = {}
    af3: dict[str, object] = {}
    for n, (version, airflow) in enumerate(_versions(releases)):
        for name in rnd.sample(sorted(pins), moves):
            pins[name][2] += 1
        if n % 10 == 9:  # one package leaves, another arrives
            pins.pop(rnd.choice(sorted(pins)))
            pins[f"package-{next_name:04d}"] = [0, 1, 0]
            next_name += 1
        meta = {"metadata": {"airflowVersion": airflow, "channel": "stable",
                             "releaseDate": (start + dt.timedelta(days=n)).isoformat()}}
        (af3 if "-" in version else af2)[version] = meta
        ordered = sorted(pins.items())
        for variant, python in VARIANTS:
            place = out / version / variant if variant else out / version
            place.mkdir(parents=True, exist_ok=True)
            (place / "Dockerfile").write_text(DOCKERFILE.format(
                version=version, variant_note=f" ({variant} image)" if variant else "", python=python,
                codename="bookworm", airflow_pin=f"{airflow}+astro.1", airflow=airflow, extra_labels=""))
            # slim leaves out every tenth package; python-3.11 holds five packages back a patch.
            lines = [f"{k}=={a}.{b}.{max(0, c - (variant == 'python-3.11' and i % 60 == 0))}\n"
                     for i, (k, (a, b, c)) in enumerate(ordered) if not (variant == "slim" and i % 10 == 5)]
            (place / "build-time-pip-constraints.txt").write_text("".join(lines))
    (out / "metadata").mkdir(parents=True, exist_ok=True)
    (out / "metadata" / "versions.json").write_text(
        json.dumps({"runtimeVersions": af2, "runtimeVersionsV3": af3}, indent=2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("releases", type=int)
    parser.add_argument("--packages", type=int, default=300)
    parser.add_argument("--churn", type=float, default=LOW_CHURN,
                        help=f"share of the pins that move per release, 0 to 1 (default {LOW_CHURN})")
    args = parser.parse_args()
    if not 0 <= args.churn <= 1:
        parser.error(f"--churn is a share of the pins, from 0 to 1: {args.churn}")
    write_checkout(args.out, args.releases, args.packages, churn=args.churn)


if __name__ == "__main__":
    main()
