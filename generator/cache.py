"""Skipping a build or check whose inputs and pages are exactly as last time.

CI and `make docs` run on every release, and most runs change nothing. When the
fingerprint of everything a page can depend on (every file of the checkout
outside dot-folders, the config, the curated data, the generator's own code
and templates, and `--today`) is the one recorded after the last successful
run, and every page still has the size and modification time recorded then,
there is nothing to render. Any difference, however small, is a miss and the
run does the full work. Contents are hashed, never trusted from timestamps.

The cache lives outside the docs tree (`$RUNTIME_DOCS_CACHE`, else
`$XDG_CACHE_HOME/runtime-docs`, else `~/.cache/runtime-docs`), one small JSON
file per docs folder; a damaged or foreign file is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .output import atomic_write

FORMAT = 2
_CODE = Path(__file__).resolve().parent


def cache_dir() -> Path:
    if os.environ.get("RUNTIME_DOCS_CACHE"):
        return Path(os.environ["RUNTIME_DOCS_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "runtime-docs"


def _files(root: str, rel: str = "") -> Iterator[str]:
    """Every file below `root` outside dot-folders, as a path relative to it, in name order."""
    with os.scandir(os.path.join(root, rel)) as it:
        entries = sorted((e.name, e.is_dir(follow_symlinks=False)) for e in it if not e.name.startswith("."))
    for name, is_dir in entries:
        path = f"{rel}/{name}" if rel else name
        if is_dir:
            yield from _files(root, path)
        elif not name.endswith(".pyc"):
            yield path


def fingerprint(roots: list[Path], extra: list[str], known: Mapping[str, bytes] | None = None) -> str:
    """A digest of every file under `roots` (names and contents), the generator's code and `extra`.

    `known` holds the SHA-256 of files already read, by path (`str(root / name)`): each is taken
    from there instead of read again. It must be of the very bytes a run used, as `load` records."""
    h = hashlib.sha256()
    for value in [f"format {FORMAT}", *extra]:
        h.update(value.encode() + b"\0")
    for root in map(str, [*roots, _CODE]):
        for rel in _files(root):
            path = os.path.join(root, rel)
            digest = known.get(path) if known else None
            if digest is None:
                with open(path, "rb") as f:
                    digest = hashlib.sha256(f.read()).digest()
            h.update(rel.encode() + b"\0")
            h.update(digest)
    return h.hexdigest()


@dataclass
class Record:
    fingerprint: str
    pages: dict[str, list[int]]  # page -> [size, mtime_ns]
    releases: int
    findings: int


def _file(target: Path) -> Path:
    return cache_dir() / (hashlib.sha256(str(target.resolve()).encode()).hexdigest()[:32] + ".json")


def _stats(target: Path) -> dict[str, list[int]]:
    """Size and modification time of every file in the generated folder."""
    found = {}
    for path in sorted(target.rglob("*")):
        if path.is_file():
            st = path.stat()
            found[path.relative_to(target).as_posix()] = [st.st_size, st.st_mtime_ns]
    return found


def recorded(target: Path) -> Record | None:
    """The record of the last successful run for `target`; None if there is none (or it is damaged)."""
    try:
        data: dict[str, Any] = json.loads(_file(target).read_text(encoding="utf-8"))
        return Record(str(data["fingerprint"]), dict(data["pages"]), int(data["releases"]), int(data["findings"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def current(target: Path, record: Record, digest: str) -> bool:
    """Whether the inputs still have the recorded digest and the pages are untouched since."""
    try:
        return record.fingerprint == digest and _stats(target) == record.pages
    except OSError:
        return False


def remember(target: Path, digest: str, releases: int, findings: int) -> None:
    """Record a successful run, after which the generated folder holds exactly the pages.

    A cache that cannot be written only costs the next run its shortcut.
    """
    try:
        record = {"fingerprint": digest, "pages": _stats(target), "releases": releases, "findings": findings}
        atomic_write(_file(target), json.dumps(record))
    except OSError:
        pass
