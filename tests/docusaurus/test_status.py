"""Statuses that stay true, and tables that fit, in the Docusaurus build: the lifecycle partial (on
the hand-written lifecycle page) and the release pages say each status for the browser's day, which
the tests set with Playwright's clock; at 1400 px no table is cut off in the theme's content column."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Browser, Page

from generator.model import Model
from generator.pages import Docusaurus

from ..browser.conftest import Console
from ..browser.status import AFTER_END, BEFORE_END, check_lifecycle, check_release, check_rules, said
from ..browser.tables import check_line_filter, check_pins_table, clipped_tables, lands_on
from ..conftest import SAMPLE, SAMPLE_TODAY
from ..helpers import listed_pins
from .conftest import BUILD, skip_unless

pytestmark = skip_unless(BUILD / "index.html", "The Docusaurus build")

LIFECYCLE = "/astro/runtime-version-lifecycle-policy"
SITE = Docusaurus()


def _release(version: str) -> str:
    return SITE.route(SITE.release_path(version))


@pytest.mark.parametrize("day", [BEFORE_END, AFTER_END, SAMPLE_TODAY])
def test_the_lifecycle_partial_says_each_status_for_the_readers_day(site_page: tuple[Page, Console],
                                                                    docusaurus_url: str, day: dt.date) -> None:
    page, console = site_page
    check_lifecycle(page, docusaurus_url + LIFECYCLE, day)
    assert console.errors == []


def test_a_status_changes_when_the_day_passes_an_end_of_maintenance(site_page: tuple[Page, Console],
                                                                    docusaurus_url: str) -> None:
    page, console = site_page
    said = [check_release(page, docusaurus_url + _release("3.0-4"), "3.0-x", day) for day in (BEFORE_END, AFTER_END)]
    assert said == ["ending within 90 days", "end of maintenance"]
    assert console.errors == []


def test_every_majors_newest_release_says_its_status_after_client_navigation(
        site_page: tuple[Page, Console], docusaurus_url: str, sample_model: Model) -> None:
    """Opened by a link, without a reload, a page's statuses are said for the reader's day too."""
    page, console = site_page
    for major in sample_model.majors:
        check_release(page, docusaurus_url + _release(major.newest.version.text), major.label, BEFORE_END)
    page.goto(docusaurus_url + _release("3.1-1"))  # the release before it is 3.0-4, ending on that day
    page.evaluate("window.rtSameDocument = 'kept'")
    page.locator(f"article a[href$='{_release('3.0-4')}']").first.click()
    page.wait_for_url(f"**{_release('3.0-4')}")
    assert page.evaluate("window.rtSameDocument") == "kept"
    said(page, ".rt-status")
    line = page.locator("p", has=page.locator(".rt-status")).first
    assert line.inner_text().startswith("Support: ending within 90 days 3.0-x: end of maintenance 2026-01-31")
    assert console.errors == []


def test_the_scripts_rules_are_the_generators(site_page: tuple[Page, Console], docusaurus_url: str) -> None:
    check_rules(site_page[0], docusaurus_url + LIFECYCLE, SAMPLE_TODAY)


@pytest.mark.parametrize("route", [LIFECYCLE, "/astro/runtime-image-architecture", "/astro/runtime-provider-reference",
                                   "/astro/runtime-releases/releases", "/astro/runtime-releases/packages",
                                   "/astro/runtime-releases/runtime-compare", _release("3.1-2"), _release("9.6.0"),
                                   SITE.route(SITE.package_path("apache-airflow-providers-snowflake"))])
def test_no_table_is_cut_off_at_a_laptops_width(site_page: tuple[Page, Console], docusaurus_url: str,
                                                route: str) -> None:
    page, _ = site_page
    page.goto(docusaurus_url + route)
    page.wait_for_load_state("networkidle")
    assert clipped_tables(page, "article") == []


def test_the_matrix_filter_matches_the_runtime_line(site_page: tuple[Page, Console], docusaurus_url: str) -> None:
    page, console = site_page
    page.goto(docusaurus_url + "/astro/runtime-image-architecture")
    check_line_filter(page)
    assert console.errors == []


def test_without_javascript_the_build_days_statuses_show(browser: Browser, docusaurus_url: str) -> None:
    """The server-rendered page says the statuses of the day it was built for, whatever the date."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, java_script_enabled=False)
    page = context.new_page()
    page.clock.install(time=dt.datetime(2020, 1, 1, 12))
    try:
        check_lifecycle(page, docusaurus_url + LIFECYCLE, SAMPLE_TODAY, script=False)
        check_release(page, docusaurus_url + _release("3.0-4"), "3.0-x", SAMPLE_TODAY, script=False)
    finally:
        context.close()


def test_a_release_lists_its_pins_as_a_table(site_page: tuple[Page, Console], docusaurus_url: str) -> None:
    page, console = site_page
    check_pins_table(page, docusaurus_url + _release("3.1-2"), listed_pins(SAMPLE / "3.1-2"),
                     lambda key: docusaurus_url + SITE.route(SITE.package_path(key)))
    assert console.errors == []


@pytest.mark.parametrize(("route", "anchor"), [("/astro/runtime-provider-reference", "astro-runtime-31-3"),
                                               ("/astro/runtime-image-architecture", "python-packages"),
                                               (LIFECYCLE, "major-runtime-9")])
def test_a_link_to_a_heading_or_row_lands_on_it(site_page: tuple[Page, Console], docusaurus_url: str,
                                                route: str, anchor: str) -> None:
    """Below the navbar, not past it: the tables above took their final size after the browser had
    scrolled (the script scrolls again), and a row's anchor keeps clear of the navbar."""
    lands_on(site_page[0], docusaurus_url + route, anchor, 55)
