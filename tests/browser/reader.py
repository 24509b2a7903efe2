"""The reader's questions of issue 19, asked of either site in Chromium: what to run today, going to
a page by name, the releases index, version specifiers on package pages, epochs, phones' table
boxes, collapsed rows, each checked against values computed here from the sample's data files
(metadata/versions.json and each image's build-time-pip-constraints.txt), never from the
generator's cells. The MkDocs tests (tests/browser/test_today.py) and the Docusaurus ones
(tests/docusaurus/test_today.py) call the same checks with their site's addresses (`Site`).
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version
from playwright.sync_api import Page

from ..conftest import SAMPLE
from ..helpers import catalog, image_pins, line_label, major_label, pep503
from ..test_lifecycle import _expected_rows
from .pep440 import wait_for_library
from .status import RUNNING, _when, said, set_day

# Two days the maintained majors differ on: 3.1-x and 3.0-x (ending) on the first, 3.1-x alone on the
# second, a day after the sample's pages were built (the browser must hide a row the build shows).
DAYS = (dt.date(2025, 11, 15), dt.date(2026, 12, 4))


# ---- Where each page is ----

@dataclass(frozen=True)
class Site:
    """A site's pages by address: `root` is where it is served, with no trailing slash."""

    name: str
    root: str
    home: str
    releases: str
    lifecycle: str
    architecture: str
    compare: str
    release_page: Callable[[str], str]
    package_page: Callable[[str], str]

    def release(self, version: str) -> str:
        return self.release_page(version)

    def package(self, key: str) -> str:
        return self.package_page(key)


def mkdocs_site(base: str) -> Site:
    return Site("mkdocs", base, f"{base}/", f"{base}/reference/releases/", f"{base}/reference/lifecycle/",
                f"{base}/reference/architecture/", f"{base}/reference/compare/",
                lambda v: f"{base}/reference/releases/{v}/", lambda k: f"{base}/reference/packages/{k}/")


def docusaurus_site(url: str) -> Site:
    """`url`: the site under its base URL (`http://127.0.0.1:PORT/docs`)."""
    return Site("docusaurus", url, f"{url}/", f"{url}/astro/runtime-releases/releases",
                f"{url}/astro/runtime-version-lifecycle-policy", f"{url}/astro/runtime-image-architecture",
                f"{url}/astro/runtime-releases/runtime-compare",
                lambda v: f"{url}/astro/runtime-releases/releases/runtime-release-{v}",
                lambda k: f"{url}/astro/runtime-releases/packages/runtime-package-{k}")


# ---- What the data says ----

CATALOG = catalog(SAMPLE)
"""Each release's metadata by version, oldest first."""
NEWEST_FIRST = list(reversed(CATALOG))
_FINAL = re.compile(r"\d+\.\d+(?:\.\d+|-\d+)")
VERSION_WORD = re.compile(r"\d+\.\d+(?:\.\d+|-\d+)(?:\.?(?:rc|alpha|beta|a|b|dev)\d*)?")
"""A runtime version as pages write it: 9.17.0, 3.1-3, 3.2-1.rc1."""


def is_prerelease(version: str) -> bool:
    """A version with a tail after its numbers (`.rc1`), or on the alpha or beta channel."""
    return not _FINAL.fullmatch(version) or CATALOG[version].get("channel") in ("alpha", "beta")


@functools.cache
def images(version: str) -> dict[str, dict[str, str]]:
    """Each image of a release by variant: its pins by PEP 503 key."""
    return {variant: {pep503(name): v for name, v in pins.items()}
            for variant, pins in image_pins(SAMPLE, version).items()}


@functools.cache
def package_names() -> dict[str, str]:
    """Every package any image pins: its name as the constraints write it, by PEP 503 key."""
    found: dict[str, str] = {}
    for version in CATALOG:
        for pins in image_pins(SAMPLE, version).values():
            for name in pins:
                found.setdefault(pep503(name), name)
    return dict(sorted(found.items()))


def variant_key(variant: str) -> tuple[bool, str]:
    return variant != "standard", variant


def shipped(key: str, version: str) -> dict[str, str]:
    """The version of the package in each image of the release that ships it."""
    return {variant: pins[key] for variant, pins in sorted(images(version).items(), key=lambda i: variant_key(i[0]))
            if key in pins}


@dataclass(frozen=True)
class Run:
    """Consecutive releases (newest first) of one line that ship the package at the same versions."""

    releases: tuple[str, ...]
    versions: dict[str, str]


def runs(key: str) -> list[Run]:
    """A package page's Releases rows, newest first, from the constraints files alone."""
    found: list[Run] = []
    extending = False  # whether the release just before (newer) opened or extended the last run
    for version in NEWEST_FIRST:
        versions = shipped(key, version)
        if not versions:
            extending = False
            continue
        last = found[-1] if found else None
        if extending and last and last.versions == versions and line_label(last.releases[-1]) == line_label(version):
            found[-1] = Run((*last.releases, version), versions)
        else:
            found.append(Run((version,), versions))
        extending = True
    return found


def package_versions(key: str) -> list[str]:
    """Every version of the package any image ships, newest first by PEP 440."""
    return sorted({v for r in CATALOG for v in shipped(key, r).values()}, key=Version, reverse=True)


def epoch_packages() -> list[str]:
    return [k for k in package_names() if any("!" in v for v in package_versions(k))]


def shown_versions(version: str) -> set[str]:
    """The versions a release page shows: every pin of every image, and both sides of each change
    from the release before it (catalog order)."""
    order = list(CATALOG)
    now = images(version)
    found = {v for pins in now.values() for v in pins.values()}
    at = order.index(version)
    if at:
        before = images(order[at - 1])
        for variant in now.keys() & before.keys():
            a, b = before[variant], now[variant]
            found |= {v for k in a.keys() | b.keys() if a.get(k) != b.get(k) for v in (a.get(k), b.get(k)) if v}
    return found


def epoch_releases() -> list[str]:
    return [v for v in CATALOG if any("!" in s for s in shown_versions(v))]


def matches(spec: str, version: str) -> bool:
    """PEP 440 as pip reads an explicit specifier: pre-releases match."""
    return SpecifierSet(spec).contains(Version(version), prereleases=True)


def running(day: dt.date) -> list[dict[str, str]]:
    """The majors maintained (or ending) on `day`, newest first, by the published policy."""
    return [e for e in reversed(_expected_rows(day)) if e["Status"] in RUNNING]


def run_today(major: str) -> tuple[str, str]:
    """A major's release to run: its newest release that is final, not on the alpha or beta
    channel and not yanked, and that release's Airflow version (versions.json alone)."""
    version = next(v for v in NEWEST_FIRST if major_label(v) == major and not is_prerelease(v)
                   and not CATALOG[v].get("yanked"))
    return version, CATALOG[version]["airflowVersion"]


# ---- In the browser ----

def equal(got: object, want: object, what: str) -> None:
    """`assert got == want`, both in the message: pytest rewrites the asserts of test modules, not
    of this one."""
    assert got == want, f"{what}\n  the page: {got!r}\n  the data: {want!r}"


def words(text: str) -> str:
    return " ".join(text.split())


def frames(page: Page) -> None:
    """Two animation frames: layout and scroll positions settled and painted."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


# The table after the element `selector` names (a heading or a table's marker), wherever the site wraps
# it, and each of its body rows: shown or not, each cell's text, and its links' texts and addresses.
_ROWS_AFTER = """(selector) => {
  const start = document.querySelector(selector);
  if (!start) return null;
  let table = null;
  for (let n = start.nextElementSibling; n && !table; n = n.nextElementSibling) {
    table = n.tagName === 'TABLE' ? n : n.querySelector('table');
  }
  const heads = Array.from(table.tHead.rows[0].cells, (c) => c.textContent.replace(/[⇅↑↓]/g, '').trim());
  return {heads, rows: Array.from(table.tBodies[0].rows, (r) => ({
    shown: r.getClientRects().length > 0,
    cells: Array.from(r.cells, (c) => c.textContent.replace(/\\s+/g, ' ').trim()),
    links: Array.from(r.querySelectorAll('a'), (a) => [a.textContent.trim(), a.href]),
  }))};
}"""


def mkdocs_search(page: Page, base_url: str, word: str) -> None:
    """Type `word` into Material's search on the MkDocs home page, once its index is loaded."""
    page.goto(f"{base_url}/")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.wait_for_function("!document.querySelector('.md-search-result__meta')"
                           ".textContent.includes('Initializing search')")
    page.locator(".md-search__input").press_sequentially(word)


def rows_after(page: Page, selector: str) -> tuple[list[str], list[dict[str, Any]]]:
    got = page.evaluate(_ROWS_AFTER, selector)
    assert got is not None, f"{page.url}: nothing matches {selector}"
    return got["heads"], got["rows"]


# ---- 1. What to run today ----

# The "What to run today" table: each body row, whether it is shown, each cell's text, the first
# link's address; where the table's box and cells are; whether anything in it is cut off.
_TODAY = """() => {
  const table = document.querySelector('table:has(.rt-now)');
  if (!table) return null;
  const box = table.closest('.md-typeset__scrollwrap') || table;
  const edge = Math.min(box.getBoundingClientRect().right, window.innerWidth);
  const cells = Array.from(table.querySelectorAll('th, td')).filter((c) => c.getClientRects().length);
  return {
    rows: Array.from(table.tBodies[0].rows).filter((r) => r.getClientRects().length).map((r) => ({
      cells: Array.from(r.cells, (c) => c.textContent.replace(/\\s+/g, ' ').trim()),
      run: r.cells[1].querySelector('a').href})),
    bottom: table.getBoundingClientRect().bottom,
    cut: [table.scrollWidth - table.clientWidth, box.scrollWidth - box.clientWidth],
    outside: cells.filter((c) => c.getBoundingClientRect().right > edge + 1 || c.getBoundingClientRect().left < -1
                                  || c.scrollWidth > c.clientWidth + 1).map((c) => c.textContent.trim()),
  };
}"""


def check_today(page: Page, site: Site, day: dt.date, *, fold: bool) -> None:
    """The page open in `page` answers "what should I run today" for `day`: a row per major
    maintained (or ending) that day, newest first, its release to run (newest final, stable,
    not yanked) with its Airflow version, its status and its end of maintenance with how far off it
    is; every cell in view at the page's width; with `fold`, the table in the first screen."""
    said(page, ".rt-today")
    assert set(page.locator(".rt-today").all_inner_texts()) == {day.isoformat()}, page.url
    expected = running(day)
    assert expected, day  # the days chosen have a major to run
    got = page.evaluate(_TODAY)
    assert got is not None, f"{page.url}: no What to run today table"
    want = []
    for e in expected:
        version, airflow = run_today(e["Runtime"])
        assert (version, airflow) == (e["Run today"], e["Airflow"])  # two readings of versions.json agree
        end = html.unescape(e["End of maintenance"])
        want.append([e["Runtime"], f"{version} (Airflow {airflow})", e["Status"],
                     f"{end}, {_when(e['End of maintenance'], day, e['later'])}"])
    equal([r["cells"] for r in got["rows"]], want, f"{page.url} on {day}: what to run today")
    equal([r["run"] for r in got["rows"]], [site.release(row[1].split()[0]) for row in want], "links to run")
    assert page.locator(".rt-some-now").is_visible() and not page.locator(".rt-none-now").is_visible()
    size = page.viewport_size or {"width": 0, "height": 0}
    assert got["cut"][0] <= 1 and got["cut"][1] <= 1, f"{page.url} at {size}: the table scrolls sideways {got['cut']}"
    assert got["outside"] == [], f"{page.url} at {size}: cells cut off"
    if fold:
        assert got["bottom"] <= size["height"], f"{page.url} at {size}: the table ends below the fold ({got['bottom']})"


def check_prerelease_line(page: Page, site: Site) -> None:
    """The newest release of the catalog, a pre-release, is named as one, with its Airflow version."""
    newest = next(iter(NEWEST_FIRST))
    assert is_prerelease(newest)  # the sample's newest release is a beta: what the line is for
    meta = CATALOG[newest]
    line = page.locator("p", has_text="Newest pre-release")
    assert line.count() == 1 and line.is_visible(), page.url
    text = words(line.inner_text())
    assert text.startswith(f"Newest pre-release: {newest} (Airflow {meta['airflowVersion']}"), text
    if meta.get("channel"):
        assert f"{meta['channel']} channel" in text, text
    link = line.locator("a", has_text=newest)
    assert urljoin(page.url, link.get_attribute("href") or "") == site.release(newest)


# ---- 2. Going to a page by name ----

def _other_spelling(name: str) -> str:
    """`Apache_Airflow.Providers.Snowflake` for apache-airflow-providers-snowflake: the name as
    PEP 503 takes it, another case, `_` and `.` for `-`."""
    parts = re.split(r"[-_.]+", name)
    return "".join(("" if n == 0 else "_" if n == 1 else ".") + p.capitalize() for n, p in enumerate(parts))


PROVIDER = "apache-airflow-providers-"


def check_resolve_name(page: Page) -> None:
    """`window.runtimeReference.resolveName` over the data's names: every release by its version,
    every package by its name in three spellings, every provider by its short name; a prefix lists
    what it starts or is contained in; a name of nothing finds nothing."""
    page.wait_for_function("() => Boolean(window.runtimeReference && window.runtimeReference.resolveName)")
    releases, keys = NEWEST_FIRST, list(package_names())
    names = package_names()
    cases: dict[str, dict[str, Any]] = {v: {"release": v} for v in releases}
    for key, name in names.items():
        for typed in (name, name.upper().replace("-", "_"), _other_spelling(name), f"  {key}  "):
            cases[typed] = {"package": key}
        short = key.removeprefix(PROVIDER)
        if key.startswith(PROVIDER) and short not in keys:
            cases[short] = {"package": key}
    prefix = next(iter(releases))[:4]  # 3.2-: the releases of a line, typed so far
    for typed in (prefix, "airflow-providers-s", "sql"):
        found = [{"release": r} for r in releases if r.startswith(typed)] + [
            {"package": k} for k in keys if pep503(typed) in k]
        cases[typed] = found[0] if len(found) == 1 else {"found": found}
    nonsense = "no-such-runtime-thing"
    assert not any(nonsense in k for k in keys)
    cases[nonsense] = {"found": []}
    assert any(len(c.get("found", [])) > 1 for c in cases.values())  # a prefix that names several
    got = page.evaluate("([typed, releases, keys]) => typed.map((t) => window.runtimeReference.resolveName("
                        "t, releases, keys))", [list(cases), releases, keys])
    answers = dict(zip(cases, got, strict=True))
    equal({k: v for k, v in answers.items() if v != cases[k]}, {k: v for k, v in cases.items() if v != answers[k]},
          "resolveName")


def check_jump(page: Page, site: Site, start: str, *, every: bool = True) -> None:
    """The box on the page at `start` knows every release and package; a version typed goes to
    that release's page, a package's name in another spelling and a provider's short name to its
    package's page (`every`: else the short name alone); a prefix several names share lists them;
    a name of nothing says so."""
    page.goto(start)
    said(page, ".rt-today")  # the script has run (on Docusaurus, once React has hydrated the page)
    if not page.locator(".rt-jump").count():
        pytest.fail(f"{start}: no box to go to a release or a package by name")
    form = page.locator(".rt-jump-form")
    form.first.wait_for(state="attached")
    assert form.count() == 1
    box = page.locator(".rt-jump")
    equal((box.get_attribute("data-releases") or "").split(), NEWEST_FIRST, "the releases the box knows")
    equal((box.get_attribute("data-packages") or "").split(), list(package_names()), "the packages the box knows")
    snowflake = PROVIDER + "snowflake"
    final = next(v for v in NEWEST_FIRST if not is_prerelease(v))
    name = package_names()[snowflake]
    short, spelled = snowflake.removeprefix(PROVIDER), _other_spelling(name)
    assert spelled == "Apache_Airflow.Providers.Snowflake"  # the spelling the issue names
    goes = {short: (site.package(snowflake), name)}
    if every:
        goes |= {spelled: (site.package(snowflake), name), final: (site.release(final), final)}
    for typed, (url, heading) in goes.items():
        form.locator("input").fill(typed)
        form.locator("button").click()
        page.wait_for_url(url)
        assert heading in page.locator("h1").first.inner_text(), (typed, url)
        page.go_back()
        form.first.wait_for()
    status = page.locator(".rt-jump-status")
    prefix = final[:4]
    several = [v for v in NEWEST_FIRST if v.startswith(prefix)] + [k for k in package_names() if pep503(prefix) in k]
    assert len(several) > 1
    form.locator("input").fill(prefix)
    form.locator("button").click()
    equal(status.inner_text(), f"{len(several)} matches: " + ", ".join(several[:12]) + (
        ", …" if len(several) > 12 else ""), f"{start}: {prefix}")
    hrefs = [urljoin(page.url, a.get_attribute("href") or "") for a in status.locator("a").all()]
    assert hrefs == [site.release(v) if v in CATALOG else site.package(v) for v in several[:12]]
    nonsense = "Flux-Capacitor"
    form.locator("input").fill(f" {nonsense} ")
    form.locator("button").click()
    equal(status.inner_text(), f"No release or package is named \u201c{nonsense}\u201d.", f"{start}: {nonsense}")
    assert page.url == start


# ---- 3. The releases index ----

def check_releases_index(page: Page, site: Site, day: dt.date) -> None:
    """"Releases": every release but the pre-releases, newest first, each with its major's status on
    `day` and yanked ones marked so; "Pre-releases": exactly the pre-releases."""
    said(page, ".rt-today")
    status = {e["Runtime"]: e["Status"] for e in _expected_rows(day)}
    _, rows = rows_after(page, "h2#releases")
    got = [(r["cells"][0], r["cells"][1]) for r in rows]
    want = []
    for v in NEWEST_FIRST:
        if is_prerelease(v):
            continue
        yanked = bool(CATALOG[v].get("yanked"))
        want.append((v + (" (yanked)" if yanked else ""), ("yanked, " if yanked else "") + status[major_label(v)]))
    equal(got, want, f"{page.url} on {day}: Releases (Runtime, Status)")
    assert all(r["shown"] for r in rows)
    _, pre = rows_after(page, "h2#pre-releases")
    equal([r["cells"][0] for r in pre], [v for v in NEWEST_FIRST if is_prerelease(v)], f"{page.url}: Pre-releases")
    for r in pre:
        channel = CATALOG[r["cells"][0]].get("channel")
        assert r["cells"][1] == "pre-release" + (f" ({channel} channel)" if channel else ""), r


# ---- 4. Version specifiers on package pages ----

def _versions_filter(page: Page, which: str) -> Any:
    return page.locator(f'.rt-table[data-versions="{which}"] .rt-filter')


def _count(page: Page, which: str) -> str:
    return page.locator(f'.rt-table[data-versions="{which}"] .rt-count').inner_text()


def check_library_agrees(page: Page, key: str, specs: list[str]) -> None:
    """The precondition of the checks below: on this package's versions, the browser's PEP 440
    library and `packaging` give the same answer to each specifier (tests/browser/pep440.py lists
    where they differ; a specifier that meets a difference is the wrong one to check the page with)."""
    wait_for_library(page)
    versions = package_versions(key)
    got = page.evaluate("([vs, ss]) => ss.map((s) => vs.map((v) => window.runtimePep440.satisfies(v, s)))",
                        [versions, specs])
    for spec, answers in zip(specs, got, strict=True):
        differ = [v for v, ok in zip(versions, answers, strict=True) if ok != matches(spec, v)]
        assert not differ, f"{key}: the library and packaging differ on {spec} for {differ}: pick another specifier"


def check_specifiers(page: Page, site: Site, key: str, specs: list[str]) -> None:
    """On the package's page, each specifier typed in the Releases table's filter keeps exactly the
    rows that ship a matching version in some image, and the answer under it lists every release and
    image that does, by line; typed in the Versions table's filter, it keeps the matching versions."""
    page.goto(site.package(key))
    _versions_filter(page, "rest").wait_for()
    check_library_agrees(page, key, specs)
    all_runs = runs(key)
    variants = sorted({v for run in all_runs for v in run.versions}, key=variant_key)
    everything = package_versions(key)
    for spec in specs:
        _versions_filter(page, "rest").fill(spec)
        heads, rows = rows_after(page, '.rt-table[data-versions="rest"]')
        equal(heads, ["Releases", *variants], f"{key}: Releases heads")
        assert len(rows) == len(all_runs)
        kept = [run for run in all_runs if any(matches(spec, v) for v in run.versions.values())]
        shown = [(tuple(dict.fromkeys(VERSION_WORD.findall(r["cells"][0]))),
                  {h: c for h, c in zip(heads[1:], r["cells"][1:], strict=True) if c != "–"})
                 for r in rows if r["shown"]]
        equal([(sorted(releases), versions) for releases, versions in shown],
              [(sorted(run.releases), run.versions) for run in kept], f"{key}: Releases rows kept by {spec}")
        equal(_count(page, "rest"), f"{len(kept)} of {len(all_runs)} rows ship a version {spec}", key)
        lines: dict[str, tuple[list[str], list[str]]] = {}
        for run in kept:
            releases, hits = lines.setdefault(line_label(run.releases[0]), ([], []))
            releases.extend(run.releases)
            hits.extend(h for variant in variants if (v := run.versions.get(variant)) and matches(spec, v)
                        and (h := f"{variant} {v}") not in hits)
        result = page.locator('.rt-table[data-versions="rest"] .rt-spec-result')
        assert result.is_visible()
        if kept:
            assert result.locator("p").inner_text() == f"Releases that ship a version {spec}, by line:"
            equal(result.locator("li").all_inner_texts(), [f"{line}: {', '.join(releases)} ({'; '.join(hits)})"
                                                           for line, (releases, hits) in lines.items()],
                  f"{key}: the releases that ship {spec}, by line")
        else:
            assert result.inner_text() == f"No release ships a version {spec}."
        # The Versions table: the versions the specifier admits, with their first and newest release.
        _versions_filter(page, "first").fill(spec)
        heads, rows = rows_after(page, '.rt-table[data-versions="first"]')
        assert heads[:3] == ["Version", "First release", "Newest release"]
        wanted = [v for v in everything if matches(spec, v)]
        with_it = {v: [r for r in CATALOG if v in shipped(key, r).values()] for v in wanted}
        equal([[c.removesuffix(" (yanked)") for c in r["cells"][:3]] for r in rows if r["shown"]],
              [[v, with_it[v][0], with_it[v][-1]] for v in wanted], f"{key}: Versions rows kept by {spec}")
        equal(_count(page, "first"), f"{len(wanted)} of {len(everything)} rows ship a version {spec}", key)
    for which in ("rest", "first"):
        _versions_filter(page, which).fill("")
        assert all(r["shown"] for r in rows_after(page, f'.rt-table[data-versions="{which}"]')[1])
    assert page.locator(".rt-spec-result").is_hidden()


# ---- 5. Epochs ----

def epoch_note_problem(page: Page, url: str, epochs: list[str]) -> str | None:
    """Whether the page explains epochs where it shows a version with one (`epochs`; none: no note)."""
    page.goto(url, wait_until="domcontentloaded")
    note = page.locator("p", has=page.locator("strong", has_text=re.compile(r"^Epochs\.$")))
    if not epochs:
        return None if note.count() == 0 else f"{url} shows no epoch and explains epochs"
    if note.count() != 1 or not note.is_visible():
        return f"{url} shows {epochs} and does not explain epochs"
    text = words(note.inner_text())
    return None if all(v in text for v in epochs[:3]) and "PEP 440" in text else f"{url}: {text}"


def check_epochs(page: Page, site: Site, *, every: bool) -> None:
    """The epoch note on the pages that show a version with an epoch (`every`: all of them, else
    one package page and one release page) and not on a package and a release page without one."""
    packages, releases = epoch_packages(), epoch_releases()
    assert packages and releases
    if not every:
        packages, releases = packages[:1], releases[-1:]
    problems = [epoch_note_problem(page, site.package(key), [v for v in package_versions(key) if "!" in v])
                for key in [*packages, PROVIDER + "snowflake"]]
    problems += [epoch_note_problem(page, site.release(v), sorted(e for e in shown_versions(v) if "!" in e))
                 for v in [*releases, NEWEST_FIRST[0]]]
    equal([p for p in problems if p], [], "pages that show an epoch and do not explain it, or the reverse")


# ---- 6. Table boxes on a phone ----

# Each table with a key column (`data-rt-key`), scrolled to its start and to its end: where its
# key cells are against the part of its box in view, whether each one in the window is on top, and
# whether each row's label (its first cell's first line) can be seen beside it.
_KEYS = """async () => {
  const frames = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const found = [];
  for (const table of document.querySelectorAll('table[data-rt-key]')) {
    if (!table.getClientRects().length) continue;
    const box = table.closest('.md-typeset__scrollwrap, .rt-box') || table;
    box.scrollIntoView({block: 'start'});
    window.scrollBy(0, -80);
    const head = table.tHead.rows[0].querySelector('.rt-key');
    const item = {key: head ? head.textContent.replace(/[⇅↑↓]/g, '').trim() : null, at: []};
    for (const end of [false, true]) {
      box.scrollLeft = end ? box.scrollWidth : 0;
      await frames();
      const b = box.getBoundingClientRect();
      const left = Math.max(b.left, 0), right = Math.min(b.right, window.innerWidth);
      const seen = (r) => r.top >= 120 && r.bottom <= window.innerHeight && r.top >= b.top && r.bottom <= b.bottom;
      const cells = Array.from(table.querySelectorAll('.rt-key'));
      const out = cells.map((c) => c.getBoundingClientRect())
        .filter((r) => r.left < left - 1 || r.right > right + 1).map((r) => [r.left, r.right]);
      const under = cells.filter((c) => {
        const r = c.getBoundingClientRect();
        return seen(r) && !c.contains(document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2));
      }).map((c) => c.textContent.trim());
      const hidden = end ? [] : Array.from(table.tBodies[0].rows).filter((row) => {
        const label = row.cells[0], walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
        let r = null;
        while (!r && walker.nextNode()) {
          const range = document.createRange();
          range.selectNodeContents(walker.currentNode);
          if (walker.currentNode.nodeValue.trim()) r = range.getClientRects()[0] || null;
        }
        return r && seen(r) && !label.contains(document.elementFromPoint(r.left + 3, (r.top + r.bottom) / 2));
      }).map((row) => row.cells[0].textContent.trim().slice(0, 40));
      item.at.push({end, box: [left, right], out, under, hidden, cells: cells.length});
    }
    box.scrollLeft = 0;
    found.push(item);
  }
  return found;
}"""


def key_column_problems(page: Page, url: str, key: str) -> list[str]:
    """On a phone, the column a row is read for (`key`: "To", the version a change goes to;
    "Reason", why a release was yanked) stays wholly in view and on top in its box, scrolled to its
    start or to its end, and leaves the row's label in view beside it: what is not so."""
    page.goto(url)
    page.locator("table[data-rt-key]").first.wait_for()
    frames(page)
    tables = page.evaluate(_KEYS)
    assert tables and {t["key"] for t in tables} == {key}, (url, tables)
    problems = []
    for t in tables:
        for at in t["at"]:
            where = "end" if at["end"] else "start"
            assert at["cells"] > 1
            if at["out"]:
                problems.append(f"{url}: scrolled to its {where}, {key} cells out of {at['box']}: {at['out']}")
            if at["under"]:
                problems.append(f"{url}: scrolled to its {where}, {key} cells covered: {at['under']}")
            if at["hidden"]:
                problems.append(f"{url}: the {key} column covers the rows' labels {at['hidden']}")
    return problems


# Every table box of the article: what it hides (columns right of its edge, rows below it, from the
# cells' boxes) and what its cue says, at its start, scrolled to its right end and to its bottom.
_CUES = """async () => {
  const frames = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  await document.fonts.ready;
  const found = [];
  for (const table of document.querySelectorAll('article table')) {
    if (!table.getClientRects().length || !table.tHead || !table.tBodies.length) continue;
    const box = table.closest('.md-typeset__scrollwrap, .rt-box') || table;
    const heads = Array.from(table.tHead.rows[0].cells).filter((c) => c.getBoundingClientRect().width > 0);
    const item = {heads: heads.map((h) => h.textContent.replace(/[⇅↑↓]/g, '').trim()).join(' | '), at: []};
    for (const [x, y] of [[0, 0], [box.scrollWidth, 0], [0, box.scrollHeight]]) {
      box.scrollLeft = x;
      box.scrollTop = y;
      await frames();
      const b = box.getBoundingClientRect(), right = Math.min(b.right, window.innerWidth);
      const next = box.nextElementSibling, cue = next && next.classList.contains('rt-cue') ? next : null;
      item.at.push({where: [x, y], columns: heads.filter((h) => h.getBoundingClientRect().right > right + 1).length,
        rows: Array.from(table.tBodies[0].rows)
          .filter((r) => r.getClientRects().length && r.getBoundingClientRect().bottom > b.bottom + 1).length,
        cue: cue && cue.getClientRects().length ? cue.textContent : null});
    }
    box.scrollLeft = 0;
    box.scrollTop = 0;
    found.push(item);
  }
  return found;
}"""


def _said(cue: str | None, what: str) -> int:
    m = re.search(rf"(\d+) more {what}s?\b", cue or "")
    return int(m[1]) if m else 0


def cue_problems(page: Page, url: str) -> tuple[list[str], list[str]]:
    """Under every table box that hides columns to its right or rows below its edge, a cue in view
    that counts them, updated as the box scrolls; none under a box that hides nothing. Returns the
    boxes found hiding something (the page was a test of the cues), and what is wrong."""
    page.goto(url)
    page.locator("table[data-rt-enhanced]").first.wait_for()
    frames(page)
    hiding: list[str] = []
    wrong: list[str] = []
    size = page.viewport_size or {"width": 0, "height": 0}
    for t in page.evaluate(_CUES):
        for at in t["at"]:
            said_now = (_said(at["cue"], "column"), _said(at["cue"], "row"))
            if (at["columns"], at["rows"]) != said_now or (at["cue"] is not None) != bool(at["columns"] or at["rows"]):
                wrong.append(f"{url} at {size['width']}x{size['height']}: {t['heads']} scrolled to "
                             f"{at['where']}: hides {at['columns']} columns and {at['rows']} rows, the cue says "
                             f"{at['cue']!r}")
            if at["columns"] or at["rows"]:
                hiding.append(t["heads"])
    return hiding, wrong


def check_cues(page: Page, site: Site) -> None:
    """`cue_problems` on the pages with the widest tables, the most pins and the longest lists: some
    box hides something at either size (the cues were put to the test), and no cue is wrong."""
    hiding: list[str] = []
    wrong: list[str] = []
    for url in (site.release(widest_change()), site.release(most_pins()), site.lifecycle,
                site.package("apache-airflow-providers-snowflake"), site.releases, compared(site)):
        found, problems = cue_problems(page, url)
        hiding, wrong = hiding + found, wrong + problems
    assert hiding, "no table box hides anything: the cues were not put to the test"
    equal(wrong, [], "table boxes whose cue is wrong")


# ---- 7. Collapsed rows name their members ----

def open_details(details: Any) -> None:
    """Open a collapsed row as a reader does, from the keyboard: a click can land on the summary
    of another row while the box scrolls it into view."""
    details.locator("summary").focus()
    details.locator("summary").press("Enter")
    assert details.evaluate("(d) => d.open")


def longest_run_package() -> str:
    """The package with the longest run of releases in one row of its page."""
    return max(package_names(), key=lambda k: (max(len(r.releases) for r in runs(k)), k))


def check_runs_named(page: Page, site: Site, key: str) -> None:
    """Each row of the package's Releases table names every release of its run in the page's text
    (what find-in-page and the filter search), and a collapsed row, once opened, on screen."""
    page.goto(site.package(key))
    _versions_filter(page, "rest").wait_for()
    _, rows = rows_after(page, '.rt-table[data-versions="rest"]')
    expected = runs(key)
    equal([sorted(set(VERSION_WORD.findall(r["cells"][0]))) for r in rows], [sorted(r.releases) for r in expected],
          f"{key}: each row's releases in the page's text")
    collapsed = page.locator("xpath=//div[@data-versions='rest']/following::table[1]"
                             "//details[contains(@class, 'rt-more')]")
    assert collapsed.count() >= 1, f"{key}: no collapsed row"
    by_newest = {r.releases[0]: r for r in expected}
    for n in range(collapsed.count()):
        details = collapsed.nth(n)
        cell = details.locator("xpath=ancestor::td[1]")
        assert not set(by_newest[VERSION_WORD.findall(cell.inner_text())[0]].releases) <= set(
            VERSION_WORD.findall(cell.inner_text())), f"{key}: nothing is collapsed"
        open_details(details)
        shown = VERSION_WORD.findall(cell.inner_text())
        equal(sorted(set(shown)), sorted(by_newest[shown[0]].releases), f"{key}: a collapsed row, opened")


def check_lines_named(page: Page, site: Site) -> None:
    """The architecture page's system table lists every line by its own name, once, in the row of
    the base image its newest release's Dockerfile names; the parity table names every line too,
    in its text and, once its collapsed rows are opened, on screen."""
    page.goto(site.architecture)
    page.locator("table").first.wait_for()
    lines: dict[str, str] = {}
    for version in CATALOG:  # oldest first: the newest release of each line last
        lines[line_label(version)] = version
    base = {}
    for line, version in lines.items():
        dockerfile = (SAMPLE / version / "Dockerfile").read_text()
        python = re.search(r'ARG PYTHON_MAJOR_MINOR_VERSION="([^"]+)"', dockerfile)
        debian = re.search(r'ARG DEBIAN_CODENAME="([^"]+)"', dockerfile)
        assert python and debian, version
        base[line] = f"python:{python[1]}-slim-{debian[1]}"
    tables = page.evaluate("""() => Array.from(document.querySelectorAll('article table'), (t) => ({
      heads: Array.from(t.tHead.rows[0].cells, (c) => c.textContent.replace(/[⇅↑↓]/g, '').trim()),
      rows: Array.from(t.tBodies[0].rows, (r) => Array.from(r.cells,
        (c) => c.textContent.replace(/\\s+/g, ' ').trim())),
    }))""")
    system = [t for t in tables if t["heads"][:1] == ["Runtime lines"] and "Base image" in t["heads"]]
    assert system, "no system dependencies table"
    listed = [(name, row[system[0]["heads"].index("Base image")]) for t in system for row in t["rows"]
              for name in re.findall(r"\d+\.\d+[.-]x", row[0])]
    equal(sorted(listed), sorted(base.items()), "system table: each line and its base image")
    # The parity table: a major of several lines is one row, its lines one click away, each named.
    majors: dict[str, set[str]] = {}
    for line, version in lines.items():
        majors.setdefault(major_label(version), set()).add(line)
    details = page.locator("article table details.rt-more")
    assert details.count() == sum(len(ls) > 1 for m, ls in majors.items() if m.startswith("Runtime "))
    for n in range(details.count()):
        open_details(details.nth(n))
    cells = page.evaluate("""() => Array.from(document.querySelectorAll('article table'))
      .filter((t) => /^Runtime\\s*Apache Airflow/.test(t.tHead.rows[0].textContent.replace(/[⇅↑↓]/g, '').trim()))
      .flatMap((t) => Array.from(t.tBodies[0].rows, (r) => r.cells[0].innerText))""")
    shown = {m[0]: set(re.findall(r"\d+\.\d+[.-]x", cell)) for cell in cells
             if (m := re.match(r"Runtime \d+", cell)) and "\n" in cell.strip()}
    equal(shown, {m: ls for m, ls in majors.items() if m.startswith("Runtime ") and len(ls) > 1},
          "parity table: each major's lines, opened")


# ---- Shared by the day-parametrized tests ----

def open_on(page: Page, url: str, day: dt.date) -> None:
    set_day(page, day)
    page.goto(url)


def epoch_package() -> str:
    """A package with a version that has an epoch (`1!2.0.0`), and one that `~=6.1` admits."""
    return next(k for k in epoch_packages() if any(matches("~=6.1", v) for v in package_versions(k)))


def specifier_cases() -> dict[str, list[str]]:
    """The specifiers typed on each package page: the issue's three, one that matches nothing, and
    for apache-airflow (2.x and 3.x, each with a local label) two that match some of its versions.
    `>=99` admits the epoch package's 1!2.0.0 alone. Each agrees in both PEP 440 implementations on
    the package's versions (`check_library_agrees` asserts it): no exclusive `<V`/`>V` whose V has
    the release segment of a shipped version (tests/browser/pep440.py, difference 1)."""
    return {"apache-airflow-providers-snowflake": [">=5", "~=6.1", "<4", ">=99"],
            "apache-airflow": ["<4", "~=2.7.0", "==3.1.*", ">=5", "~=6.1"],
            epoch_package(): [">=5", "~=6.1", "<4", ">=99", "<0.1"]}


def widest_change() -> str:
    """The release whose standard image changes the most packages since the release before it."""
    order = list(CATALOG)

    def changed(at: int) -> int:
        a, b = images(order[at - 1])["standard"], images(order[at])["standard"]
        return sum(a.get(k) != b.get(k) for k in a.keys() | b.keys())
    return order[max(range(1, len(order)), key=changed)]


def compared(site: Site) -> str:
    """The compare page, opened on the release that changes the most and the release before it."""
    order = list(CATALOG)
    new = widest_change()
    return f"{site.compare}#from={order[order.index(new) - 1]}&to={new}"


def most_pins() -> str:
    """The release whose standard image pins the most packages (the oldest of those)."""
    return max(CATALOG, key=lambda v: len(images(v)["standard"]))
