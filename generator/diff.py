"""What changed between two releases, image by image.

One computation serves the release pages' "Changes since" sections, the
`diff` and `notes` commands and the compare page's data, so the three can
never disagree about what an upgrade brings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from .model import Image, Package, Release, variant_order
from .versions import package_version

ADDED, REMOVED, UPGRADED, DOWNGRADED = "added", "removed", "upgraded", "downgraded"


class Change(NamedTuple):
    """One package's change. A named tuple, like `Package`: it compares by value all the same, and
    is made, hashed and compared in C; under churn, 2,000 releases hold over half a million."""

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
    olds: dict[str, Package] = {}
    news: dict[str, Package] = {}
    for p in mine.symmetric_difference(new.packages):
        (olds if p in mine else news)[p.key] = p
    return olds, news


Made = dict[tuple[Package | None, Package], Change | None]
"""What `diff_images` found pin by pin, (old pin or None, new pin) -> change or None: the images
of one release mostly change alike, so `diff_releases` works each change out once."""


def diff_images(old: Image, new: Image, made: Made | None = None) -> tuple[Change, ...]:
    """Changes from `old` to `new`: by kind (added, upgraded, downgraded, removed), then by name.

    Versions compare by PEP 440, so `1.10` is an upgrade from `1.9`; two spellings
    of one version (`2.0` and `2.0.0`) are no change. `made`: see `Made`.
    """
    olds, news = differing(old, new)
    if made is None:
        made = {}
    kinds: dict[str, list[Change]] = {ADDED: [], UPGRADED: [], DOWNGRADED: [], REMOVED: []}
    for key, pkg in news.items():
        was = olds.get(key)
        pair = (was, pkg)
        if pair in made:
            change = made[pair]
        else:
            change = made[pair] = _change(key, was, pkg)
        if change is not None:
            kinds[change.kind].append(change)
    kinds[REMOVED].extend(Change(key, pkg.name, REMOVED, pkg.version, None) for key, pkg in olds.items()
                          if key not in news)
    found: list[Change] = []
    for changes in kinds.values():  # kind by kind; a change is a tuple led by its key, unique in an image
        found.extend(sorted(changes))
    return tuple(found)


def _change(key: str, was: Package | None, pkg: Package) -> Change | None:
    if was is None:
        return Change(key, pkg.name, ADDED, None, pkg.version)
    if was.version == pkg.version:
        return None  # the same version under another spelling of the name
    x, y = package_version(was.version), package_version(pkg.version)
    if x == y:
        return None
    return Change(key, pkg.name, UPGRADED if y > x else DOWNGRADED, was.version, pkg.version)


def diff_releases(old: Release, new: Release) -> tuple[ImageDiff, ...]:
    """Every image variant either release has, the standard image first."""
    variants = {i.variant for i in old.images} | {i.variant for i in new.images}
    found = []
    made: Made = {}
    for variant in sorted(variants, key=variant_order):
        a, b = old.image(variant), new.image(variant)
        found.append(ImageDiff(variant, a, b, diff_images(a, b, made) if a and b else ()))
    return tuple(found)
