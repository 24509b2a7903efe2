"""Reading `build-time-pip-constraints.txt`: every Python package of an image, pinned.

Pins are read with a fast path for the plain `name==version` line (the
whole file, in practice) and `packaging.requirements.Requirement` for
everything else, so odd but valid lines (markers, `===`) are understood the
way pip does and invalid ones get packaging's own reason.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from operator import itemgetter
from typing import NamedTuple

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from .errors import InputError

_PLAIN = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)\s*===?\s*([A-Za-z0-9!+._-]+)")
_COMMENT = re.compile(r"(^|\s)#.*$")
# The line as the lock tools write it, nothing around it: matched whole, before anything else.
_BARE = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([0-9][A-Za-z0-9!+._-]*)")
_BARE_LINES = re.compile(rf"^{_BARE.pattern}$", re.M)
_VALID: set[str] = set()


class Pin(NamedTuple):
    """One `name==version` line; `name` as written, `key` its PEP 503 form.

    A named tuple, not a dataclass: a large checkout has millions of pins.
    """

    name: str
    key: str
    version: str
    marker: str | None
    line: int


@cache
def parse_version(text: str) -> Version:
    """PEP 440 version; cached because a checkout repeats the same few thousand versions."""
    return Version(text)


@cache
def normalize(name: str) -> str:
    return canonicalize_name(name)


@lru_cache(maxsize=4096)
def marker_applies(marker: str, python_version: str | None) -> bool:
    """Whether a pin's environment marker holds in an image of `python_version` on Linux."""
    from packaging.markers import Marker  # here: only lines with markers need the marker parser

    env = {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
           "implementation_name": "cpython", "platform_python_implementation": "CPython"}
    if python_version:
        env.update(python_version=python_version, python_full_version=f"{python_version}.0")
    return Marker(marker).evaluate(env)


def bare_pins(text: str, path: str) -> list[tuple[str, str]] | None:
    """(name, version) of every line when each line is a bare `name==version`, as lock tools write
    them; None when any line needs `parse_constraints`. Found by one regex pass in C."""
    found: list[tuple[str, str]] = _BARE_LINES.findall(text)
    if len(found) != text.count("\n") + (not text.endswith("\n")) or not text:
        return None
    if unseen := set(map(itemgetter(1), found)) - _VALID:  # checked once per distinct version, ever
        for number, (name, version) in enumerate(found, 1):
            if version in unseen:
                _check_version(version, name, path, number)
    return found


def bare_pin(line: str, path: str, number: int) -> tuple[str, str] | None:
    """(name, version) when `line` is a bare `name==version` pin; None when it needs `parse_constraints`."""
    m = _BARE.fullmatch(line)
    if m is None:
        return None
    if m[2] not in _VALID:
        _check_version(m[2], m[1], path, number)
    return m[1], m[2]


def parse_constraints(text: str, path: str) -> list[Pin]:
    """All pins of the file, in file order; any line that is not a pin is an `InputError`."""
    found = bare_pins(text, path)
    if found is not None:
        return [Pin(name, normalize(name), version, None, number) for number, (name, version) in enumerate(found, 1)]
    lines = text.splitlines()
    if "\\" in text:  # continuation lines: join them first, numbering each pin by its first line
        joined: list[tuple[int, str]] = []
        number = 0
        while number < len(lines):
            start, line = number + 1, lines[number]
            number += 1
            while line.endswith("\\") and number < len(lines):
                line = line[:-1] + lines[number]
                number += 1
            joined.append((start, line))
    else:
        joined = list(enumerate(lines, 1))
    pins: list[Pin] = []
    for number, line in joined:
        m = _BARE.fullmatch(line)
        if m is None:
            line = _COMMENT.sub("", line).strip()
            if not line:
                continue
            m = _PLAIN.fullmatch(line)
        if m is not None:
            name, version, marker = m[1], m[2], None
        else:
            name, version, marker = _parse_other(line, path, number)
        if version not in _VALID:
            _check_version(version, name, path, number)
        pins.append(Pin(name, normalize(name), version, marker, number))
    return pins


def _check_version(version: str, name: str, path: str, number: int) -> None:
    try:
        parse_version(version)
    except InvalidVersion:
        raise InputError(path, f"{name}: {version!r} is not a PEP 440 version", number) from None
    _VALID.add(version)


def _parse_other(line: str, path: str, number: int) -> tuple[str, str, str | None]:
    if line.startswith("-"):
        raise InputError(path, f"not a pin: pip option {line.split()[0]!r} in a constraints file", number)
    from packaging.markers import InvalidMarker  # here: only unusual lines need the requirement parser
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        req = Requirement(line)
    except (InvalidRequirement, InvalidMarker) as exc:
        reason = str(exc).splitlines()[0]
        raise InputError(path, f"not a pin (name==version): {reason}", number) from None
    specs = list(req.specifier)
    if req.url:
        raise InputError(path, f"not a pin: {req.name} comes from a URL, not a version", number)
    if req.extras:
        raise InputError(path, f"not a pin: constraints cannot name extras ({req.name}[...])", number)
    if len(specs) != 1 or specs[0].operator not in ("==", "===") or "*" in specs[0].version:
        raise InputError(path, f"not a pin: {req.name}{req.specifier or ''} does not name one exact version",
                         number)
    return req.name, specs[0].version, str(req.marker) if req.marker else None
