"""Lifecycle: the policy's arithmetic, its edge cases, and the sample's page cell by cell."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.lifecycle import ENDED, ENDING, MAINTAINED, PRERELEASE, lifecycles, months_after, status
from generator.pages.markdown import DASH
from generator.sources import load
from generator.sources.curated import read_curated
from generator.versions import AF2, RuntimeVersion

from .conftest import SAMPLE, SAMPLE_TODAY
from .helpers import badge, badge_dates, link_text, major_anchor, make_checkout, plain, render_pages, section, tables

D = dt.date


@pytest.mark.parametrize(("day", "months", "end"), [
    (D(2025, 8, 31), 6, D(2026, 2, 28)),   # no 31 February: the month's last day
    (D(2023, 8, 15), 6, D(2024, 2, 29)),   # leap year
    (D(2025, 10, 1), 3, D(2026, 1, 31)),   # across the year
    (D(2024, 1, 31), 18, D(2025, 7, 31)),
    (D(2024, 12, 1), 0, D(2024, 12, 31)),
])
def test_months_after_ends_on_the_last_day_of_the_month(day: dt.date, months: int, end: dt.date) -> None:
    assert months_after(day, months) == end


def test_status_boundaries() -> None:
    end = D(2026, 3, 31)
    assert status(end, end + dt.timedelta(days=1)) == ENDED
    assert status(end, end) == ENDING  # the last day is still maintained, and ending
    assert status(end, end - dt.timedelta(days=90)) == ENDING
    assert status(end, end - dt.timedelta(days=91)) == MAINTAINED
    assert status(None, D(2099, 1, 1)) == MAINTAINED


def _release(airflow: str, date: str, **meta: Any) -> dict[str, Any]:
    return {"airflow": airflow, "date": date, "pins": {"apache-airflow": airflow}, "meta": meta}


def test_policy_stable_lts_stated_and_prerelease(tmp_path: Path) -> None:
    repo = make_checkout(tmp_path, {
        "10.0.0": _release("2.8.0", "2024-01-10", lts=True),
        "10.1.0": _release("2.8.1", "2024-02-01", lts=True),
        "11.0.0": _release("2.9.0", "2024-03-05"),
        "12.0.0": _release("2.10.0", "2025-06-20", lts=True),
        "13.0.0": _release("2.10.1", "2025-07-01", endOfMaintenance="2026-05-31"),
        "14.0.0": _release("2.10.2", "2025-08-01", endOfMaintenance="2025-07-01"),  # before release: passed over
        "3.0-1": _release("3.0.0", "2025-09-15"),
        "3.1-1.rc1": _release("3.1.0rc1", "2025-12-01", channel="beta"),
    })
    rows = {lc.major.label: lc for lc in lifecycles(load(repo), D(2026, 1, 15))}
    # LTS: 18 months after 2024-01-10 (2025-07-31) against 6 months after the next LTS, 12 (2025-12-31).
    assert (rows["Runtime 10"].end_of_maintenance, rows["Runtime 10"].computed) == (D(2025, 12, 31), True)
    assert rows["Runtime 10"].status == ENDED
    # Stable: 6 months after 2024-03-05 (2024-09-30) against 3 months after 12's release (2025-09-30).
    assert rows["Runtime 11"].end_of_maintenance == D(2025, 9, 30)
    # LTS with no later LTS: open, not before 18 months after release.
    assert (rows["Runtime 12"].end_of_maintenance, rows["Runtime 12"].not_before) == (None, D(2026, 12, 31))
    assert rows["Runtime 12"].status == MAINTAINED
    # The catalog's date wins, and is not marked computed.
    assert (rows["Runtime 13"].end_of_maintenance, rows["Runtime 13"].computed) == (D(2026, 5, 31), False)
    # A stated date before the release is passed over: computed from 3.0's release (3 months: 2025-11-30)
    # against 6 months after its own (2026-02-28).
    assert (rows["Runtime 14"].end_of_maintenance, rows["Runtime 14"].computed) == (D(2026, 2, 28), True)
    assert rows["Runtime 14"].status == ENDING
    # 3.0's next major is only a pre-release: it does not count, so 3.0 stays open.
    assert rows["3.0-x"].end_of_maintenance is None and rows["3.0-x"].not_before == D(2026, 3, 31)
    assert (rows["3.1-x"].first, rows["3.1-x"].status) == (None, PRERELEASE)


# ---- the sample's page, against a computation written here from versions.json ----

def _end_of_month_after(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    return D(year, month + 1, calendar.monthrange(year, month + 1)[1])


def _majors(root: Path = SAMPLE) -> dict[str, list[tuple[RuntimeVersion, dict[str, Any]]]]:
    """Each major's releases with their catalog metadata, oldest first (the oldest major first)."""
    catalog = json.loads((root / "metadata" / "versions.json").read_text())
    entries = {**catalog.get("runtimeVersions", {}), **catalog.get("runtimeVersionsV3", {})}
    majors: dict[str, list[tuple[RuntimeVersion, dict[str, Any]]]] = {}
    for text in sorted(entries, key=RuntimeVersion.parse):
        v = RuntimeVersion.parse(text)
        label = f"Runtime {v.numbers[0]}" if v.scheme == AF2 else f"{v.numbers[0]}.{v.numbers[1]}-x"
        majors.setdefault(label, []).append((v, entries[text]["metadata"]))
    return majors


def _expected_rows(today: dt.date, root: Path = SAMPLE) -> list[dict[str, str]]:
    """Each major's row (oldest first) by the published policy, computed from versions.json alone."""
    majors = _majors(root)
    firsts = {k: next((D.fromisoformat(m["releaseDate"]) for v, m in rs
                       if v.prerelease is None and m.get("channel") not in ("alpha", "beta")), None)
              for k, rs in majors.items()}
    is_lts = {k: any(m.get("lts") for _, m in rs) for k, rs in majors.items()}
    labels = list(majors)
    expected = []
    for n, (label, rs) in enumerate(majors.items()):
        stated = [D.fromisoformat(m["endOfMaintenance"]) for _, m in rs
                  if m.get("endOfMaintenance") and m["endOfMaintenance"] >= m["releaseDate"]]
        first = firsts[label]
        row = {"Runtime": label, "First release": str(first) if first else DASH, "later": ""}
        # What to run: the newest release that is final, on a stable channel, dated and not yanked.
        run = [(v.text, m["airflowVersion"]) for v, m in rs if v.prerelease is None and m.get("releaseDate")
               and m.get("channel") not in ("alpha", "beta") and not m.get("yanked")]
        row["Run today"], row["Airflow"] = run[-1] if run else ("", "")
        if first is None:
            row.update({"End of maintenance": DASH, "Status": "not yet released"})
        elif stated:
            row["End of maintenance"] = str(stated[-1])
            end: dt.date | None = stated[-1]
        else:
            later = [firsts[k] for k in labels[n + 1:] if firsts[k] and (is_lts[k] or not is_lts[label])]
            floor = _end_of_month_after(first, 18 if is_lts[label] else 6)
            next_first = later[0] if later else None
            if next_first is None:
                row["End of maintenance"] = f"not before {floor} (computed)"
                row["later"] = (f"until {6 if is_lts[label] else 3} months after the first release of the next "
                                f"{'LTS ' if is_lts[label] else ''}major")
                end = None
            else:
                end = max(floor, _end_of_month_after(next_first, 6 if is_lts[label] else 3))
                row["End of maintenance"] = f"{end} (computed)"
        if first is not None:
            row["Status"] = ("not yet released" if first > today else  # a major is run from its first release
                             "maintained" if end is None or (end - today).days > 90 else
                             "end of maintenance" if today > end else "ending within 90 days")
        expected.append(row)
    return expected


_RUNTIME_CELL = re.compile(r'<a id="([^"]+)" class="rt-anchor"></a>\[([^\]]+)\]\(releases/([^)]+)\.md\)( \(LTS\))?')


def major_rows(page: str) -> list[dict[str, str]]:
    """The rows of "Support by major", each by column head, the Runtime cell split into
    `anchor`, `Runtime` (its text), `newest` (the release it links to) and `LTS` (its mark);
    `Status` is the word the badge says, `dates` the dates it carries for the browser (first
    release and end of maintenance, a space between)."""
    (rows,) = tables(section(page, "Support by major"))
    assert rows[0] == ["Runtime", "Status", "Apache Airflow", "First release", "End of maintenance",
                       "End of basic support"]
    found = []
    for row in rows[1:]:
        cells = dict(zip(rows[0], row, strict=True))
        m = _RUNTIME_CELL.fullmatch(cells["Runtime"])
        assert m, cells["Runtime"]
        found.append({**cells, "anchor": m[1], "Runtime": m[2], "newest": m[3], "LTS": "LTS" if m[4] else "",
                      "Status": badge(cells["Status"]), "dates": " ".join(badge_dates(cells["Status"]))})
    return found


@pytest.mark.parametrize("today", [SAMPLE_TODAY, D(2025, 6, 1), D(2025, 11, 15), D(2021, 12, 1)])
def test_sample_lifecycle_page_every_row(today: dt.date) -> None:
    """Every major, newest first, against the policy computed here from versions.json: its anchor,
    status badge, first release, end of maintenance and LTS mark."""
    page = render_pages(load(SAMPLE), read_curated(), today)["lifecycle.md"]
    assert re.findall(r"^## (.+)$", page, re.M) == ["Supported now", "Support policy", "Support by major",
                                                     "Yanked releases"]
    got = major_rows(page)
    expected = list(reversed(_expected_rows(today)))
    assert len(got) == len(expected)
    for g, e in zip(got, expected, strict=True):
        shown = ("Runtime", "First release", "End of maintenance", "Status")
        assert {k: g[k] for k in shown} == {k: e[k] for k in shown}
        assert g["anchor"] == major_anchor(e["Runtime"])
        # What the browser computes the status from again: the first release and the stated or computed end.
        end = re.match(r"\d{4}-\d\d-\d\d", e["End of maintenance"])
        assert g["dates"] == " ".join((e["First release"].replace(DASH, ""), end[0] if end and "not before" not in
                                       e["End of maintenance"] else ""))
    majors = _majors()
    lts = {k for k, rs in majors.items() if any(m.get("lts") for _, m in rs)}
    assert [g["LTS"] for g in got] == ["LTS" if g["Runtime"] in lts else "" for g in got]
    assert lts
    for g in got:
        metas = [m for _, m in majors[g["Runtime"]]]
        airflow = [m["airflowVersion"] for m in metas]
        assert plain(g["Apache Airflow"]) == (airflow[0] if len(set(airflow)) == 1
                                              else f"{airflow[0]} {DASH} {airflow[-1]}")
        assert g["End of basic support"] == DASH  # the sample states none
    statuses = {r["Status"] for r in got}
    assert len(statuses) >= 2, statuses  # the chosen days exercise more than one status


def test_sample_lifecycle_links_each_major_to_its_newest_release() -> None:
    """Every major of both eras links to its newest release in version order, pre-releases included."""
    page = render_pages(load(SAMPLE), read_curated(), SAMPLE_TODAY)["lifecycle.md"]
    newest = {label: rs[-1][0].text for label, rs in _majors().items()}
    got = {row["Runtime"]: row["newest"] for row in major_rows(page)}
    assert got == newest
    assert newest["3.2-x"] == "3.2-1.rc1"  # a pre-release is a major's newest release too


_GROUP = re.compile(r'(\S+) &ndash; (\S+) <details class="rt-more"><summary>(\d+) releases</summary>(.+)</details>')


def _yanked_groups(page: str) -> list[tuple[list[str], str]]:
    """The rows of "Yanked releases", newest first: the releases each stands for (newest first;
    a range lists its members one click away) and the reason."""
    (rows,) = tables(section(page, "Yanked releases"))
    assert rows[0] == ["Runtime", "Apache Airflow", "Release date", "Reason"]
    found = []
    for row in rows[1:]:
        m = _GROUP.fullmatch(row[0])
        if m:
            assert all(c.endswith(" (yanked)") for c in m[4].split("<br />")), row[0]
            members = [link_text(c.removesuffix(" (yanked)")) for c in m[4].split("<br />")]
            assert (members[-1], members[0], len(members)) == (m[1], m[2], int(m[3])), row[0]
        else:
            assert row[0].endswith(" (yanked)"), row[0]
            members = [link_text(row[0].removesuffix(" (yanked)"))]
        found.append((members, row[3]))
    return found


def _expected_yanked(root: Path) -> list[tuple[list[str], str]]:
    """Yanked releases from versions.json alone: those yanked one after the other, for one reason, together."""
    catalog = json.loads((root / "metadata" / "versions.json").read_text())
    entries = {**catalog.get("runtimeVersions", {}), **catalog.get("runtimeVersionsV3", {})}
    groups: list[tuple[list[str], str]] = []
    previous_yanked = False
    for v in sorted(entries, key=RuntimeVersion.parse):
        meta = entries[v]["metadata"]
        reason = meta.get("yankedReason") or "no reason given"
        if meta.get("yanked"):
            if previous_yanked and groups[-1][1] == reason:
                groups[-1][0].insert(0, v)
            else:
                groups.append(([v], reason))
        previous_yanked = bool(meta.get("yanked"))
    return groups[::-1]


def test_yanked_table_lists_every_yanked_release_with_its_reason() -> None:
    page = render_pages(load(SAMPLE), read_curated(), SAMPLE_TODAY)["lifecycle.md"]
    got = _yanked_groups(page)
    assert got == _expected_yanked(SAMPLE)
    assert any(len(members) > 1 for members, _ in got) and len(got) >= 2  # a range and a single release


def test_yanked_ranges_break_at_a_kept_release_and_at_a_new_reason(tmp_path: Path) -> None:
    pins = {"apache-airflow": "2.9.0"}

    def rel(day: str, reason: str | None) -> dict[str, Any]:
        meta = {"yanked": True, "yankedReason": reason} if reason else {}
        return {"airflow": "2.9.0", "date": day, "pins": pins, "meta": meta}
    reasons = ["slow", "slow", None, "slow", "broken", "broken", "broken"]  # 10.0.0 to 10.6.0
    repo = make_checkout(tmp_path / "repo", {f"10.{n}.0": rel(f"2024-{n + 1:02d}-01", reason)
                                             for n, reason in enumerate(reasons)})
    page = render_pages(load(repo), read_curated(), D(2024, 8, 1))["lifecycle.md"]
    assert _yanked_groups(page) == _expected_yanked(repo) == [
        (["10.6.0", "10.5.0", "10.4.0"], "broken"), (["10.3.0"], "slow"), (["10.1.0", "10.0.0"], "slow")]


@pytest.mark.parametrize("lts", [False, True])
def test_release_on_the_calendars_last_day_builds(tmp_path: Path, lts: bool) -> None:
    """Months after 9999-12-31 are past `date.max`: the policy's end is the calendar's end, not OverflowError."""
    repo = make_checkout(tmp_path / "repo", {"1.0.0": _release("2.0.0", "2024-01-01", lts=lts),
                                             "2.0.0": _release("2.1.0", "9999-12-31", lts=lts)})
    rows = lifecycles(load(repo), D(2026, 1, 1))
    assert [(lc.end_of_maintenance, lc.not_before) for lc in rows] == [(D.max, None), (None, D.max)]
    docs = tmp_path / "docs"
    assert main(["build", "--repo", str(repo), "--docs", str(docs), "--today", "2026-01-01", "--quiet"]) == 0
    cells = major_rows((docs / "reference" / "lifecycle.md").read_text())
    assert [(c["First release"], c["End of maintenance"]) for c in cells] == [  # newest first
        ("9999-12-31", "not before 9999-12-31 (computed)"), ("2024-01-01", "9999-12-31 (computed)")]
