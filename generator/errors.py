"""Errors and findings, shaped so every message can name the file and line it is about."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def location(path: Path | str, line: int | None = None) -> str:
    """`path[:line]`, the prefix editors and CI annotations understand."""
    return f"{path}:{line}" if line else str(path)


def printable(path: Path | str) -> str:
    """A path as one line of a message: a NUL byte, a line break or another control character in
    it is written as an escape (`\\0`, `\\n`), so the message stays one line and says what is there."""
    text = os.fspath(path)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1].replace("\\x00", "\\0") for c in text)


class InputError(Exception):
    """Input the generator cannot read at all: the run stops with exit code 2.

    Raised by the readers only, before anything is written, so the docs tree
    is never left half-updated because of bad input.
    """

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.path = str(path)
        self.line = line
        self.message = message

    def __str__(self) -> str:
        return f"{location(self.path, self.line)}: {self.message}"


ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """A disagreement between sources or a suspicious fact; the input was still readable.

    Ordered by path, line, severity and message so every report is stable.
    """

    path: str
    line: int
    severity: str
    message: str

    def __str__(self) -> str:
        return f"{location(self.path, self.line)}: {self.severity}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line or None,
            "severity": self.severity,
            "message": self.message,
        }
