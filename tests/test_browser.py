"""End to end in headless Chromium: the built site served on localhost, driven by Playwright.

Debian's `chromium` (installed by `make browser`, which `make test` runs) is
launched through `executable_path`; Playwright never downloads a browser. The
expected values come from the model or the catalog, computed here.
"""

from __future__ import annotations

import functools
import html
import http.server
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from generator.model import Model

from .conftest import PROJECT
from .helpers import expected_changes

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Headless as root in a sandboxed machine with no network: no sandbox, no background traffic.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Debian's chromium is not at {CHROMIUM}: run `make browser` (`make test` does)")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


class Console:
    """Console errors, uncaught exceptions and failed requests seen by a page."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"exception: {e}"))
        # A request cut short by the next navigation (ERR_ABORTED) is not a fault of the page.
        page.on("requestfailed", lambda r: None if "ERR_ABORTED" in (r.failure or "")
                else self.errors.append(f"request failed: {r.url} {r.failure}"))


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


def _column(page: Page, table: str, index: int) -> list[str]:
    cells = page.locator(f"{table} >> tbody tr:not([hidden]) td:nth-child({index + 1})")
    return [t.strip() for t in cells.all_inner_texts()]


def _numbers(cell: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", cell.split(" – ")[0]))


def _provider_table(page: Page) -> str:
    """A selector for the provider matrix: the table after the first opted-in marker of its section."""
    page.wait_for_selector("[data-rt-enhanced]")
    return "#provider-packages ~ .md-typeset__scrollwrap >> nth=0 >> table[data-rt-enhanced]"


def test_provider_matrix_sorts_by_a_column(page: Page, base_url: str, sample_model: Model) -> None:
    page.goto(f"{base_url}/reference/architecture/")
    table = _provider_table(page)
    heads = [h.strip(" ⇅↑↓") for h in page.locator(f"{table} >> thead th").all_inner_texts()]
    index = heads.index("amazon")
    before = _column(page, table, index)
    assert len(before) == len(sample_model.lines)
    page.locator(f"{table} >> thead th").nth(index).locator("button.rt-sort").click()
    ascending = _column(page, table, index)
    present = [c for c in ascending if c != "–"]
    assert sorted(ascending) == sorted(before)  # the same rows, reordered
    assert [_numbers(c) for c in present] == sorted(_numbers(c) for c in present)
    assert ascending[len(present):] == ["–"] * (len(ascending) - len(present))  # lines without amazon last
    assert page.locator(f"{table} >> thead th").nth(index).get_attribute("aria-sort") == "ascending"
    page.locator(f"{table} >> thead th").nth(index).locator("button.rt-sort").click()
    descending = [c for c in _column(page, table, index) if c != "–"]
    assert [_numbers(c) for c in descending] == sorted((_numbers(c) for c in present), reverse=True)


def test_filter_narrows_the_rows(page: Page, base_url: str, sample_model: Model) -> None:
    page.goto(f"{base_url}/reference/releases/")
    page.wait_for_selector(".rt-filter")
    rows = "table[data-rt-enhanced] tbody tr:not([hidden])"
    assert page.locator(rows).count() == len(sample_model.releases)
    page.fill(".rt-filter", "yanked")
    yanked = sorted(r.version.text for r in sample_model.releases if r.entry.yanked)
    shown = sorted(t.split(" ")[0] for t in _column(page, "table[data-rt-enhanced]", 0))
    assert shown == yanked
    assert page.inner_text(".rt-count") == f"{len(yanked)} of {len(sample_model.releases)} rows"
    page.fill(".rt-filter", "3.1- 3.12")  # every word must match
    expected = [r.version.text for r in sample_model.releases if r.version.text.startswith("3.1-")]
    assert sorted(t.split(" ")[0] for t in _column(page, "table[data-rt-enhanced]", 0)) == sorted(expected)
    page.fill(".rt-filter", "")
    assert page.locator(rows).count() == len(sample_model.releases)


def _compare(page: Page, old: str, new: str) -> dict[str, Any]:
    page.select_option(".rt-compare-from", old)
    page.select_option(".rt-compare-to", new)
    page.wait_for_function(
        "([a, b]) => location.hash === `#from=${encodeURIComponent(a)}&to=${encodeURIComponent(b)}`", arg=[old, new])
    found: dict[str, Any] = {}
    for section in page.locator(".rt-compare-image").all():
        variant = section.get_attribute("data-variant")
        rows = [[c.strip() for c in row.locator("td").all_inner_texts()][:4]
                for row in section.locator("tbody tr").all()]
        found[str(variant)] = rows or section.inner_text().split("\n", 1)[1].strip()
    return found


def test_compare_page_shows_the_changes_between_two_releases(page: Page, base_url: str, sample_model: Model) -> None:
    console = Console(page)
    page.goto(f"{base_url}/reference/compare/")
    page.wait_for_selector(".rt-compare-image")
    options = page.locator(".rt-compare-from option").all_inner_texts()
    assert len(options) == len(sample_model.releases)
    assert any(o.startswith("3.0-2 ") and o.endswith("(yanked)") for o in options)
    for old, new in [("3.0-3", "3.1-1"), ("3.0-2", "3.0-3"), ("9.17.0", "3.2-1.rc1"), ("3.1-3", "3.0-1")]:
        got = _compare(page, old, new)
        a, b = sample_model.by_version[old], sample_model.by_version[new]
        variants = {i.variant for i in a.images} | {i.variant for i in b.images}
        assert set(got) == variants
        for variant in variants:
            before, after = a.image(variant), b.image(variant)
            if before is None or after is None:
                missing = old if before is None else new
                assert got[variant] == f"{missing} has no {variant} image: there is nothing to compare with."
            else:
                # The expected Markdown cells as the browser shows them (`&ndash;` is a dash).
                shown = [[html.unescape(cell) for cell in row] for row in expected_changes(before, after)]
                assert got[variant] == (shown or "No package changed.")
    assert console.errors == []


def test_compare_page_links_the_chosen_releases_to_their_pages(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/reference/compare/#from=3.1-1&to=3.1-2")
    page.wait_for_selector(".rt-compare-image")
    page.locator(".rt-compare-result p a", has_text="3.1-2").first.click()
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text().rstrip("¶") == "Astro Runtime 3.1-2"


def test_search_finds_a_provider(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    # Material drops a query typed while its index is still loading in a web worker: wait until ready.
    page.wait_for_function("!document.querySelector('.md-search-result__meta')"
                           ".textContent.includes('Initializing search')")
    page.locator(".md-search__input").press_sequentially("snowflake")  # key by key, as a person types
    page.wait_for_selector(".md-search-result__item")
    results = page.locator(".md-search-result__item").all_inner_texts()
    assert any("snowflake" in r.lower() for r in results), results


def test_tables_work_after_instant_navigation(page: Page, base_url: str) -> None:
    """Material swaps pages without a reload; the tools must be set up on the new page too."""
    page.goto(f"{base_url}/")
    page.locator(".md-nav__link", has_text="Architecture").first.click()
    page.wait_for_url(re.compile(r"/reference/architecture/$"))
    page.wait_for_selector("[data-rt-enhanced]")
    assert page.locator(".rt-filter").count() >= 2
    page.locator(".md-nav__link", has_text="Compare releases").first.click()
    page.wait_for_selector(".rt-compare-image")


def _generated_pages() -> list[str]:
    root = PROJECT / "docs" / "reference"
    urls = []
    for md in sorted(root.rglob("*.md")):
        rel = md.relative_to(PROJECT / "docs").with_suffix("").as_posix()
        urls.append(rel.removesuffix("index") if rel.endswith("index") else rel + "/")
    return urls


def test_every_generated_page_loads_without_console_error(page: Page, base_url: str) -> None:
    console = Console(page)
    pages = _generated_pages()
    assert len(pages) > 100
    for url in pages:
        response = page.goto(f"{base_url}/{url}", wait_until="load")
        assert response is not None and response.status == 200, url
        assert page.locator("h1").count() == 1, url
    assert console.errors == []


def test_screenshots(page: Page, base_url: str, tmp_path: Path) -> None:
    """`make screenshots` keeps these in screenshots/ for a person to look at."""
    out = Path(os.environ.get("SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    shots = {"architecture": "reference/architecture/", "release-3.1-3": "reference/releases/3.1-3/",
             "compare": "reference/compare/#from=3.0-4&to=3.1-1", "lifecycle": "reference/lifecycle/"}
    for name, url in shots.items():
        page.goto(f"{base_url}/{url}")
        page.wait_for_selector(".rt-compare-image" if name == "compare" else "[data-rt-enhanced]")
        page.screenshot(path=str(out / f"{name}.png"), full_page=True)
        data = (out / f"{name}.png").read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 20_000, name
