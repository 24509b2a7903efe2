"""Support statuses as a reader sees them on a given day, on either site: the pages are built for
one day (the sample's), and the browser says each status again for its own date, which the tests
set with Playwright's clock. Expected values come from the catalog and the published policy
(`tests/test_lifecycle._expected_rows`), not from the generator's cells.
"""

from __future__ import annotations

import datetime as dt
import html

from playwright.sync_api import Page

from generator.lifecycle import status
from generator.pages.cells import how_far
from generator.pages.markdown import DASH

from ..test_lifecycle import _expected_rows

RUNNING = ("maintained", "ending within 90 days")
# Days on each side of 3.0-x's computed end of maintenance (2026-01-31): ending within 90 days on
# the first, ended on the second; both before the day the sample's pages are built for, so that the
# browser must show a major the build-time page hides, and hide one it shows.
BEFORE_END, AFTER_END = dt.date(2025, 11, 15), dt.date(2026, 2, 1)


def set_day(page: Page, day: dt.date) -> None:
    """The browser's clock at noon of `day` (it flows on from there), before the page is opened;
    the page's clock is installed when it is made (`conftest.open_page`)."""
    page.clock.set_system_time(dt.datetime(day.year, day.month, day.day, 12, 0))


def _when(end: str, day: dt.date, later: str) -> str:
    """How far off the end of maintenance is, as `how_far` (tested on its own) says it; past the
    earliest end of a major that waits on the next one, what it waits for (`later`)."""
    end = html.unescape(end)
    if end.startswith("not before "):
        until = dt.date.fromisoformat(end.split()[2])
        return "in at least " + how_far(until, day).removeprefix("in ") if until > day else later
    return html.unescape(how_far(dt.date.fromisoformat(end[:10]), day)) if end[:1].isdigit() else html.unescape(DASH)


def _rows(page: Page, selector: str) -> list[list[str]]:
    return [[c.strip() for c in row.locator("td").all_inner_texts()]
            for row in page.locator(selector).all() if row.is_visible()]


def said(page: Page, selector: str) -> None:
    """Wait until the script has said the statuses for the browser's day (Docusaurus runs it after
    React has hydrated the page, which shows the day of the build until then)."""
    page.locator(f"{selector}[data-rt-day]").first.wait_for()


def check_lifecycle(page: Page, url: str, day: dt.date, *, script: bool = True) -> list[dict[str, str]]:
    """On the page that shows the lifecycle tables: "Supported now" lists exactly the majors
    maintained on `day`, with how far off their end is; every major's badge says its status on
    `day`; the sentences name `day`. Returns the expected rows, oldest major first. `script=False`:
    a browser without JavaScript, for the day of the build."""
    set_day(page, day)
    page.goto(url)
    expected = _expected_rows(day)
    running = [e for e in reversed(expected) if e["Status"] in RUNNING]
    if script:
        said(page, ".rt-today")
    assert set(page.locator(".rt-today").all_inner_texts()) == {day.isoformat()}
    shown = _rows(page, "table:has(.rt-now) tbody tr")
    assert shown == [[e["Runtime"], f"{e['Run today']} (Airflow {e['Airflow']})", e["Status"],
                      f"{html.unescape(e['End of maintenance'])}, {_when(e['End of maintenance'], day, e['later'])}"]
                     for e in running]
    assert page.locator(".rt-some-now").is_visible() == bool(running)
    assert page.locator(".rt-none-now").is_visible() == (not running)
    majors = _rows(page, "table:has(.rt-status):not(:has(.rt-now)) tbody tr")
    assert [(r[0].removesuffix(" (LTS)"), r[1]) for r in majors] == [
        (e["Runtime"], e["Status"]) for e in reversed(expected)]
    return expected


def check_release(page: Page, url: str, major: str, day: dt.date, *, script: bool = True) -> str:
    """A release page's support line on `day`: its major's status and how far off its end is."""
    set_day(page, day)
    page.goto(url)
    if script:
        said(page, ".rt-status")
    row = next(e for e in _expected_rows(day) if e["Runtime"] == major)
    line = page.locator("p", has=page.locator(".rt-status")).first.inner_text()
    if row["First release"] == DASH:
        sentence = f"Support: {row['Status']} {major}: maintenance starts with its first final release."
    else:
        end = html.unescape(row["End of maintenance"])
        sentence = f"Support: {row['Status']} {major}: end of maintenance {end}, {_when(end, day, row['later'])}."
    assert line == sentence, (url, day)
    return row["Status"]


def check_rules(page: Page, url: str, today: dt.date) -> None:
    """The script's distances and statuses against the generator's (`how_far`, `lifecycle.status`),
    which the pages say without the script, over every distance up to eleven years either way."""
    page.goto(url)
    page.wait_for_function("window.runtimeReference !== undefined")
    days = list(range(-4000, 4001))
    dates = [(today + dt.timedelta(days=n)).isoformat() for n in days]
    got = page.evaluate("([dates, today]) => dates.map((d) => window.runtimeReference.howFar(d, today))",
                        [dates, today.isoformat()])
    assert got == [html.unescape(how_far(dt.date.fromisoformat(d), today)) for d in dates]
    words = {"maintained": "maintained", "ending": "ending within 90 days", "ended": "end of maintenance",
             "prerelease": "not yet released"}
    first = (today - dt.timedelta(days=30)).isoformat()
    statuses = page.evaluate("([dates, today, first]) => dates.map((d) => window.runtimeReference.statusOn("
                             "today, first, d))", [dates, today.isoformat(), first])
    assert [words[s] for s in statuses] == [status(dt.date.fromisoformat(d), today) for d in dates]
    assert len(set(statuses)) == 3  # maintained, ending and ended all met

