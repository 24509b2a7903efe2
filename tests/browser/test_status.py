"""Statuses that stay true (MkDocs site): the pages carry the dates, the browser computes each
support status for its own day, and a reader without JavaScript sees the status of the build day."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page

from generator.model import Model

from ..conftest import SAMPLE, SAMPLE_TODAY
from ..helpers import listed_pins
from .status import AFTER_END, BEFORE_END, check_lifecycle, check_release, check_rules
from .tables import check_line_filter, check_pins_table, clipped_tables, lands_on


@pytest.mark.parametrize("day", [BEFORE_END, AFTER_END, SAMPLE_TODAY])
def test_the_lifecycle_page_says_each_status_for_the_readers_day(laptop: Page, base_url: str, day: dt.date) -> None:
    check_lifecycle(laptop, f"{base_url}/reference/lifecycle/", day)


def test_a_status_changes_when_the_day_passes_an_end_of_maintenance(laptop: Page, base_url: str) -> None:
    url = f"{base_url}/reference/releases/3.0-4/"
    said = [check_release(laptop, url, "3.0-x", day) for day in (BEFORE_END, AFTER_END)]
    assert said == ["ending within 90 days", "end of maintenance"]


def test_every_major_newest_release_says_its_status_for_the_readers_day(laptop: Page, base_url: str,
                                                                       sample_model: Model) -> None:
    for major in sample_model.majors:
        for day in (BEFORE_END, AFTER_END):
            check_release(laptop, f"{base_url}/reference/releases/{major.newest.version.text}/", major.label, day)


def test_the_scripts_rules_are_the_generators(laptop: Page, base_url: str) -> None:
    check_rules(laptop, f"{base_url}/reference/lifecycle/", SAMPLE_TODAY)


def test_without_javascript_the_build_days_statuses_show(no_script: Page, base_url: str) -> None:
    """Built for the sample's day: a reader without the script sees that day's statuses, whatever
    the browser's date (it cannot compute another)."""
    check_lifecycle(no_script, f"{base_url}/reference/lifecycle/", SAMPLE_TODAY, script=False)
    no_script.clock.set_system_time(dt.datetime(2020, 1, 1, 12))
    no_script.goto(f"{base_url}/reference/lifecycle/")
    assert set(no_script.locator(".rt-today").all_inner_texts()) == {SAMPLE_TODAY.isoformat()}


@pytest.mark.parametrize("path", ["lifecycle/", "architecture/", "releases/", "packages/", "compare/",
                                  "releases/3.1-2/", "releases/9.6.0/", "packages/apache-airflow-providers-snowflake/"])
def test_no_table_is_cut_off_at_a_laptops_width(laptop: Page, base_url: str, path: str) -> None:
    laptop.goto(f"{base_url}/reference/{path}")
    laptop.wait_for_load_state("networkidle")
    assert clipped_tables(laptop, "article") == []


def test_the_matrix_filter_matches_the_runtime_line(laptop: Page, base_url: str) -> None:
    laptop.goto(f"{base_url}/reference/architecture/")
    check_line_filter(laptop)


def test_a_release_lists_its_pins_as_a_table(laptop: Page, base_url: str) -> None:
    pins = listed_pins(SAMPLE / "3.1-2")
    check_pins_table(laptop, f"{base_url}/reference/releases/3.1-2/", pins,
                     lambda key: f"{base_url}/reference/packages/{key}/")


def test_without_javascript_a_release_shows_its_pins(no_script: Page, base_url: str) -> None:
    no_script.goto(f"{base_url}/reference/releases/3.1-2/")
    block = no_script.locator("pre", has_text="apache-airflow==").first
    assert block.inner_text().split() == [f"{n}=={v}" for n, v in listed_pins(SAMPLE / "3.1-2").items()]


@pytest.mark.parametrize(("path", "anchor"), [("architecture/", "python-packages"),
                                              ("architecture/", "astro-runtime-and-apache-airflow-parity"),
                                              ("lifecycle/", "major-runtime-9")])
def test_a_link_to_a_heading_or_row_lands_on_it(laptop: Page, base_url: str, path: str, anchor: str) -> None:
    """Below the sticky header, not past it: the tables above took their final size after the
    browser had scrolled (the script scrolls again), and a row's anchor keeps clear of the header."""
    lands_on(laptop, f"{base_url}/reference/{path}", anchor, 40)
