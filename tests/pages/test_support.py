"""Support status, said once per major on the lifecycle page and again on every release page: the
two must agree, and "Supported now" must list exactly the majors the published policy keeps."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from generator.model import Model
from generator.pages.cells import how_far
from generator.pages.markdown import DASH
from generator.sources import load
from generator.sources.curated import read_curated

from ..conftest import PROJECT, SAMPLE, SAMPLE_TODAY
from ..helpers import (
    badge,
    badge_dates,
    catalog,
    image_pins,
    line_label,
    link_text,
    link_url,
    major_anchor,
    major_label,
    make_checkout,
    render_pages,
    section,
    tables,
    when,
)
from ..test_lifecycle import _expected_rows, major_rows

D = dt.date
# A day on which 3.0-x ends within 90 days (2026-01-31) while 3.1-x is maintained.
ENDING_DAY = D(2025, 11, 15)

_SUPPORT = re.compile(r'^\*\*Support:\*\* (<span class="rt-status [^"]+"[^>]*>[^<]*</span>) (.+?): '
                      r"(?:end of maintenance (.+), (<span class=\"rt-when\"[^>]*>[^<]*</span>)|"
                      r"(maintenance starts with its first final release))\.$", re.M)
_RELEASE_CELL = re.compile(r"\[([^\]]+)\]\((?:(?:\.\./)?releases/)?([^)/]+)\.md\)( \(yanked\))?")
_LINE = re.compile(r"^Line \[([^\]]+)\]\(\.\./lifecycle\.md#([^)]+)\) \((\d+) releases?\)"
                   rf"(?: &middot; previous release ({_RELEASE_CELL.pattern}))?"
                   rf"(?: &middot; next release ({_RELEASE_CELL.pattern}))?\.$", re.M)


def _when(end: str, today: dt.date, later: str = "") -> str:
    """How far off the end of maintenance a cell states is: a date's distance, at least the distance
    of a "not before" date still to come (once it passed, what the end waits for: `later`), a dash
    where no end is known."""
    if end == DASH:
        return DASH
    if m := re.fullmatch(r"not before (\d{4}-\d\d-\d\d) \(computed\)", end):
        day = D.fromisoformat(m[1])
        assert later
        return "in at least " + how_far(day, today).removeprefix("in ") if day > today else later
    m = re.fullmatch(r"(\d{4}-\d\d-\d\d)(?: \(computed\))?", end)
    assert m, end
    return how_far(D.fromisoformat(m[1]), today)


def _supported(page: str) -> list[list[str]]:
    """The rows of "Supported now" (no header) a reader sees on the day of the build: those whose
    badge says maintained (the styles hide the others, `rt-now`); Status is the badge's word."""
    found = tables(section(page, "Supported now"))
    if not found:
        return []
    (rows,) = found
    assert rows[0] == ["Runtime", "Run today", "Status", "Maintained until"]
    assert all(' rt-now"' in r[2] for r in rows[1:])
    return [[r[0], r[1], badge(r[2]), r[3]] for r in rows[1:]
            if badge(r[2]) in ("maintained", "ending within 90 days")]


def _release(cell: str, yanked: set[str]) -> str:
    """The version a release cell links to, after asserting it is flagged exactly when yanked."""
    m = _RELEASE_CELL.fullmatch(cell)
    assert m and m[1] == m[2], cell
    assert bool(m[3]) == (m[1] in yanked), cell
    return m[1]


@pytest.mark.parametrize("today", [SAMPLE_TODAY, ENDING_DAY])
def test_every_release_page_says_what_the_lifecycle_page_says(sample_model: Model, today: dt.date) -> None:
    """For every release: the badge, major, end of maintenance and how far off it is on its page
    are its major's on the lifecycle page; so are the facts table's two end dates."""
    pages = render_pages(sample_model, read_curated(), today)
    lifecycle = pages["lifecycle.md"]
    majors = {row["Runtime"]: row for row in major_rows(lifecycle)}
    later = {e["Runtime"]: e["later"] for e in _expected_rows(today)}
    supported = {link_text(r[0]): r for r in _supported(lifecycle)}
    badges = set()
    for version in catalog(SAMPLE):
        page = pages[f"releases/{version}.md"]
        row = majors[major_label(version)]
        (said,) = _SUPPORT.findall(page)
        assert (badge(said[0]), said[1]) == (row["Status"], major_label(version)), version
        assert " ".join(badge_dates(said[0])) == row["dates"], version
        if row["First release"] == DASH:  # no end to speak of before its first release
            assert said[4] and not said[2], version
        else:
            assert said[2] == row["End of maintenance"], version
            assert when(said[3]) == _when(row["End of maintenance"], today, later[row["Runtime"]]), version
        if major_label(version) in supported:
            assert f"{said[2]}, {said[3]}" == supported[major_label(version)][3], version
        facts = dict(r[:2] for r in tables(page)[0][1:])
        assert (facts["End of maintenance"], facts["End of basic support"]) == \
            (row["End of maintenance"], row["End of basic support"]), version
        badges.add(badge(said[0]))
    wanted = {"end of maintenance", "not yet released", "maintained"}
    if today == ENDING_DAY:
        wanted.add("ending within 90 days")
    assert badges == wanted


def test_release_page_opens_with_its_banners_line_neighbours_and_tags(sample_model: Model) -> None:
    """Before its facts, each release page warns (yanked, pre-release), links its line's row on the
    lifecycle page and the releases before and after it in the catalog, and lists its image tags."""
    pages = render_pages(sample_model, read_curated(), SAMPLE_TODAY)
    meta = catalog(SAMPLE)
    order = list(meta)
    yanked = {v for v, m in meta.items() if m.get("yanked")}
    registry = re.search(r"^registry: (\S+)$", (PROJECT / "generator" / "data" / "curated.yaml").read_text(), re.M)
    assert registry
    anchors = {row["anchor"] for row in major_rows(pages["lifecycle.md"])}
    for n, version in enumerate(order):
        page = pages[f"releases/{version}.md"]
        head = page[page.index(f"# Astro Runtime {version}\n"): page.index("| Fact ")]
        yank = f"> **Yanked.** {meta[version].get('yankedReason') or 'No reason given.'}\n"
        assert (yank in head) == (version in yanked), version
        pre = f"> **Pre-release.** Channel {meta[version]['channel']}: not for production.\n"
        tail = re.fullmatch(r"\d+\.\d+\.\d+|\d+\.\d+-\d+", version) is None  # a pre-release tail (`.rc1`)
        assert (pre in head) == (tail or meta[version]["channel"] in ("alpha", "beta")), version
        (line,) = _LINE.findall(head)
        label, anchor, count = line[:3]
        assert label == line_label(version)
        assert anchor == major_anchor(major_label(version)) and anchor in anchors
        assert int(count) == sum(1 for v in order if line_label(v) == label)
        previous, following = line[3], line[7]
        assert (_release(previous, yanked) if previous else None) == (order[n - 1] if n else None), version
        assert (_release(following, yanked) if following else None) == \
            (order[n + 1] if n + 1 < len(order) else None), version
        tags = [f"{registry[1]}:{version}" + ("" if variant == "standard" else f"-{variant}")
                for variant in image_pins(SAMPLE, version)]
        assert "```text\n" + "\n".join(tags) + "\n```\n" in head, version
        assert head.index("**Support:**") < head.index("Line [") < head.index("```text")


def _supported_now_case(today: dt.date) -> tuple[list[list[str]], list[dict[str, str]], str]:
    page = render_pages(load(SAMPLE), read_curated(), today)["lifecycle.md"]
    (rows,) = tables(section(page, "Supported now"))
    # Every major that has a first release is in the table, for a reader on another day.
    assert [link_text(r[0]) for r in rows[1:]] == [e["Runtime"] for e in reversed(_expected_rows(today))
                                                   if e["First release"] != DASH]
    expected = [r for r in reversed(_expected_rows(today)) if r["Status"] in ("maintained", "ending within 90 days")]
    return _supported(page), expected, section(page, "Supported now")


@pytest.mark.parametrize("today", [SAMPLE_TODAY, ENDING_DAY, D(2024, 3, 1), D(2023, 6, 1), D(2022, 3, 1)])
def test_supported_now_lists_exactly_the_maintained_majors(today: dt.date) -> None:
    """The majors the policy (computed in test_lifecycle from versions.json alone) keeps maintained
    or ending on `today`, newest first, each linking to its row below."""
    rows, expected, text = _supported_now_case(today)
    assert [link_text(r[0]) for r in rows] == [e["Runtime"] for e in expected]
    for row, e in zip(rows, expected, strict=True):
        assert link_url(row[0]) == "lifecycle.md#" + major_anchor(e["Runtime"])
        run = f"[{e['Run today']}](releases/{e['Run today']}.md) (Airflow {e['Airflow']})" if e["Run today"] \
            else "none: every release is yanked or a pre-release"
        assert row[1:3] == [run, e["Status"]]
        end, _, distance = row[3].partition(", <span")
        assert end == e["End of maintenance"]
        assert when("<span" + distance) == _when(end, today, e["later"])
    day = f'<span class="rt-today">{today}</span>'
    some, none = (f'<p class="rt-some-now"{h}>Maintained on {day}, newest first:</p>' for h in ("", " hidden"))
    assert some in text and f'<p class="rt-none-now" hidden>No runtime major is maintained on {day}.</p>' in text
    assert none not in text


def test_supported_now_cases_are_not_trivial() -> None:
    """The days above cover several majors at once, an ending one, and a maintained one with a date."""
    counts = {today: len(_supported_now_case(today)[0]) for today in (ENDING_DAY, D(2024, 3, 1), D(2023, 6, 1))}
    assert max(counts.values()) >= 3, counts
    assert any(r[2] == "ending within 90 days" for r in _supported_now_case(ENDING_DAY)[0])


def test_supported_now_says_so_when_nothing_is_maintained(tmp_path: Path) -> None:
    """Every major ended and the only newer one is a pre-release: no table, a sentence instead."""
    pins = {"apache-airflow": "2.9.0"}
    repo = make_checkout(tmp_path / "repo", {
        "10.0.0": {"airflow": "2.9.0", "date": "2023-01-10", "pins": pins, "meta": {"endOfMaintenance": "2023-07-31"}},
        "11.0.0": {"airflow": "2.9.1", "date": "2023-03-01", "pins": pins, "meta": {"endOfMaintenance": "2023-09-30"}},
        "3.0-1.rc1": {"airflow": "3.0.0rc1", "date": "2023-12-01", "pins": pins, "channel": "beta"},
    })
    page = render_pages(load(repo), read_curated(), D(2024, 1, 1))["lifecycle.md"]
    text = section(page, "Supported now")
    day = '<span class="rt-today">2024-01-01</span>'
    assert f'<p class="rt-none-now">No runtime major is maintained on {day}.</p>' in text
    assert f'<p class="rt-some-now" hidden>Maintained on {day}, newest first:</p>' in text
    assert _supported(page) == []  # the rows of the two ended majors are there, hidden by their badges
    assert [row["Status"] for row in major_rows(page)] == [
        "not yet released", "end of maintenance", "end of maintenance"]


@pytest.mark.parametrize(("days", "expected"), [
    (0, "today"),
    (1, "in 1 day"), (-1, "1 day ago"),
    (2, "in 2 days"),
    (59, "in 59 days"), (-59, "59 days ago"),
    (60, "in 2 months"), (-60, "2 months ago"),  # 60 / 30.44 = 1.97
    (91, "in 3 months"),
    (365, "in 12 months"),
    (729, "in 24 months"),  # the last day counted in months: 23.95
    (730, "in 2 years"), (-730, "2 years ago"),  # 730 / 365.25 = 1.9986
    (1000, "in 3 years"),
    (-3653, "10 years ago"),
])
def test_how_far_boundaries(days: int, expected: str) -> None:
    """Days up to 59, months up to two years, years beyond; rounded, never "1 months"."""
    today = D(2026, 11, 23)
    assert how_far(today + dt.timedelta(days=days), today) == expected


def test_how_far_of_no_date_is_a_dash() -> None:
    """A major with no end date (a pre-release) says so with the site's dash, not an empty cell."""
    assert how_far(None, D(2026, 11, 23)) == DASH
