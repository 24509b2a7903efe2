"""A reader's questions, asked of the built site in Chromium and answered from the data.

Expected values come from the sample's files (catalog, constraints) and the support policy as
published, computed here, not from the generator's own cells.
"""

from __future__ import annotations

import html
import json
import re

from playwright.sync_api import Page

from generator.versions import RuntimeVersion

from ..conftest import SAMPLE, SAMPLE_TODAY
from ..test_lifecycle import _expected_rows
from . import reader

SNOWFLAKE = "apache-airflow-providers-snowflake"
RUNNING = ("maintained", "ending within 90 days")


def _cells(page: Page, table: str) -> list[list[str]]:
    rows = page.locator(f"{table} >> tbody tr").all()
    return [[c.strip() for c in row.locator("td").all_inner_texts()] for row in rows]


def _catalog_order() -> list[str]:
    catalog = json.loads((SAMPLE / "metadata" / "versions.json").read_text())
    return sorted([*catalog["runtimeVersions"], *catalog["runtimeVersionsV3"]], key=RuntimeVersion.parse)


def _pins(version: str, variant: str) -> dict[str, str]:
    folder = SAMPLE / version / ("" if variant == "standard" else variant)
    lines = (folder / "build-time-pip-constraints.txt").read_text().splitlines()
    return dict(line.split("==") for line in lines if line and not line.startswith("#"))


def test_release_pages_state_the_status_of_their_line(laptop: Page, base_url: str) -> None:
    """The newest release of each major, a yanked one and the pre-release: their page says what the
    lifecycle page says of their major, computed here from the catalog and the policy."""
    rows = {r["Runtime"]: r for r in _expected_rows(SAMPLE_TODAY)}
    order = _catalog_order()

    def major(version: str) -> str:
        v = RuntimeVersion.parse(version)
        return f"Runtime {v.numbers[0]}" if v.scheme == "semver" else f"{v.numbers[0]}.{v.numbers[1]}-x"

    newest = {major(v): v for v in order}
    chosen = [*newest.values(), "8.0.0", "3.2-1.rc1"]
    for version in chosen:
        laptop.goto(f"{base_url}/reference/releases/{version}/")
        line = laptop.locator("p", has=laptop.locator(".rt-status")).first.inner_text()
        row = rows[major(version)]
        said = ("maintenance starts with its first final release" if row["Status"] == "not yet released" else
                f"end of maintenance {html.unescape(row['End of maintenance'])}")
        assert line.startswith(f"Support: {row['Status']} {major(version)}: {said}"), (version, line)
        if version == "3.2-1.rc1":
            assert "Pre-release." in laptop.locator("blockquote").first.inner_text()


def test_the_snowflake_page_lists_every_release_and_version_that_ships_it(laptop: Page, base_url: str) -> None:
    order = _catalog_order()
    expected = {(v, variant): pins[SNOWFLAKE]
                for v in order for variant in ["standard", *sorted(p.name for p in (SAMPLE / v).iterdir()
                                                                   if p.is_dir())]
                if SNOWFLAKE in (pins := _pins(v, variant))}
    assert expected
    laptop.goto(f"{base_url}/reference/packages/{SNOWFLAKE}/")
    tables = laptop.locator("table")
    heads = [h.strip(" ⇅↑↓\n\t") for h in tables.nth(1).locator("thead th").all_inner_texts()]
    got: dict[tuple[str, str], str] = {}
    for row in _cells(laptop, "table >> nth=1"):
        label, _, summary = row[0].partition("\n")  # a long run: its members one click away, counted
        named = re.findall(r"[0-9][0-9A-Za-z.\-]*", label.replace(" (yanked)", ""))
        if "back to" in label:  # "newest back to oldest", "N releases": every release between them
            newest, oldest = named[0], named[1]
            releases = order[order.index(oldest): order.index(newest) + 1]
            assert len(releases) == int(re.search(r"(\d+) releases", summary)[1])  # type: ignore[index]
        else:
            releases = named
        for release in releases:
            for variant, cell in zip(heads[1:], row[1:], strict=True):
                if cell != "–":
                    got[(release, variant)] = cell
    assert got == expected
    versions = _cells(laptop, "table >> nth=0")
    for version, first, last, docs in versions:  # a provider: its docs at each version
        assert docs == SNOWFLAKE.removeprefix("apache-airflow-providers-")
        shipping = [v for v in order if any(expected.get((v, i)) == version for i in ("standard", "slim",
                                                                                       "python-3.11"))]
        assert (first.removesuffix(" (yanked)"), last.removesuffix(" (yanked)")) == (shipping[0], shipping[-1])


def test_search_finds_the_package_page_first(page: Page, base_url: str) -> None:
    reader.mkdocs_search(page, base_url, "snowflake")
    page.wait_for_selector(".md-search-result__item")
    first = page.locator(".md-search-result__item a").first.get_attribute("href") or ""
    assert f"reference/packages/{SNOWFLAKE}/" in first, first
