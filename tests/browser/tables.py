"""Tables a reader cannot read whole at the page's width, on either site."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urljoin

from packaging.utils import canonicalize_name
from playwright.sync_api import Page

_CLIPPED = """(container) => {
  const found = [];
  for (const table of document.querySelectorAll(container + ' table')) {
    if (!table.offsetParent) continue;  // not shown (a closed tab, a hidden table)
    let marker = table.closest('.md-typeset__scrollwrap, .rt-box') || table;
    while (marker && !marker.previousElementSibling) marker = marker.parentElement;
    const before = marker && marker.previousElementSibling;
    // The tables of runtime lines by package: as wide as the packages they list, by design in a
    // box that scrolls with the line column kept in view.
    if (before && before.matches('.rt-table[data-match="line"]')) continue;
    const box = table.closest('.md-typeset__scrollwrap, .rt-box') || table;
    const column = document.querySelector(container).getBoundingClientRect();
    const right = Math.min(box.getBoundingClientRect().right, column.right);
    if (box.scrollWidth > box.clientWidth + 1 || table.getBoundingClientRect().right > right + 1) {
      found.push(Array.from(table.querySelectorAll('thead th')).map((h) => h.textContent.trim()).join(' | ') +
                 ` (${table.scrollWidth} px in ${box.clientWidth})`);
    }
  }
  return found;
}"""


def clipped_tables(page: Page, container: str) -> list[str]:
    """The head rows of the tables inside `container` (a CSS selector) that are wider than the box
    they are shown in, or than the container: a reader would have to scroll to see them whole.
    The tables of runtime lines by package are left out: they scroll by design."""
    found: list[str] = page.evaluate(_CLIPPED, container)
    return found


_LINE_ROWS = """(index) => {
  const marker = document.querySelectorAll('.rt-table[data-match="line"]')[index];
  let table = null;
  for (let n = marker.nextElementSibling; n && !table; n = n.nextElementSibling) {
    table = n.tagName === 'TABLE' ? n : n.querySelector('table');
  }
  return Array.from(table.tBodies[0].rows).map((r) => [r.cells[0].textContent.trim(), r.textContent, !r.hidden]);
}"""


def check_line_filter(page: Page) -> None:
    """The filter of a table of runtime lines (the provider and Python package matrices) keeps the
    rows of the lines a query names as a version, not every row that holds its characters: `8.`
    keeps the 8.x lines, not the 9.x rows that ship a provider 8.something; `9.1.` and `9.1.3`
    keep 9.1.x alone, `3.1-` keeps 3.1-x."""
    markers = page.locator('.rt-table[data-match="line"]')
    markers.first.locator(".rt-filter").wait_for()
    index = next(i for i in range(markers.count())
                 if any(label == "9.1.x" for label, _, _ in page.evaluate(_LINE_ROWS, i)))
    rows = page.evaluate(_LINE_ROWS, index)
    labels = [label for label, _, _ in rows]
    wanted = {"8.": [label for label in labels if label.startswith("8.")], "9.1.": ["9.1.x"], "9.1.3": ["9.1.x"],
              "2.": []}
    for query, lines in wanted.items():
        markers.nth(index).locator(".rt-filter").fill(query)
        shown = [label for label, _, visible in page.evaluate(_LINE_ROWS, index) if visible]
        assert shown == lines, query
    # The words are in other rows too: a filter on any cell would have kept them.
    assert sum("8." in text for _, text, _ in rows) > len(wanted["8."]) >= 2
    markers.nth(index).locator(".rt-filter").fill("")
    assert all(visible for _, _, visible in page.evaluate(_LINE_ROWS, index))


def check_pins_table(page: Page, url: str, pins: dict[str, str], package_url: Callable[[str], str]) -> None:
    """A release page's standard image: the script makes a table of its pins, in their order, each
    name linked to its package's page by its PEP 503 key (packaging's `canonicalize_name`); the pins
    stay one click away; a link leads to the package's page."""
    page.goto(url)
    table = page.locator(".rt-pins-table table[data-rt-enhanced]").first
    table.wait_for()
    rows = table.locator("tbody tr")
    got = [(r.locator("td").nth(0).inner_text().strip(), r.locator("td").nth(1).inner_text().strip(),
            r.locator("td a").first.get_attribute("href") or "") for r in rows.all()]
    assert [(name, version) for name, version, _ in got] == list(pins.items())
    base = page.url
    for name, _, href in got:
        assert urljoin(base, href) == package_url(canonicalize_name(name)), name
    block = page.locator("pre", has_text=next(iter(pins)) + "==").first
    assert not block.is_visible()
    page.locator(".rt-pins-toggle").first.click()
    assert block.is_visible() and block.inner_text().split() == [f"{n}=={v}" for n, v in pins.items()]
    first = got[0][0]
    table.locator("a", has_text=first).first.click()
    page.wait_for_url(package_url(canonicalize_name(first)))
    assert first in page.locator("h1").first.inner_text()


def lands_on(page: Page, url: str, anchor: str, header: float) -> None:
    """A reader who follows a link to `#anchor` on the page at `url` sees it just below the sticky
    header (`header` pixels), once the page has set its tables up, or as near as the page's end
    lets it scroll."""
    page.goto(f"{url}#{anchor}")
    page.locator("table[data-rt-enhanced]").first.wait_for()
    page.wait_for_timeout(300)  # a frame or two for a late render (Docusaurus' tabs) and its setup
    top, end = page.evaluate("""(id) => [document.getElementById(id).getBoundingClientRect().top,
        scrollY + innerHeight >= document.documentElement.scrollHeight - 1]""", anchor)
    assert header <= top <= (innerheight := page.viewport_size["height"] if page.viewport_size else 1000), top
    assert top <= header + 100 or end, (anchor, top, innerheight)
