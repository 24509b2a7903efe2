"""Pages from the model: `render` is a pure function from the model to `(path, text)` pairs.

Templates are Jinja2 with `StrictUndefined`, so a missing value is an error
instead of an empty cell. Autoescape stays off because the output is
Markdown: values are made inert by `markdown.esc` in `cells`, never by the
template engine. Nothing here reads the clock or a file other than its own
templates: `today` and the curated facts come in as arguments.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

import jinja2

from .. import lifecycle
from ..diff import ImageDiff, diff_releases
from ..model import STANDARD, Curated, Image, Model, Package, Release
from . import cells
from .cells import Table
from .compare import compare_json
from .markdown import defuse_esm, esc, interactive, table
from .sites import Site

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("generator.pages", "templates"),
    undefined=jinja2.StrictUndefined,
    autoescape=False,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,  # the templates are the program's own: compiled once, never looked at again
)
_ENV.globals.update(table=table, interactive=interactive, esc=esc)


@dataclass(frozen=True)
class ImageChanges:
    """What changed in one image since the previous release, ready for a template."""

    diff: ImageDiff
    rows: list[list[str]]
    summary: str


@dataclass(frozen=True)
class ImageSection:
    """One image on a release page: every package for the standard image, only where it
    differs from the standard image for the others."""

    image: Image
    tag: str
    packages: str | None
    differences: Table | None
    labels: Table
    changes: ImageChanges | None


@dataclass(frozen=True)
class Warning:
    title: str
    text: str


@dataclass(frozen=True)
class EraTables:
    """The architecture page's line tables for one era."""

    title: str
    providers: Table
    python: Table
    parity: Table
    system: Table


# Links in CHANGELOG notes may only lead to the web. A link whose destination is anything else
# (inline link, image or reference definition, in any letter case) gets its closing bracket as
# the entity `&#93;`: it reads the same, but no Markdown or MDX parser takes it for a link. Raw
# HTML and autolinks (`<javascript:...>`) cannot form once `<` and `>` are entities.
_UNSAFE_LINK = re.compile(r"\]((?:\(|[ \t]*:)(?![ \t]*\n?[ \t]*https?://))", re.I)


def notes_markdown(text: str) -> str:
    """CHANGELOG notes as Markdown with no raw HTML and no link to a non-web URL (`javascript:`)."""
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    text = _UNSAFE_LINK.sub(r"&#93;\1", text)
    return defuse_esm(text).replace("{", "&#123;").replace("}", "&#125;")


def _changes(old: Release, new: Release, prefix: str | None) -> dict[str, ImageChanges]:
    return {d.variant: ImageChanges(d, cells.change_rows(d.changes, prefix), cells.change_summary(d.changes))
            for d in diff_releases(old, new)}


def _image_section(release: Release, image: Image, curated: Curated, changes: dict[str, ImageChanges],
                   rows: dict[Package, str]) -> ImageSection:
    standard = release.standard
    packages, differences = None, None
    if standard is None or image.variant == STANDARD:
        packages = cells.package_table(image, rows)
    else:
        differences = Table(["Package", "Standard image", "This image"], cells.variant_rows(standard, image, "../"))
    labels = Table(["Label", "Value"], [[esc(lb.name), esc(lb.value)] for lb in image.labels])
    return ImageSection(image, cells.image_tag(curated, release, image), packages, differences, labels,
                        changes.get(image.variant))


def render_release(site: Site, model: Model, release: Release, support: cells.Support, curated: Curated,
                   rows: dict[Package, str]) -> str:
    previous = model.previous.get(release.version.text)
    changes = _changes(previous, release, "../") if previous else {}
    return _ENV.get_template(site.release_template).render(
        site=site,
        release=release,
        support=support,
        neighbours=cells.neighbours(model, release, support),
        previous=previous,
        previous_cell=cells.release_cell(previous, "../") if previous else None,
        change_headers=cells.CHANGE_HEADERS,
        facts=cells.facts(release, support),
        images=[_image_section(release, i, curated, changes, rows) for i in release.images],
        gone=[c for c in changes.values() if c.diff.new is None],
        notes=notes_markdown(release.notes) if release.notes else None,
    )


def render_diff(old: Release, new: Release) -> str:
    """The package changes from `old` to `new` as Markdown, for release notes."""
    return _ENV.get_template("diff.md.j2").render(old=old, new=new, images=_changes(old, new, None),
                                                  change_headers=cells.CHANGE_HEADERS)


def render_notes(model: Model, release: Release, curated: Curated, today: dt.date) -> str:
    """What a release note needs: versions, warnings (yanked, pre-release, maintenance) and changes."""
    previous = model.previous.get(release.version.text)
    warnings = []
    e = release.entry
    if e.yanked:
        warnings.append(Warning("Yanked.", esc(e.yanked_reason or "No reason given.") + " Do not use this release."))
    if release.version.prerelease is not None or e.channel in ("alpha", "beta"):
        warnings.append(Warning("Pre-release.", f"Channel {esc(e.channel)}: not for production."))
    elif e.channel == "deprecated":
        warnings.append(Warning("Deprecated.", "Upgrade to a newer release of the line."))
    elif e.channel not in ("stable", "lts"):
        warnings.append(Warning("Channel.", f"This release is on the {esc(e.channel)} channel, not stable."))
    major = cells.supports(model, today)[release.version.text].lifecycle
    if major.status == lifecycle.ENDED:
        warnings.append(Warning("End of maintenance.",
                                f"{esc(major.major.label)} left maintenance on {major.end_of_maintenance}."))
    elif major.status == lifecycle.ENDING:
        warnings.append(Warning("Maintenance ends soon.",
                                f"{esc(major.major.label)} leaves maintenance on {major.end_of_maintenance}."))
    return _ENV.get_template("notes.md.j2").render(
        release=release, previous=previous, warnings=warnings,
        airflow=cells.airflow_cell(e.airflow_version),
        pythons=", ".join(f"{i.variant} {i.python_version}" for i in release.images
                          if i.python_version and i.python_version != release.python_version),
        tags=", ".join(cells.image_tag(curated, release, i) for i in release.images),
        diff=render_diff(previous, release) if previous else "",
    )


@dataclass(frozen=True)
class ImageTable:
    image: Image
    table: str


@dataclass(frozen=True)
class ReferenceSection:
    """One release on the provider reference page: its images' package tables, in tabs when
    it has several."""

    release: Release
    images: list[ImageTable]


def _provider_reference(model: Model) -> list[ReferenceSection]:
    rows: dict[Package, str] = {}
    return [ReferenceSection(r, [ImageTable(i, cells.package_table(i, rows, "")) for i in r.images])
            for r in reversed(model.releases)]


_PARTIALS = {"provider-matrix": "providers", "python-packages": "python", "parity": "parity",
             "system-dependencies": "system", "lifecycle": "lifecycle", "yanked": "yanked"}


def _context(template: str, site: Site, model: Model, curated: Curated, today: dt.date) -> dict[str, object]:
    """What each model-wide page's template is given; `today` decides the support statuses, and only them."""
    if template in ("architecture.md.j2", "partial.mdx.j2"):
        eras = [EraTables(era.title, cells.provider_matrix(era), cells.python_matrix(era, curated),
                          cells.parity(era), cells.system(era)) for era in cells.eras(model)]
        context: dict[str, object] = {
            "model": model, "curated": curated, "lts": cells.lts_majors(model), "eras": eras,
            "variants": cells.variants(model, curated), "executors": cells.executors(model, curated),
            "supported": cells.supported_now(model, today), "lifecycle": cells.lifecycle_rows(model, today),
            "yanked": cells.yanked_rows(model), "today": today}
        return context
    if template.startswith("index"):
        return {"rows": cells.index_rows(model), "count": len(model.releases)}
    if template.startswith("lifecycle"):
        return {"supported": cells.supported_now(model, today), "lifecycle": cells.lifecycle_rows(model, today),
                "yanked": cells.yanked_rows(model), "policy": lifecycle, "today": today}
    if template.startswith("compare"):
        assert site.compare_data is not None
        return {"data": site.compare_data[1]}
    if template.startswith("provider-reference"):
        return {"sections": _provider_reference(model)}
    raise ValueError(f"no page made by the template {template!r}")


def render(model: Model, site: Site, curated: Curated, today: dt.date) -> Iterator[tuple[str, str]]:
    """Every page of `site` (and its data files) as (path from its folder, text), one at a time:
    a large checkout's pages need never be in memory together. Writes nothing; `dict()` of it
    is the whole site."""
    for path, text in _pages(model, site, curated, today):
        yield path, site.finish(path, text) if path.endswith((".md", ".mdx")) else text


def _pages(model: Model, site: Site, curated: Curated, today: dt.date) -> Iterator[tuple[str, str]]:
    contexts: dict[str, dict[str, object]] = {}  # by template: the six partials share one
    for path, template in site.pages.items():
        if template not in contexts:
            contexts[template] = _context(template, site, model, curated, today)
        part = _PARTIALS.get(path.rsplit("/", 1)[-1].removesuffix(".mdx"), "")
        yield path, _ENV.get_template(template).render(site=site, part=part, **contexts[template])
    if site.compare_data is not None:
        yield site.compare_data[0], compare_json(model, site.release_link)
    supports = cells.supports(model, today)
    rows: dict[Package, str] = {}  # package rows made so far: see `cells.package_table`
    for r in model.releases:
        yield cells.release_page(r.version.text), render_release(site, model, r, supports[r.version.text],
                                                                  curated, rows)
    packages = cells.package_pages(model)
    yield cells.package_page("index"), _ENV.get_template(site.packages_template).render(
        site=site, packages=cells.packages_index(packages))
    for package in packages:
        yield cells.package_page(package.key), _ENV.get_template(site.package_template).render(
            site=site, package=package)
