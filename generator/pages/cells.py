"""What each page shows, computed from the model: rows of Markdown cells, ready for a template.

The computations a reader must be able to trust (a line's version range,
which providers a line ships) live here, apart from layout, so tests can
check them cell by cell.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from ..diff import ADDED, DOWNGRADED, REMOVED, UPGRADED, Change, diff_images
from ..lifecycle import lifecycles
from ..model import (
    PROVIDER_PREFIX,
    STANDARD,
    CatalogEntry,
    Curated,
    Image,
    Line,
    Model,
    Package,
    Release,
    variant_order,
)
from . import urls
from .markdown import DASH, esc, link


def release_page(version: str) -> str:
    """Path of a release's page inside the generated folder."""
    return f"releases/{version}.md"


def span(values: Iterable[str | None], url: Callable[[str], str] | None = None) -> str:
    """`a` when a value held throughout, `a – b` (first – last) where it changed; absent values skipped.

    With `url`, each shown value links to `url(value)`.
    """
    present = [v for v in values if v]
    if not present:
        return DASH
    first, last = present[0], present[-1]

    def show(v: str) -> str:
        return link(v, url(v)) if url else esc(v)

    return show(first) if first == last and len(set(present)) == 1 else f"{show(first)} {DASH} {show(last)}"


def airflow_cell(version: str) -> str:
    return link(version, urls.airflow_release_notes(version))


def release_cell(release: Release, prefix: str = "") -> str:
    """The version linked to its page, flagged when yanked: a yanked release is never listed unmarked."""
    cell = link(release.version.text, prefix + release_page(release.version.text))
    return cell + " (yanked)" if release.entry.yanked else cell


def provider_label(key: str) -> str:
    """`cncf.kubernetes`: how Airflow's own docs write a provider."""
    return key.removeprefix(PROVIDER_PREFIX).replace("-", ".")


def _standard_images(line: Line) -> list[Image]:
    return [r.standard for r in line.releases if r.standard is not None]


def _all_keys(model: Model, keep: Callable[[str], bool]) -> list[str]:
    """Every package a standard image pins, by name."""
    pinned = set().union(*(r.standard.packages for r in model.releases if r.standard))
    return sorted({p.key for p in pinned if keep(p.key)})


def version_spans(images: Sequence[Image], keys: Iterable[str]) -> list[str]:
    """`span` of each key's version across `images`, for the matrices: one lookup table per image."""
    versions = [{p.key: p.version for p in i.packages} for i in images]
    return [span(v.get(key) for v in versions) for key in keys]


def line_cell(line: Line, prefix: str = "") -> str:
    """The line's label, linked to its newest release's page."""
    return link(line.label, prefix + release_page(line.newest.version.text))


def provider_matrix(model: Model, prefix: str = "") -> tuple[list[str], list[list[str]]]:
    keys = _all_keys(model, lambda k: k.startswith(PROVIDER_PREFIX))
    headers = ["Runtime line"] + [link(provider_label(k), urls.provider_docs(k)) for k in keys]
    rows = []
    for line in model.lines:
        images = _standard_images(line)
        rows.append([line_cell(line, prefix), *version_spans(images, keys)])
    return headers, rows


def python_matrix(model: Model, curated: Curated, prefix: str = "") -> tuple[list[str], list[list[str]]]:
    shipped = set(_all_keys(model, lambda k: True))
    keys = [k for k in curated.python_packages if k in shipped]
    headers = ["Runtime line", "Python"] + [link(k, urls.pypi(k)) for k in keys]
    rows = []
    for line in model.lines:
        images = _standard_images(line)
        rows.append([line_cell(line, prefix), span(r.python_version for r in line.releases),
                     *version_spans(images, keys)])
    return headers, rows


def parity(model: Model, prefix: str = "") -> tuple[list[str], list[list[str]]]:
    headers = ["Runtime line", "Apache Airflow", "Release dates", "Releases"]
    rows = []
    for line in model.lines:
        dates = [r.entry.release_date.isoformat() if r.entry.release_date else None for r in line.releases]
        rows.append([line_cell(line, prefix), span((r.entry.airflow_version for r in line.releases),
                                                   urls.airflow_release_notes),
                     span(sorted(d for d in dates if d)), str(len(line.releases))])
    return headers, rows


def system(model: Model, prefix: str = "") -> tuple[list[str], list[list[str]]]:
    headers = ["Runtime line", "Debian", "Base image", "Python"]
    rows = []
    for line in model.lines:
        rows.append([line_cell(line, prefix), span(r.debian for r in line.releases),
                     span(i.base_image for i in _standard_images(line)),
                     span(r.python_version for r in line.releases)])
    return headers, rows


def executors(model: Model, curated: Curated) -> tuple[list[str], list[list[str]]]:
    newest = next((r.standard for r in reversed(model.releases)
                   if r.standard and r.version.prerelease is None and not r.entry.yanked), None)
    headers = ["Executor", "Needs package", "Version in the newest release"]
    rows = []
    for ex in curated.executors:
        version = newest.version_of(ex.package) if newest else None
        rows.append([esc(ex.name), link(ex.package, urls.pypi(ex.package)), esc(version)])
    return headers, rows


def variants(model: Model, curated: Curated) -> tuple[list[str], list[list[str]]]:
    """Image tags per variant, and the lines that publish each."""
    found: dict[str, list[str]] = {}
    for line in model.lines:
        for variant in sorted({i.variant for r in line.releases for i in r.images}):
            found.setdefault(variant, []).append(line.label)
    headers = ["Image", "Tag", "Runtime lines"]
    rows = []
    for variant in sorted(found, key=variant_order):
        tag = "<version>" if variant == STANDARD else f"<version>-{variant}"
        lines = found[variant]
        shown = ", ".join(lines) if len(lines) <= 6 else f"{lines[0]} to {lines[-1]} ({len(lines)} lines)"
        rows.append([esc(variant), esc(f"{curated.registry}:{tag}"), esc(shown)])
    return headers, rows


def image_tag(curated: Curated, release: Release, image: Image) -> str:
    suffix = "" if image.variant == STANDARD else f"-{image.variant}"
    return f"{curated.registry}:{release.version.text}{suffix}"


def lts_majors(model: Model) -> list[str]:
    return [m.label for m in model.majors if m.lts]


def lifecycle_rows(model: Model, today: dt.date) -> tuple[list[str], list[list[str]]]:
    headers = ["Runtime", "Apache Airflow", "Channel", "LTS", "First release", "End of maintenance",
               "End of basic support", "Status"]
    rows = []
    for lc in lifecycles(model, today):
        releases = lc.major.releases
        if lc.end_of_maintenance is None and lc.not_before is not None:
            end = f"not before {lc.not_before} (computed)"
        else:
            end = esc(lc.end_of_maintenance) + (" (computed)" if lc.computed and lc.end_of_maintenance else "")
        channels = sorted({r.entry.channel for r in releases})
        rows.append([link(lc.major.label, release_page(lc.major.newest.version.text)),
                     span((r.entry.airflow_version for r in releases), urls.airflow_release_notes),
                     esc(", ".join(channels)), "LTS" if lc.major.lts else "",
                     esc(lc.first and lc.first.entry.release_date), end, esc(lc.end_of_basic_support), esc(lc.status)])
    return headers, rows


def yanked_rows(model: Model) -> tuple[list[str], list[list[str]]]:
    headers = ["Runtime", "Apache Airflow", "Release date", "Reason"]
    rows = [[release_cell(r), airflow_cell(r.entry.airflow_version), esc(r.entry.release_date),
             esc(r.entry.yanked_reason or "no reason given")]
            for r in reversed(model.releases) if r.entry.yanked]
    return headers, rows


CHANGE_HEADERS = ["Package", "Change", "From", "To", "Changelog"]


def change_rows(changes: Iterable[Change]) -> list[list[str]]:
    """One row per change; a downgrade is bold so it cannot pass for an upgrade."""
    return [[link(c.name, urls.pypi(c.key)), f"**{c.kind}**" if c.kind == DOWNGRADED else c.kind,
             esc(c.old), esc(c.new), link("changelog", urls.changelog(c.key))] for c in changes]


def change_summary(changes: Iterable[Change]) -> str:
    counts = Counter(c.kind for c in changes)
    return ", ".join(f"{counts[k]} {k}" for k in (ADDED, UPGRADED, DOWNGRADED, REMOVED))


def channel_cell(entry: CatalogEntry) -> str:
    return esc(entry.channel + (" (LTS)" if entry.lts else ""))


def facts(release: Release) -> list[list[str]]:
    e = release.entry
    rows = [
        ["Apache Airflow", airflow_cell(e.airflow_version)],
        ["Python", esc(release.python_version)],
        ["Python versions offered", esc(", ".join(e.python_versions))],
        ["Debian", esc(release.debian)],
        ["Channel", channel_cell(e)],
        ["Release date", esc(e.release_date)],
        ["End of maintenance", esc(e.end_of_maintenance)],
        ["End of basic support", esc(e.end_of_basic_support or e.end_of_support)],
        ["Airflow database migration", DASH if e.airflow_database_migration is None
         else ("yes" if e.airflow_database_migration else "no")],
        ["Yanked", ("yes: " + esc(e.yanked_reason or "no reason given")) if e.yanked else "no"],
        ["Images", esc(", ".join(i.variant for i in release.images))],
    ]
    return rows


_PACKAGE_HEAD = "| Package | Version | Provider docs |\n| --- | --- | --- |"


def package_table(image: Image, rows: dict[Package, str]) -> str:
    """An image's full package table. Unlike the small tables its rows are not padded: one long
    new name would otherwise rewrite every row and bury the real change in the page's diff.

    `rows` holds the row of each pin already made while rendering: neighbouring releases repeat
    nearly all their pins, so a checkout of 2,000 releases makes thousands of rows, not millions.
    """
    lines = [_PACKAGE_HEAD]
    for p in image.packages:
        row = rows.get(p)
        if row is None:
            docs = link(provider_label(p.key), urls.provider_docs(p.key)) if p.is_provider else DASH
            row = rows[p] = f"| {link(p.name, urls.pypi(p.key))} | {esc(p.version)} | {docs} |"
        lines.append(row)
    return "\n".join(lines)


def variant_rows(standard: Image, image: Image) -> list[list[str]]:
    """Where an image differs from the release's standard image (what a diff between them finds):
    each package with both versions, providers first as in every package list."""
    differences = sorted(diff_images(standard, image), key=lambda c: (not c.key.startswith(PROVIDER_PREFIX), c.key))
    return [[link(c.name, urls.pypi(c.key)), esc(c.old), esc(c.new)] for c in differences]


def index_rows(model: Model) -> list[list[str]]:
    rows = []
    for r in reversed(model.releases):
        e = r.entry
        rows.append([release_cell(r, "../"), airflow_cell(e.airflow_version),
                     esc(r.python_version), channel_cell(e), esc(e.release_date),
                     esc(", ".join(i.variant for i in r.images)), "yes" if e.yanked else "no"])
    return rows
