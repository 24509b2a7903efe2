"""What each page shows, computed from the model: tables of Markdown cells, ready for a template.

The computations a reader must be able to trust (a line's version range,
which providers a line ships, a major's support status) live here, apart
from layout, so tests can check them cell by cell. Links are made for the
page a cell is written on (`Here`), by the target the page is for.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from ..diff import ADDED, DOWNGRADED, REMOVED, UPGRADED, Change, diff_images
from ..lifecycle import (
    ENDED,
    ENDING,
    LTS_AFTER_NEXT,
    MAINTAINED,
    PRERELEASE,
    STABLE_AFTER_NEXT,
    WARNING_DAYS,
    Lifecycle,
    lifecycles,
    newest_prerelease,
    to_run,
)
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
    package_order,
    variant_order,
)
from ..versions import AF2
from . import urls
from .markdown import DASH, esc, link
from .target import Here


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]


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


def release_cell(release: Release, here: Here) -> str:
    """The version linked to its page, flagged when yanked: a yanked release is never listed unmarked."""
    cell = link(release.version.text, here.release(release.version.text))
    return cell + " (yanked)" if release.entry.yanked else cell


@cache
def package_cell(name: str, key: str, here: Here | None) -> str:
    """A package's name linked to its page here, which links PyPI and the provider's docs; to
    PyPI off the site (`here=None`: Markdown for release notes elsewhere). One link: a second
    in every row of every table doubled what the site builder works through, for a link the
    package's page holds. Remembered: the change and difference tables of 2,000 releases name
    the same few hundred packages over a hundred thousand times."""
    return link(name, urls.pypi(key) if here is None else here.package(key))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def provider_label(key: str) -> str:
    """`cncf.kubernetes`: how Airflow's own docs write a provider."""
    return key.removeprefix(PROVIDER_PREFIX).replace("-", ".")


# --- Architecture: one table per era, newest line first -------------------------------------------

@dataclass(frozen=True)
class Era:
    """The lines of one version scheme, newest first: the two schemes' lines read alike (`3.0.x`,
    the 2021 line, and `3.0-x`, the Airflow 3.0 line), so they are never in one table. Its majors
    too, newest first, each with its lines."""

    title: str
    lines: tuple[Line, ...]
    majors: tuple[tuple[Line, tuple[Line, ...]], ...]

    @property
    def example(self) -> str:
        """A line a reader may type into a filter, as the era writes them: its newest (`9.17`, `3.2`)."""
        return self.lines[0].label[:-2]


ERA_TITLES = {AF2: "Airflow 2 era (Runtime MAJOR.MINOR.PATCH)", "airflow3": "Airflow 3 era (Runtime X.Y-N)"}


def eras(model: Model) -> list[Era]:
    lines: dict[str, list[Line]] = {}
    for line in reversed(model.lines):
        lines.setdefault(line.first.version.scheme, []).append(line)
    majors: dict[str, list[tuple[Line, tuple[Line, ...]]]] = {}
    for major in reversed(model.majors):
        # By label, unique to a line: a `Line` compares by value, and hashing one hashes every pin.
        inside = tuple({line.label: line for line in (model.line_of[r.version.text]
                                                       for r in reversed(major.releases))}.values())
        majors.setdefault(major.first.version.scheme, []).append((major, inside))
    return [Era(ERA_TITLES[scheme], tuple(found), tuple(majors[scheme])) for scheme, found in lines.items()]


def _standard_images(line: Line) -> list[Image]:
    return [r.standard for r in line.releases if r.standard is not None]


def _line_versions(lines: Sequence[Line]) -> list[dict[str, str]]:
    """For each line, its standard images' packages: {key: the newest release's version}."""
    return [{p.key: p.version for i in _standard_images(line) for p in i.packages} for line in lines]


def version_spans(images: Sequence[Image], keys: Iterable[str]) -> list[str]:
    """`span` of each key's version across `images`, for the matrices: one lookup table per image."""
    versions = [{p.key: p.version for p in i.packages} for i in images]
    return [span(v.get(key) for v in versions) for key in keys]


def line_cell(line: Line, here: Here) -> str:
    """The line's label, linked to its newest release's page."""
    return link(line.label, here.release(line.newest.version.text))


def provider_matrix(era: Era, here: Here) -> Table:
    """The providers of an era's standard images; a column head links to the provider's docs at
    the newest version the era ships."""
    newest: dict[str, str] = {}
    for versions in reversed(_line_versions(era.lines)):  # oldest line first: newest wins
        newest.update((k, v) for k, v in versions.items() if k.startswith(PROVIDER_PREFIX))
    keys = sorted(newest)
    headers = ["Runtime line"] + [link(provider_label(k), urls.provider_docs(k, newest[k])) for k in keys]
    rows = [[line_cell(line, here), *version_spans(_standard_images(line), keys)] for line in era.lines]
    return Table(headers, rows)


def python_matrix(era: Era, curated: Curated, here: Here) -> Table:
    shipped = set().union(*_line_versions(era.lines))
    keys = [k for k in curated.python_packages if k in shipped]
    headers = ["Runtime line", "Python"] + [package_cell(k, k, here) for k in keys]
    rows = [[line_cell(line, here), span(r.python_version for r in line.releases),
             *version_spans(_standard_images(line), keys)] for line in era.lines]
    return Table(headers, rows)


def parity(era: Era, here: Here) -> Table:
    """One row per major, as the hand-kept page has it (per line in the Airflow 3 era, where a line
    is the major); a major of several lines lists them one click away, each with its Airflow."""
    headers = ["Runtime", "Apache Airflow", "Release dates", "Releases"]
    rows = []
    for major, lines in era.majors:
        dates = sorted(_day(r.entry.release_date) for r in major.releases if r.entry.release_date)
        runtime = line_cell(major, here)
        if len(lines) > 1:
            detail = "<br />".join(f"{line_cell(line, here)}: {_airflow_span(line)}" for line in lines)
            runtime = more(runtime, _count(len(lines), "line"), detail, here)
        rows.append([runtime, _airflow_span(major), span(dates), str(len(major.releases))])
    return Table(headers, rows)


def _airflow_span(line: Line) -> str:
    return span((r.entry.airflow_version for r in line.releases), urls.airflow_release_notes)


def system(era: Era, here: Here) -> Table:
    """Debian, base image and Python of each line's standard image; neighbouring lines built on the
    same are one row (`8.0.x – 8.10.x`), so the table shows where the system changed."""
    headers = ["Runtime lines", "Debian", "Base image", "Python"]
    groups: list[tuple[list[Line], list[str]]] = []
    for line in era.lines:
        cells = [span(r.debian for r in line.releases), span(i.base_image for i in _standard_images(line)),
                 span(r.python_version for r in line.releases)]
        if groups and groups[-1][1] == cells:
            groups[-1][0].append(line)
        else:
            groups.append(([line], cells))
    # Every line of a row by its name, newest first as the rows are, so that a reader looking for
    # `3.1-x` finds it (a range such as `3.0-x – 3.2-x` named only its ends).
    rows = [[", ".join(line_cell(line, here) for line in lines), *cells] for lines, cells in groups]
    return Table(headers, rows)


def executors(model: Model, curated: Curated, here: Here) -> Table:
    newest = next((r.standard for r in reversed(model.releases)
                   if r.standard and r.version.prerelease is None and not r.entry.yanked), None)
    rows = []
    for ex in curated.executors:
        version = newest.version_of(ex.package) if newest else None
        # A package no image pins has no page here: its name leads to PyPI instead.
        shipped = here if ex.package in model.package_versions else None
        rows.append([esc(ex.name), package_cell(ex.package, ex.package, shipped), esc(version)])
    return Table(["Executor", "Needs package", "Version in the newest release"], rows)


def variants(model: Model, curated: Curated) -> Table:
    """Image tags per variant, and the lines that publish each: newest first, era by era."""
    found: dict[str, dict[str, list[str]]] = {}
    for era in eras(model):
        for line in era.lines:
            for variant in {i.variant for r in line.releases for i in r.images}:
                found.setdefault(variant, {}).setdefault(era.title.split(" (")[0], []).append(line.label)
    rows = []
    for variant in sorted(found, key=variant_order):
        tag = "<version>" if variant == STANDARD else f"<version>-{variant}"
        shown = "; ".join(f"{era}: {_lines_shown(lines)}" for era, lines in found[variant].items())
        rows.append([esc(variant), esc(f"{curated.registry}:{tag}"), esc(shown)])
    return Table(["Image", "Tag", "Runtime lines"], rows)


def _lines_shown(lines: list[str]) -> str:
    """Every line by its name, so that each is found by it."""
    return ", ".join(lines)


def image_tag(curated: Curated, release: Release, image: Image) -> str:
    suffix = "" if image.variant == STANDARD else f"-{image.variant}"
    return f"{curated.registry}:{release.version.text}{suffix}"


def lts_majors(model: Model) -> list[str]:
    return [m.label for m in model.majors if m.lts]


# --- Support status: the lifecycle page and every release page say the same ---------------------

STATUS_CLASSES = {MAINTAINED: "maintained", ENDING: "ending", ENDED: "ended", PRERELEASE: "prerelease"}

# `how_far`'s units: days below 60 days, months below two years, years beyond.
MONTHS_FROM_DAYS, YEARS_FROM_DAYS = 60, 730
DAYS_PER_MONTH, DAYS_PER_YEAR = 30.44, 365.25

BROWSER_RULES = {
    "words": {css: word for word, css in STATUS_CLASSES.items()},
    "warningDays": WARNING_DAYS,
    "monthsFromDays": MONTHS_FROM_DAYS, "yearsFromDays": YEARS_FROM_DAYS,
    "daysPerMonth": DAYS_PER_MONTH, "daysPerYear": DAYS_PER_YEAR,
}
"""What the pages' script needs to compute a status and its distance again for the reader's day,
taken from the rules here and in `generator.lifecycle`, never written twice (reference.js)."""


@dataclass(frozen=True)
class Support:
    """What the pages say of a major's support: its status as a badge (colour and words), the end
    of maintenance (computed dates marked), how far off that is, and the anchor of its row on the
    lifecycle page. Badge and distance are written for the day of the build, and carry the dates
    they come from, so that the pages' script says them again for the reader's day."""

    lifecycle: Lifecycle
    badge: str
    end: str
    when: str
    anchor: str


def _day(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def status_badge(lc: Lifecycle, here: Here, classes: str = "") -> str:
    """The status on the day of the build; its dates (first final release, end of maintenance)
    let the script compute it for the reader's day."""
    target = here.target
    first = lc.first.entry.release_date if lc.first else None
    css = target.class_attribute(f"rt-status rt-status-{STATUS_CLASSES[lc.status]}{classes}")
    return (f"<span {css} data-first={target.attribute(_day(first))} "
            f"data-end={target.attribute(_day(lc.end_of_maintenance))}>{esc(lc.status)}</span>")


def how_far(day: dt.date | None, today: dt.date) -> str:
    """`in 5 months`, `3 days ago`: the distance a reader weighs, in the unit that reads best."""
    if day is None:
        return DASH
    days = (day - today).days
    size = abs(days)
    if size == 0:
        return "today"
    if size < MONTHS_FROM_DAYS:
        amount = f"{size} day{'s' * (size != 1)}"
    elif size < YEARS_FROM_DAYS:
        amount = f"{round(size / DAYS_PER_MONTH)} months"
    else:
        amount = f"{round(size / DAYS_PER_YEAR)} years"
    return f"in {amount}" if days > 0 else f"{amount} ago"


def _anchor(label: str) -> str:
    return "major-" + re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def support(lc: Lifecycle, today: dt.date, here: Here, classes: str = "") -> Support:
    target = here.target
    later = ""
    if lc.end_of_maintenance is None and lc.not_before is not None:
        end = f"not before {lc.not_before} (computed)"
        # Tied to a next major not out yet: past that date, what it waits for, which stays true.
        months = LTS_AFTER_NEXT if lc.major.lts else STABLE_AFTER_NEXT
        later = f"until {months} months after the first release of the next {'LTS ' * lc.major.lts}major"
        when = how_far(lc.not_before, today).replace("in ", "in at least ", 1) if lc.not_before > today else later
    else:
        end = esc(lc.end_of_maintenance) + (" (computed)" if lc.computed and lc.end_of_maintenance else "")
        when = how_far(lc.end_of_maintenance, today)
    # The dates the script says the distance again from, for the reader's day (reference.js).
    when = (f"<span {target.class_attribute('rt-when')} data-end={target.attribute(_day(lc.end_of_maintenance))} "
            f"data-not-before={target.attribute(_day(lc.not_before))} data-later={target.attribute(later)}>"
            f"{when}</span>")
    return Support(lc, status_badge(lc, here, classes), end, when, _anchor(lc.major.label))


def supports(model: Model, today: dt.date, here: Here) -> dict[str, Support]:
    """The support of every release's major, by release version."""
    return {r.version.text: s for s in (support(lc, today, here) for lc in lifecycles(model, today))
            for r in s.lifecycle.major.releases}


def _major_cell(s: Support, here: Here) -> str:
    major = s.lifecycle.major
    return here.target.anchor(s.anchor) + link(major.label, here.release(major.newest.version.text))


NOW = " rt-now"
"""The class of a badge in "Supported now": the site's styles hide the row of a major whose badge
says it is not maintained (the script changes the badge for the reader's day)."""


def supported_now(model: Model, today: dt.date, here: Here) -> Table:
    """Every major that has a first release, newest first: those not maintained on the reader's day
    are hidden by the site's styles, as their badges say (`NOW`). Each is in the table, as a major
    maintained on the day of the build may have ended by the day it is read, and one released since."""
    rows = []
    for s in (support(lc, today, here, NOW) for lc in reversed(lifecycles(model, today))):
        if s.lifecycle.first is None:
            continue
        run = to_run(s.lifecycle.major)
        shown = (f"{release_cell(run, here)} (Airflow {esc(run.entry.airflow_version)})" if run
                 else "none: every release is yanked or a pre-release")
        rows.append([here.page_link(s.lifecycle.major.label, "lifecycle", s.anchor), shown, s.badge,
                     f"{s.end}, {s.when}"])
    return Table(["Runtime", "Run today", "Status", "Maintained until"], rows)


def maintained_on(model: Model, today: dt.date) -> bool:
    """Whether any major is maintained on `today` (what the page says without its script)."""
    return any(lc.status in (MAINTAINED, ENDING) for lc in lifecycles(model, today))


def today_span(today: dt.date, here: Here) -> str:
    """The day statuses are for: the build's, which the script replaces with the reader's."""
    return f"<span {here.target.class_attribute('rt-today')}>{today.isoformat()}</span>"


def lifecycle_rows(model: Model, today: dt.date, here: Here) -> Table:
    """One row per major; no column a reader does not need to choose a runtime, so that the table
    fits the content column of either site at a laptop's width."""
    headers = ["Runtime", "Status", "Apache Airflow", "First release", "End of maintenance", "End of basic support"]
    rows = []
    for lc in reversed(lifecycles(model, today)):
        s = support(lc, today, here)
        label = _major_cell(s, here) + (" (LTS)" if lc.major.lts else "")
        rows.append([label, s.badge, _airflow_span(lc.major),
                     esc(lc.first and lc.first.entry.release_date), s.end, esc(lc.end_of_basic_support)])
    return Table(headers, rows)


def yanked_rows(model: Model, here: Here) -> Table:
    """Yanked releases, newest first; releases yanked one after the other in the catalog for one
    reason are one row (`9.0.0 – 9.6.0`), as the hand-kept page groups them, the releases listed
    one click away."""
    groups: list[list[Release]] = []
    before: Release | None = None
    for r in model.releases:
        if r.entry.yanked:
            if groups and before is groups[-1][-1] and r.entry.yanked_reason == before.entry.yanked_reason:
                groups[-1].append(r)
            else:
                groups.append([r])
        before = r
    rows = []
    for group in reversed(groups):
        first, last = group[0], group[-1]
        if len(group) == 1:
            runtime = release_cell(first, here)
        else:
            members = "<br />".join(release_cell(r, here) for r in reversed(group))
            runtime = more(f"{esc(first.version.text)} {DASH} {esc(last.version.text)}",
                           _count(len(group), "release"), members, here)
        reason = esc(first.entry.yanked_reason or "no reason given")
        rows.append([runtime, span((r.entry.airflow_version for r in group), urls.airflow_release_notes),
                     span(_day(r.entry.release_date) for r in group), reason])
    return Table(["Runtime", "Apache Airflow", "Release date", "Reason"], rows)


def more(shown: str, summary: str, detail: str, here: Here) -> str:
    """`shown`, then `detail` one click away behind `summary`, in one table cell."""
    css = here.target.class_attribute("rt-more")
    return f"{shown} <details {css}><summary>{summary}</summary>{detail}</details>"


# --- Release pages ---------------------------------------------------------------------------------

CHANGE_HEADERS = ["Package", "Change", "From", "To", "Changelog"]


def change_rows(changes: Iterable[Change], here: Here | None,
                made: dict[Change, list[str]] | None = None) -> list[list[str]]:
    """One row per change; a downgrade is bold so it cannot pass for an upgrade. The changelog is
    the one of the version the newer release ships (the older one's, for a removal).

    `made`: rows already made for `here`, by change, reused (the images of one release mostly
    change alike); the rows made here are added to it."""
    if made is None:
        made = {}
    rows = []
    for c in changes:
        row = made.get(c)
        if row is None:
            row = made[c] = [package_cell(c.name, c.key, here), f"**{c.kind}**" if c.kind == DOWNGRADED else c.kind,
                             esc(c.old), esc(c.new), link("changelog", urls.changelog(c.key, c.new or c.old))]
        rows.append(row)
    return rows


VARIANT_CHANGE_HEADERS = ["Package", "Change", "From", "To", "In the standard image"]


def variant_change_rows(standard: Iterable[Change], changes: Iterable[Change], image: Image,
                        here: Here) -> list[list[str]]:
    """A variant's changes where they differ from the standard image's, by package: the images
    of a release mostly change alike, and a page that listed each image's changes in full said
    the same rows three times (under churn, most of a release page, and of what the site
    builder works through). A package the variant leaves as it was shows its version; one it
    does not pin says so."""
    theirs = {c.key: c for c in standard}
    mine = {c.key: c for c in changes}
    keys = sorted((k for k in theirs.keys() | mine.keys() if theirs.get(k) != mine.get(k)), key=package_order)
    pinned = {p.key: p.version for p in image.packages} if any(k not in mine for k in keys) else {}
    rows = []
    for key in keys:
        c, s = mine.get(key), theirs.get(key)
        if c is None:
            kept = pinned.get(key)
            name = s.name if s else key
            row = [package_cell(name, key, here), "not in this image" if kept is None else "no change",
                   esc(kept), esc(kept)]
        else:
            row = [package_cell(c.name, key, here), f"**{c.kind}**" if c.kind == DOWNGRADED else c.kind,
                   esc(c.old), esc(c.new)]
        row.append(_change_text(s))
        rows.append(row)
    return rows


def _change_text(c: Change | None) -> str:
    if c is None:
        return "no change"
    if c.kind == ADDED:
        return f"added {esc(c.new)}"
    if c.kind == REMOVED:
        return f"removed {esc(c.old)}"
    return f"{c.kind} {esc(c.old)} &rarr; {esc(c.new)}"


def change_summary(changes: Iterable[Change]) -> str:
    counts = Counter(c.kind for c in changes)
    return ", ".join(f"{counts[k]} {k}" for k in (ADDED, UPGRADED, DOWNGRADED, REMOVED))


def channel_cell(entry: CatalogEntry) -> str:
    return esc(entry.channel + (" (LTS)" if entry.lts else ""))


def facts(release: Release, s: Support) -> list[list[str]]:
    """The release's facts; its end of maintenance and basic support are its major's, as the
    lifecycle page shows them (computed where the catalog states none)."""
    e = release.entry
    return [
        ["Apache Airflow", airflow_cell(e.airflow_version)],
        ["Python", esc(release.python_version)],
        ["Python versions offered", esc(", ".join(e.python_versions))],
        ["Debian", esc(release.debian)],
        ["Channel", channel_cell(e)],
        ["Release date", esc(e.release_date)],
        ["End of maintenance", s.end],
        ["End of basic support", esc(s.lifecycle.end_of_basic_support)],
        ["Airflow database migration", DASH if e.airflow_database_migration is None
         else ("yes" if e.airflow_database_migration else "no")],
        ["Yanked", ("yes: " + esc(e.yanked_reason or "no reason given")) if e.yanked else "no"],
        ["Images", esc(", ".join(i.variant for i in release.images))],
    ]


_PACKAGE_HEAD = "| Package | Version | Provider docs |\n| --- | --- | --- |"


def package_table(image: Image, rows: dict[Package, str], here: Here) -> str:
    """An image's full package table. Unlike the small tables its rows
    are not padded: one long new name would otherwise rewrite every row and bury the real change
    in the page's diff.

    `rows` holds the row of each pin already made while rendering (for one `here`): neighbouring
    releases repeat nearly all their pins, so 2,000 releases make thousands of rows, not millions.
    """
    lines = [_PACKAGE_HEAD]
    for p in image.packages:
        row = rows.get(p)
        if row is None:
            docs = link(provider_label(p.key), urls.provider_docs(p.key, p.version)) if p.is_provider else DASH
            row = rows[p] = f"| {package_cell(p.name, p.key, here)} | {esc(p.version)} | {docs} |"
        lines.append(row)
    return "\n".join(lines)


def pins(image: Image) -> str:
    """An image's packages as its constraints file pins them (`name==version`), in the order of
    every package list: the release page's list, which the pages' script makes a table of, each
    name linked to its package's page. A table written into the page cost the site builder most
    of its time at real size (a row and links for each of 300 pins, on every release page)."""
    return "\n".join(f"{p.name}=={p.version}" for p in image.packages)


def variant_rows(standard: Image, image: Image, here: Here) -> list[list[str]]:
    """Where an image differs from the release's standard image (what a diff between them finds):
    each package with both versions, providers first as in every package list."""
    differences = sorted(diff_images(standard, image), key=lambda c: package_order(c.key))
    return [[package_cell(c.name, c.key, here), esc(c.old), esc(c.new)] for c in differences]


@dataclass(frozen=True)
class Neighbours:
    """The releases before and after one in the catalog, and its line."""

    previous: str | None
    next: str | None
    line: str


def neighbours(model: Model, release: Release, s: Support, here: Here) -> Neighbours:
    at = model.position[release.version.text]
    before = model.releases[at - 1] if at > 0 else None
    after = model.releases[at + 1] if at + 1 < len(model.releases) else None
    line = model.line_of[release.version.text]
    return Neighbours(release_cell(before, here) if before else None,
                      release_cell(after, here) if after else None,
                      f"{here.page_link(line.label, 'lifecycle', s.anchor)} ({_count(len(line.releases), 'release')})")


INDEX_HEADERS = ["Runtime", "Status", "Apache Airflow", "Python", "Release date", "Images"]


def index_tables(model: Model, today: dt.date, here: Here) -> tuple[Table, Table]:
    """The final releases and the pre-releases, each newest first: a beta is never the first
    release a reader sees. A final release's status is its major's (the script says it again for
    the reader's day), a yanked one says so first; a pre-release's is its channel."""
    majors = supports(model, today, here)
    final: list[list[str]] = []
    pre: list[list[str]] = []
    for r in reversed(model.releases):
        e = r.entry
        if r.is_prerelease:
            status = f"pre-release ({esc(e.channel)} channel)"
        else:
            status = ("**yanked**, " if e.yanked else "") + majors[r.version.text].badge
        (pre if r.is_prerelease else final).append([
            release_cell(r, here), status, airflow_cell(e.airflow_version), esc(r.python_version),
            esc(e.release_date), esc(", ".join(i.variant for i in r.images))])
    return Table(INDEX_HEADERS, final), Table(INDEX_HEADERS, pre)


def prerelease_cell(model: Model, here: Here) -> str | None:
    """The newest pre-release, where it is newer than every final release, with what it brings."""
    r = newest_prerelease(model)
    if r is None:
        return None
    return f"{release_cell(r, here)} (Airflow {esc(r.entry.airflow_version)}, {esc(r.entry.channel)} channel)"


# --- Package pages ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class PackagePage:
    """Every release and image that ships one package: its versions with their first and last
    release, and the runs of releases that ship the same versions, newest first."""

    name: str
    key: str
    provider: bool
    links: str
    versions: Table
    releases: Table
    current: str
    """The version the newest release that ships it ships (its standard image's, if that has it)."""
    epochs: str
    """What a reader needs to know of versions with an epoch (`1!2.0.0`) among them: "" if none has one."""
    newest: str
    """That release's cell."""


@dataclass(slots=True)
class _Run:
    """Consecutive releases of one line that ship a package at the same versions, from
    `model.releases[oldest]` to `model.releases[newest]` (`oldest` known once the run ends)."""

    versions: tuple[tuple[str, str], ...]  # (variant, version) for each image that ships it
    newest: int
    oldest: int


def epoch_note(versions: Iterable[str | None]) -> str:
    """Why a version such as `1!2.0.0` stands above `6.1.3`, where one of `versions` has an epoch: by
    PEP 440, a version with a higher epoch is newer than every version with a lower one, whatever
    its numbers. Without this, the order reads as a mistake."""
    marked = sorted({v for v in versions if v and "!" in v})
    if not marked:
        return ""
    shown = ", ".join(esc(v) for v in marked[:3]) + (", ..." if len(marked) > 3 else "")
    return (f"**Epochs.** {shown}: the number before `!` is the version's *epoch* (PEP 440). A version "
            "with a higher epoch is newer than every version with a lower one, whatever its other numbers (a "
            "version without one has epoch 0): so it is listed above them, and moving to it is an upgrade.")


def _run_cell(run: _Run, cells: Sequence[str], names: Sequence[str], here: Here) -> str:
    """A run of releases, newest first: each linked when few, else the ends linked and every
    release named one click away, so a release is found by its own name. `cells[n]` is the cell
    of `model.releases[n]`, `names[n]` its version as text."""
    if run.newest - run.oldest < 3:
        return ", ".join(cells[n] for n in range(run.newest, run.oldest - 1, -1))
    every = ", ".join(names[n] for n in range(run.newest, run.oldest - 1, -1))
    return more(f"{cells[run.newest]} back to {cells[run.oldest]}", _count(run.newest - run.oldest + 1, "release"),
                every, here)


@dataclass(frozen=True)
class PackageRuns:
    """What one package's page is made from (`package_runs`): its name as the newest release that
    ships it writes it, and its runs of releases, newest first."""

    name: str
    key: str
    runs: tuple[_Run, ...]


def package_runs(model: Model) -> list[PackageRuns]:
    """The runs of every package any image pins, by PEP 503 name.

    Walks the releases newest first, keeping each image's versions by name up to date from
    what changed since the release after it (a set difference), so the work follows the
    changes and the line boundaries, not every pin of every image. The pages are made from
    these one at a time (`package_page`): all their tables at once took a third of the memory
    of a build at 2,000 releases under churn."""
    runs: dict[str, list[_Run]] = {}
    names: dict[str, str] = {}
    current: dict[str, dict[str, str]] = {}  # variant -> {key: version}, for the release just walked
    seen: dict[str, tuple[Package, ...]] = {}  # variant -> its packages in that release
    opened: dict[str, _Run] = {}  # each package's run that the walk has not yet seen end
    line: object = None
    for at in range(len(model.releases) - 1, -1, -1):
        r = model.releases[at]
        images = {i.variant: i.packages for i in r.images}
        changed: set[str] = set()
        for variant in sorted(images.keys() | seen.keys(), key=variant_order):
            now, before = images.get(variant, ()), seen.get(variant, ())
            if now is before:
                continue
            versions = current.setdefault(variant, {})
            mine = set(before)
            for p in mine.symmetric_difference(now):
                changed.add(p.key)
                if p in mine:
                    if versions.get(p.key) == p.version:
                        del versions[p.key]
                else:
                    versions[p.key] = p.version
                    names.setdefault(p.key, p.name)
        seen = images
        order = [(v, current[v]) for v in sorted(current, key=variant_order)]
        if r.version.line_id != line:  # a new line: every run ends, as runs never span two lines
            line = r.version.line_id
            for key, run in opened.items():
                run.oldest = at + 1
                if key not in changed:  # the same versions as in the release after it
                    opened[key] = _Run(run.versions, at, at)
                    runs[key].append(opened[key])
            boundary = True
        else:
            boundary = False
        for key in changed:
            shipped = tuple([(v, versions[key]) for v, versions in order if key in versions])
            ending = opened.get(key)
            if ending is not None and ending.versions == shipped and not boundary:
                continue
            if ending is not None:
                ending.oldest = at + 1
                del opened[key]
            if shipped:
                opened[key] = _Run(shipped, at, at)
                runs.setdefault(key, []).append(opened[key])
    for run in opened.values():
        run.oldest = 0
    return [PackageRuns(names[key], key, tuple(runs[key])) for key in sorted(runs)]


def package_page(package: PackageRuns, versions: Sequence[str], cells: Sequence[str], names: Sequence[str],
                 here: Here) -> PackagePage:
    """One package's page; `versions` are every version of it any image pins, in PEP 440 order
    (`Model.package_versions`), `cells[n]` the cell of `model.releases[n]`, `names[n]` its version."""
    return _package_page(package.name, package.key, package.runs, cells, names, versions, here)


def _package_page(name: str, key: str, runs: Sequence[_Run], cells: Sequence[str], names: Sequence[str],
                  in_order: Sequence[str], here: Here) -> PackagePage:
    variants = sorted({v for run in runs for v, _ in run.versions}, key=variant_order)
    first_newest: dict[str, tuple[int, int]] = {}
    for run in runs:  # newest first: the first run seen holds a version's newest release
        for _, version in run.versions:
            first_newest[version] = (run.oldest, first_newest.get(version, (0, run.newest))[1])
    ordered = in_order[::-1]
    shown = {v: esc(v) for v in ordered}
    if key.startswith(PROVIDER_PREFIX):  # the provider's docs at each version, as Airflow's docs name it
        label = provider_label(key)
        versions = Table(["Version", "First release", "Newest release", "Provider docs"],
                         [[shown[v], cells[first_newest[v][0]], cells[first_newest[v][1]],
                           link(label, urls.provider_docs(key, v))] for v in ordered])
    else:
        versions = Table(["Version", "First release", "Newest release"],
                         [[shown[v], cells[first_newest[v][0]], cells[first_newest[v][1]]] for v in ordered])
    rows = []
    for run in runs:
        shipped = dict(run.versions)
        rows.append([_run_cell(run, cells, names, here),
                     *[shown[shipped[v]] if v in shipped else DASH for v in variants]])
    releases = Table(["Releases", *[esc(v) for v in variants]], rows)
    provider = key.startswith(PROVIDER_PREFIX)
    links = link("PyPI", urls.pypi(key))
    if provider:
        links += f", {link('provider docs', urls.provider_docs(key))}"
    return PackagePage(name, key, provider, links, versions, releases, shown[runs[0].versions[0][1]],
                       epoch_note(in_order), cells[runs[0].newest])


def packages_index(packages: Sequence[PackageRuns], model: Model, cells: Sequence[str], here: Here) -> Table:
    """A row per package: made from its runs, not its page, so that no page need be made for it."""
    rows = [[package_cell(p.name, p.key, here), "provider" if p.key.startswith(PROVIDER_PREFIX) else "Python package",
             esc(p.runs[0].versions[0][1]), cells[p.runs[0].newest], str(len(model.package_versions[p.key]))]
            for p in packages]
    return Table(["Package", "Kind", "Version in the newest release", "Newest release", "Versions shipped"], rows)
