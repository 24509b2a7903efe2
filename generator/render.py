"""Pages from the model: Jinja2 templates over the rows `views` computes.

`StrictUndefined` makes a missing value an error instead of an empty cell,
and autoescape stays off because the output is Markdown: values are made
inert by `markdown.esc` in `views`, never by the template engine.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import jinja2

from . import lifecycle, views, workers
from .curated import Curated
from .diff import ImageDiff, diff_releases
from .export import COMPARE_DATA, compare_json
from .markdown import MARKER, esc, interactive, table
from .model import Image, Model, Release

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("generator", "templates"),
    undefined=jinja2.StrictUndefined,
    autoescape=False,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.globals.update(table=table, interactive=interactive, esc=esc, MARKER=MARKER)

T = TypeVar("T")

_UNSAFE_HTML = re.compile(r"[<>]")
_UNSAFE_LINK = re.compile(r"\]\(\s*(?!https?://|#|\.{0,2}/|[\w.-]+\.md)[^)]*\)", re.I)


def notes_markdown(text: str) -> str:
    """CHANGELOG notes as Markdown with no raw HTML and no link to a non-web URL (`javascript:`)."""
    text = _UNSAFE_HTML.sub(lambda m: "&lt;" if m[0] == "<" else "&gt;", text)
    text = _UNSAFE_LINK.sub("](#)", text)
    return text.replace("{", "&#123;").replace("}", "&#125;")


def render_release(release: Release, previous: Release | None, curated: Curated) -> str:
    return _ENV.get_template("release.md.j2").render(
        release=release,
        previous=previous,
        previous_cell=views.release_cell(previous, "../") if previous else None,
        changes=_diff_views(previous, release) if previous else {},
        change_headers=views.CHANGE_HEADERS,
        tags={i.variant: views.image_tag(curated, release, i) for i in release.images},
        facts=views.facts(release),
        images=[_image_rows(release, i) for i in release.images],
        labels={i.variant: [[esc(k), esc(v)] for k, v in sorted(i.labels.items())] for i in release.images},
        notes=notes_markdown(release.notes) if release.notes else None,
    )


def _image_rows(release: Release, image: Image) -> tuple[Image, str | None, list[Any]]:
    """The standard image lists every package (a ready table); another image only where it differs
    from the standard one (rows)."""
    standard = release.standard
    if standard is None or image is standard:
        return image, views.package_table(image), []
    return image, None, views.variant_rows(standard, image)


def render_diff(old: Release, new: Release) -> str:
    """The package changes from `old` to `new` as Markdown with absolute links, for release notes."""
    return _ENV.get_template("diff.md.j2").render(old=old, new=new, images=_diff_views(old, new),
                                                  change_headers=views.CHANGE_HEADERS)


def render_notes(model: Model, release: Release, curated: Curated, today: dt.date) -> str:
    """What a release note needs: versions, warnings (yanked, pre-release, maintenance) and changes."""
    previous = model.previous.get(release.version.text)
    warnings = []
    e = release.entry
    if e.yanked:
        warnings.append(("Yanked.", esc(e.yanked_reason or "No reason given.") + " Do not use this release."))
    if release.version.prerelease is not None or e.channel in ("alpha", "beta"):
        warnings.append(("Pre-release.", f"Channel {esc(e.channel)}: not for production."))
    elif e.channel == "deprecated":
        warnings.append(("Deprecated.", "Upgrade to a newer release of the line."))
    elif e.channel not in ("stable", "lts"):
        warnings.append(("Channel.", f"This release is on the {esc(e.channel)} channel, not stable."))
    major = next(lc for lc in lifecycle.lifecycles(model, today) if any(r is release for r in lc.major.releases))
    if major.status == lifecycle.ENDED:
        warnings.append(("End of maintenance.",
                         f"{esc(major.major.label)} left maintenance on {major.end_of_maintenance}."))
    elif major.status == lifecycle.ENDING:
        warnings.append(("Maintenance ends soon.",
                         f"{esc(major.major.label)} leaves maintenance on {major.end_of_maintenance}."))
    return _ENV.get_template("notes.md.j2").render(
        release=release, previous=previous, warnings=warnings,
        airflow=views.airflow_cell(e.airflow_version),
        pythons=", ".join(f"{i.variant} {i.python_version}" for i in release.images
                          if i.python_version and i.python_version != release.python_version),
        tags=", ".join(views.image_tag(curated, release, i) for i in release.images),
        diff=render_diff(previous, release) if previous else "",
    )


def _diff_views(old: Release, new: Release) -> dict[str, tuple[ImageDiff, list[list[str]], str]]:
    return {d.variant: (d, views.change_rows(d.changes), views.change_summary(d.changes))
            for d in diff_releases(old, new)}


PAGES_BESIDE_RELEASES = 5  # architecture, releases index, lifecycle, compare page and its data


def iter_pages(model: Model, curated: Curated, today: dt.date, each: Callable[[str, str], T],
               meanwhile: Callable[[], object] | None = None) -> Iterator[tuple[str, T]]:
    """Every generated page (and the compare page's data) as its path inside the generated folder
    and what `each(path, page)` made of it (written it, diffed it), one at a time, so a large
    checkout never holds all its pages in memory.

    The release pages, most of the work, are rendered (and given to `each`) in worker processes
    where the checkout is large, while this process calls `meanwhile` (work that need not wait,
    such as validation) and renders the pages about the whole model.
    `today` decides the lifecycle statuses, and only them.
    """
    previous = model.previous

    def release_pages(part: Sequence[Release]) -> list[tuple[str, T]]:
        found = []
        for r in part:
            path = views.release_page(r.version.text)
            found.append((path, each(path, render_release(r, previous.get(r.version.text), curated))))
        return found

    def done(path: str, page: str) -> tuple[str, T]:
        return path, each(path, page)

    with workers.Chunks(release_pages, model.releases) as parts:
        if meanwhile:
            meanwhile()
        yield done("architecture.md", _ENV.get_template("architecture.md.j2").render(
            model=model,
            curated=curated,
            lts=views.lts_majors(model),
            variants=views.variants(model, curated),
            executors=views.executors(model, curated),
            system=views.system(model),
            providers=views.provider_matrix(model),
            python=views.python_matrix(model, curated),
            parity=views.parity(model),
        ))
        yield done("releases/index.md", _ENV.get_template("index.md.j2").render(
            rows=views.index_rows(model), count=len(model.releases)))
        yield done("lifecycle.md", _ENV.get_template("lifecycle.md.j2").render(
            lifecycle=views.lifecycle_rows(model, today), yanked=views.yanked_rows(model),
            policy=lifecycle, warning_days=lifecycle.WARNING_DAYS))
        yield done("compare.md", _ENV.get_template("compare.md.j2").render(data=COMPARE_DATA))
        yield done(COMPARE_DATA, compare_json(model))
        for part in parts:
            yield from part


def render_pages(model: Model, curated: Curated, today: dt.date) -> dict[str, str]:
    """All pages at once, by path: for tests and small checkouts."""
    return dict(iter_pages(model, curated, today, lambda path, page: page))
