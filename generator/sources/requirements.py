"""Reading a user's `requirements.txt` for `fit`: each line as pip reads it, or why it cannot be checked.

The file is someone else's input, like the checkout, so it is read the same safe way (`Root`):
includes (`-r`, `-c`) stay inside the top file's folder, symbolic links included, and never
loop; a file that is missing, not a regular file or not UTF-8, and a line that is not a
requirement, each stop the run with one `InputError` naming the file and line.

pip's own rules decide what a line is: a `#` at a line's start or after white space starts a
comment; a trailing backslash continues a line (a comment line never continues, and ends a
continued one), the joined line numbered by its first; a line starting with `-` is a pip
option; on a requirement line, what follows the first word starting with `-` is its options
(`--hash=...`). Each requirement is parsed by `packaging.requirements.Requirement`, as pip
does. What names no version that a pin could refuse (an editable install, a path, a URL) is
kept with the reason it cannot be checked, never dropped silently and never a conflict.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from packaging.markers import InvalidMarker
from packaging.requirements import InvalidRequirement, Requirement

from ..errors import InputError, printable
from .files import MAX_BYTES, Root

WHAT = "the requirements file's folder"
"""How messages name the folder every include must stay in."""
MAX_LINES = 10_000
MAX_LENGTH = 2_000
"""Bounds far above any project's file (hundreds of lines, each under a few hundred characters), so a
hostile one costs seconds, not hours: packaging's parsing of a requirement grows faster than its length,
and every line is checked against every image of every release. All files together are held to
`MAX_BYTES`, as one file is."""

# pip's comment rule: `#` at the start of a line or after white space (`pkg#egg=x` in a URL is no comment).
# One white space character, not pip's `\s+`: the same comments, the rest stripped after, and no
# backtracking through a long run of spaces, which a hostile file could make last for hours.
_COMMENT = re.compile(r"(^|\s)#.*$")
# What pip expands from the environment when it installs (`${NAME}`): never expanded here, so the answer
# does not depend on who runs the check.
_VARIABLE = re.compile(r"\$\{[A-Z0-9_]+\}")
# The archives pip installs from a file name alone: `pkg-1.0-py3-none-any.whl` is also a valid PEP 508 name.
_ARCHIVES = (".whl", ".zip", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tar.xz", ".txz", ".tar", ".tar.lz")

# Where pip ends a line's requirement and starts its options: the first word that starts with `-`.
_OPTION_START = re.compile(r"(?:^|\s)-")
# pip options a requirements file may hold, by every spelling, with whether each takes a value.
_INCLUDES = {"-r": "--requirement", "--requirement": "--requirement", "-c": "--constraint",
             "--constraint": "--constraint"}
_EDITABLE = {"-e": "--editable", "--editable": "--editable"}
_IGNORED = {"-i": True, "--index-url": True, "--extra-index-url": True, "--no-index": False, "-f": True,
            "--find-links": True, "--pre": False, "--prefer-binary": False, "--require-hashes": False,
            "--only-binary": True, "--no-binary": True, "--trusted-host": True, "--use-feature": True}
# The options pip takes after a requirement, on its line.
_PER_REQUIREMENT = {"--hash": True, "--config-settings": True, "--global-option": True}
_TAKES_VALUE = {**dict.fromkeys(_INCLUDES, True), **dict.fromkeys(_EDITABLE, True), **_IGNORED, **_PER_REQUIREMENT}
_LONG = {**_INCLUDES, **_EDITABLE}


@dataclass(frozen=True)
class RequirementLine:
    """One requirement of the files read: where it stands and what it says.

    `text` is the requirement as written, without its comment and its options (`--hash=...`), its
    continued lines joined; for an option line that cannot be checked (`-e ./plugins`), the line.
    Exactly one of `requirement` and `reason` is set: the parsed requirement, or why no pin can
    refuse it. `constraint` tells a line read from a `-c` file: pip uses those only to constrain
    what it installs, but a pin that refuses one refuses the install all the same.
    """

    file: str
    line: int
    text: str
    requirement: Requirement | None = None
    reason: str | None = None
    constraint: bool = False


def read_requirements(path: Path) -> tuple[RequirementLine, ...]:
    """Every requirement of the file at `path` and of the files it includes, in reading order
    (an include's lines where its `-r` or `-c` stands). A file included a second time, not in a
    loop, adds nothing: its lines are there once already."""
    if not os.path.lexists(path):
        raise InputError(printable(path), "file not found")
    reader = _Reader(Root(path.parent, WHAT))
    reader.read(path, (), constraint=False)
    return tuple(reader.lines)


class _Reader:
    def __init__(self, root: Root) -> None:
        self.root = root
        self.lines: list[RequirementLine] = []
        self.done: dict[str, str] = {}  # the files read, by real path, each as messages show it
        self.size = 0  # their characters, all told

    def read(self, path: Path, chain: tuple[str, ...], constraint: bool) -> None:
        """Read `path` (already checked to stay inside the root); `chain` holds the real paths of the
        files including it, so that an include of one of them is refused as a loop."""
        text = self.root.read(path, empty=True)
        real = os.path.realpath(path)
        shown = self.done[real] = str(path)
        self.size += len(text)
        if self.size > MAX_BYTES:
            raise InputError(shown, f"the requirements files with this one are over {MAX_BYTES // 2**20} MB "
                                    "together: not a project's requirements")
        for number, line in logical_lines(text):
            self._line(shown, number, line, (*chain, real), constraint)

    def _line(self, shown: str, number: int, line: str, chain: tuple[str, ...], constraint: bool) -> None:
        split = _OPTION_START.search(line)
        args, options = (line[:split.start()].strip(), line[split.start():].strip()) if split else (line, "")
        if not args:
            self._options(shown, number, line, options, chain, constraint)
            return
        for name, _ in _options(options, shown, number):
            if name not in _PER_REQUIREMENT:
                raise InputError(shown, f"{name} cannot follow a requirement on its line ({args})", number)
        self._add(_requirement(shown, number, args, constraint))

    def _add(self, line: RequirementLine) -> None:
        if len(self.lines) == MAX_LINES:
            raise InputError(line.file, f"over {MAX_LINES} requirements: not a project's requirements", line.line)
        self.lines.append(line)

    def _options(self, shown: str, number: int, line: str, options: str, chain: tuple[str, ...],
                 constraint: bool) -> None:
        for name, value in _options(options, shown, number):
            if name in _EDITABLE.values():
                self._add(RequirementLine(
                    shown, number, line, reason="an editable install (-e) of a project folder or repository: "
                                                "its version is known only once it is built", constraint=constraint))
            elif name in _INCLUDES.values() and value is not None:
                self._include(shown, number, line, name, value, chain, constraint or name == "--constraint")

    def _include(self, shown: str, number: int, line: str, option: str, value: str, chain: tuple[str, ...],
                 constraint: bool) -> None:
        if "://" in value:
            self._add(RequirementLine(shown, number, line, reason="a file included from a URL, which is not "
                                                                 "fetched here", constraint=constraint))
            return
        if _VARIABLE.search(value):
            self._add(RequirementLine(shown, number, line, reason=_VARIABLE_REASON, constraint=constraint))
            return
        target = self._inside(shown, number, option, value)
        try:
            self.root.check(target)
            if not os.path.lexists(target):
                raise InputError(printable(target), "file not found")
            real = os.path.realpath(target)
        except InputError as exc:
            raise InputError(shown, f"{option} {value}: {exc}", number) from None
        if real in chain:
            loop = " -> ".join(printable(self.done[p]) for p in (*chain[chain.index(real):], real))
            raise InputError(shown, f"{option} {value}: include loop ({loop})", number)
        if real in self.done:
            return
        try:
            self.read(target, chain, constraint)
        except InputError as exc:
            if exc.path != str(target) or exc.line is not None:
                raise  # about a line of the included file: it names that file and line
            raise InputError(shown, f"{option} {value}: {exc}", number) from None

    def _inside(self, shown: str, number: int, option: str, value: str) -> Path:
        """The path an include names, as a path below the root, relative to the including file's
        folder as pip reads it; one that leads out of the root is refused here, before any look at it."""
        root = os.fspath(self.root.path)
        if os.path.isabs(value):  # inside the root still, said from the root
            base = os.path.abspath(root)
            inside = os.path.commonpath([base, os.path.abspath(value)]) == base
            joined = os.path.join(root, os.path.relpath(os.path.abspath(value), base)) if inside else value
        else:
            joined = os.path.join(os.path.dirname(shown) or ".", value)
        rel = os.path.relpath(os.path.normpath(joined), root)
        if not self.root.contains(rel):
            raise InputError(shown, f"{option} {value}: is outside {WHAT}", number)
        return self.root.path / rel


_VARIABLE_REASON = ("names an environment variable (${...}), which pip expands when it installs: "
                    "not expanded here, so the answer is the same wherever it runs")


def logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """The file's lines as pip reads them: continued lines joined (numbered by their first), then
    comments and surrounding white space dropped, blank lines left out. One at a time, so that a
    file refused at a line is read no further."""
    pending: list[str] = []
    first = 0
    for number, line in enumerate(text.splitlines(), 1):
        comment = line.lstrip().startswith("#")
        if line.endswith("\\") and not comment:
            if not pending:
                first = number
            pending.append(line.rstrip("\\"))
            continue
        if pending:
            number, line = first, "".join(pending) + (" " + line if comment else line)
            pending = []
        if clean := _uncommented(line):
            yield number, clean
    if pending and (clean := _uncommented("".join(pending))):  # the file ends on a continued line
        yield first, clean


def _uncommented(line: str) -> str:
    return (_COMMENT.sub("", line) if "#" in line else line).strip()


def _options(text: str, shown: str, number: int) -> list[tuple[str, str | None]]:
    """The options of a line (`--index-url URL`, `-rfile.txt`, `--hash=sha256:...`), each by its
    long name with its value; an option pip does not take in a requirements file is an error, as in pip."""
    try:
        words = shlex.split(text)
    except ValueError as exc:
        raise InputError(shown, f"options cannot be read: {exc}", number) from None
    found: list[tuple[str, str | None]] = []
    n = 0
    while n < len(words):
        word = words[n]
        n += 1
        value: str | None = None
        if word.startswith("--") and "=" in word:
            word, value = word.split("=", 1)
        elif not word.startswith("--") and len(word) > 2 and word[:2] in _TAKES_VALUE:  # `-rfile.txt`, as pip reads it
            word, value = word[:2], word[2:]
        if word not in _TAKES_VALUE:
            raise InputError(shown, f"{word}: not an option pip takes in a requirements file", number)
        takes = _TAKES_VALUE[word]
        if takes and value is None:
            if n == len(words):
                raise InputError(shown, f"{word} needs a value", number)
            value = words[n]
            n += 1
        elif not takes and value is not None:
            raise InputError(shown, f"{word} takes no value", number)
        found.append((_LONG.get(word, word), value))
    return found


def _requirement(shown: str, number: int, text: str, constraint: bool) -> RequirementLine:
    """A requirement line understood, or why no pin can refuse it; one that is neither is an error."""
    if len(text) > MAX_LENGTH:
        raise InputError(shown, f"a requirement of {len(text)} characters: at most {MAX_LENGTH} are read", number)
    if _VARIABLE.search(text):
        return RequirementLine(shown, number, text, reason=_VARIABLE_REASON, constraint=constraint)
    try:
        requirement = Requirement(text)
    except RecursionError:
        raise InputError(shown, "not a requirement: its marker is nested too deeply to read", number) from None
    except (InvalidRequirement, InvalidMarker) as exc:
        if _path_or_url(text):
            return RequirementLine(shown, number, text, reason="a path or URL to install from: no version to "
                                                               "compare with a pin", constraint=constraint)
        reason = str(exc).splitlines()[0]
        quoted = text if len(text) <= 80 else text[:77] + "..."
        raise InputError(shown, f"not a requirement ({quoted}): {reason}", number) from None
    if requirement.url:
        return RequirementLine(shown, number, text, reason=f"{requirement.name} comes from a URL or path, not "
                                                           "a package index: no version to compare with a pin",
                               constraint=constraint)
    if requirement.name.lower().endswith(_ARCHIVES):  # a valid name to packaging, an archive's file name to pip
        return RequirementLine(shown, number, text, reason="an archive file to install: no version to compare "
                                                           "with a pin", constraint=constraint)
    return RequirementLine(shown, number, text, requirement=requirement, constraint=constraint)


def _path_or_url(text: str) -> bool:
    """What pip would install from a path or URL: a line that is no PEP 508 requirement and names one."""
    head = text.split(";")[0].strip()
    return "://" in head or head.startswith((".", "/", "~", "file:")) or "/" in head or "\\" in head
