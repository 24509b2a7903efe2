"""Pages from the model: `render` is a pure function from the model to `(path, text)` pairs.

Templates are Jinja2 with `StrictUndefined`, so a missing value is an error
instead of an empty cell. Autoescape stays off because the output is
Markdown: each value is written by the target for the place it lands
(`target.Target`), never by the template engine. Nothing here reads the clock or a file other than its own
templates: `today` and the curated facts come in as arguments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import jinja2

from .. import lifecycle
from ..model import Curated, Model, Release
from . import cells
from .contents import Build, changes
from .markdown import esc, table
from .target import Here, Page, Target

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("generator.pages", "templates"),
    undefined=jinja2.StrictUndefined,
    autoescape=False,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,  # the templates are the program's own: compiled once, never looked at again
)
_ENV.globals.update(table=table, esc=esc)


@dataclass(frozen=True)
class Warning:
    title: str
    text: str


def render_diff(old: Release, new: Release) -> str:
    """The package changes from `old` to `new` as Markdown, for release notes."""
    return _ENV.get_template("diff.md.j2").render(old=old, new=new, images=changes(old, new, None),
                                                  change_headers=cells.CHANGE_HEADERS)


def release_note(model: Model, release: Release, curated: Curated, today: dt.date) -> str:
    """What a release note needs: versions, warnings (yanked, pre-release, maintenance) and changes."""
    previous = model.previous.get(release.version.text)
    warnings = []
    e = release.entry
    if e.yanked:
        warnings.append(Warning("Yanked.", esc(e.yanked_reason or "No reason given.") + " Do not use this release."))
    if release.is_prerelease:
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


def render(model: Model, target: Target, curated: Curated, today: dt.date,
           pages: Iterable[Page] | None = None) -> Iterator[tuple[str, str]]:
    """Every page of `target` (and its data files) as (path from the docs folder, text), one at a
    time: a large checkout's pages need never be in memory together. Writes nothing; `dict()` of
    it is the whole site. `pages`: those of `target.pages(build)` already listed (to check their
    paths before anything is written), for the same model, curated facts and day."""
    if pages is None:
        pages = target.pages(Build(model, curated, today))
    for page in pages:
        here = Here(target, page.folder)
        yield page.path, _ENV.get_template(page.template).render(target=target, page=page, here=here,
                                                                  **page.data(here))
