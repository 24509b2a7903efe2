"""Checks across releases that no single file can show.

Reading already found what disagrees between files (catalog vs directories,
labels vs names, duplicate pins); these rules look at the releases side by
side for what a hand-kept page gets wrong: a package dropped from one
release between two that have it, a version going down, a slim image out of
step with its standard image.
"""

from __future__ import annotations

from collections.abc import Iterator

from .diff import differing
from .errors import ERROR, WARNING, Finding
from .model import STANDARD, Image, Model, Package, Release
from .versions import package_version


def _neighbours(group: list[Release]) -> Iterator[Finding]:
    for i, release in enumerate(group):
        for image in release.images:
            before = group[i - 1].image(image.variant) if i > 0 else None
            if before is None:
                continue
            olds, news = differing(before, image)
            after = group[i + 1].image(image.variant) if i + 1 < len(group) else None
            if after and (gone := olds.keys() - news.keys()):  # in the release before, not in this one
                for key in sorted(gone & differing(image, after)[1].keys()):  # and back in the one after
                    yield Finding(image.constraints, 0, WARNING,
                                  f"{key} is in {group[i - 1].version} and {group[i + 1].version} "
                                  f"but missing from {release.version} ({image.variant} image)")
            yield from _downgrades(group[i - 1], release, olds, news, image)


def _downgrades(prev: Release, release: Release, olds: dict[str, Package], news: dict[str, Package],
                image: Image) -> Iterator[Finding]:
    p_date, r_date = prev.entry.release_date, release.entry.release_date
    if p_date and r_date and p_date > r_date:
        return  # `prev` is a backport, released after this later-numbered release
    for key, pkg in news.items():
        old = olds.get(key)
        if old is None or old.version == pkg.version:
            continue
        if package_version(pkg.version) < package_version(old.version):
            yield Finding(image.constraints, image.line_of(pkg), WARNING,
                          f"{pkg.name} goes down from {old.version} in {prev.version} to {pkg.version} "
                          f"in {release.version} ({image.variant} image)")


def _variants(release: Release) -> Iterator[Finding]:
    standard = release.standard
    if standard is None:
        return
    for image in release.images:
        if image.variant == STANDARD:
            continue
        theirs, mine = differing(standard, image)
        for key, pkg in mine.items():
            other = theirs.get(key)
            if other is not None and other.version != pkg.version:
                yield Finding(image.constraints, image.line_of(pkg), WARNING,
                              f"{pkg.name} is {pkg.version} in the {image.variant} image of {release.version} "
                              f"but {other.version} in its standard image")


def _catalog(model: Model, group: list[Release]) -> Iterator[Finding]:
    by_date: dict[object, Release] = {}
    for r in group:
        e = r.entry
        if e.release_date and e.release_date in by_date:
            yield Finding(model.catalog_path, e.line, WARNING,
                          f"{r.version} has the release date {e.release_date} of {by_date[e.release_date].version}")
        elif e.release_date:
            by_date[e.release_date] = r
        if e.yanked and not (e.yanked_reason or "").strip():
            yield Finding(model.catalog_path, e.line, WARNING, f"{r.version} is yanked without a yankedReason")
        if e.end_of_maintenance and e.release_date and e.end_of_maintenance < e.release_date:
            yield Finding(model.catalog_path, e.line, WARNING,
                          f"{r.version} ends maintenance ({e.end_of_maintenance}) before its release "
                          f"({e.release_date}); the lifecycle page passes it over")


def validate(model: Model, strict: bool = False) -> list[Finding]:
    """Every finding, sorted; with `strict`, warnings count as errors."""
    findings = list(model.findings)
    for major in model.majors:
        group = list(major.releases)
        findings.extend(_neighbours(group))
        findings.extend(_catalog(model, group))
    for release in model.releases:
        findings.extend(_variants(release))
    if strict:
        findings = [Finding(f.path, f.line, ERROR, f.message) for f in findings]
    return sorted(set(findings))


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)
