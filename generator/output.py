"""Putting rendered pages into the docs tree as one transaction, or comparing them with it.

`plan` compares the rendered pages with what the tree holds: which pages
change, which are current, which generated pages no longer have a source.
`check` prints that and writes nothing. A build plans inside a
`Transaction`: every changed page goes to a temporary file beside its
target, and only when all of them are written are they renamed into place,
so a failure (a full disk, a name too long, a folder that cannot be
created) leaves the tree byte-identical and a killed run leaves whole
pages. A page is written only when its bytes change, so `mkdocs serve`
does not rebuild for nothing.

A file is the generator's own only if it starts with the site's marker: a
hand-written page is never overwritten or removed, even if it quotes it.
"""

from __future__ import annotations

import difflib
import errno
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from .errors import InputError

TEMP_PREFIX, TEMP_SUFFIX = ".runtime-docs-", ".tmp"  # what a killed run may leave, removed by the next
_NAME_MAX = 255


@dataclass
class Plan:
    """What writing the pages into `folder` does: pages that change, pages already current, and
    generated pages no longer made; with `diffs`, the unified diff of each change."""

    folder: Path
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)
    diffs: list[str] = field(default_factory=list)

    @property
    def current(self) -> bool:
        return not self.changed and not self.remove


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
    """Whether the file starts with the marker, or (an MDX page) with front matter and then the
    marker: Docusaurus reads front matter only at the very top of a page."""
    try:
        with open(entry.path, "rb") as f:
            head = f.read(4096 + len(marker))
    except OSError:
        return False  # not readable: not provably ours, so never removed
    if head.startswith(marker):
        return True
    end = head.find(b"\n---\n", 3) if head.startswith(b"---\n") else -1
    return end >= 0 and head[end + 5:].startswith(marker)


def plan(pages: Iterable[tuple[str, str]], folder: Path, marker: str, stage: Transaction | None = None,
         diff: bool = False) -> Plan:
    """Compare `pages` (path inside `folder`, text), one at a time, with the tree. Each page that
    changes goes to `stage` (a temporary file, nothing renamed yet) and is not kept: the pages of
    a large checkout are never all in memory. With `diff`, each change's diff is kept instead."""
    result = Plan(folder)
    made = set()
    for rel, text in pages:
        made.add(rel)
        path = folder / rel
        if any(len(os.fsencode(part)) > _NAME_MAX for part in Path(rel).parts):
            raise InputError(str(path), "cannot be written: file name too long for the file system")
        old = _existing(path)
        if old == text:
            result.unchanged.append(rel)
            continue
        result.changed.append(rel)
        if stage is not None:
            stage.write(rel, text)
        if diff:
            result.diffs.append("".join(difflib.unified_diff(
                (old or "").splitlines(keepends=True), text.splitlines(keepends=True),
                f"a/{rel}" if old is not None else "/dev/null", f"b/{rel}")))
    mine = marker.encode()
    for rel, entry in _files(folder):
        if rel.endswith(".md") and rel not in made and _starts_with(entry, mine):
            result.remove.append(rel)
            if diff:
                old = _existing(folder / rel) or ""
                result.diffs.append("".join(difflib.unified_diff(old.splitlines(keepends=True), [], f"a/{rel}",
                                                                 "/dev/null")))
    return result


class Transaction:
    """Pages written as temporary files beside their targets, and renamed into place only by
    `commit`: leaving the `with` block any other way (an error, Ctrl-C) removes every temporary
    file and folder it made, so the tree is as it was."""

    def __init__(self, folder: Path, sweep: bool = True) -> None:
        self.folder = folder
        self.sweep = sweep
        self.temps: list[tuple[Path, Path]] = []
        self.created: list[Path] = []
        self.done = False

    def __enter__(self) -> Transaction:
        if self.sweep:
            _remove_leftovers(self.folder)
        return self

    def write(self, rel: str, text: str) -> None:
        path = self.folder / rel
        try:
            _make_folders(path.parent, self.created)
            temp = path.parent / f"{TEMP_PREFIX}{os.getpid()}-{len(self.temps)}{TEMP_SUFFIX}"
            # O_EXCL: never follow or reuse what is there; 0666 less the umask, as any file the team writes.
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            self.temps.append((temp, path))
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
        except OSError as exc:
            raise _error(path, exc, "cannot be written") from None

    def commit(self, remove: Iterable[str] = ()) -> None:
        """Every page into place, then the generated pages no longer made removed."""
        for temp, target in self.temps:
            os.replace(temp, target)
        for rel in remove:
            (self.folder / rel).unlink()
        self.done = True

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.done:
            return
        for temp, _ in self.temps:
            temp.unlink(missing_ok=True)
        for folder in reversed(self.created):
            folder.rmdir()


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
    with Transaction(path.parent, sweep=False) as transaction:
        transaction.write(path.name, text)
        transaction.commit()
