"""The one model every page, export and check is made from.

Plain frozen dataclasses rather than pydantic: the readers already validate
with file-and-line messages of their own, the model holds no input
coercion, and dataclasses cost nothing to build for the 600,000 pins of a
large checkout.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from .errors import Finding
from .versions import AF2, RuntimeVersion

PROVIDER_PREFIX = "apache-airflow-providers-"
STANDARD = "standard"


def package_order(key: str) -> str:
    """How packages are listed everywhere: providers first, then by name. One string, so sorting
    an image's pins compares strings in C."""
    return ("0" if key.startswith(PROVIDER_PREFIX) else "1") + key


def variant_order(variant: str) -> tuple[bool, str]:
    """How images are listed everywhere: the standard one first, then the variants by name."""
    return variant != STANDARD, variant


@dataclass(frozen=True, slots=True, eq=False)
class Package:
    """A pinned distribution: `name` as the constraints file writes it, `key` its PEP 503 name.

    Interned when a checkout is read: one object per distinct name and version, shared by
    every image that pins it. Identity is therefore equality, and what changed between two
    images is a set difference computed in C, not a loop over a million pins.
    """

    name: str
    key: str
    version: str
    order: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "order", package_order(self.key))

    @property
    def is_provider(self) -> bool:
        return self.order[0] == "0"


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
class Image:
    """One image of a release: the standard one or a variant (`slim`, `python-3.10`, ...)."""

    variant: str
    dockerfile: str
    constraints: str
    labels: dict[str, str]
    label_lines: dict[str, int]
    base_image: str | None
    python_version: str | None
    debian: str | None
    packages: tuple[Package, ...]
    # The pins as the file lists them, and their line numbers (None: line n holds the n-th pin).
    listed: tuple[Package, ...] = ()
    listed_lines: tuple[int, ...] | None = None

    def line_of(self, pkg: Package) -> int:
        """Where the constraints file pins `pkg` (0 if it does not): only findings need it, so it is
        searched for (by identity, in C) rather than indexed for every image."""
        try:
            n = self.listed.index(pkg)
        except ValueError:
            return 0
        return self.listed_lines[n] if self.listed_lines is not None else n + 1

    def version_of(self, key: str) -> str | None:
        """Searched, not indexed: pages ask it of few images, and an index per image would cost
        a dictionary per image of a large checkout."""
        return next((p.version for p in self.packages if p.key == key), None)

    @property
    def providers(self) -> tuple[Package, ...]:
        return self.packages[: self.provider_count]

    @property
    def others(self) -> tuple[Package, ...]:
        return self.packages[self.provider_count:]

    @cached_property
    def provider_count(self) -> int:
        """Providers come first in `packages`, so they are counted by bisection, not by a scan."""
        return bisect.bisect_left(self.packages, True, key=lambda p: not p.is_provider)


@dataclass(frozen=True)
class Release:
    """A catalog entry with the images its directory holds and its CHANGELOG notes."""

    entry: CatalogEntry
    directory: str | None
    images: tuple[Image, ...]
    notes: str | None = None

    @property
    def version(self) -> RuntimeVersion:
        return self.entry.version

    @property
    def standard(self) -> Image | None:
        return next((i for i in self.images if i.variant == STANDARD), None)

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
    """The releases of one runtime line (`11.8.x`, `3.1-x`), oldest first."""

    label: str
    releases: tuple[Release, ...]

    @property
    def newest(self) -> Release:
        return self.releases[-1]

    @property
    def first(self) -> Release:
        return self.releases[0]

    @property
    def lts(self) -> bool:
        """Long-term support: any release of it is marked so."""
        return any(r.entry.lts for r in self.releases)


@dataclass(frozen=True)
class Model:
    """Everything the pages show, in runtime version order, with what reading it found."""

    catalog_path: str
    releases: tuple[Release, ...]
    findings: tuple[Finding, ...] = field(default=())

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
    def pinned(self) -> frozenset[Package]:
        """Every distinct package any image pins (interned: thousands, not millions)."""
        return frozenset().union(*(i.packages for r in self.releases for i in r.images))

    @cached_property
    def pinned_standard(self) -> frozenset[Package]:
        """Every distinct package a standard image pins."""
        return frozenset().union(*(r.standard.packages for r in self.releases if r.standard))

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
