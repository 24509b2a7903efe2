"""The reader's site, third edition (issue 19), on the Docusaurus build (served under its base URL):
the questions tests/browser/test_today.py asks of the MkDocs site, with the same checks
(tests/browser/reader.py), at 1400x1000 and 390x844, the statuses on two days. Docusaurus has no
local search. The home page's first screen is kept at both sizes for `make screenshots`."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from playwright.sync_api import Page

from ..browser import reader
from ..browser.conftest import LAPTOP, Console
from .conftest import BUILD, skip_unless

pytestmark = skip_unless(BUILD / "index.html", "The Docusaurus build")


@pytest.fixture
def ds(docusaurus_url: str) -> reader.Site:
    """The Docusaurus build's pages by address."""
    return reader.docusaurus_site(docusaurus_url)


@pytest.mark.parametrize("day", reader.DAYS, ids=str)
def test_the_home_page_says_what_to_run_today(screen: Page, ds: reader.Site, day: dt.date) -> None:
    console = Console(screen)
    reader.open_on(screen, ds.home, day)
    reader.check_today(screen, ds, day, fold=True)
    reader.check_prerelease_line(screen, ds)
    assert console.errors == []


@pytest.mark.parametrize("day", reader.DAYS, ids=str)
def test_the_releases_index_keeps_pre_releases_apart(screen: Page, ds: reader.Site, day: dt.date) -> None:
    console = Console(screen)
    reader.open_on(screen, ds.releases, day)
    reader.check_releases_index(screen, ds, day)
    reader.check_today(screen, ds, day, fold=False)
    assert console.errors == []


@pytest.mark.parametrize("where", ["home", "releases index"])
def test_the_jump_box_goes_to_a_release_or_a_package(screen: Page, ds: reader.Site, where: str) -> None:
    """The issue asks for the box on the home page of both sites."""
    console = Console(screen)
    start = ds.home if where == "home" else ds.releases
    reader.check_jump(screen, ds, start, every=where == "home")
    reader.check_resolve_name(screen)
    assert console.errors == []


def test_a_specifier_lists_the_releases_that_ship_a_matching_version(screen: Page, ds: reader.Site) -> None:
    console = Console(screen)
    for key, specs in reader.specifier_cases().items():
        reader.check_specifiers(screen, ds, key, specs)
    assert console.errors == []


def test_epochs_are_explained_where_a_version_has_one(screen: Page, ds: reader.Site) -> None:
    reader.check_epochs(screen, ds, every=screen.viewport_size == LAPTOP)


def test_on_a_phone_the_key_column_stays_in_view(phone: Page, ds: reader.Site) -> None:
    problems = reader.key_column_problems(phone, ds.release(reader.widest_change()), "To")
    problems += reader.key_column_problems(phone, reader.compared(ds), "To")
    problems += reader.key_column_problems(phone, ds.lifecycle, "Reason")
    assert problems == []


def test_every_table_box_says_what_it_hides(screen: Page, ds: reader.Site) -> None:
    reader.check_cues(screen, ds)


def test_collapsed_rows_name_their_members(screen: Page, ds: reader.Site) -> None:
    for key in dict.fromkeys(["apache-airflow-providers-snowflake", reader.longest_run_package()]):
        reader.check_runs_named(screen, ds, key)
    reader.check_lines_named(screen, ds)


def test_screenshots_of_the_home_page(screen: Page, ds: reader.Site, tmp_path: Path) -> None:
    """The home page's first screen as a reader opening it sees it, at both sizes: kept in
    SCREENSHOTS (`make screenshots`) for a person to look at, as tests/browser's screenshots are."""
    out = Path(os.environ.get("SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    screen.goto(ds.home)
    screen.locator(".rt-today[data-rt-day]").first.wait_for()
    reader.frames(screen)
    size = screen.viewport_size or {"width": 0, "height": 0}
    path = out / f"docusaurus-home-{size['width']}x{size['height']}.png"
    screen.screenshot(path=str(path))
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000
