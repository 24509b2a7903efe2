"""What each page's template is given: one function per kind of page, over one `Build`.

Targets declare their pages with these functions (`target.Page`); none of
them knows which site it writes for, beyond asking `Here` for links and the
target for markup. `today` decides the support statuses, and only them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property

import jinja2

from .. import lifecycle
from ..diff import ImageDiff, diff_releases
from ..model import STANDARD, Curated, Image, Model, Package, Release
from . import cells
from .cells import PackagePage, Support, Table
from .compare import compare_json
from .markdown import esc
from .notes import render_notes
from .target import CODE_MARKER, Here, Tab

Data = Mapping[str, object]

# The browser code and styles the pages need: the generator's own files, read once through the same
# kind of loader as its templates, and written beside the pages with the code marker, not rendered.
# The script is given the rules it computes statuses by, from where they are declared.
_ASSETS = jinja2.Environment(loader=jinja2.PackageLoader("generator.pages", "assets"), auto_reload=False,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


@cache
def asset(name: str) -> str:
    """A file of `generator/pages/assets/`, as the page it becomes: the marker, then the file."""
    rules = json.dumps(cells.BROWSER_RULES, sort_keys=True)
    return f"{CODE_MARKER}\n{_ASSETS.get_template(name).render(rules=rules)}"


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
class EraTables:
    """The line tables of one era."""

    title: str
    providers: Table
    python: Table
    parity: Table
    system: Table


@dataclass(frozen=True)
class ReferenceSection:
    """One release on the provider reference page: its images' package tables, in tabs when
    it has several."""

    release: Release
    tabs: list[Tab]


def changes(old: Release, new: Release, here: Here | None) -> dict[str, ImageChanges]:
    return {d.variant: ImageChanges(d, cells.change_rows(d.changes, here), cells.change_summary(d.changes))
            for d in diff_releases(old, new)}


@dataclass
class Build:
    """One rendering of one model: what several pages share is computed once, when first asked for."""

    model: Model
    curated: Curated
    today: dt.date
    rows: dict[Here, dict[Package, str]] = field(default_factory=dict)
    """Package rows made so far, for each folder: see `cells.package_table`."""
    _supports: dict[Here, dict[str, Support]] = field(default_factory=dict)
    _packages: dict[Here, dict[str, PackagePage]] = field(default_factory=dict)
    _tables: dict[Here, Data] = field(default_factory=dict)

    @cached_property
    def package_keys(self) -> list[str]:
        """Every package any image pins, by PEP 503 name: a page each."""
        return sorted({p.key for r in self.model.releases for i in r.images for p in i.packages})

    # --- pages about the whole model ----------------------------------------------------------

    def tables(self, here: Here) -> Data:
        """The architecture page's tables, and the partials', each of which shows one of them (the
        partials of one folder share them)."""
        if here not in self._tables:
            self._tables[here] = self._all_tables(here)
        return self._tables[here]

    def _all_tables(self, here: Here) -> Data:
        model, curated = self.model, self.curated
        eras = [EraTables(era.title, cells.provider_matrix(era, here), cells.python_matrix(era, curated, here),
                          cells.parity(era, here), cells.system(era, here)) for era in cells.eras(model)]
        return {"model": model, "curated": curated, "lts": cells.lts_majors(model), "eras": eras,
                "variants": cells.variants(model, curated), "executors": cells.executors(model, curated, here),
                **self.lifecycle(here)}

    def lifecycle(self, here: Here) -> Data:
        return {"supported": cells.supported_now(self.model, self.today, here),
                "maintained": cells.maintained_on(self.model, self.today),
                "lifecycle": cells.lifecycle_rows(self.model, self.today, here),
                "yanked": cells.yanked_rows(self.model, here), "policy": lifecycle, "today": self.today,
                "today_span": cells.today_span(self.today, here)}

    def index(self, here: Here) -> Data:
        return {"rows": cells.index_rows(self.model, here), "count": len(self.model.releases)}

    def provider_reference(self, here: Here) -> Data:
        """The provider reference partial: a section per release, newest first, each image's packages
        in a table of its own (sortable and filterable), the images in tabs."""
        rows = self.rows.setdefault(here, {})
        interactive = here.target.interactive
        return {"sections": [ReferenceSection(r, [Tab(i.variant.capitalize(), i.variant, interactive(
                                 cells.package_table(i, rows, here), "Filter packages")) for i in r.images])
                             for r in reversed(self.model.releases)]}

    def compare(self, data: str, here: Here) -> Data:
        """The compare page, which fetches its data from the file at `data`."""
        return {"data": here.target.data_url(data, here.folder)}

    def asset(self, name: str, here: Here) -> Data:
        return {"text": asset(name)}

    def compare_data(self, here: Here) -> Data:
        """The compare page's data, whose links lead from the page at `here` (the compare page's folder)."""
        target = here.target
        return {"text": compare_json(self.model, lambda v: target.script_link(here.folder, target.release_path(v)))}

    # --- a page per release and per package -----------------------------------------------------

    def release(self, release: Release, here: Here) -> Data:
        model, curated = self.model, self.curated
        if here not in self._supports:
            self._supports[here] = cells.supports(model, self.today, here)
        support = self._supports[here][release.version.text]
        previous = model.previous.get(release.version.text)
        found = changes(previous, release, here) if previous else {}
        rows = self.rows.setdefault(here, {})
        return {
            "release": release,
            "support": support,
            "neighbours": cells.neighbours(model, release, support, here),
            "previous": previous,
            "previous_cell": cells.release_cell(previous, here) if previous else None,
            "change_headers": cells.CHANGE_HEADERS,
            "facts": cells.facts(release, support),
            "images": [_image_section(release, i, curated, found, rows, here) for i in release.images],
            "gone": [c for c in found.values() if c.diff.new is None],
            "notes": render_notes(release.notes, here.target) if release.notes else None,
        }

    def _package_pages(self, here: Here) -> dict[str, PackagePage]:
        if here not in self._packages:
            self._packages[here] = {p.key: p for p in cells.package_pages(self.model, here)}
        return self._packages[here]

    def package(self, key: str, here: Here) -> Data:
        return {"package": self._package_pages(here)[key]}

    def packages(self, here: Here) -> Data:
        return {"packages": cells.packages_index(list(self._package_pages(here).values()), here)}


def _image_section(release: Release, image: Image, curated: Curated, found: dict[str, ImageChanges],
                   rows: dict[Package, str], here: Here) -> ImageSection:
    standard = release.standard
    packages, differences = None, None
    if standard is None or image.variant == STANDARD:
        packages = cells.package_table(image, rows, here)
    else:
        differences = Table(["Package", "Standard image", "This image"], cells.variant_rows(standard, image, here))
    labels = Table(["Label", "Value"], [[esc(lb.name), esc(lb.value)] for lb in image.labels])
    return ImageSection(image, cells.image_tag(curated, release, image), packages, differences, labels,
                        found.get(image.variant))
