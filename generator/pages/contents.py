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
from ..diff import Change, ImageDiff, diff_releases
from ..model import STANDARD, Curated, Image, Model, Package, Release
from . import cells
from .cells import PackageRuns, Support, Table
from .compare import compare_json
from .feed import Counts, count_changes
from .markdown import esc
from .notes import render_notes
from .target import CODE_MARKER, Here, Tab

Data = Mapping[str, object]

# The browser code and styles the pages need: the generator's own files, read once through the same
# kind of loader as its templates, and written beside the pages with the code marker, not rendered.
# The script is given the rules it computes statuses by, from where they are declared.
_LOADER = jinja2.PackageLoader("generator.pages", "assets")
_ASSETS = jinja2.Environment(loader=_LOADER, auto_reload=False,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
VENDORED = frozenset({"pep440.js"})
"""Assets built elsewhere and committed (`make pep440` bundles `js/pep440/`): copied as they are, never
rendered, as minified code may hold `{{`, `{%` or `{#`."""


@cache
def asset(name: str) -> str:
    """A file of `generator/pages/assets/`, as the page it becomes: the marker, then the file."""
    if name in VENDORED:
        source, _, _ = _LOADER.get_source(_ASSETS, name)
        return f"{CODE_MARKER}\n{source}"
    rules = json.dumps(cells.BROWSER_RULES, sort_keys=True)
    return f"{CODE_MARKER}\n{_ASSETS.get_template(name).render(rules=rules)}"


@dataclass(frozen=True)
class ImageChanges:
    """What changed in one image since the previous release, ready for a template."""

    diff: ImageDiff
    rows: list[list[str]]
    summary: str
    against_standard: bool = False
    """`rows` are where this image's changes differ from the standard image's."""


@dataclass(frozen=True)
class ImageSection:
    """One image on a release page: every package for the standard image, only where it
    differs from the standard image for the others."""

    image: Image
    tag: str
    packages: str | None
    """Its packages as pins (`cells.pins`): the standard image's, or any image's where there is none."""
    differences: Table | None
    labels: Table
    changes: ImageChanges | None


@dataclass(frozen=True)
class EraTables:
    """The line tables of one era."""

    title: str
    example: str
    """A line a reader may type into a filter (`cells.Era.example`)."""
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
    """Each image's changes in full, for release notes and the `diff` command."""
    made: dict[Change, list[str]] = {}  # the images of a release mostly change alike: a row is made once
    return {d.variant: ImageChanges(d, cells.change_rows(d.changes, here, made), cells.change_summary(d.changes))
            for d in diff_releases(old, new)}


def page_changes(old: Release, new: Release, here: Here) -> dict[str, ImageChanges]:
    """Each image's changes as a release page shows them: the standard image's in full, a
    variant's where they differ from the standard image's (`cells.variant_change_rows`)."""
    diffs = diff_releases(old, new)
    standard = next((d for d in diffs if d.variant == STANDARD and d.old and d.new), None)
    found = {}
    for d in diffs:
        if standard is None or d is standard or d.new is None:
            found[d.variant] = ImageChanges(d, cells.change_rows(d.changes, here), cells.change_summary(d.changes))
        else:
            rows = cells.variant_change_rows(standard.changes, d.changes, d.new, here)
            found[d.variant] = ImageChanges(d, rows, cells.change_summary(d.changes), against_standard=True)
    return found


@dataclass
class Build:
    """One rendering of one model: what several pages share is computed once, when first asked for."""

    model: Model
    curated: Curated
    today: dt.date
    rows: dict[Here, dict[Package, str]] = field(default_factory=dict)
    """Package rows made so far, for each folder: see `cells.package_table`."""
    _supports: dict[Here, dict[str, Support]] = field(default_factory=dict)
    _cells: dict[Here, list[str]] = field(default_factory=dict)
    _tables: dict[Here, Data] = field(default_factory=dict)
    _counts: dict[str, Counts] = field(default_factory=dict)

    @cached_property
    def package_keys(self) -> list[str]:
        """Every package any image pins, by PEP 503 name: a page each."""
        return list(self.model.package_versions)

    # --- pages about the whole model ----------------------------------------------------------

    def tables(self, here: Here) -> Data:
        """The architecture page's tables, and the partials', each of which shows one of them (the
        partials of one folder share them)."""
        if here not in self._tables:
            self._tables[here] = self._all_tables(here)
        return self._tables[here]

    def _all_tables(self, here: Here) -> Data:
        model, curated = self.model, self.curated
        eras = [EraTables(era.title, era.example, cells.provider_matrix(era, here),
                          cells.python_matrix(era, curated, here), cells.parity(era, here), cells.system(era, here))
                for era in cells.eras(model)]
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
        final, pre = cells.index_tables(self.model, self.today, here)
        return {"final": final, "pre": pre, **self.today_section(here)}

    def today_section(self, here: Here) -> Data:
        """What to run today: the maintained majors' releases to run, the newest pre-release, and a
        box to go to a release or a package by name."""
        model = self.model
        names = [r.version.text for r in reversed(model.releases)]
        return {"supported": cells.supported_now(model, self.today, here),
                "maintained": cells.maintained_on(model, self.today), "today_span": cells.today_span(self.today, here),
                "prerelease": cells.prerelease_cell(model, here),
                "jump": here.target.jump(here, names, self.package_keys)}

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
        found = page_changes(previous, release, here) if previous else {}
        self._counts[release.version.text] = count_changes(c.diff for c in found.values())
        rows = self.rows.setdefault(here, {})
        return {
            "release": release,
            "support": support,
            "neighbours": cells.neighbours(model, release, support, here),
            "previous": previous,
            "previous_cell": cells.release_cell(previous, here) if previous else None,
            "change_headers": cells.CHANGE_HEADERS,
            "variant_change_headers": cells.VARIANT_CHANGE_HEADERS,
            "facts": cells.facts(release, support),
            "images": [_image_section(release, i, curated, found, rows, here) for i in release.images],
            "gone": [c for c in found.values() if c.diff.new is None],
            "notes": render_notes(release.notes, here.target) if release.notes else None,
            "epochs": cells.epoch_note([*(v for c in found.values() for change in c.diff.changes
                                          for v in (change.old, change.new)),
                                        *(p.version for i in release.images
                                          for p in self._epoched.intersection(i.packages))]),
        }

    def change_counts(self, release: Release) -> Counts:
        """A release's changes since the one its page compares it with, counted for the feed: as its
        page counted them, where it is rendered first (a diff per release is a tenth of a build)."""
        found = self._counts.get(release.version.text)
        if found is None:
            previous = self.model.previous.get(release.version.text)
            found = self._counts[release.version.text] = count_changes(diff_releases(previous, release)
                                                                       if previous else ())
        return found

    @cached_property
    def _epoched(self) -> frozenset[Package]:
        """The distinct pins whose version has an epoch: few or none, so a release page looks for its
        own among them rather than reading its every pin's version."""
        return frozenset(p for pins in self.model.distinct_pins.values() for p in pins if "!" in p.version)

    @cached_property
    def _package_runs(self) -> dict[str, PackageRuns]:
        return {p.key: p for p in cells.package_runs(self.model)}

    @cached_property
    def _release_names(self) -> list[str]:
        """Each release's version as text, in catalog order."""
        return [esc(r.version.text) for r in self.model.releases]

    def _release_cells(self, here: Here) -> list[str]:
        """Each release's cell, in catalog order, as the package pages of the folder `here` name them."""
        if here not in self._cells:
            self._cells[here] = [cells.release_cell(r, here) for r in self.model.releases]
        return self._cells[here]

    def package(self, key: str, here: Here) -> Data:
        """A package's page, made when it is rendered: none is kept once written."""
        return {"package": cells.package_page(self._package_runs[key], self.model.package_versions[key],
                                              self._release_cells(here), self._release_names, here)}

    def packages(self, here: Here) -> Data:
        return {"packages": cells.packages_index(list(self._package_runs.values()), self.model,
                                                 self._release_cells(here), here)}

    # --- the "Will my requirements fit?" page (pages/fit_data.py: its data and where it goes) --------

    def fit_page(self, data: str, compare: str, here: Here) -> Data:
        """The page that runs `fit`'s check in the browser (assets/fit.js), on the data files at
        `data` (fit.json) and `compare` (compare.json, whose pins it reads)."""
        target = here.target
        return {"data": target.data_url(data, here.folder), "compare": target.data_url(compare, here.folder)}


def _image_section(release: Release, image: Image, curated: Curated, found: dict[str, ImageChanges],
                   rows: dict[Package, str], here: Here) -> ImageSection:
    standard = release.standard
    packages, differences = None, None
    if standard is None or image.variant == STANDARD:
        packages = cells.pins(image)
    else:
        differences = Table(["Package", "Standard image", "This image"], cells.variant_rows(standard, image, here))
    labels = Table(["Label", "Value"], [[esc(lb.name), esc(lb.value)] for lb in image.labels])
    return ImageSection(image, cells.image_tag(curated, release, image), packages, differences, labels,
                        found.get(image.variant))
