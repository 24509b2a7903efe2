"""Putting rendered pages into the docs tree as one transaction, or comparing them with it.

`plan` compares the rendered pages with what the tree holds: which pages
change, which are current, which generated pages no longer have a source.
`check` prints that and writes nothing. `commit` writes every changed page
to a temporary file beside its target and only when all of them are
written renames them into place, so a failure (a full disk, a name too
long, a folder that cannot be created) leaves the tree byte-identical and
a killed run leaves whole pages. A page is written only when its bytes
change, so `mkdocs serve` does not rebuild for nothing.

A file is the generator's own only if it starts with the site's marker: a
hand-written page is never overwritten or removed, even if it quotes it.
"""

from __future__ import annotations

import difflib
import errno
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError

TEMP_PREFIX, TEMP_SUFFIX = ".runtime-docs-", ".tmp"  # what a killed run may leave, removed by the next
_NAME_MAX = 255


@dataclass(frozen=True)
class Plan:
    """What writing `pages` into `folder` would do; `old` holds the current text of each changed page."""

    folder: Path
    write: dict[str, str] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)
    old: dict[str, str | None] = field(default_factory=dict)

    @property
    def current(self) -> bool:
        return not self.write and not self.remove


def _error(path: Path, exc: OSError, what: str) -> InputError:
    if exc.errno == errno.ENAMETOOLONG:
        return InputError(str(path), f"{what}: file name too long for the file system")
    if exc.errno == errno.ENOSPC:
        return InputError(str(path), f"{what}: no space left on the device")
    return InputError(str(path), f"{what}: {exc.strerror or exc}")


def _existing(path: Path) -> str | None:
    """The text of the page at `path`, None if there is none; anything else there is an error:
    a page cannot replace a folder or a special file, and an unreadable page cannot be compared."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ENOTDIR:
            raise InputError(str(path), "cannot be written: a folder on its path is a file") from None
        raise _error(path, exc, "existing page cannot be read") from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(str(path), "is not a regular file: a generated page cannot replace it")
    try:
        with open(path, encoding="utf-8", newline="") as f:
            return f.read()
    except UnicodeDecodeError:
        raise InputError(str(path), "existing page cannot be read: not UTF-8 text") from None
    except OSError as exc:
        raise _error(path, exc, "existing page cannot be read") from None


def _files(folder: Path) -> list[tuple[str, os.DirEntry[str]]]:
    """Every regular file below `folder` (links not followed), by path relative to it, in order."""
    found: list[tuple[str, os.DirEntry[str]]] = []
    pending = [folder]
    while pending:
        here = pending.pop()
        try:
            with os.scandir(here) as entries:
                for e in entries:
                    if e.is_dir(follow_symlinks=False):
                        pending.append(Path(e.path))
                    elif e.is_file(follow_symlinks=False):
                        found.append((Path(e.path).relative_to(folder).as_posix(), e))
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise _error(here, exc, "folder cannot be read") from None
    return sorted(found, key=lambda pair: pair[0])


def _starts_with(entry: os.DirEntry[str], marker: bytes) -> bool:
    try:
        with open(entry.path, "rb") as f:
            return f.read(len(marker)) == marker
    except OSError:
        return False  # not readable: not provably ours, so never removed


def plan(pages: Mapping[str, str], folder: Path, marker: str) -> Plan:
    """Compare `pages` (path inside `folder` -> text) with the tree; reads, never writes."""
    result = Plan(folder)
    for rel, text in sorted(pages.items()):
        path = folder / rel
        too_long = next((p for p in Path(rel).parts if len(os.fsencode(p)) > _NAME_MAX), None)
        if too_long is not None:
            raise InputError(str(path), "cannot be written: file name too long for the file system")
        old = _existing(path)
        if old == text:
            result.unchanged.append(rel)
        else:
            result.write[rel] = text
            result.old[rel] = old
    mine = marker.encode()
    for rel, entry in _files(folder):
        if rel.endswith(".md") and rel not in pages and _starts_with(entry, mine):
            result.remove.append(rel)
    return result


def diffs(change: Plan) -> list[str]:
    """A unified diff for every page a commit would write or remove, paths relative to the folder."""
    found = []
    for rel, text in change.write.items():
        old = change.old[rel]
        found.append("".join(difflib.unified_diff(
            (old or "").splitlines(keepends=True), text.splitlines(keepends=True),
            f"a/{rel}" if old is not None else "/dev/null", f"b/{rel}")))
    for rel in change.remove:
        old = _existing(change.folder / rel) or ""
        found.append("".join(difflib.unified_diff(old.splitlines(keepends=True), [], f"a/{rel}", "/dev/null")))
    return found


def commit(change: Plan, sweep: bool = True) -> None:
    """Carry out `change`: every page written or nothing. A failure before the renames removes what
    this run created and raises `InputError` naming the file; the tree is then as it was.
    With `sweep`, temporary files a killed run left in the folder are removed first."""
    if sweep:
        _remove_leftovers(change.folder)
    created: list[Path] = []
    temps: list[tuple[Path, Path]] = []
    path = change.folder
    try:
        for n, (rel, text) in enumerate(change.write.items()):
            path = change.folder / rel
            _make_folders(path.parent, created)
            temp = path.parent / f"{TEMP_PREFIX}{os.getpid()}-{n}{TEMP_SUFFIX}"
            # O_EXCL: never follow or reuse what is there; 0666 less the umask, as any file the team writes.
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            temps.append((temp, path))
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
    except OSError as exc:
        for temp, _ in temps:
            temp.unlink(missing_ok=True)
        for folder in reversed(created):
            folder.rmdir()
        raise _error(path, exc, "cannot be written") from None
    for temp, target in temps:
        os.replace(temp, target)
    for rel in change.remove:
        (change.folder / rel).unlink()


def _make_folders(folder: Path, created: list[Path]) -> None:
    """`mkdir -p`, remembering each folder it made, so a failed commit can take them away again."""
    missing = []
    while not folder.is_dir():
        missing.append(folder)
        folder = folder.parent
    for f in reversed(missing):
        f.mkdir()
        created.append(f)


def _remove_leftovers(folder: Path) -> None:
    """Temporary files of a run that was killed between writing and renaming."""
    for rel, entry in _files(folder):
        name = rel.rpartition("/")[2]
        if name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX):
            Path(entry.path).unlink(missing_ok=True)


def write_file(path: Path, text: str) -> None:
    """One file (the `export` document), by the same all-or-nothing rule as the pages."""
    commit(Plan(path.parent, write={path.name: text}), sweep=False)
