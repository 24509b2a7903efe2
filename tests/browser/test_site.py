"""End to end in headless Chromium: the built site served on localhost, driven by Playwright.

The expected values come from the model of the sample checkout, computed here; the
layout is checked on a laptop (1400x1000) and a phone (390x844) screen.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from packaging.version import Version
from playwright.sync_api import Page

from generator.lifecycle import ENDED, ENDING, MAINTAINED, PRERELEASE
from generator.model import Image, Model, Release

from ..conftest import PROJECT
from ..helpers import expected_compare
from .conftest import PHONE, Console

SORT_MARKS = "⇅↑↓"


def _column(page: Page, table: str, index: int) -> list[str]:
    cells = page.locator(f"{table} >> tbody tr:not([hidden]) td:nth-child({index + 1})")
    return [t.strip() for t in cells.all_inner_texts()]


def _numbers(cell: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", cell.split(" – ")[0]))


def _heads(page: Page, table: str) -> list[str]:
    return [h.strip(SORT_MARKS).strip() for h in page.locator(f"{table} >> thead th").all_inner_texts()]


def _provider_table(page: Page) -> str:
    """A selector for the provider matrix of the Airflow 2 era (the larger): the first table after
    that era's heading in the provider section."""
    page.wait_for_selector("[data-rt-enhanced]")
    return ("xpath=//h2[@id='provider-packages']/following::h3[starts-with(normalize-space(), "
            "'Airflow 2 era')][1]/following::table[1]")


def _era_lines(model: Model, scheme: str) -> list[str]:
    return [line.label for line in model.lines if line.first.version.scheme == scheme]


def _wait_for_layout(page: Page) -> None:
    """Two animation frames: scroll offsets and sticky positions have been laid out and painted."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


# ---- Sorting, filtering, search ----

def test_provider_matrix_sorts_by_a_column(page: Page, base_url: str, sample_model: Model) -> None:
    page.goto(f"{base_url}/reference/architecture/")
    table = _provider_table(page)
    index = _heads(page, table).index("amazon")
    before = _column(page, table, index)
    assert len(before) == len(_era_lines(sample_model, "semver"))
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
    final = [r for r in sample_model.releases if not r.is_prerelease]  # the first table; pre-releases below
    table = "table[data-rt-enhanced] >> nth=0"
    rows = f"{table} >> tbody tr:not([hidden])"
    assert page.locator(rows).count() == len(final)
    page.locator(".rt-filter").first.fill("yanked")
    yanked = sorted(r.version.text for r in final if r.entry.yanked)
    shown = sorted(t.split(" ")[0] for t in _column(page, table, 0))
    assert shown == yanked
    assert page.locator(".rt-count").first.inner_text() == f"{len(yanked)} of {len(final)} rows"
    page.locator(".rt-filter").first.fill("3.1- 3.12")  # every word must match
    expected = [r.version.text for r in final if r.version.text.startswith("3.1-")]
    assert sorted(t.split(" ")[0] for t in _column(page, table, 0)) == sorted(expected)
    page.locator(".rt-filter").first.fill("")
    assert page.locator(rows).count() == len(final)


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


# ---- Compare page ----

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


def _changed_keys(before: Image, after: Image) -> set[str]:
    a = {p.key: Version(p.version) for p in before.packages}
    b = {p.key: Version(p.version) for p in after.packages}
    return {k for k in set(a) | set(b) if a.get(k) != b.get(k)}


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _what_is_shown(a: Release, b: Release) -> str:
    """The compare page's status line for releases a and b, from the model."""
    variants = sorted({i.variant for i in a.images} | {i.variant for i in b.images},
                      key=lambda v: (v != "standard", v))
    both = [v for v in variants if a.image(v) and b.image(v)]
    changed: set[str] = set()
    for v in both:
        before, after = a.image(v), b.image(v)
        assert before is not None and after is not None
        changed |= _changed_keys(before, after)
    only = "".join(f" {v[0].upper() + v[1:]} image only in {(a if a.image(v) else b).version.text}."
                   for v in variants if v not in both)
    return (f"Changes from {a.version.text} to {b.version.text}: {_count(len(both), 'image', 'images')}, "
            f"{_count(len(changed), 'package changed', 'packages changed')}.{only}")


def _visible_text(page: Page) -> str:
    return str(page.evaluate("document.body.innerText"))


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
        assert got == expected_compare(sample_model, old, new)
        assert page.inner_text(".rt-compare-status") == _what_is_shown(a, b)
    assert console.errors == []


@pytest.mark.parametrize("name", ["constructor", "toString", "__proto__"])
def test_compare_page_takes_image_names_that_every_object_has(page: Page, base_url: str, site: Path,
                                                               name: str) -> None:
    """An image named like a property every JavaScript object has is an image like any other."""
    data = json.loads((site / "reference" / "compare.json").read_text())
    newest = data["releases"][-1]
    newest["images"][name] = newest["images"]["standard"]
    page.route("**/compare.json", lambda route: route.fulfill(body=json.dumps(data), content_type="application/json"))
    console = Console(page)
    page.goto(f"{base_url}/reference/compare/#from={data['releases'][-2]['version']}&to={newest['version']}")
    section = page.locator(f'.rt-compare-image[data-variant="{name}"]')
    section.wait_for()
    assert "has no " + name + " image: there is nothing to compare with" in section.inner_text()
    assert console.errors == []


def test_compare_page_says_what_it_shows(laptop: Page, base_url: str, sample_model: Model) -> None:
    page = laptop
    newest, before = sample_model.releases[-1], sample_model.releases[-2]
    page.goto(f"{base_url}/reference/compare/")
    status = page.locator(".rt-compare-status")
    page.wait_for_function("document.querySelector('.rt-compare-status').textContent.startsWith('Changes')")
    # With no release in the address: the newest release and the one before it.
    assert status.inner_text() == _what_is_shown(before, newest)
    assert status.is_visible()
    text = _visible_text(page)
    assert "Loading" not in text and "needs JavaScript" not in text  # the note for readers without scripts
    # The drop-downs: one group per line, newest first, labelled as the pages label lines.
    groups = page.eval_on_selector_all(
        ".rt-compare-from optgroup",
        "gs => gs.map(g => [g.label, Array.from(g.children, o => o.value)])")
    assert groups == [[line.label, [r.version.text for r in reversed(line.releases)]]
                      for line in reversed(sample_model.lines)]
    assert page.eval_on_selector(".rt-compare-to", "s => s.querySelectorAll('optgroup').length") == len(groups)


def test_compare_page_names_a_release_it_does_not_know(laptop: Page, base_url: str, sample_model: Model) -> None:
    page = laptop
    unknown = "9.99.9"
    assert unknown not in sample_model.by_version
    versions = [r.version.text for r in sample_model.releases]
    known = versions[len(versions) // 2]
    page.goto(f"{base_url}/reference/compare/#from={unknown}&to={known}")
    page.wait_for_function("document.querySelector('.rt-compare-status').textContent.includes('Changes')")
    # In place of the unknown release: the release before the known one.
    instead = versions[versions.index(known) - 1]
    assert page.input_value(".rt-compare-from") == instead
    assert page.input_value(".rt-compare-to") == known
    assert page.inner_text(".rt-compare-status") == (
        f"The address names {unknown}, which is not a release in the catalog. "
        + _what_is_shown(sample_model.by_version[instead], sample_model.by_version[known]))
    # Picking another release drops the notice.
    _compare(page, versions[0], known)
    assert page.inner_text(".rt-compare-status") == _what_is_shown(sample_model.releases[0],
                                                                  sample_model.by_version[known])


def test_compare_page_without_javascript_says_what_to_do(no_script: Page, base_url: str) -> None:
    page = no_script
    page.goto(f"{base_url}/reference/compare/")
    assert "The comparison needs JavaScript" in _visible_text(page)
    assert page.locator("noscript p").is_visible()
    assert page.locator("article a", has_text="release page").get_attribute("href") == "../releases/"
    assert not page.locator(".rt-compare").is_visible()  # no empty drop-downs, no "Loading" for ever


def test_compare_page_opened_from_a_file_says_how_to_serve_it(laptop: Page, site: Path) -> None:
    page = laptop
    page.goto((site / "reference" / "compare" / "index.html").as_uri())
    status = page.locator(".rt-compare-status")
    page.wait_for_function("document.querySelector('.rt-compare-status').textContent.includes('http.server')",
                           timeout=5_000)
    assert "python -m http.server -d site" in status.inner_text() and "make serve" in status.inner_text()
    assert status.is_visible() and not page.locator(".rt-compare-pickers").is_visible()


def test_compare_page_links_the_chosen_releases_to_their_pages(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/reference/compare/#from=3.1-1&to=3.1-2")
    page.wait_for_selector(".rt-compare-image")
    page.locator(".rt-compare-result p a", has_text="3.1-2").first.click()
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text().rstrip("¶") == "Astro Runtime 3.1-2"


# ---- Instant navigation ----

def test_navigation_swaps_pages_without_reloading(published: tuple[Page, str]) -> None:
    """Material's instant navigation: a click on a link of the site swaps the page in the same
    document (a value put on `window` survives it), and the tools are set up on the new page."""
    page, address = published
    # Until its sitemap is loaded, Material lets a click reload the page: wait for the network to settle.
    page.goto(f"{address}/", wait_until="networkidle")
    page.evaluate("window.rtSameDocument = 'kept'")
    page.locator(".md-nav__link", has_text="Architecture").first.click()
    page.wait_for_url(re.compile(r"/reference/architecture/$"))
    page.wait_for_selector("[data-rt-enhanced]")
    assert page.evaluate("window.rtSameDocument") == "kept", "the click reloaded the document"
    assert page.locator(".rt-filter").count() >= 2
    page.locator(".md-nav__link", has_text="Compare releases").first.click()
    page.wait_for_function("document.querySelector('.rt-compare-status')?.textContent.startsWith('Changes')")
    assert page.evaluate("window.rtSameDocument") == "kept", "the click reloaded the document"
    assert "needs JavaScript" not in _visible_text(page)


# ---- Layout on a laptop and on a phone ----

def _widest_release(model: Model) -> Release:
    """The release with the longest package name: the hardest release page to lay out."""
    return max(model.releases, key=lambda r: max((len(p.name) for i in r.images for p in i.packages), default=0))


# Each table of the page: its size, and how far its box can scroll sideways.
_TABLES = """() => Array.from(document.querySelectorAll('.md-content table'), t => {
  const box = t.closest('.md-typeset__scrollwrap') || t.parentElement;
  const rect = box.getBoundingClientRect();
  const heads = Array.from(t.tHead.rows[0].cells, c => c.getBoundingClientRect().right);
  return {rows: t.tBodies[0].rows.length, columns: heads.length, hidden: box.scrollWidth - box.clientWidth,
          boxLeft: rect.left, boxRight: rect.right, lastHead: Math.max(...heads),
          scrolls: ['auto', 'scroll'].includes(getComputedStyle(box).overflowX)};
})"""

# The width the page can be scrolled sideways by, and the viewport's.
_PAGE_WIDTH = "() => [document.scrollingElement.scrollWidth, window.innerWidth]"


@pytest.mark.parametrize("which", ["lifecycle", "releases index", "release page"])
def test_no_table_is_clipped(screen: Page, base_url: str, sample_model: Model, which: str) -> None:
    """On a laptop every column of these tables is in view; on a phone the page keeps its width
    and a table wider than the screen scrolls inside its box, to its last column."""
    page = screen
    url, rows = {
        "lifecycle": ("reference/lifecycle/", len(sample_model.majors)),
        "releases index": ("reference/releases/", sum(not r.is_prerelease for r in sample_model.releases)),
        "release page": (f"reference/releases/{_widest_release(sample_model).version.text}/", None),
    }[which]
    page.goto(f"{base_url}/{url}")
    page.wait_for_selector("[data-rt-enhanced]")
    tables = page.evaluate(_TABLES)
    if rows is not None:
        assert rows in [t["rows"] for t in tables]  # the table the data calls for is among them
    width = page.viewport_size["width"] if page.viewport_size else 0
    scroll_width, inner = page.evaluate(_PAGE_WIDTH)
    assert inner == width and scroll_width <= width, "the page scrolls sideways"
    for n, t in enumerate(tables):
        assert t["boxLeft"] >= 0 and t["boxRight"] <= width, (n, t)
        if width > PHONE["width"]:
            assert t["hidden"] <= 0, f"table {n} hides {t['hidden']} px of its columns: {t}"
            assert t["lastHead"] <= t["boxRight"] + 0.5, (n, t)
        elif t["hidden"] > 0:
            assert t["scrolls"], (n, t)
    if width == PHONE["width"]:  # every column can be scrolled into view
        last = page.evaluate("""() => Array.from(document.querySelectorAll('.md-content table'), t => {
          const box = t.closest('.md-typeset__scrollwrap') || t.parentElement;
          box.scrollLeft = box.scrollWidth;
          const cells = t.tHead.rows[0].cells;
          return [cells[cells.length - 1].getBoundingClientRect().right, box.getBoundingClientRect().right];
        })""")
        for n, (head, box) in enumerate(last):
            assert head <= box + 0.5, (n, head, box)


# Lines of text in the first cell of each row of the opted-in tables.
_LABEL_LINES = """() => Array.from(document.querySelectorAll('table[data-rt-enhanced] tbody td:first-child'), td => {
  const range = document.createRange();
  range.selectNodeContents(td);
  const more = td.querySelector('details');  // a range's members, one click away: not the label
  if (more) range.setEndBefore(more);
  const tops = new Set(Array.from(range.getClientRects(), r => Math.round(r.top)));
  return [td.textContent.trim(), tops.size];
})"""


def test_no_page_scrolls_sideways_on_a_phone(phone: Page, base_url: str, sample_model: Model) -> None:
    """Each kind of generated page on a phone: the page keeps the screen's width (tables
    scroll in their boxes), and row labels such as package names take at most two lines."""
    page = phone
    console = Console(page)
    finals = [r for r in sample_model.releases if r.version.prerelease is None]
    urls = ["reference/architecture/", "reference/lifecycle/", "reference/releases/",
            f"reference/releases/{_widest_release(sample_model).version.text}/",
            f"reference/releases/{finals[-1].version.text}/",
            f"reference/compare/#from={sample_model.releases[0].version.text}&to={finals[-1].version.text}"]
    for url in urls:
        page.goto(f"{base_url}/{url}")
        page.wait_for_selector(".rt-compare-image" if "compare" in url else "[data-rt-enhanced]")
        scroll_width, inner = page.evaluate(_PAGE_WIDTH)
        assert inner == PHONE["width"] and scroll_width <= PHONE["width"], f"{url} scrolls sideways"
        labels = page.evaluate(_LABEL_LINES)
        assert labels, url
        too_tall = [(text, lines) for text, lines in labels if lines > 2]
        assert too_tall == [], url
    assert console.errors == []


# The box of an opted-in table, scrolled as far right and down as it goes, and where its cells then are.
_SCROLLED = """async (id) => {
  let node = document.getElementById(id).nextElementSibling;
  const era = n => n.tagName === 'H3' && n.textContent.startsWith('Airflow 2 era');
  while (node && !era(node)) node = node.nextElementSibling;
  while (node && !node.classList.contains('rt-box')) node = node.nextElementSibling;
  const box = node, table = box.querySelector('table');
  box.scrollIntoView({block: 'end'});
  box.scrollLeft = box.scrollWidth;
  box.scrollTop = box.scrollHeight;
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  const place = el => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, onTop: el.contains(hit)};
  };
  const heads = table.tHead.rows[0].cells, rows = table.tBodies[0].rows, last = rows[rows.length - 1];
  return {box: place(box), left: box.scrollLeft, top: box.scrollTop, corner: place(heads[0]),
          head: place(heads[heads.length - 1]), label: place(last.cells[0]), text: last.cells[0].textContent.trim()};
}"""


def test_matrix_keeps_its_head_row_and_first_column_in_view(screen: Page, base_url: str, sample_model: Model) -> None:
    """Scrolled right and down inside its box, a matrix still shows its head row and the
    label of each row: the cells stay at the box's edges, on top of the cells scrolled under them."""
    page = screen
    page.goto(f"{base_url}/reference/architecture/")
    page.wait_for_selector(".rt-box")
    scrolled = {"sideways": 0, "down": 0}
    for section in ("provider-packages", "python-packages"):
        got = page.evaluate(_SCROLLED, section)
        box = got["box"]
        assert got["text"] == _era_lines(sample_model, "semver")[0]  # newest first: the last row is the oldest line
        for cell in ("corner", "head", "label"):
            assert got[cell]["onTop"], (section, cell, got)
            assert box["top"] - 0.5 <= got[cell]["top"] and got[cell]["bottom"] <= box["bottom"] + 0.5, (section, cell)
        if got["left"] > 0:  # scrolled sideways: the first column stays at the box's left edge
            scrolled["sideways"] += 1
            assert abs(got["label"]["left"] - box["left"]) <= 1 and abs(got["corner"]["left"] - box["left"]) <= 1
        if got["top"] > 0:  # scrolled down: the head row stays at the box's top edge
            scrolled["down"] += 1
            assert abs(got["corner"]["top"] - box["top"]) <= 1 and abs(got["head"]["top"] - box["top"]) <= 1
    # The provider matrix has a column per provider and a row per line: more than a screen either way.
    assert scrolled["sideways"] >= 1 and scrolled["down"] >= 1, scrolled


# ---- Support status badges ----

def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _rgba(css: str) -> tuple[float, float, float, float]:
    numbers = [float(n) for n in re.findall(r"[\d.]+", css)]
    return (numbers[0], numbers[1], numbers[2], numbers[3] if len(numbers) > 3 else 1.0)


def _over(top: tuple[float, float, float, float], under: tuple[float, float, float]) -> tuple[float, float, float]:
    *rgb, alpha = top
    return (rgb[0] * alpha + under[0] * (1 - alpha), rgb[1] * alpha + under[1] * (1 - alpha),
            rgb[2] * alpha + under[2] * (1 - alpha))


def _contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_support_status_badges_are_labelled_and_readable(laptop: Page, base_url: str) -> None:
    """Each status badge the lifecycle pages use, in a cell of the lifecycle table: its words are
    shown, its text has at least the WCAG AA contrast on its background, and no two look alike."""
    page = laptop
    labels = {"maintained": MAINTAINED, "ending": ENDING, "ended": ENDED, "prerelease": PRERELEASE}
    page.goto(f"{base_url}/reference/lifecycle/")
    page.wait_for_selector("[data-rt-enhanced]")
    styles = page.evaluate("""(labels) => {
      const cell = document.querySelector('table[data-rt-enhanced] tbody td:last-child');
      const under = getComputedStyle(cell).backgroundColor;
      return Object.entries(labels).map(([kind, label]) => {
        const badge = document.createElement('span');
        badge.className = `rt-status rt-status-${kind}`;
        badge.textContent = label;
        cell.replaceChildren(badge);
        const s = getComputedStyle(badge);
        return {kind, text: badge.innerText, visible: badge.offsetWidth > 0, color: s.color,
                background: s.backgroundColor, border: s.borderTopColor, borderWidth: s.borderTopWidth, under};
      });
    }""", labels)
    page_bg = (255.0, 255.0, 255.0)
    seen = set()
    for s in styles:
        assert s["visible"] and s["text"] == labels[s["kind"]], s
        under = _over(_rgba(s["under"]), page_bg)
        background = _over(_rgba(s["background"]), under)
        text = _over(_rgba(s["color"]), background)
        assert _contrast(text, background) >= 4.5, s
        assert float(s["borderWidth"].rstrip("px")) > 0, s
        seen.add(tuple(round(c) for c in background))
    assert len(seen) == len(labels), "two statuses share a colour"


# ---- Every page, and screenshots ----

def _generated_pages() -> list[str]:
    root = PROJECT / "docs" / "reference"
    urls = []
    for md in sorted(root.rglob("*.md")):
        if md.parent.name == "partials":
            continue  # parts of pages (the home page's snippet): mkdocs.yml leaves them out of the site
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


def test_screenshots(screen: Page, base_url: str, sample_model: Model, tmp_path: Path) -> None:
    """`make screenshots` keeps these in screenshots/ for a person to look at, at both screen sizes."""
    page = screen
    out = Path(os.environ.get("SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    finals = [r for r in sample_model.releases if r.version.prerelease is None]
    newest = finals[-1]
    line_before = next(line for line in reversed(sample_model.lines)
                       if line.newest.version < newest.version and newest not in line.releases)
    # The home page: its first screen, what a reader opening the site sees (what to run today, above the fold).
    shots = {"home": "", "architecture": "reference/architecture/", "lifecycle": "reference/lifecycle/",
             "releases": "reference/releases/",
             f"release-{newest.version.text}": f"reference/releases/{newest.version.text}/",
             "compare": f"reference/compare/#from={line_before.newest.version.text}&to={newest.version.text}"}
    size = page.viewport_size or {"width": 0, "height": 0}
    for name, url in shots.items():
        page.goto(f"{base_url}/{url}")
        ready = {"compare": ".rt-compare-image", "home": ".rt-jump-form"}.get(name, "[data-rt-enhanced]")
        page.wait_for_selector(ready)
        _wait_for_layout(page)
        path = out / f"{name}-{size['width']}x{size['height']}.png"
        page.screenshot(path=str(path), full_page=name != "home")
        data = path.read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 20_000, name

