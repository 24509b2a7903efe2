"""Reading input files safely: inside the checkout, bounded in size, UTF-8 only.

All readers go through `read_text`, so every file problem becomes the same
kind of one-line `InputError` whatever reader hit it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import MutableMapping
from functools import lru_cache
from pathlib import Path

from .errors import InputError

MAX_BYTES = 5 * 1024 * 1024
_MAX_LABEL = "5 MB"


def inside(path: Path, root: Path) -> bool:
    """True when `path`, links followed, stays within `root` (links followed too).

    Looks only at the components below `root`, each folder once per run, resolving
    fully only when one of them is a link or `..`: a checkout has thousands of files
    and almost no links.
    """
    text, base = os.fspath(path), os.fspath(root).rstrip(os.sep)
    if not text.startswith(base + os.sep) or os.sep + ".." in text[len(base):]:
        return _resolved_inside(path, root)
    folder, _, _name = text.rpartition(os.sep)
    if os.path.islink(text) or (folder != base and not _plain_folder(folder, base)):
        return _resolved_inside(path, root)
    return True


@lru_cache(maxsize=4096)
def _plain_folder(folder: str, base: str) -> bool:
    """No link between `base` and `folder` (inclusive). Cleared by `forget_folders` at each read of a checkout."""
    parent = folder.rpartition(os.sep)[0]
    return not os.path.islink(folder) and (parent == base or _plain_folder(parent, base))


def _resolved_inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def within(path: Path, root: Path) -> Path:
    """`path` itself, unless a symbolic link (of it or a folder above it) leads outside `root`."""
    if not inside(path, root):
        raise InputError(str(path), f"symbolic link points outside the checkout (to {path.resolve()})")
    return path


def read_text(path: Path, root: Path, digests: MutableMapping[str, bytes] | None = None) -> str:
    """The UTF-8 text of `path`; any reason it is not usable is an `InputError`.

    With `digests`, records the SHA-256 of the bytes read under the path, so the cache's
    fingerprint need not read the file a second time."""
    shown = str(within(path, root))
    try:
        with open(shown, "rb", buffering=0) as f:  # unbuffered: one read of the whole file
            size = os.fstat(f.fileno()).st_size
            if size > MAX_BYTES:
                raise InputError(shown, f"file is {size} bytes, over the {_MAX_LABEL} limit for an input file")
            data = f.readall()
    except FileNotFoundError:
        raise InputError(shown, "file not found") from None
    except IsADirectoryError:
        raise InputError(shown, "is a directory, expected a file") from None
    except PermissionError:
        raise InputError(shown, "cannot be read: permission denied") from None
    except OSError as exc:
        raise InputError(shown, f"cannot be read: {exc.strerror}") from None
    if digests is not None:
        digests[shown] = hashlib.sha256(data).digest()
    if not data or data.isspace():
        raise InputError(shown, "file is empty")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError(shown, "file is UTF-16 text; input files must be UTF-8")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError(shown, "contains a NUL byte; input files must be UTF-8 text", line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(shown, f"is not UTF-8 text (byte 0x{data[exc.start]:02x})", line) from None
    return text.removeprefix("\ufeff")


def subdirectories(path: Path) -> list[Path]:
    """The folders in a folder (links to folders included), in name order: output must never
    depend on listing order. The listing says which entries are folders: no stat per entry."""
    try:
        with os.scandir(path) as entries:
            found = [Path(e.path) for e in entries if e.is_dir()]
    except PermissionError:
        raise InputError(str(path), "directory cannot be read: permission denied") from None
    except OSError as exc:
        raise InputError(str(path), f"directory cannot be read: {exc.strerror}") from None
    return sorted(found, key=lambda p: p.name)


def forget_folders() -> None:
    """Start a read of a checkout with no remembered folder: one may have become a link since."""
    _plain_folder.cache_clear()
