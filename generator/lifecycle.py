"""Support status of each runtime major, from the catalog's dates or Astronomer's policy.

The policy, as Astronomer publishes it: a stable major is maintained 6 months
after its first release or 3 months after the next major's first release,
whichever is later; an LTS major 18 months after its first release or 6 months
after the next LTS major's, whichever is later; maintenance ends on the last
day of a month. A date the catalog states always wins over a computed one.

Status depends on the day it is computed for, so every function takes
`today` and nothing here reads the clock: `--today` makes pages repeatable.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from .model import Line, Model, Release

MAINTAINED = "maintained"
ENDING = "ending within 90 days"
ENDED = "end of maintenance"
PRERELEASE = "not yet released"
WARNING_DAYS = 90

STABLE_MONTHS, STABLE_AFTER_NEXT = 6, 3
LTS_MONTHS, LTS_AFTER_NEXT = 18, 6


@dataclass(frozen=True)
class Lifecycle:
    """One runtime major's support window.

    `end_of_maintenance` is None when it cannot be known yet: the policy ties it to
    a next major that has not been released, and `not_before` is then the earliest
    it can be.
    """

    major: Line
    first: Release | None
    end_of_maintenance: dt.date | None
    computed: bool
    not_before: dt.date | None
    end_of_basic_support: dt.date | None
    status: str


def end_of_month(year: int, month: int) -> dt.date:
    """The last day of a month; past the calendar's end (a release dated 9999), its last day."""
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    if year > dt.MAXYEAR:
        return dt.date.max
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def months_after(day: dt.date, months: int) -> dt.date:
    """The last day of the month `months` after `day`'s month (maintenance ends on a month's last day)."""
    return end_of_month(day.year, day.month + months)


def status(end: dt.date | None, today: dt.date) -> str:
    if end is None:
        return MAINTAINED
    if today > end:
        return ENDED
    return ENDING if (end - today).days <= WARNING_DAYS else MAINTAINED


def _first_final(major: Line) -> Release | None:
    """The first release that is not a pre-release (`Release.is_prerelease`: nor on a test channel) and
    has a date: the one the policy counts from."""
    return next((r for r in major.releases if not r.is_prerelease and r.entry.release_date), None)


def _stated(major: Line, field: str) -> dt.date | None:
    """The date the newest release that states one gives (a catalog may repeat it on every release).

    A date before that release's own release date is a slip (`validate` reports it) and is
    passed over, so one wrong entry cannot end a major that is still maintained.
    """
    for r in reversed(major.releases):
        value: dt.date | None = getattr(r.entry, field)
        released = r.entry.release_date
        if value is not None and not (released and value < released):
            return value
    return None


def lifecycles(model: Model, today: dt.date) -> list[Lifecycle]:
    majors = model.majors
    firsts = [_first_final(m) for m in majors]
    rows = []
    for i, major in enumerate(majors):
        first = firsts[i]
        end = _stated(major, "end_of_maintenance")
        basic = _stated(major, "end_of_basic_support") or _stated(major, "end_of_support")
        computed, not_before = False, None
        if first is not None and end is None:
            computed = True
            months, after_next = (LTS_MONTHS, LTS_AFTER_NEXT) if major.lts else (STABLE_MONTHS, STABLE_AFTER_NEXT)
            floor = months_after(_date(first), months)
            following = [f for m, f in zip(majors[i + 1:], firsts[i + 1:], strict=True)
                         if f is not None and (m.lts or not major.lts)]
            if following:
                end = max(floor, months_after(_date(following[0]), after_next))
            else:
                not_before = floor  # tied to a next major that is not out yet
        # Not yet released on `today` either: no reader runs a major before its first release.
        state = PRERELEASE if first is None or _date(first) > today else status(end, today)
        rows.append(Lifecycle(major, first, end, computed, not_before, basic, state))
    return rows


def to_run(major: Line) -> Release | None:
    """The release of `major` to run: its newest that is final (`Release.is_prerelease`), dated and not
    yanked. None where it has none."""
    return next((r for r in reversed(major.releases)
                 if not r.is_prerelease and not r.entry.yanked and r.entry.release_date), None)


def newest_prerelease(model: Model) -> Release | None:
    """The newest pre-release, where it is newer than every final release: what a reader trying
    the next runtime looks for. An older one has been followed by its final release."""
    newest = model.releases[-1] if model.releases else None
    return newest if newest is not None and newest.is_prerelease else None


def _date(release: Release) -> dt.date:
    assert release.entry.release_date is not None
    return release.entry.release_date
