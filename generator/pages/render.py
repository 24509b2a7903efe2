"""Pages from the model: `render` is a pure function from the model to `{path: text}`.

Templates are Jinja2 with `StrictUndefined`, so a missing value is an error
instead of an empty cell. Autoescape stays off because the output is
Markdown: values are made inert by `markdown.esc` in `cells`, never by the
template engine. Nothing here reads the clock or a file other than its own
templates: `today` and the curated facts come in as arguments.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import jinja2

from .. import lifecycle
from ..diff import ImageDiff, diff_releases
from ..model import STANDARD, Curated, Image, Model, Package, Release
from . import cells
from .compare import COMPARE_DATA, compare_json
from .markdown import esc, interactive, table
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
class Table:
    headers: list[str]
    rows: list[list[str]]


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


# Links in CHANGELOG notes may only lead to the web. A link whose destination is anything else
# (inline link, image or reference definition, in any letter case) gets its closing bracket as
# the entity `&#93;`: it reads the same, but no Markdown or MDX parser takes it for a link. Raw
# HTML and autolinks (`<javascript:...>`) cannot form once `<` and `>` are entities.
_UNSAFE_LINK = re.compile(r"\]((?:\(|[ \t]*:)(?![ \t]*\n?[ \t]*https?://))", re.I)


def notes_markdown(text: str) -> str:
    """CHANGELOG notes as Markdown with no raw HTML and no link to a non-web URL (`javascript:`)."""
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    text = _UNSAFE_LINK.sub(r"&#93;\1", text)
    return text.replace("{", "&#123;").replace("}", "&#125;")


def _changes(old: Release, new: Release) -> dict[str, ImageChanges]:
    return {d.variant: ImageChanges(d, cells.change_rows(d.changes), cells.change_summary(d.changes))
            for d in diff_releases(old, new)}


def _image_section(release: Release, image: Image, curated: Curated, changes: dict[str, ImageChanges],
                   rows: dict[Package, str]) -> ImageSection:
    standard = release.standard
    packages, differences = None, None
    if standard is None or image.variant == STANDARD:
        packages = cells.package_table(image, rows)
    else:
        differences = Table(["Package", "Standard image", "This image"], cells.variant_rows(standard, image))
    labels = Table(["Label", "Value"], [[esc(lb.name), esc(lb.value)] for lb in image.labels])
    return ImageSection(image, cells.image_tag(curated, release, image), packages, differences, labels,
                        changes.get(image.variant))


def render_release(site: Site, release: Release, previous: Release | None, curated: Curated,
                   rows: dict[Package, str]) -> str:
    changes = _changes(previous, release) if previous else {}
    return _ENV.get_template(site.release_template).render(
        site=site,
        release=release,
        previous=previous,
        previous_cell=cells.release_cell(previous, "../") if previous else None,
        change_headers=cells.CHANGE_HEADERS,
        facts=cells.facts(release),
        images=[_image_section(release, i, curated, changes, rows) for i in release.images],
        gone=[c for c in changes.values() if c.diff.new is None],
        notes=notes_markdown(release.notes) if release.notes else None,
    )


def render_diff(old: Release, new: Release) -> str:
    """The package changes from `old` to `new` as Markdown with absolute links, for release notes."""
    return _ENV.get_template("diff.md.j2").render(old=old, new=new, images=_changes(old, new),
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
    major = next(lc for lc in lifecycle.lifecycles(model, today) if release in lc.major.releases)
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


def _context(template: str, model: Model, curated: Curated, today: dt.date) -> dict[str, object]:
    """What each model-wide page's template is given; `today` decides the lifecycle statuses, and only them."""
    if template.startswith("architecture"):
        return {"model": model, "curated": curated, "lts": cells.lts_majors(model),
                "variants": Table(*cells.variants(model, curated)),
                "executors": Table(*cells.executors(model, curated)), "system": Table(*cells.system(model)),
                "providers": Table(*cells.provider_matrix(model)),
                "python": Table(*cells.python_matrix(model, curated)),
                "parity": Table(*cells.parity(model))}
    if template.startswith("index"):
        return {"rows": cells.index_rows(model), "count": len(model.releases)}
    if template.startswith("lifecycle"):
        return {"lifecycle": Table(*cells.lifecycle_rows(model, today)), "yanked": Table(*cells.yanked_rows(model)),
                "policy": lifecycle}
    if template.startswith("compare"):
        return {"data": COMPARE_DATA}
    raise ValueError(f"no page made by the template {template!r}")


def render(model: Model, site: Site, curated: Curated, today: dt.date) -> dict[str, str]:
    """Every page of `site` (and its data files) by path inside its folder. Writes nothing."""
    pages = {path: _ENV.get_template(template).render(site=site, **_context(template, model, curated, today))
             for path, template in site.pages.items()}
    if COMPARE_DATA in site.data:
        pages[COMPARE_DATA] = compare_json(model)
    previous = model.previous
    rows: dict[Package, str] = {}  # package rows made so far: see `cells.package_table`
    for r in model.releases:
        pages[cells.release_page(r.version.text)] = render_release(site, r, previous.get(r.version.text), curated,
                                                                    rows)
    return pages
