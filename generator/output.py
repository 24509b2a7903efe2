"""Putting rendered pages into the docs tree as one transaction, or comparing them with it.

The docs tree belongs to people: the generator may only touch its own files,
in the folders its target names, and a run that fails must leave the tree as
it found it. So the work goes in three steps:

1. `check_paths` looks at every output path before a page is rendered: it is
   well formed, stays inside the docs folder (symbolic links included), has
   no twin once letter case and Unicode form are ignored, and is free or holds
   one of our files (a hand-written file only when `--take-over` names it).
   It returns a `Checked`, the only thing `plan` and `Transaction` accept, so
   nothing reaches the tree unchecked.
2. `plan` compares the pages, one at a time, with the tree: which change,
   which are current, which generated files no longer have a source. `check`
   stops there and writes nothing.
3. A build plans inside a `Transaction`, which holds the docs folder's lock
   (two runs never interleave), stages every changed page in a temporary file
   beside its target, and `commit` renames them all into place, keeping what
   each replaced until the end, so a failure midway puts everything back.

A page is written only when its bytes change, so `mkdocs serve` does not
rebuild for nothing; pages are never all in memory.
"""

from __future__ import annotations

import contextlib
import difflib
import errno
import fcntl
import itertools
import os
import re
import shlex
import stat
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from .errors import InputError, printable

TEMP_PREFIX = ".runtime-docs-"
# A staged page (.tmp) or the old version of one kept until the commit ends (.bak): hidden and with
# no page extension, so no site builder takes it for a page, and swept if a killed run left it.
_TEMP = re.compile(r"\.runtime-docs-\d+-\d+\.(?:tmp|bak)")
_NAME_MAX = 255
HEAD = 4096
"""How much of a file `Outputs.is_generated` is shown."""
HAND_WRITTEN = "hand-written file: not replaced; to replace it once, pass --take-over {path}"


def hand_written(rel: str) -> str:
    """Why the file at `rel` (from the docs folder) is not replaced, with the option that would replace it."""
    return HAND_WRITTEN.format(path=shlex.quote(rel))
BUSY = "another runtime-docs run is writing here; try again when it ends"
_NOT_CHECKED = "was not among the checked output paths: every path is checked before anything is written"


@dataclass(frozen=True)
class Outputs:
    """What one target may write, all paths as POSIX strings relative to `root`."""

    root: Path
    """The docs folder (`--docs`); it must exist and be a folder."""
    folders: tuple[str, ...]
    """The folders the target writes into: every output lies in one; they are swept for a killed
    run's temporary files and scanned for obsolete generated files."""
    is_generated: Callable[[bytes], bool]
    """Given a file's first `HEAD` bytes, whether it carries the generator's marker: only such a
    file is ever replaced or removed without being named in `take_over`."""
    take_over: frozenset[str] = frozenset()
    """Hand-written files the user asked, by name, to have replaced this once."""
    owned: tuple[str, ...] | None = None
    """The folders all of whose generated files are this target's, where one no longer made is
    removed (default: all of `folders`). A folder the target only puts one page in, beside
    people's, is not: a copy of a generated page someone keeps there is theirs."""


@dataclass(frozen=True)
class Checked:
    """Output paths that passed `check_paths`. `plan` and `Transaction` take only this, so a path
    cannot be written without having been checked."""

    outputs: Outputs
    paths: frozenset[str]
    taken_over: tuple[str, ...]
    """The hand-written files that will be replaced, in the order given, so the CLI can say so."""


@dataclass
class Plan:
    """What writing the pages into `root` does: pages that change, pages already current, and
    generated files no longer made; with `diffs`, the unified diff of each change."""

    root: Path
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)
    diffs: list[str] = field(default_factory=list)

    @property
    def current(self) -> bool:
        return not self.changed and not self.remove


def _shown(root: Path, rel: str) -> str:
    """`root/rel` as one printable line, whatever the path holds."""
    return printable(f"{root}/{rel}")


_REASONS = {
    errno.ENAMETOOLONG: "file name too long for the file system",
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.ENOTDIR: "a folder on its path is a file",
    errno.ELOOP: "a symbolic link loop on its path",
}


def _error(path: Path | str, exc: OSError, what: str) -> InputError:
    """One line naming the file the user knows, never a temporary one, for an error of the OS."""
    reason = _REASONS.get(exc.errno or 0) or exc.strerror or str(exc)
    return InputError(str(path), f"{what}: {reason}")


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "is a symbolic link"
    if stat.S_ISDIR(mode):
        return "is a folder"
    if stat.S_ISFIFO(mode):
        return "is a FIFO"
    if stat.S_ISSOCK(mode):
        return "is a socket"
    return "is a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "is not a regular file"


def _not_regular(mode: int) -> str:
    return f"{_kind(mode)}: only a regular file is ever replaced"


def _key(path: str) -> str:
    """The name a case-insensitive, normalisation-insensitive file system (macOS, Windows) sees."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", path).casefold())


def _malformed(rel: str) -> str | None:
    """Why `rel` is not a plain relative POSIX path, if it is not: the checks after this rely on it."""
    if not rel:
        return "is empty"
    if "\0" in rel:
        return "holds a NUL character"
    if "\\" in rel:
        return "holds a backslash: paths are POSIX, with /"
    if rel.startswith("/"):
        return "is absolute: paths are relative to the docs folder"
    for part in rel.split("/"):
        if not part:
            return "has an empty part"
        if part in (".", ".."):
            return f"has a {part!r} part: paths are normalised"
        try:
            size = len(part.encode("utf-8"))
        except UnicodeEncodeError:
            return "is not valid Unicode"
        if size > _NAME_MAX:
            return f"cannot be written: file name too long for the file system ({size} bytes, at most {_NAME_MAX})"
    return None


class _Places:
    """Where the folders of output paths really are, each looked at once: thousands of pages
    share a few folders."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.real_root = os.path.realpath(root)
        self.reals: dict[str, str | None] = {}
        self.problems: dict[str, str | None] = {"": None}

    def real(self, folder: str) -> str | None:
        """The real path of `folder` relative to the real root, following existing links: "" for
        the root itself, None for a place outside it."""
        if folder not in self.reals:
            real = os.path.realpath(os.path.join(self.root, folder))
            prefix = self.real_root.rstrip("/") + "/"
            self.reals[folder] = ("" if real == self.real_root else
                                  real[len(prefix):] if real.startswith(prefix) else None)
        return self.reals[folder]

    def inside(self, rel: str) -> str | None:
        """Where the file `rel` really is, relative to the real root; a link at `rel` itself is
        not followed (it is refused as not a regular file)."""
        folder, _, name = rel.rpartition("/")
        real = self.real(folder)
        return None if real is None else f"{real}/{name}" if real else name

    def problem(self, folder: str) -> str | None:
        """Why a file cannot be made in `folder`: a file (or special file) stands on its path."""
        if folder not in self.problems:
            found = self.problem(folder.rpartition("/")[0])
            if found is None:
                try:
                    if not stat.S_ISDIR(os.stat(os.path.join(self.root, folder)).st_mode):
                        found = f"cannot be written: {_shown(self.root, folder)} is a file where a folder is needed"
                except (FileNotFoundError, NotADirectoryError):
                    pass  # made when the page is written
                except OSError as exc:
                    found = _error("", exc, "cannot be written").message
            self.problems[folder] = found
        return self.problems[folder]


def _is_link(path: Path) -> bool:
    try:
        os.readlink(path)
        return True
    except OSError:
        return False


def _open_regular(path: Path) -> int:
    """A descriptor on the regular file at `path`; a link, a FIFO (which would block) or a device
    is refused, even one swapped in since it was looked at."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ELOOP and _is_link(path):
            raise InputError(str(path), _not_regular(stat.S_IFLNK)) from None
        raise
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise InputError(str(path), _not_regular(mode))
    return fd


def _read(path: Path, size: int = -1) -> bytes:
    fd = _open_regular(path)
    try:
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read(size)
    finally:
        os.close(fd)


def _existing(root: Path, rel: str, size: int = -1) -> bytes | None:
    """The bytes at an output path (the first `size`), None if there is no file; anything but a
    regular file is an error, since a page must never replace a folder, a link or a special file.
    It is looked at before it is opened, so a device is never even opened."""
    path = root / rel
    try:
        mode = os.lstat(path).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(str(path), _not_regular(mode))
        return _read(path, size)
    except FileNotFoundError:
        return None
    except InputError as exc:
        raise InputError(_shown(root, rel), exc.message) from None
    except OSError as exc:
        raise _error(_shown(root, rel), exc, "existing file cannot be read") from None


def _check_folders(outputs: Outputs, places: _Places) -> list[str]:
    """The folders' real paths: each a folder (or one still to make) inside the docs folder, never
    the docs folder itself, whose whole tree is not ours to sweep."""
    reals = []
    for folder in outputs.folders:
        problem = _malformed(folder) or places.problem(folder)
        real = None if problem else places.real(folder)
        if not problem and real is None:
            problem = "it leads out of the docs folder"
        if not problem and real == "":
            problem = "it is the docs folder itself"
        if problem or not real:
            raise InputError(_shown(outputs.root, folder), f"cannot be a target's folder: {problem}")
        reals.append(real)
    return reals


def check_paths(paths: Iterable[str], outputs: Outputs) -> Checked:
    """Every output path, checked before the first byte is written. The first problem is an
    `InputError` naming the path as `root/rel`; the result lists the hand-written files that
    `take_over` lets the run replace."""
    root = outputs.root
    try:
        if not stat.S_ISDIR(os.stat(root).st_mode):
            raise InputError(str(root), "is not a folder: the docs folder must be one")
    except FileNotFoundError:
        raise InputError(str(root), "no such folder: the docs folder must exist") from None
    except OSError as exc:
        raise _error(root, exc, "docs folder cannot be read") from None
    places = _Places(root)
    folders = _check_folders(outputs, places)
    seen: dict[str, str] = {}  # key of each output's real path -> the output
    needed: dict[str, str] = {}  # key of each folder an output needs -> that output
    taken: list[str] = []
    for rel in paths:
        where = _shown(root, rel)
        problem = _malformed(rel)
        if problem is None and _TEMP.fullmatch(rel.rpartition("/")[2]):
            problem = "is named like a temporary file of this tool, which a later run would delete"
        if problem:
            raise InputError(where, problem)
        real = places.inside(rel)
        if real is None:
            raise InputError(where, "leads out of the docs folder through a symbolic link")
        if not any(real.startswith(f + "/") for f in folders):
            raise InputError(where, "lies outside the folders this target writes into: " + ", ".join(outputs.folders))
        key = _key(real)
        if key in seen:
            other = seen[key]
            raise InputError(where, "is given twice" if other == rel else
                             f"is the same file as {_shown(root, other)} where letter case, Unicode form "
                             "or links are ignored")
        if key in needed:
            raise InputError(where, f"is a folder that {_shown(root, needed[key])} needs")
        parts = key.split("/")
        for i in range(1, len(parts)):
            above = "/".join(parts[:i])
            if above in seen:
                raise InputError(where, f"lies inside another output, {_shown(root, seen[above])}")
            needed.setdefault(above, rel)
        seen[key] = rel
        problem = places.problem(rel.rpartition("/")[0])
        if problem:
            raise InputError(where, problem)
        head = _existing(root, rel, HEAD)
        if head is not None and not outputs.is_generated(head):
            if rel not in outputs.take_over:
                raise InputError(where, hand_written(rel))
            taken.append(rel)
    given = set(seen.values())
    unknown = sorted(outputs.take_over - given)
    if unknown:
        raise InputError(_shown(root, unknown[0]), "cannot be taken over: this run writes no such file")
    return Checked(outputs, frozenset(given), tuple(taken))


def _files(root: Path, folders: Iterable[str]) -> list[tuple[str, str]]:
    """(path from `root`, name) of everything but folders below `folders`, in order, links to
    folders not followed, each folder walked once even where the folders overlap or a link leads
    into one. Whether an entry is a regular file is left to `_read`, which checks what it opens."""
    found: list[tuple[str, str]] = []
    visited: set[tuple[int, int]] = set()
    pending = list(folders)
    while pending:
        here = pending.pop()
        try:
            st = os.stat(root / here)
            if (st.st_dev, st.st_ino) in visited:
                continue
            visited.add((st.st_dev, st.st_ino))
            with os.scandir(root / here) as scan:
                entries = sorted((e.name, e.is_dir(follow_symlinks=False)) for e in scan)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError as exc:
            raise _error(_shown(root, here), exc, "folder cannot be read") from None
        for name, is_dir in entries:
            if is_dir:
                pending.append(f"{here}/{name}")
            else:
                found.append((f"{here}/{name}", name))
    return sorted(found)


def _generated(path: Path, is_generated: Callable[[bytes], bool]) -> bool:
    """Whether the file is provably ours: one that cannot be read is not, so it is never removed."""
    try:
        return is_generated(_read(path, HEAD))
    except (OSError, InputError):
        return False


def _same(root: Path, rel: str, twin: str | None) -> bool:
    """Whether `rel` is the page `twin` under another spelling: on a case-insensitive file system
    the file `Releases/a.md` is the page `releases/a.md` just made, and must not be removed."""
    try:
        return twin is not None and os.path.samefile(root / rel, root / twin)
    except OSError:
        return False


def _unified(old: bytes | None, new: str | None, rel: str) -> str:
    before = (old or b"").decode("utf-8", "replace").splitlines(keepends=True)
    after = (new or "").splitlines(keepends=True)
    return "".join(difflib.unified_diff(before, after, f"a/{rel}" if old is not None else "/dev/null",
                                        f"b/{rel}" if new is not None else "/dev/null"))


def plan(pages: Iterable[tuple[str, str]], checked: Checked, stage: Transaction | None = None,
         diff: bool = False) -> Plan:
    """Compare `pages` (checked path, text), one at a time, with the tree. Each page that changes
    goes to `stage` (a temporary file, nothing renamed yet) and is not kept: the pages of a large
    checkout are never all in memory. With `diff`, each change's diff is kept instead."""
    outputs = checked.outputs
    root = outputs.root
    if stage is not None and stage.checked is not checked:
        raise ValueError("the transaction was opened for other output paths")
    result = Plan(root)
    made: set[str] = set()
    keys: dict[str, str] = {}  # of the pages made, see below
    for rel, text in pages:
        where = _shown(root, rel)
        if rel not in checked.paths:
            raise InputError(where, _NOT_CHECKED)
        if rel in made:
            raise InputError(where, "is made twice in one run")
        made.add(rel)
        keys[_key(rel)] = rel
        try:
            new = text.encode("utf-8")
        except UnicodeEncodeError:
            raise InputError(where, "cannot be written: not valid Unicode text") from None
        old = _existing(root, rel)
        # Checked again as it is read: a person may have saved a file there since the check.
        if old is not None and rel not in outputs.take_over and not outputs.is_generated(old[:HEAD]):
            raise InputError(where, hand_written(rel))
        if old == new:
            result.unchanged.append(rel)
            continue
        result.changed.append(rel)
        if stage is not None:
            stage.write(rel, new)
        if diff:
            result.diffs.append(_unified(old, text, rel))
    for rel, name in _files(root, outputs.folders if outputs.owned is None else outputs.owned):
        if _TEMP.fullmatch(name) or rel in made or _same(root, rel, keys.get(_key(rel))):
            continue
        if not _generated(root / rel, outputs.is_generated):
            continue
        result.remove.append(rel)
        if stage is not None:
            stage.obsolete.add(rel)
        if diff:
            result.diffs.append(_unified(_existing(root, rel), None, rel))
    return result


def _lock(root: Path) -> int:
    """An exclusive lock on the docs folder itself: two runs never interleave their renames, and
    no lock file is left in the tree. Released when the descriptor closes, even by a killed run."""
    try:
        fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as exc:
        raise _error(root, exc, "docs folder cannot be opened") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
            raise InputError(str(root), BUSY) from None
        raise _error(root, exc, "docs folder cannot be locked") from None
    return fd


def _make_folders(folder: Path, created: list[Path]) -> None:
    """`mkdir -p`, remembering each folder it made, so a failed run can take them away again."""
    missing = []
    while not folder.is_dir():
        missing.append(folder)
        folder = folder.parent
    for f in reversed(missing):
        f.mkdir()
        created.append(f)


def _write_new(path: Path, data: bytes) -> None:
    """A new file, never through a link or over anything there; 0666 less the umask, as any file
    the team writes."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _restore(undo: list[tuple[Path, Path | None]]) -> bool:
    """Put back, last first, what a failed commit replaced or removed; whether all of it was."""
    put_back = True
    for place, kept in reversed(undo):
        try:
            if kept is None:
                place.unlink(missing_ok=True)  # a new page: nothing was there
            else:
                # Missing `kept`: it was never moved. Where `kept` is a hard link of `place` (its
                # replacement failed), rename does nothing, and the link is removed below.
                with contextlib.suppress(FileNotFoundError):
                    os.replace(kept, place)
                kept.unlink(missing_ok=True)
        except OSError:
            put_back = False
    return put_back


class Transaction:
    """Pages written as temporary files beside their targets, and renamed into place only by
    `commit`: leaving the `with` block any other way (an error, Ctrl-C) removes every temporary
    file and folder it made, so the tree is as it was. It holds the docs folder's lock throughout."""

    def __init__(self, checked: Checked) -> None:
        self.checked = checked
        self.root = checked.outputs.root
        self.temps: list[tuple[str, Path]] = []
        self.created: list[Path] = []
        self.obsolete: set[str] = set()
        """What `plan` found obsolete: `commit` removes nothing else."""
        self.names = itertools.count()
        self.lock: int | None = None
        self.done = False

    def __enter__(self) -> Transaction:
        self.lock = _lock(self.root)
        rel = ""
        try:
            for rel, name in _files(self.root, self.checked.outputs.folders):
                if _TEMP.fullmatch(name):  # a killed run's, in any folder: no run holds the lock
                    (self.root / rel).unlink(missing_ok=True)
        except BaseException as exc:
            self._unlock()
            if isinstance(exc, OSError):
                raise _error(_shown(self.root, rel), exc, "a killed run's temporary file cannot be removed") from None
            raise
        return self

    def _temp(self, folder: Path, suffix: str) -> Path:
        return folder / f"{TEMP_PREFIX}{os.getpid()}-{next(self.names)}.{suffix}"

    def write(self, rel: str, text: str | bytes) -> None:
        """Stage one page; only a checked path, and only inside the `with` block, which holds the lock."""
        where = _shown(self.root, rel)
        if self.lock is None:
            raise RuntimeError("Transaction.write outside its `with` block")
        if rel not in self.checked.paths:
            raise InputError(where, _NOT_CHECKED)
        data = text.encode("utf-8") if isinstance(text, str) else text
        path = self.root / rel
        try:
            _make_folders(path.parent, self.created)
            temp = self._temp(path.parent, "tmp")
            self.temps.append((rel, temp))
            _write_new(temp, data)
        except OSError as exc:
            raise _error(where, exc, "cannot be written") from None

    def _keep(self, place: Path) -> Path | None:
        """What is at `place`, kept aside until the commit ends: a hard link, so the page is
        replaced in one rename and a killed run leaves it whole; moved aside where the file
        system has no hard links."""
        try:
            os.lstat(place)
        except FileNotFoundError:
            return None
        kept = self._temp(place.parent, "bak")
        try:
            os.link(place, kept, follow_symlinks=False)
        except OSError:
            os.replace(place, kept)
        return kept

    def commit(self, remove: Iterable[str] = ()) -> None:
        """Every page into place, then the generated files no longer made removed. If any step
        fails, everything done so far is undone, and the error names the page, not a temporary file."""
        remove = list(remove)
        for rel in remove:
            if rel not in self.obsolete:
                raise InputError(_shown(self.root, rel), "not removed: this run's plan did not find it obsolete")
        undo: list[tuple[Path, Path | None]] = []
        rel, what = "", "cannot be written"
        try:
            for rel, temp in self.temps:
                place = self.root / rel
                undo.append((place, self._keep(place)))
                os.replace(temp, place)
            what = "cannot be removed"
            for rel in remove:
                place = self.root / rel
                if not _generated(place, self.checked.outputs.is_generated):
                    continue  # a person saved over it since the plan: theirs now
                kept = self._temp(place.parent, "bak")
                undo.append((place, kept))
                os.replace(place, kept)
        except BaseException as exc:
            put_back = _restore(undo)
            if not isinstance(exc, OSError):
                raise
            error = _error(_shown(self.root, rel), exc, what)
            if not put_back:
                error = InputError(error.path, f"{error.message}; putting back what the run had replaced failed "
                                               "too, so the tree is partly updated: run the build again")
            raise error from None
        for _, backup in undo:
            if backup is not None:
                backup.unlink(missing_ok=True)
        self.done = True

    def _unlock(self) -> None:
        if self.lock is not None:
            os.close(self.lock)
            self.lock = None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            if not self.done:
                for _, temp in self.temps:
                    temp.unlink(missing_ok=True)
                for folder in reversed(self.created):
                    with contextlib.suppress(OSError):  # not empty: someone else's file, kept
                        folder.rmdir()
        finally:
            self._unlock()


def make_docs_folder(path: Path) -> bool:
    """The docs folder, made if it is missing but the folder it goes in is there: a mistyped path
    is an error, not a new tree somewhere. Whether it was made, so a failed build can remove it."""
    try:
        path.mkdir()
        return True
    except FileExistsError:
        if not path.is_dir():
            raise InputError(str(path), "is not a folder: the docs folder must be one") from None
        return False
    except FileNotFoundError:
        raise InputError(str(path), "no such docs folder, nor the folder it would go in") from None
    except OSError as exc:
        raise _error(path, exc, "docs folder cannot be made") from None


def write_file(path: Path, text: str) -> None:
    """One file (the `export` document), by the same all-or-nothing rule as the pages; only a
    regular file is ever replaced, so `-o` cannot write through a link, into a FIFO or a device,
    or over a folder."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise _error(path, exc, "cannot be written") from None
    else:
        if not stat.S_ISREG(mode):
            raise InputError(str(path), _not_regular(mode))
    created: list[Path] = []
    temp: Path | None = None
    data = text.encode("utf-8")
    try:
        _make_folders(path.parent, created)
        for n in itertools.count():
            temp = path.parent / f"{TEMP_PREFIX}{os.getpid()}-{n}.tmp"
            try:
                _write_new(temp, data)
                break
            except FileExistsError:  # a killed export's: this folder is not swept
                continue
        assert temp is not None
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            if temp is not None:
                temp.unlink(missing_ok=True)
            for folder in reversed(created):
                folder.rmdir()
        if isinstance(exc, OSError):
            raise _error(path, exc, "cannot be written") from None
        raise
