"""What changed between two releases, image by image.

One computation serves the release pages' "Changes since" sections, the
`diff` and `notes` commands and the compare page's data, so the three can
never disagree about what an upgrade brings.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Image, Package, Release, variant_order
from .versions import package_version

ADDED, REMOVED, UPGRADED, DOWNGRADED = "added", "removed", "upgraded", "downgraded"
_ORDER = {ADDED: 0, UPGRADED: 1, DOWNGRADED: 2, REMOVED: 3}


@dataclass(frozen=True)
class Change:
    key: str
    name: str
    kind: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class ImageDiff:
    """The changes of one image variant; `old`/`new` is None where that release has no such image."""

    variant: str
    old: Image | None
    new: Image | None
    changes: tuple[Change, ...]


def differing(old: Image, new: Image) -> tuple[dict[str, Package], dict[str, Package]]:
    """The pins of `old` that `new` does not have, and of `new` that `old` does not, each by name.

    Two neighbouring images share nearly all their pins: a symmetric difference of sets leaves
    only the few that changed to look at.
    """
    mine = set(old.packages)
    changed = mine.symmetric_difference(new.packages)
    return {p.key: p for p in changed if p in mine}, {p.key: p for p in changed if p not in mine}


def diff_images(old: Image, new: Image) -> tuple[Change, ...]:
    """Changes from `old` to `new`: by kind (added, upgraded, downgraded, removed), then by name.

    Versions compare by PEP 440, so `1.10` is an upgrade from `1.9`; two spellings
    of one version (`2.0` and `2.0.0`) are no change.
    """
    olds, news = differing(old, new)
    changes = []
    for key, pkg in news.items():
        was = olds.get(key)
        if was is None:
            changes.append(Change(key, pkg.name, ADDED, None, pkg.version))
        elif was.version == pkg.version:
            continue  # the same version under another spelling of the name
        elif (x := package_version(was.version)) != (y := package_version(pkg.version)):
            changes.append(Change(key, pkg.name, UPGRADED if y > x else DOWNGRADED, was.version, pkg.version))
    changes.extend(Change(key, pkg.name, REMOVED, pkg.version, None) for key, pkg in olds.items() if key not in news)
    return tuple(sorted(changes, key=lambda c: (_ORDER[c.kind], c.key)))


def diff_releases(old: Release, new: Release) -> tuple[ImageDiff, ...]:
    """Every image variant either release has, the standard image first."""
    variants = {i.variant for i in old.images} | {i.variant for i in new.images}
    found = []
    for variant in sorted(variants, key=variant_order):
        a, b = old.image(variant), new.image(variant)
        found.append(ImageDiff(variant, a, b, diff_images(a, b) if a and b else ()))
    return tuple(found)
