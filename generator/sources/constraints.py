"""Reading `build-time-pip-constraints.txt`: every Python package of an image, pinned.

Each line is read as `packaging.requirements.Requirement` reads it, as pip does,
so odd but valid lines (markers, `===`, extra spaces) mean what they mean to
pip and invalid ones get packaging's own reason. The commonest line by far,
`name==version` and nothing else, is read by a strict pattern instead, with the
same result (tests/test_properties.py holds the two to it): under churn, a
checkout has hundreds of thousands of distinct lines, and packaging's parser
took most of the reading time. Environment markers are
evaluated for the image (Linux on the configured machine, the image's
Python), never for the computer running the generator: the same checkout
gives the same pages everywhere.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import NamedTuple, cast

from packaging.markers import InvalidMarker, Marker, UndefinedComparison, UndefinedEnvironmentName
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from ..errors import ERROR, Finding, InputError
from ..model import INDEX, NAME_MAX, Package, package_order
from ..versions import package_version

_COMMENT = re.compile(r"(^|\s)#.*$")
_KEY, _ORDER, _PACKAGE = attrgetter("key"), attrgetter("order"), attrgetter("package")
# Only to word the error for `name==<not a version>`, which packaging reports as a syntax error.
_PINNED_TEXT = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)\s*===?\s*([^\s;]+)\s*(?:;.*)?")
# `name==version` in its plain form: a PEP 508 name, `==`, then what can only be a version or no pin
# (`_is_version` decides). Any other line, the version part included, is packaging's to read.
_NAME_TEXT = r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?"  # PEP 508's name
_NAME = re.compile(_NAME_TEXT)
_PLAIN = re.compile(rf"({_NAME_TEXT})==([A-Za-z0-9.!+_-]+)")


class Pin(NamedTuple):
    """One pin line understood: the package, the marker that decides whether it applies, and
    where the package is listed (`package_order`, worked out once per distinct line). A named
    tuple: a file's lines are looked up and compared hundreds of thousands of times, in C."""

    package: Package
    marker: Marker | None
    order: str


@dataclass(frozen=True)
class Pins:
    """An image's pins that apply to it, in listing order, with the line pinning each."""

    packages: tuple[Package, ...]
    lines: tuple[int, ...]
    findings: tuple[Finding, ...]
    providers: int
    """How many of `packages` are providers: they come first."""


def environment(python_version: str | None, machine: str) -> dict[str, str]:
    """Every name a marker may use, for an image: none is left to the running machine's value."""
    python = python_version or ""
    full = f"{python}.0" if python.count(".") == 1 else python
    return {"implementation_name": "cpython", "implementation_version": full, "os_name": "posix",
            "platform_machine": machine, "platform_python_implementation": "CPython", "platform_release": "",
            "platform_system": "Linux", "platform_version": "", "python_full_version": full,
            "python_version": python, "sys_platform": "linux"}


class PinReader:
    """Reads constraints files, parsing each distinct line once.

    Neighbouring releases repeat almost every line, so one reader per checkout keeps the
    parser's work (and the `Package` objects held by the model) to the distinct lines. At
    2,000 releases in `make bench` (1.8 million lines): 12,000 of them when 2% of the pins
    move per release, 200,000 when a third do. The second is why plain lines take the fast
    path and the lines of one name share its strings (the model 40 MB smaller there).
    """

    def __init__(self, machine: str = "x86_64") -> None:
        self.machine = machine
        self._lines: dict[str, Pin] = {}
        self._marked: set[str] = set()  # the lines among them with an environment marker
        # Each name as written, once, with its key and order: under churn a name has hundreds of lines.
        self._names: dict[str, tuple[str, str, str]] = {}

    def read(self, text: str, path: str, python_version: str | None) -> Pins:
        """The pins that apply to an image of `python_version`; a line that is no pin is an
        `InputError`, one package pinned at two versions an error finding."""
        raw = text.splitlines()
        found = list(map(self._lines.get, raw))
        numbers: list[int] | range = range(1, len(raw) + 1)  # line n the n-th pin, as lock tools write
        if None in found:  # a line not seen before, or a comment, blank or continued line
            numbered = _logical_lines(raw, found) if "\\" in text else \
                [(n + 1, _clean(raw[n])) for n, pin in enumerate(found) if pin is None]  # each line alone
            for n, line in numbered:
                raw[n - 1] = line  # from here on `raw` holds each line as the reader knows it
                found[n - 1] = self._lines.get(line) or self._parse(line, path, n) if line else None
            if "\\" in text:
                found = [found[n - 1] for n, _ in numbered]
                numbers, raw = [n for n, _ in numbered], [line for _, line in numbered]
            elif None in found:  # blank and comment lines: no pin
                numbers = [n for n, pin in enumerate(found, 1) if pin is not None]
                raw = [raw[n - 1] for n in numbers]
                found = [found[n - 1] for n in numbers]
        pins = cast("list[Pin]", found)
        if not self._marked.isdisjoint(raw):
            env = environment(python_version, self.machine)
            kept = [(pin, n) for pin, n in zip(pins, numbers, strict=True)
                    if pin.marker is None or _applies(pin.marker, env, python_version, path, n)]
            pins, numbers = [pin for pin, _ in kept], [n for _, n in kept]
        findings: list[Finding] = []
        packages = list(map(_PACKAGE, pins))
        if len(set(map(_KEY, packages))) < len(packages):
            pins, numbers = _first_of_each(pins, numbers, path, findings)
            packages = list(map(_PACKAGE, pins))
        # Sorted as (order, line, package) tuples, compared in C: the orders never tie.
        ordered = sorted(zip(map(_ORDER, pins), numbers, packages, strict=True))
        orders, lines, listed = zip(*ordered, strict=True) if ordered else ((), (), ())
        return Pins(listed, lines, tuple(findings), bisect.bisect_left(orders, "1"))

    def _parse(self, line: str, path: str, number: int) -> Pin:
        pin = self._lines[line] = _parse(line, path, number, self._names)
        if pin.marker is not None:
            self._marked.add(line)
        return pin


def _first_of_each(pins: list[Pin], numbers: Sequence[int], path: str,
                   findings: list[Finding]) -> tuple[list[Pin], list[int]]:
    """The first pin of each package; a second one at another version is an error finding."""
    chosen: dict[str, tuple[Pin, int]] = {}
    for pin, number in zip(pins, numbers, strict=True):
        first, line = chosen.setdefault(pin.package.key, (pin, number))
        was, now = first.package.version, pin.package.version
        if was != now:
            findings.append(Finding(path, number, ERROR, f"{pin.package.name} is pinned twice: {was} (line {line}) "
                                                         f"and {now}"))
    return [pin for pin, _ in chosen.values()], [n for _, n in chosen.values()]


def _clean(line: str) -> str:
    """A line without its comment and surrounding white space."""
    return (_COMMENT.sub("", line) if "#" in line else line).strip()


def _logical_lines(lines: list[str], known: list[Pin | None]) -> list[tuple[int, str]]:
    """Non-blank lines without comments, continuation lines joined, each numbered by its first
    line. A line already `known` as a pin is one as it stands."""
    found: list[tuple[int, str]] = []
    n = 0
    while n < len(lines):
        start, line = n + 1, lines[n]
        n += 1
        if known[start - 1] is None:
            while line.endswith("\\") and n < len(lines):
                line = line[:-1] + lines[n]
                n += 1
            line = _clean(line)
        if line:
            found.append((start, line))
    return found


def plain_pin(line: str) -> tuple[str, str] | None:
    """(name, version) of a plain `name==version` line, as packaging's `Requirement` reads it;
    None for any other line, which the full parser then decides."""
    m = _PLAIN.fullmatch(line)
    return (m[1], m[2]) if m and _is_version(m[2]) else None


def _parse(line: str, path: str, number: int, names: dict[str, tuple[str, str, str]]) -> Pin:
    if plain := plain_pin(line):
        return _pin(*plain, None, path, number, names)
    if line.startswith("-"):
        raise InputError(path, f"not a pin: pip option {line.split()[0]!r} in a constraints file", number)
    try:
        req = Requirement(line)
    except (InvalidRequirement, InvalidMarker) as exc:
        if (m := _PINNED_TEXT.fullmatch(line)) and not _is_version(m[2]):
            raise InputError(path, f"{m[1]}: {m[2]!r} is not a PEP 440 version", number) from None
        reason = str(exc).splitlines()[0]
        raise InputError(path, f"not a pin (name==version): {reason}", number) from None
    if req.url:
        raise InputError(path, f"not a pin: {req.name} comes from a URL, not a version", number)
    if req.extras:
        raise InputError(path, f"not a pin: constraints cannot name extras ({req.name}[...])", number)
    specs = list(req.specifier)
    if len(specs) != 1 or specs[0].operator not in ("==", "===") or "*" in specs[0].version:
        raise InputError(path, f"not a pin: {req.name}{req.specifier or ''} does not name one exact version",
                         number)
    version = specs[0].version
    try:
        package_version(version)
    except ValueError as exc:
        raise InputError(path, f"{req.name}: {exc}", number) from None
    return _pin(req.name, version, req.marker, path, number, names)


def _pin(name: str, version: str, marker: Marker | None, path: str, number: int,
         names: dict[str, tuple[str, str, str]]) -> Pin:
    """The pin of a line read, by either parser. A name is checked, and its key and order worked
    out, the first time it is seen; from then on its lines share those strings."""
    if (known := names.get(name)) is None:
        known = names[name] = _name(name, path, number)
    return Pin(Package(known[0], known[1], version), marker, known[2])


def _name(name: str, path: str, number: int) -> tuple[str, str, str]:
    """A package name as written, its key and its listing order, once the name is known to be usable."""
    if not _NAME.fullmatch(name):  # packaging's Requirement lets a name end in `_` (its `\b`): `foo-` as a key
        raise InputError(path, f"not a pin: {name!r} is not a package name (PEP 508: letters, digits, `.`, `_` "
                               "and `-`, starting and ending with a letter or digit)", number)
    key = canonicalize_name(name)
    if len(key.encode()) > NAME_MAX:  # its page is named by it: refused here, with its line
        raise InputError(path, f"package name {key[:40]}... is {len(key.encode())} bytes long: "
                               f"at most {NAME_MAX} fit in the file name of its page", number)
    if key == INDEX:
        raise InputError(path, f"a package named {name!r} would take the page of the packages index "
                               f"({INDEX}): not supported", number)
    return name, key, package_order(key)


def _is_version(text: str) -> bool:
    try:
        package_version(text)
    except ValueError:
        return False
    return True


def _applies(marker: Marker, env: dict[str, str], python_version: str | None, path: str, number: int) -> bool:
    if not python_version and "python" in str(marker):
        raise InputError(path, f"the marker {str(marker)!r} needs the image's Python version, "
                               "which its Dockerfile does not state", number)
    try:
        return marker.evaluate(env)
    except (UndefinedComparison, UndefinedEnvironmentName) as exc:
        raise InputError(path, f"the marker {str(marker)!r} cannot be evaluated: {exc}", number) from None
