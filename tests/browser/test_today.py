"""The reader's site, third edition (issue 19), on the MkDocs site: what to run today on the home
page, going to a page by name, the releases index, version specifiers, epochs, table boxes on a
phone, collapsed rows and search, at 1400x1000 and 390x844 (the `screen` fixture), the statuses on
two days. Expected values are computed from the sample's data files (tests/browser/reader.py);
tests/docusaurus/test_today.py asks the same of the Docusaurus build."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page

from . import reader
from .conftest import LAPTOP, Console

POSTGRES = "apache-airflow-providers-postgres"


def test_the_two_days_differ() -> None:
    first, second = ([e["Runtime"] for e in reader.running(day)] for day in reader.DAYS)
    assert first != second


@pytest.mark.parametrize("day", reader.DAYS, ids=str)
def test_the_home_page_says_what_to_run_today(screen: Page, base_url: str, day: dt.date) -> None:
    site, console = reader.mkdocs_site(base_url), Console(screen)
    reader.open_on(screen, site.home, day)
    reader.check_today(screen, site, day, fold=True)
    reader.check_prerelease_line(screen, site)
    assert console.errors == []


@pytest.mark.parametrize("day", reader.DAYS, ids=str)
def test_the_releases_index_keeps_pre_releases_apart(screen: Page, base_url: str, day: dt.date) -> None:
    site, console = reader.mkdocs_site(base_url), Console(screen)
    reader.open_on(screen, site.releases, day)
    reader.check_releases_index(screen, site, day)
    reader.check_today(screen, site, day, fold=False)
    assert console.errors == []


@pytest.mark.parametrize("where", ["home", "releases index"])
def test_the_jump_box_goes_to_a_release_or_a_package(screen: Page, base_url: str, where: str) -> None:
    site, console = reader.mkdocs_site(base_url), Console(screen)
    start = site.home if where == "home" else site.releases
    reader.check_jump(screen, site, start, every=where == "home")
    reader.check_resolve_name(screen)
    assert console.errors == []


def test_a_specifier_lists_the_releases_that_ship_a_matching_version(screen: Page, base_url: str) -> None:
    site, console = reader.mkdocs_site(base_url), Console(screen)
    for key, specs in reader.specifier_cases().items():
        reader.check_specifiers(screen, site, key, specs)
    assert console.errors == []


def test_epochs_are_explained_where_a_version_has_one(screen: Page, base_url: str) -> None:
    reader.check_epochs(screen, reader.mkdocs_site(base_url), every=screen.viewport_size == LAPTOP)


def test_on_a_phone_the_key_column_stays_in_view(phone: Page, base_url: str) -> None:
    site = reader.mkdocs_site(base_url)
    problems = reader.key_column_problems(phone, site.release(reader.widest_change()), "To")
    problems += reader.key_column_problems(phone, reader.compared(site), "To")
    problems += reader.key_column_problems(phone, site.lifecycle, "Reason")
    assert problems == []


def test_every_table_box_says_what_it_hides(screen: Page, base_url: str) -> None:
    reader.check_cues(screen, reader.mkdocs_site(base_url))


def test_collapsed_rows_name_their_members(screen: Page, base_url: str) -> None:
    site = reader.mkdocs_site(base_url)
    for key in dict.fromkeys(["apache-airflow-providers-snowflake", reader.longest_run_package()]):
        reader.check_runs_named(screen, site, key)
    reader.check_lines_named(screen, site)


def test_search_ranks_the_package_page_first_and_release_pages_do_not_flood_it(page: Page, base_url: str) -> None:
    """"postgres": its package page first, and release pages not most of the first ten results."""
    reader.mkdocs_search(page, base_url, "postgres")
    # The results of the whole word, not of a part typed so far: they mark it.
    page.wait_for_function("""() => { const m = document.querySelector('.md-search-result__item mark');
                                      return m && m.textContent.toLowerCase() === 'postgres'; }""")
    hrefs = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.md-search-result__list > .md-search-result__item > a'), (a) => a.href)""")
    first = hrefs[:10]
    releases = [h for h in first if re.search(r"/reference/releases/[^/]+/", h)]
    meta = page.locator(".md-search-result__meta").inner_text()
    assert f"/reference/packages/{POSTGRES}/" in first[0], (meta, first)
    assert 2 * len(releases) <= len(first), f"{len(releases)} of the first {len(first)} are releases: {meta}, {first}"
