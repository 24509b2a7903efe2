"""Every file the generator reads, read one safe way: inside its root, regular, bounded, UTF-8.

A checkout is input from elsewhere, so it is read as untrusted: a FIFO or a
device would hang or flood a plain `open`, a symbolic link may lead out of
the checkout or round in a loop. `Root` refuses each of these with one
`InputError` naming the very path at fault (the link itself, not its
folder), and never opens anything that is not a regular file.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ..errors import InputError, printable

MAX_BYTES = 5 * 1024 * 1024
_MAX_LABEL = "5 MB"

_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def kind(mode: int) -> str:
    """What a file is, in words, for a message; "a regular file" for the only kind ever read."""
    return next((name for test, name in _KINDS if test(mode)), "a regular file" if stat.S_ISREG(mode) else "special")


def unusable(text: str) -> str | None:
    """Why no file can have the path `text`, or None: the system calls raise `ValueError` on these, not
    `OSError`, so each reader of a path people type (`--repo`, a setting) says so in a message instead."""
    if "\0" in text:
        return "contains a NUL byte (written \\0), which no file name can hold"
    try:
        os.fsencode(text)
    except UnicodeError:  # a lone surrogate, as YAML's "\ud800" escape makes
        return "holds a character no file name can (a lone UTF-16 surrogate)"
    return None


def _unusable(path: str, exc: ValueError) -> InputError:
    return InputError(printable(path), f"not a usable path: {unusable(path) or exc}")


def _oserror(path: str, exc: OSError, what: str = "cannot be read") -> InputError:
    path = printable(path)
    if isinstance(exc, FileNotFoundError):
        return InputError(path, "file not found")
    if isinstance(exc, PermissionError):
        return InputError(path, f"{what}: permission denied")
    if exc.errno == errno.ELOOP:
        return InputError(path, "symbolic link loop")
    if exc.errno == errno.ENAMETOOLONG:
        return InputError(path, "file name too long")
    return InputError(path, f"{what}: {exc.strerror or exc}")


class Root:
    """A folder whose files are read, and nothing outside it.

    `path` arguments are paths below the root (as `root / "a" / "b"`); every symbolic link
    on the way from the root to them is checked when they are used, so a link swapped in
    between two reads is still caught.
    """

    def __init__(self, path: Path, what: str = "the checkout") -> None:
        self.path = path
        self.what = what
        """What the folder is, as messages name it (`the checkout`, `the docs folder`)."""
        try:
            st = os.stat(path)
        except OSError as exc:
            if isinstance(exc, FileNotFoundError):
                raise InputError(printable(path), "not found: no such directory") from None
            raise _oserror(str(path), exc) from None
        except ValueError as exc:  # a NUL byte or an unencodable character: `--repo` is typed by people
            raise _unusable(str(path), exc) from None
        if not stat.S_ISDIR(st.st_mode):
            raise InputError(printable(path), f"must be a directory, not {kind(st.st_mode)}")
        self._real = os.path.realpath(path)
        base = os.fspath(path)
        self._prefix = "" if base == "." else base.rstrip(os.sep) + os.sep  # how paths below it start

    def contains(self, rel: str) -> bool:
        """Whether a path written relative to the root (as a config writes it) stays inside it."""
        norm = os.path.normpath(rel)
        return not (os.path.isabs(rel) or norm == ".." or norm.startswith(".." + os.sep))

    def check(self, path: Path) -> Path:
        """`path`, once no symbolic link on the way to it loops or leads out of the root.

        Worked on strings: every file of a checkout comes through here, and `pathlib`'s
        parsing of each step cost more than the system calls."""
        text = os.fspath(path)
        if text == os.fspath(self.path):
            return path
        if not text.startswith(self._prefix):
            raise InputError(printable(text), f"is outside {self.what}")
        parts = text[len(self._prefix):].split(os.sep)
        if ".." in parts:
            raise InputError(printable(text), f"is outside {self.what}")
        here = self._prefix
        for part in parts:
            here += part
            try:
                is_link = stat.S_ISLNK(os.lstat(here).st_mode)
            except FileNotFoundError:
                return path  # reading it will say so, naming the file the reader wanted
            except OSError as exc:
                raise _oserror(here, exc) from None
            except ValueError as exc:  # a path no file can have: before any read, with the whole path
                raise _unusable(text, exc) from None
            if is_link:
                self._check_link(Path(here))
            here += os.sep
        return path

    def _check_link(self, link: Path) -> None:
        try:
            os.stat(link)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise InputError(printable(link), "symbolic link loop") from None
            if isinstance(exc, FileNotFoundError):
                raise InputError(printable(link),
                                 f"symbolic link to a missing file ({printable(os.readlink(link))})") from None
            raise _oserror(str(link), exc) from None
        target = os.path.realpath(link)
        if os.path.commonpath([self._real, target]) != self._real:
            raise InputError(printable(link), f"symbolic link points outside {self.what} (to {printable(target)})")

    def exists(self, path: Path) -> bool:
        """Whether anything (a dangling link included) is at `path`: an optional input that is
        there must then be readable, never silently skipped."""
        return os.path.lexists(self.check(path))

    def is_dir(self, path: Path) -> bool:
        try:
            return stat.S_ISDIR(os.stat(self.check(path)).st_mode)
        except OSError:
            return False

    def read(self, path: Path, empty: bool = False) -> str:
        """The UTF-8 text of the regular file `path`; any reason it is not usable is an `InputError`.
        An empty file is one too, unless `empty` (a page someone has only begun is still a page)."""
        shown = str(self.check(path))
        try:
            st = os.stat(shown)
        except OSError as exc:
            raise _oserror(shown, exc) from None
        if not stat.S_ISREG(st.st_mode):
            raise InputError(printable(shown), f"is {kind(st.st_mode)}, not a regular file")
        data = _read_regular(shown)
        if not empty and (not data or data.isspace()):
            raise InputError(printable(shown), "file is empty")
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            raise InputError(printable(shown), "file is UTF-16 text; input files must be UTF-8")
        if b"\x00" in data:
            line = data[: data.index(b"\x00")].count(b"\n") + 1
            raise InputError(printable(shown), "contains a NUL byte; input files must be UTF-8 text", line)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise InputError(printable(shown), f"is not UTF-8 text (byte 0x{data[exc.start]:02x})", line) from None
        return text.removeprefix("\ufeff")

    def folders(self, path: Path) -> list[Path]:
        """The folders in the folder `path`, links to folders included (checked), in name order:
        output must never depend on listing order. Other entries are not looked at."""
        shown = str(self.check(path))
        try:
            with os.scandir(shown) as entries:
                found = [(Path(e.path), e.is_symlink()) for e in entries
                         if not e.name.startswith(".") and (e.is_symlink() or e.is_dir(follow_symlinks=False))]
        except OSError as exc:
            raise _oserror(shown, exc, "directory cannot be read") from None
        folders = []
        for folder, is_link in sorted(found):
            if is_link:
                try:
                    if not stat.S_ISDIR(os.stat(folder).st_mode):
                        continue
                except FileNotFoundError:
                    continue  # a dangling link is no folder
                except OSError as exc:
                    raise _oserror(str(folder), exc) from None
                self._check_link(folder)
            folders.append(folder)
        return folders


def _read_regular(path: str) -> bytes:
    """At most `MAX_BYTES` of a regular file. Opened without blocking and checked again once
    open, so a FIFO swapped in after the first look is refused, not waited on."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        raise _oserror(path, exc) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(printable(path), f"is {kind(st.st_mode)}, not a regular file")
        if st.st_size > MAX_BYTES:
            raise InputError(printable(path),
                             f"file is {st.st_size} bytes, over the {_MAX_LABEL} limit for an input file")
        chunks, size = [], 0
        while chunk := os.read(fd, MAX_BYTES + 1 - size):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_BYTES:
                raise InputError(printable(path), f"file is over the {_MAX_LABEL} limit for an input file")
        return b"".join(chunks)
    except OSError as exc:
        raise _oserror(path, exc) from None
    finally:
        os.close(fd)
