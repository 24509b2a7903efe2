"""The one model every page, export and check is made from.

Frozen dataclasses that compare by value: two models read from the same
checkout are equal, whatever order or process read them. Nothing here reads
or writes a file; `generator.sources` builds the model, everything else only
looks at it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from .errors import Finding
from .notes import Block
from .versions import AF2, RuntimeVersion, package_version

PROVIDER_PREFIX = "apache-airflow-providers-"
STANDARD = "standard"
PRERELEASE_CHANNELS = ("alpha", "beta")
INDEX = "index"
"""The file name (less `.md`) of a folder's index page: the releases and the packages indexes take
it, so no package may (release versions cannot: they start with a digit)."""
NAME_MAX = 200
"""Bytes (UTF-8) a release version, package key or image name may take: 255 less the longest prefix and
suffix any target's site builder adds.

These names become file names and ids of the built sites (Docusaurus makes `runtime-package-<key>.html`
of a package page), and most file systems stop at 255 bytes a name: a legal 252-character package name
would pass every reader and then fail the site's build. The readers refuse a longer name, naming the
line that gives it, so the limit is met before anything is written."""


class Package(NamedTuple):
    """A pinned distribution: `name` as the constraints file writes it, `key` its PEP 503 name.

    A named tuple rather than a dataclass, and the one exception among the model's classes: it
    compares by value all the same, but hashes and compares in C. What changed between two
    images is a set difference of their pins, and at 2,000 releases the pages and checks take
    millions of such hashes (`make bench` measured a dataclass's Python-level `__hash__` at a
    sixth of the whole build).
    """

    name: str
    key: str
    version: str

    @property
    def is_provider(self) -> bool:
        return self.key.startswith(PROVIDER_PREFIX)


def package_order(key: str) -> str:
    """How packages are listed everywhere, by PEP 503 name: providers first, then by name. One
    string, so that sorting an image's pins compares strings."""
    return ("0" if key.startswith(PROVIDER_PREFIX) else "1") + key


def variant_order(variant: str) -> tuple[bool, str]:
    """How images are listed everywhere: the standard one first, then the variants by name."""
    return variant != STANDARD, variant


@dataclass(frozen=True)
class CatalogEntry:
    """One release as `metadata/versions.json` states it; `line` is where its key stands."""

    version: RuntimeVersion
    line: int
    airflow_version: str
    channel: str
    release_date: dt.date | None
    end_of_maintenance: dt.date | None = None
    end_of_basic_support: dt.date | None = None
    end_of_support: dt.date | None = None
    yanked: bool = False
    yanked_reason: str | None = None
    lts: bool = False
    python_versions: tuple[str, ...] = ()
    default_python_version: str | None = None
    airflow_database_migration: bool | None = None


@dataclass(frozen=True)
class Label:
    """One LABEL of an image's final stage, with the line of the instruction that set it."""

    name: str
    value: str
    line: int


@dataclass(frozen=True)
class Image:
    """One image of a release: the standard one or a variant (`slim`, `python-3.10`, ...).

    `packages` are in listing order: the `provider_count` providers first. `pin_lines[n]` is
    the line of the constraints file that pins `packages[n]`, so a finding can point at it.
    """

    variant: str
    dockerfile: str
    constraints: str
    labels: tuple[Label, ...]
    base_image: str | None
    python_version: str | None
    debian: str | None
    packages: tuple[Package, ...]
    pin_lines: tuple[int, ...] = ()
    provider_count: int = 0

    def label(self, name: str) -> str | None:
        return next((lb.value for lb in self.labels if lb.name == name), None)

    def line_of(self, pkg: Package) -> int:
        """Where the constraints file pins `pkg`; 0 when it does not (or lines are unknown)."""
        try:
            n = self.packages.index(pkg)
        except ValueError:
            return 0
        return self.pin_lines[n] if n < len(self.pin_lines) else 0

    def version_of(self, key: str) -> str | None:
        return next((p.version for p in self.packages if p.key == key), None)

    @property
    def providers(self) -> tuple[Package, ...]:
        return self.packages[: self.provider_count]

    @property
    def others(self) -> tuple[Package, ...]:
        return self.packages[self.provider_count :]


@dataclass(frozen=True)
class Release:
    """A catalog entry with the images its directory holds and its CHANGELOG notes: the blocks of its
    section, parsed (`generator.notes`); None when it has no section or an empty one."""

    entry: CatalogEntry
    directory: str | None
    images: tuple[Image, ...]
    notes: tuple[Block, ...] | None = None

    @property
    def version(self) -> RuntimeVersion:
        return self.entry.version

    @property
    def is_prerelease(self) -> bool:
        """Not for production: a pre-release version (`3.2-1.rc1`), or published on a test channel."""
        return self.version.prerelease is not None or self.entry.channel in PRERELEASE_CHANNELS

    @property
    def standard(self) -> Image | None:
        return self.image(STANDARD)

    def image(self, variant: str) -> Image | None:
        return next((i for i in self.images if i.variant == variant), None)

    @property
    def python_version(self) -> str | None:
        """The standard image's Python; the catalog's default where no image says it."""
        image = self.standard
        if image and image.python_version:
            return image.python_version
        return self.entry.default_python_version

    @property
    def debian(self) -> str | None:
        image = self.standard
        return image.debian if image else None


@dataclass(frozen=True)
class Line:
    """The releases of one runtime line (`11.8.x`, `3.1-x`) or major, oldest first."""

    label: str
    releases: tuple[Release, ...]

    @property
    def newest(self) -> Release:
        return self.releases[-1]

    @property
    def first(self) -> Release:
        return self.releases[0]

    @cached_property
    def lts(self) -> bool:
        """Long-term support: any release of it is marked so. Kept: the policy asks it of every
        major for every release's support."""
        return any(r.entry.lts for r in self.releases)


@dataclass(frozen=True)
class Executor:
    name: str
    package: str


@dataclass(frozen=True)
class Curated:
    """The few facts the pages need that no checkout file states (`generator/data/curated.yaml`)."""

    registry: str
    python_packages: tuple[str, ...]
    executors: tuple[Executor, ...]


@dataclass(frozen=True)
class Model:
    """Everything the pages show, in runtime version order, with what reading it found.

    The groupings below are derived once per model (`cached_property`): every page asks
    for them, and a frozen model cannot change under them.
    """

    catalog_path: str
    releases: tuple[Release, ...]
    findings: tuple[Finding, ...] = field(default=())
    machine: str = "x86_64"
    """The images' CPU (`platform_machine` in markers), as the configuration gives it: the pins were read for it."""

    @cached_property
    def lines(self) -> tuple[Line, ...]:
        return self._grouped(lambda v: v.line_id, lambda v: v.line_label)

    @cached_property
    def majors(self) -> tuple[Line, ...]:
        """Units of support: the major (`Runtime 9`) in the Airflow 2 era, the line (`3.1-x`) in the Airflow 3 era."""
        return self._grouped(lambda v: (v.scheme, v.major),
                             lambda v: f"Runtime {v.major}" if v.scheme == AF2 else v.line_label)

    def _grouped(self, key: Callable[[RuntimeVersion], object],
                 label: Callable[[RuntimeVersion], str]) -> tuple[Line, ...]:
        groups: dict[object, list[Release]] = {}
        for r in self.releases:
            groups.setdefault(key(r.version), []).append(r)
        return tuple(Line(label(rs[0].version), tuple(rs)) for rs in groups.values())

    @cached_property
    def previous(self) -> dict[str, Release]:
        """The release each release is compared with: the one before it in its line, or the
        newest of the previous line for a line's first release. A final release skips
        pre-releases (3.2-1 is compared with 3.1's newest, not with 3.2-1.rc1), because
        that is the upgrade its readers make; a pre-release is compared with whatever precedes it."""
        found: dict[str, Release] = {}
        last: Release | None = None
        last_final: Release | None = None
        for r in self.releases:
            before = last if r.version.prerelease is not None else last_final
            if before is not None:
                found[r.version.text] = before
            last = r
            if r.version.prerelease is None:
                last_final = r
        return found

    @cached_property
    def by_version(self) -> dict[str, Release]:
        return {r.version.text: r for r in self.releases}

    @cached_property
    def position(self) -> dict[str, int]:
        """Where each release stands in `releases`, by version."""
        return {r.version.text: n for n, r in enumerate(self.releases)}

    @cached_property
    def line_of(self) -> dict[str, Line]:
        """The line of each release, by version."""
        return {r.version.text: line for line in self.lines for r in line.releases}

    @cached_property
    def package_versions(self) -> dict[str, tuple[str, ...]]:
        """Every version any image pins of each package, by PEP 503 name (sorted), in PEP 440 order, two
        spellings of one version (`2.0`, `2.0.0`) by their text. Sorted once: the compare page's data
        and the package pages list them so, and under churn a checkout holds hundreds of thousands."""
        # By text, then (a stable sort) by version: one comparison of versions, not two, per step.
        return {key: tuple(sorted(sorted({p.version for p in pins}), key=package_version))
                for key, pins in sorted(self.distinct_pins.items())}

    @cached_property
    def distinct_pins(self) -> dict[str, list[Package]]:
        """Every distinct pin of any image, by PEP 503 name (in no order): what `package_versions`
        and the compare page's data are made from, gathered once from the checkout's pins."""
        found: dict[str, list[Package]] = {}
        for pkg in set().union(*(i.packages for r in self.releases for i in r.images)):
            found.setdefault(pkg.key, []).append(pkg)
        return found

    @cached_property
    def package_names(self) -> dict[str, str]:
        """The name each package is shown by, by PEP 503 name: the least spelling any image gives it,
        so that every page and data file names it alike whatever order the releases are read in."""
        return {key: min(p.name for p in pins) for key, pins in self.distinct_pins.items()}
