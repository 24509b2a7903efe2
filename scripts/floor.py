"""The least any generator must do, timed: `python scripts/floor.py CHECKOUT OUT`.

Reads every input file (the catalog with `json.load`, each Dockerfile and
constraints file), splits every pin into name and version, and writes as many
bytes of pages as it read, one page per release. Prints the seconds taken.
The benchmark runs it beside the generator and reports the generator's time
as a multiple of this.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def floor(checkout: Path, out: Path) -> int:
    catalog = json.loads((checkout / "metadata" / "versions.json").read_text(encoding="utf-8"))
    versions = [v for part in ("runtimeVersions", "runtimeVersionsV3") for v in catalog.get(part, {})]
    out.mkdir(parents=True, exist_ok=True)
    pins = 0
    for version in versions:
        size = 0
        folder = checkout / version
        for place in [folder, *(p for p in folder.iterdir() if p.is_dir())]:
            size += len((place / "Dockerfile").read_text(encoding="utf-8"))
            text = (place / "build-time-pip-constraints.txt").read_text(encoding="utf-8")
            size += len(text)
            for line in text.splitlines():
                name, _, version_text = line.partition("==")
                pins += bool(name and version_text)
        (out / f"{version}.md").write_text("x" * size, encoding="utf-8")
    return pins


def main() -> None:
    started = time.perf_counter()
    floor(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"{time.perf_counter() - started:.3f}")


if __name__ == "__main__":
    main()
