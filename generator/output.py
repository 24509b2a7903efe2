"""Writing pages into the docs tree, and comparing them with what is there.

A page is written only when its bytes change, through a temporary file and
`os.replace`, so `mkdocs serve` does not rebuild for nothing and a killed
run leaves each page whole, old or new. Pages the generator wrote before
and no longer produces (a release removed from the catalog) are removed;
only files carrying the generated marker are ever touched.
"""

from __future__ import annotations

import difflib
import itertools
import os
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .markdown import MARKER

GENERATED_DIR = "reference"  # the generated pages' folder inside the docs folder


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _current(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"existing page cannot be read: {exc}") from None


def _obsolete(pages: Collection[str], target: Path) -> list[Path]:
    if not target.is_dir():
        return []
    found = []
    for path in sorted(target.rglob("*.md")):
        rel = path.relative_to(target).as_posix()
        if rel not in pages and MARKER in (path.read_text(encoding="utf-8", errors="replace")[:2000]):
            found.append(path)
    return found


_SERIAL = itertools.count()


def atomic_write(path: Path, content: str) -> None:
    """Write through a temporary file beside `path`, then rename over it.

    The temporary name is unique to this process and call (`O_EXCL` refuses a clash);
    unlike `tempfile.mkstemp` it is created with the usual permissions (0666 less the
    umask), so pages stay readable by the web server and the team.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{os.getpid()}.{next(_SERIAL)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_page(target: Path, rel: str, content: str) -> bool:
    """Write one page unless it already holds exactly `content`; True when it was written.

    One page at a time, so the processes rendering pages also write them."""
    path = target / rel
    if _current(path) == content:
        return False
    atomic_write(path, content)
    return True


def page_diff(target: Path, rel: str, content: str) -> str:
    """The unified diff a build would apply to one page; empty when the page is current."""
    old = _current(target / rel)
    if old == content:
        return ""
    return "".join(difflib.unified_diff((old or "").splitlines(keepends=True), content.splitlines(keepends=True),
                                        f"a/{rel}" if old is not None else "/dev/null", f"b/{rel}"))


def write_pages(written: Iterable[tuple[str, bool]], target: Path) -> WriteReport:
    """What `write_page` did for every page the model makes, then the generated pages it no
    longer makes (a release removed from the catalog) removed."""
    report = WriteReport()
    for rel, was_written in written:
        (report.written if was_written else report.unchanged).append(rel)
    for path in _obsolete({*report.written, *report.unchanged}, target):
        path.unlink()
        report.removed.append(path.relative_to(target).as_posix())
    return report


def stale_diffs(diffs: Iterable[tuple[str, str]], target: Path) -> list[str]:
    """A unified diff for every page that a build would write or remove; empty when all is current.

    `diffs` holds what `page_diff` found for every page the model makes."""
    found, seen = [], set()
    for rel, diff in diffs:
        seen.add(rel)
        if diff:
            found.append(diff)
    for path in _obsolete(seen, target):
        rel = path.relative_to(target).as_posix()
        found.append("".join(difflib.unified_diff(
            path.read_text(encoding="utf-8").splitlines(keepends=True), [], f"a/{rel}", "/dev/null")))
    return found
