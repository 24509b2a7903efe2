"""Reading a whole astro-runtime checkout into the model.

The only module that walks the checkout: it applies the config, reads each
file with its reader, and records the disagreements between sources that
it can see while reading (catalog vs directories, label vs directory name,
duplicate pins). Everything after it works on the `Model` alone.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable, Sequence
from operator import attrgetter
from pathlib import Path
from typing import cast

from . import workers
from .catalog import read_catalog
from .changelog import Section, parse_changelog
from .config import Config, read_config
from .constraints import bare_pin, marker_applies, normalize, parse_constraints
from .dockerfile import AIRFLOW_LABEL, RUNTIME_LABEL, parse_dockerfile
from .errors import ERROR, WARNING, Finding, InputError
from .files import forget_folders, read_text, subdirectories, within
from .model import STANDARD, CatalogEntry, Image, Model, Package, Release
from .versions import RuntimeVersion

_ORDER = attrgetter("order")
_KEY = attrgetter("key")


def load(root: Path, config_path: Path | None = None, progress: Callable[[], object] | None = None,
         digests: dict[str, bytes] | None = None) -> Model:
    """Read the checkout at `root`; `InputError` if any file is unreadable. `progress` is called per
    release. `digests`, if given, receives the SHA-256 of each release file by path, hashed where it
    was read (in a worker process, for a large checkout), for the cache's fingerprint."""
    if not root.exists():
        raise InputError(str(root), "checkout not found: no such directory")
    if not root.is_dir():
        raise InputError(str(root), "checkout must be a directory, not a file")
    forget_folders()
    config = read_config(root, config_path)
    catalog = read_catalog(root / config.catalog, root)
    findings = list(catalog.findings)
    directories = _release_directories(root, config)
    changelog = _changelog(root, config)

    # One Package object per distinct pin line: neighbouring releases repeat most of their pins,
    # so a large checkout holds thousands of objects rather than millions.
    interned: dict[str, Package] = {}
    jobs = [(entry, directories.pop(entry.version.text, None)) for entry in catalog.entries]
    me = os.getpid()

    def read(part: Sequence[tuple[CatalogEntry, Path | None]]) -> _Chunk | _Packed:
        """A chunk of releases' images and findings; in a worker process when the checkout is large."""
        hashes: dict[str, bytes] | None = {} if digests is not None else None

        def text(path: Path) -> str:
            return read_text(path, root, hashes)

        out = []
        for entry, directory in part:
            found: list[Finding] = []
            out.append((_images(directory, text, config, entry, found, interned) if directory else (), found))
        return (out, hashes) if os.getpid() == me else _Packed(out, hashes)

    def unpacked(part: _Chunk | _Packed) -> list[_Read]:
        reads, hashes = part.unpack(interned) if isinstance(part, _Packed) else part
        if digests is not None and hashes:
            digests.update(hashes)
        return reads

    releases: list[Release] = []
    with workers.Chunks(read, jobs) as parts:
        results = (r for part in parts for r in unpacked(part))
        for (entry, directory), (images, found) in zip(jobs, results, strict=True):
            if directory is None:
                findings.append(Finding(catalog.path, entry.line, ERROR,
                                        f"release {entry.version} is in the catalog but has no directory "
                                        f"{root / config.releases / entry.version.text}"))
            findings.extend(found)
            section = changelog.get(entry.version.text)
            if section and section.date and entry.release_date and section.date != entry.release_date.isoformat():
                findings.append(Finding(str(root / config.changelog), section.line, WARNING,
                                        f"release {entry.version}: CHANGELOG.md dates it {section.date}, "
                                        f"the catalog {entry.release_date} ({catalog.path}:{entry.line})"))
            releases.append(Release(entry, str(directory) if directory else None, images,
                                    section.body if section else None))
            if progress:
                progress()
    for name, directory in directories.items():
        findings.append(Finding(str(directory / config.dockerfile), 0, ERROR,
                                f"release directory {name} is not in the catalog {catalog.path}"))
    return Model(catalog.path, tuple(releases), tuple(findings))


_Read = tuple[tuple[Image, ...], list[Finding]]
_Chunk = tuple[list[_Read], dict[str, bytes] | None]  # a chunk's reads, and the digests of its files
_PINS = ("packages", "listed")  # the fields of `Image` holding pins


class _Packed:
    """A chunk read in a worker, packed for the trip back: each image's pins as indexes into the
    chunk's distinct pins (bytes, cheap to send), so this process puts its own interned objects
    in their place without looking at every pin of every image.

    The images travel as they are, their two tuples of pins swapped for index arrays and back, in
    place: the worker drops its copies once sent, and a copy of each image (`dataclasses.replace`)
    at either end would cost more than the rest of the trip.
    """

    def __init__(self, reads: list[_Read], digests: dict[str, bytes] | None) -> None:
        distinct = list(set().union(*(i.listed for images, _ in reads for i in images)))
        index = {p: n for n, p in enumerate(distinct)}.__getitem__
        self.pins = [(p.name, p.version) for p in distinct]
        for images, _ in reads:
            for image in images:
                for name in _PINS:
                    object.__setattr__(image, name, array("I", map(index, getattr(image, name))))
        self.reads, self.digests = reads, digests

    def unpack(self, interned: dict[str, Package]) -> _Chunk:
        take = [interned.get(f"{n}=={v}") or _intern(n, v, interned) for n, v in self.pins].__getitem__
        for images, _ in self.reads:
            for image in images:
                for name in _PINS:
                    object.__setattr__(image, name, tuple(map(take, getattr(image, name))))
        return self.reads, self.digests


def _release_directories(root: Path, config: Config) -> dict[str, Path]:
    """Directories that hold a Dockerfile or are named like a runtime version, by name."""
    base = within(root / config.releases, root)
    if not base.is_dir():
        raise InputError(str(base), "releases directory not found")
    skip = set(config.ignore) | {Path(config.catalog).parts[0]}
    found: dict[str, Path] = {}
    for path in subdirectories(base):
        if path.name.startswith(".") or path.name in skip:
            continue
        within(path, root)
        try:
            RuntimeVersion.parse(path.name)
        except ValueError as exc:
            if (path / config.dockerfile).exists():
                raise InputError(str(path), f"release directory name: {exc}") from None
            continue
        found[path.name] = path
    return found


def _changelog(root: Path, config: Config) -> dict[str, Section]:
    path = within(root / config.changelog, root)
    if not path.exists():
        return {}
    return parse_changelog(read_text(path, root))


def _images(directory: Path, text: Callable[[Path], str], config: Config, entry: CatalogEntry,
            findings: list[Finding], interned: dict[str, Package]) -> tuple[Image, ...]:
    places = [(STANDARD, directory)] + [
        (p.name, p) for p in subdirectories(directory)
        if not p.name.startswith(".") and (p / config.dockerfile).exists()
    ]
    return tuple(_image(variant, place, text, config, entry, findings, interned) for variant, place in places)


def _image(variant: str, place: Path, text: Callable[[Path], str], config: Config, entry: CatalogEntry,
           findings: list[Finding], interned: dict[str, Package]) -> Image:
    dockerfile = place / config.dockerfile
    facts = parse_dockerfile(text(dockerfile), str(dockerfile))
    for line, note in facts.notes:
        findings.append(Finding(str(dockerfile), line, WARNING, note))
    runtime = facts.labels.get(RUNTIME_LABEL)
    if not runtime:
        raise InputError(str(dockerfile), f"final stage has no {RUNTIME_LABEL} label")
    label_line = facts.label_lines.get(RUNTIME_LABEL, 0)
    if runtime != entry.version.text:
        findings.append(Finding(str(dockerfile), label_line, ERROR,
                                f"runtime label says {runtime}, the directory is {entry.version}"))
    airflow = facts.labels.get(AIRFLOW_LABEL)
    if airflow and airflow.split("+")[0] != entry.airflow_version:
        findings.append(Finding(str(dockerfile), facts.label_lines.get(AIRFLOW_LABEL, 0), ERROR,
                                f"Airflow label says {airflow}, the catalog {entry.airflow_version} "
                                f"for {entry.version}"))
    constraints = place / config.constraints
    packages, listed, lines = _packages(text(constraints), str(constraints), facts.python_version,
                                        findings, interned)
    return Image(variant, str(dockerfile), str(constraints), facts.labels, facts.label_lines,
                 facts.base_image, facts.python_version, facts.debian, packages, listed, lines)


def _packages(text: str, path: str, python_version: str | None, findings: list[Finding],
              interned: dict[str, Package]) -> tuple[tuple[Package, ...], tuple[Package, ...], tuple[int, ...] | None]:
    """The pins that apply to this image's Python: sorted providers first, as the file lists them,
    and their line numbers (None when line n is the n-th pin). Two versions of one package is an error."""
    # The common case: every line a bare pin already seen in an earlier image, found by its text in C;
    # only the few new lines are parsed. Line n is then pin n.
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    found = list(map(interned.get, lines))
    if None in found:
        for n, pkg in enumerate(found):
            if pkg is None:
                bare = bare_pin(lines[n], path, n + 1)
                if bare is None:
                    break
                found[n] = _intern(*bare, interned)
    if None not in found:
        listed = cast("list[Package]", found)
        if len(set(map(_KEY, listed))) == len(listed):
            return tuple(sorted(listed, key=_ORDER)), tuple(listed), None
    listed, numbers = [], []
    chosen: dict[str, tuple[Package, int]] = {}
    for pin in parse_constraints(text, path):
        if pin.marker and not marker_applies(pin.marker, python_version):
            continue
        seen = chosen.get(pin.key)
        if seen is None:
            pkg = interned.get(f"{pin.name}=={pin.version}") or _intern(pin.name, pin.version, interned)
            chosen[pin.key] = (pkg, pin.line)
            listed.append(pkg)
            numbers.append(pin.line)
        elif seen[0].version != pin.version:
            findings.append(Finding(path, pin.line, ERROR,
                                    f"{pin.name} is pinned twice: {seen[0].version} (line {seen[1]}) "
                                    f"and {pin.version}"))
    return tuple(sorted(listed, key=_ORDER)), tuple(listed), tuple(numbers)


def _intern(name: str, version: str, interned: dict[str, Package]) -> Package:
    """Interned by the text of its bare pin line, so a known line is found without parsing it."""
    pkg = interned[f"{name}=={version}"] = Package(name, normalize(name), version)
    return pkg
