"""The Docusaurus build of the generated pages (`make docusaurus`), in headless Chromium, served
under the site's base URL as the docs repository's host serves it, and built with its settings.

What Docusaurus changes for the pages' reader tools (reference.js, run by the client module the
generator writes beside it, on every route): React renders and hydrates the pages, navigation swaps them
without a reload, and the provider reference's images are Docusaurus tabs. Expected values come
from the sample checkout's model.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from playwright.sync_api import Locator, Page, Response, expect

from generator.model import Model, Release

from ..browser.conftest import Console
from ..helpers import expected_compare
from .conftest import BUILD, SITE, base_url, skip_unless

pytestmark = skip_unless(BUILD / "index.html", "The Docusaurus build")

# Where the pages are: the docs plugin at routeBasePath `astro` (as in the docs repository), and
# each page's URL from its file's folder and front matter `id`.
ARCHITECTURE = "/astro/runtime-image-architecture"
LIFECYCLE = "/astro/runtime-version-lifecycle-policy"
PROVIDERS = "/astro/runtime-provider-reference"
RELEASES = "/astro/runtime-releases/releases"
COMPARE = "/astro/runtime-releases/runtime-compare"

SORT_MARKS = "⇅↑↓"
DASHES = ("", "–", "-")


def _heading_id(text: str) -> str:
    """The anchor Docusaurus gives a heading (github-slugger): lower case, punctuation but `-`
    dropped, spaces made `-`. `Astro Runtime 3.1-3` -> `astro-runtime-31-3`."""
    return re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")


def _heads(table: Locator) -> list[str]:
    return [h.strip(SORT_MARKS).strip() for h in table.locator("thead th").all_inner_texts()]


def _column(table: Locator, index: int) -> list[str]:
    return [t.strip() for t in table.locator(f"tbody tr:not([hidden]) td:nth-child({index + 1})").all_inner_texts()]


def _releases_table(page: Page) -> Locator:
    page.wait_for_selector("table[data-rt-enhanced]")
    return page.locator("table[data-rt-enhanced]").first


def _same_document(page: Page) -> bool:
    return bool(page.evaluate("window.rtSameDocument === 'kept'"))


def _sidebar(page: Page, label: str) -> Locator:
    return page.locator("nav.menu a.menu__link", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")).first


# ---- Sorting and filtering ----

def test_a_table_sorts(site_page: tuple[Page, Console], docusaurus_url: str, sample_model: Model) -> None:
    page, console = site_page
    page.goto(docusaurus_url + RELEASES)
    table = _releases_table(page)
    index = _heads(table).index("Release date")
    before = _column(table, index)
    assert len(before) == sum(not r.is_prerelease for r in sample_model.releases)  # pre-releases apart
    head = table.locator("thead th").nth(index)
    head.locator("button.rt-sort").click()
    ascending = _column(table, index)
    dated = [d for d in ascending if d not in DASHES]
    assert sorted(ascending) == sorted(before)  # the same rows, reordered
    assert dated == sorted(dated)  # ISO dates: text order is date order
    assert ascending[len(dated):] == [d for d in ascending if d in DASHES]  # undated rows last
    assert head.get_attribute("aria-sort") == "ascending"
    head.locator("button.rt-sort").click()
    assert [d for d in _column(table, index) if d not in DASHES] == sorted(dated, reverse=True)
    assert head.get_attribute("aria-sort") == "descending"
    assert console.errors == []


def test_the_filter_narrows_the_rows(site_page: tuple[Page, Console], docusaurus_url: str,
                                     sample_model: Model) -> None:
    page, console = site_page
    page.goto(docusaurus_url + RELEASES)
    table = _releases_table(page)
    final = [r for r in sample_model.releases if not r.is_prerelease]  # the first table; pre-releases below
    total = len(final)
    page.locator(".rt-filter").first.fill("3.1-")
    expected = sorted(r.version.text for r in final if r.version.text.startswith("3.1-"))
    assert expected
    assert sorted(cell.split(" ")[0] for cell in _column(table, 0)) == expected
    assert page.locator(".rt-count").first.inner_text() == f"{len(expected)} of {total} rows"
    page.locator(".rt-filter").first.fill("")
    assert len(_column(table, 0)) == total
    assert console.errors == []


# ---- The provider reference's image tabs ----

def _two_image_release(model: Model) -> Release:
    """The newest release with a standard and a slim image that pin different packages."""
    for release in reversed(model.releases):
        standard, slim = release.image("standard"), release.image("slim")
        if standard and slim and {p.name for p in standard.packages} != {p.name for p in slim.packages}:
            return release
    raise AssertionError("the sample has no release with different standard and slim images")


def _shown_packages(tabs: Locator) -> list[str]:
    panel = tabs.locator("[role=tabpanel]:not([hidden])")
    assert panel.count() == 1
    # The package's name first in its cell (a link, maybe with others after it).
    return [t.split()[0] for t in panel.locator("tbody tr td:first-child").all_inner_texts() if t.strip()]


def test_image_tabs_switch_between_standard_and_slim(site_page: tuple[Page, Console], docusaurus_url: str,
                                                    sample_model: Model) -> None:
    page, console = site_page
    release = _two_image_release(sample_model)
    standard, slim = release.image("standard"), release.image("slim")
    assert standard is not None and slim is not None
    anchor = _heading_id(f"Astro Runtime {release.version.text}")
    page.goto(f"{docusaurus_url}{PROVIDERS}#{anchor}")
    tabs = page.locator(f"xpath=//h2[@id='{anchor}']/following-sibling::div[contains(@class, 'tabs-container')][1]")
    assert tabs.get_by_role("tab", name="Standard").get_attribute("aria-selected") == "true"
    shown_standard = _shown_packages(tabs)
    assert shown_standard and set(shown_standard) <= {p.name for p in standard.packages}

    tabs.get_by_role("tab", name="Slim").click()
    expect(tabs.get_by_role("tab", name="Slim")).to_have_attribute("aria-selected", "true")
    shown_slim = _shown_packages(tabs)
    assert shown_slim and set(shown_slim) <= {p.name for p in slim.packages}
    assert shown_slim != shown_standard
    page.wait_for_url(re.compile(r"[?&]image=slim\b"))  # `queryString`: the choice is in the address
    # `groupId`: every release's tabs follow the choice.
    other = page.locator("div.tabs-container").filter(has=page.get_by_role("tab", name="Slim")).last
    expect(other.get_by_role("tab", name="Slim")).to_have_attribute("aria-selected", "true")

    page.reload()  # the address alone chooses the tab, once the page is hydrated
    expect(tabs.get_by_role("tab", name="Slim")).to_have_attribute("aria-selected", "true")
    assert _shown_packages(tabs) == shown_slim
    assert console.errors == []


# ---- Compare page ----

def _compare(page: Page, old: str, new: str) -> dict[str, list[list[str]] | str]:
    page.select_option(".rt-compare-from", old)
    page.select_option(".rt-compare-to", new)
    page.wait_for_function(
        "([a, b]) => location.hash === `#from=${encodeURIComponent(a)}&to=${encodeURIComponent(b)}`", arg=[old, new])
    found: dict[str, list[list[str]] | str] = {}
    for section in page.locator(".rt-compare-image").all():
        rows = [[c.strip() for c in row.locator("td").all_inner_texts()][:4]
                for row in section.locator("tbody tr").all()]
        found[str(section.get_attribute("data-variant"))] = rows or section.inner_text().split("\n", 1)[1].strip()
    return found


def test_the_compare_page_computes_a_diff(site_page: tuple[Page, Console], docusaurus_url: str,
                                          sample_model: Model) -> None:
    page, console = site_page
    page.goto(docusaurus_url + COMPARE)
    page.wait_for_selector(".rt-compare-image")
    assert page.locator(".rt-compare-from option").count() == len(sample_model.releases)
    for old, new in [("3.0-3", "3.1-1"), ("3.1-1", "3.1-2"), ("9.17.0", "3.2-1.rc1")]:
        assert _compare(page, old, new) == expected_compare(sample_model, old, new)
        assert page.inner_text(".rt-compare-status").startswith(f"Changes from {old} to {new}: ")
    # Each chosen release links to its page on this site.
    page.locator(".rt-compare-result p a", has_text="3.2-1.rc1").first.click()
    page.wait_for_function("document.querySelector('h1')?.textContent.includes('3.2-1.rc1')")
    assert console.errors == []


def test_the_compare_page_opens_on_the_pair_its_address_names(site_page: tuple[Page, Console],
                                                              docusaurus_url: str) -> None:
    page, console = site_page
    page.goto(f"{docusaurus_url}{COMPARE}#from=3.1-1&to=3.1-2")
    page.wait_for_function("document.querySelector('.rt-compare-status')?.textContent.startsWith('Changes')")
    assert page.input_value(".rt-compare-from") == "3.1-1"
    assert page.input_value(".rt-compare-to") == "3.1-2"
    assert console.errors == []


# ---- Loading and navigating ----

def test_every_kind_of_page_loads_without_console_error(site_page: tuple[Page, Console],
                                                        docusaurus_url: str) -> None:
    """Opened directly, so React hydrates each one: the reader tools must not upset it."""
    page, console = site_page
    page.goto(docusaurus_url + RELEASES)
    href = _releases_table(page).locator("tbody tr td:first-child a").first.get_attribute("href")
    assert href
    release = urljoin(page.url, href).removeprefix(docusaurus_url)  # its route: the link holds the base URL
    assert docusaurus_url + release == urljoin(page.url, href)
    for path in [ARCHITECTURE, LIFECYCLE, PROVIDERS, RELEASES, COMPARE, release, "/"]:
        page.goto(docusaurus_url + path, wait_until="networkidle")
        assert page.locator("h1").count() >= 1, path
        if path in (ARCHITECTURE, LIFECYCLE, RELEASES, release):
            page.wait_for_selector(".rt-tools")
            assert page.locator(".rt-tools").count() == page.locator("div.rt-table").count(), path
    assert console.errors == []


def test_navigation_swaps_pages_without_reloading(site_page: tuple[Page, Console], docusaurus_url: str) -> None:
    """A click on a sidebar link swaps the page in the same document (a value put on `window`
    survives it), and the reader tools are set up on each page it swaps in, once."""
    page, console = site_page
    page.goto(docusaurus_url + ARCHITECTURE, wait_until="networkidle")
    page.wait_for_selector(".rt-tools")
    page.evaluate("window.rtSameDocument = 'kept'")

    _sidebar(page, "Maintenance policy").click()
    page.wait_for_url(re.compile(re.escape(LIFECYCLE) + "$"))
    page.wait_for_selector("table[data-rt-enhanced]")
    assert _same_document(page), "the click reloaded the document"

    _sidebar(page, "Releases").click()
    page.wait_for_url(re.compile(re.escape(RELEASES) + "$"))
    page.wait_for_selector(".rt-filter")
    assert _same_document(page), "the click reloaded the document"

    _sidebar(page, "Compare two releases").click()
    page.wait_for_function("document.querySelector('.rt-compare-status')?.textContent.startsWith('Changes')")
    assert _same_document(page), "the click reloaded the document"

    _sidebar(page, "Provider package reference").click()
    page.wait_for_url(re.compile(re.escape(PROVIDERS) + "$"))
    page.locator("[role=tab]").first.wait_for()
    assert _same_document(page), "the click reloaded the document"

    _sidebar(page, "Architecture").click()  # back to a page set up before: set up again, once
    page.wait_for_url(re.compile(re.escape(ARCHITECTURE) + "$"))
    page.wait_for_selector(".rt-tools")
    assert page.locator(".rt-tools").count() == page.locator("div.rt-table").count()
    assert _same_document(page), "the click reloaded the document"
    assert console.errors == []


# ---- Navigation: every generated page in the sidebar ----

def test_a_release_page_has_the_sidebar_and_breadcrumbs(site_page: tuple[Page, Console], docusaurus_url: str,
                                                        sample_model: Model) -> None:
    page, console = site_page
    release = sample_model.by_version["3.1-2"]
    line = sample_model.line_of[release.version.text]
    page.goto(docusaurus_url + f"/astro/runtime-releases/releases/runtime-release-{release.version.text}")
    active = page.locator("aside nav.menu a[aria-current=page]")
    expect(active).to_have_text(release.version.text)
    crumbs = page.locator("nav[aria-label='Breadcrumbs'] li")
    expect(crumbs).to_have_text([re.compile(".*"), "Releases", line.label, release.version.text])
    assert console.errors == []


def test_the_packages_index_is_in_the_navigation(site_page: tuple[Page, Console], docusaurus_url: str,
                                                 sample_model: Model) -> None:
    page, console = site_page
    page.goto(docusaurus_url + ARCHITECTURE, wait_until="networkidle")
    _sidebar(page, "Packages").click()
    page.wait_for_url(re.compile(r"/astro/runtime-releases/packages$"))
    expect(page.locator("h1")).to_have_text("Packages")
    packages = {p.key for r in sample_model.releases for i in r.images for p in i.packages}
    providers = page.locator("aside nav.menu a.menu__link", has_text=re.compile("^apache-airflow-providers-"))
    expect(providers).to_have_count(len([k for k in packages if k.startswith("apache-airflow-providers-")]))
    assert console.errors == []


# ---- Under the base URL, with the docs repository's settings ----

def test_the_site_works_under_its_base_url(site_page: tuple[Page, Console], docusaurus_origin: str,
                                           docusaurus_url: str) -> None:
    """Every request the pages make stays under the base URL and is answered, the compare page's
    data included, and the links the compare page writes lead under it too."""
    page, console = site_page
    if base_url() != "/":  # the host serves nothing else: a route without the base URL is not found
        assert page.request.get(docusaurus_origin + COMPARE).status == 404
        assert page.request.get(docusaurus_url + COMPARE).status == 200
    answered: list[Response] = []
    page.on("response", lambda response: answered.append(response))
    page.goto(docusaurus_url + COMPARE, wait_until="networkidle")
    page.wait_for_function("document.querySelector('.rt-compare-status')?.textContent.startsWith('Changes')")
    # Docusaurus shows its banner when a page's scripts are not where its baseUrl says.
    assert page.locator("#__docusaurus-base-url-issue-banner-container").count() == 0
    ours = [r for r in answered if r.url.startswith(docusaurus_origin + "/")]
    assert [r.url for r in ours if not urlsplit(r.url).path.startswith(base_url())] == []
    assert [(r.url, r.status) for r in ours if r.status >= 400] == []
    data = [r for r in ours if urlsplit(r.url).path.endswith("/compare.json")]
    assert len(data) == 1 and data[0].ok
    links = page.locator(".rt-compare-result a[href]").evaluate_all("(links) => links.map((a) => a.href)")
    inside = [h for h in links if h.startswith(docusaurus_origin + "/")]
    assert inside and [h for h in inside if not urlsplit(h).path.startswith(base_url())] == []
    assert console.errors == []


def test_the_site_is_built_with_the_docs_repository_settings(docusaurus_build: Path) -> None:
    """Docusaurus as the docs repository's lockfile resolves it, pinned exactly, is what built the
    site; and the settings that decide whether a page builds, and where it is served, are theirs."""
    pinned = json.loads((SITE / "package.json").read_text())["dependencies"]
    installed = json.loads((SITE / "node_modules" / "@docusaurus" / "core" / "package.json").read_text())["version"]
    assert pinned["@docusaurus/core"] == pinned["@docusaurus/preset-classic"] == installed == "3.4.0"
    assert f'<meta name="generator" content="Docusaurus v{installed}">' in (BUILD / "index.html").read_text()
    keys = ["baseUrl", "trailingSlash", "onBrokenLinks", "onBrokenAnchors", "onBrokenMarkdownLinks", "markdown"]
    config = json.loads(subprocess.run(
        ["node", "-p", f"const c = require('./docusaurus.config.js'); JSON.stringify({keys}.map((k) => c[k]))"],
        cwd=SITE, capture_output=True, text=True, check=True, timeout=60).stdout)
    assert dict(zip(keys, config, strict=True)) == {
        "baseUrl": "/docs", "trailingSlash": False, "onBrokenLinks": "throw", "onBrokenAnchors": "throw",
        "onBrokenMarkdownLinks": "throw",
        "markdown": {"mdx1Compat": {"comments": False, "admonitions": False, "headingIds": False}}}


# ---- The provider reference: the hand-written page, the generated sections inside it ----

def test_the_provider_reference_keeps_its_intro_lists_every_release_and_sorts(
        site_page: tuple[Page, Console], docusaurus_url: str, sample_model: Model) -> None:
    """The hand-written page's words stay (its tips, as its file has them), its table of contents
    lists every release of the partial it imports, newest first, and a release's table sorts."""
    page, console = site_page
    page.goto(docusaurus_url + PROVIDERS)
    hand = (SITE / "docs" / "astro" / "runtime-provider-reference.md").read_text()
    tips = page.locator(".theme-admonition-tip")
    expect(tips).to_have_count(hand.count(":::tip"))
    assert "docker run --rm" in hand and "docker run --rm" in tips.nth(1).inner_text()
    toc = [t.strip() for t in page.locator(".table-of-contents a").all_inner_texts()]
    assert toc == [f"Astro Runtime {r.version.text}" for r in reversed(sample_model.releases)]
    table = _releases_table(page)  # the newest release's standard image, sortable
    names = [name.split(" (")[0] for name in _column(table, 0)]
    newest = sample_model.releases[-1].image("standard")
    assert newest and sorted(names) == sorted(p.name for p in newest.packages)
    head = table.locator("thead th").first
    head.locator("button.rt-sort").click()
    head.locator("button.rt-sort").click()
    assert head.get_attribute("aria-sort") == "descending"
    shown = [name.split(" (")[0] for name in _column(table, 0)]
    assert shown == sorted(names, key=str.lower, reverse=True)
    # Set up for good: the tables stay enhanced once React has rendered the tabs again, and the
    # page is then still (the client module runs setup again whenever nodes are added).
    expect(page.locator("table:not([data-rt-enhanced])")).to_have_count(0)
    added = page.evaluate("""() => new Promise((done) => {
      let count = 0;
      new MutationObserver((records) => { records.forEach((r) => { count += r.addedNodes.length; }); })
        .observe(document.body, { childList: true, subtree: true, characterData: true });
      setTimeout(() => done(count), 1000);
    })""")
    assert added == 0
    assert console.errors == []
