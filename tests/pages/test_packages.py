"""Package pages read back into releases and versions, against the constraints files of every image.

A page's Releases table folds consecutive releases into runs; the tests unfold each run with the
catalog's order (read here from versions.json) and compare every release and image with its pins.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from packaging.version import Version

from generator.model import Model
from generator.pages.markdown import DASH
from generator.sources.curated import read_curated
from generator.versions import RuntimeVersion

from ..conftest import SAMPLE, SAMPLE_TODAY
from ..helpers import catalog, image_pins, line_label, pep503, plain, render_pages, section, tables

SNOWFLAKE = "apache-airflow-providers-snowflake"
_RELEASE_CELL = re.compile(r"\[([^\]]+)\]\(\.\./releases/([^)]+)\.md\)( \(yanked\))?")
_PYPI = "https://pypi.org/project/{}/"


@pytest.fixture(scope="module")
def pages(sample_model: Model) -> dict[str, str]:
    return render_pages(sample_model, read_curated(), SAMPLE_TODAY)


@cache
def _catalog() -> dict[str, dict[str, object]]:
    return catalog(SAMPLE)


@cache
def _shipped() -> dict[str, dict[str, dict[str, str]]]:
    """Package key -> release (oldest first) -> variant -> version, from every image's constraints file."""
    found: dict[str, dict[str, dict[str, str]]] = {}
    for version in _catalog():
        for variant, pins in image_pins(SAMPLE, version).items():
            for name, pinned in pins.items():
                found.setdefault(pep503(name), {}).setdefault(version, {})[variant] = pinned
    return found


def _variants(by_release: dict[str, dict[str, str]]) -> list[str]:
    """The images that ever ship a package: the standard one first, then the others by name."""
    names = {v for variants in by_release.values() for v in variants}
    return sorted(names, key=lambda v: (v != "standard", v))


def _release(cell: str) -> str:
    """The version a release cell links to, after asserting it is flagged exactly when yanked."""
    m = _RELEASE_CELL.fullmatch(cell)
    assert m and m[1] == m[2], cell
    assert bool(m[3]) == bool(_catalog()[m[1]].get("yanked")), cell
    return m[1]


_LONG_RUN = re.compile(r'(.+) back to (.+) <details class="rt-more"><summary>(\d+) releases</summary>([^<]*)</details>')


def _long_run(cell: str) -> tuple[str, str, int, list[str]] | None:
    """A long run's cell: its two ends linked, then every release it stands for, newest first, as
    plain text behind a count; None for a cell that names its releases one by one."""
    m = _LONG_RUN.fullmatch(cell)
    if m is None:
        return None
    assert "](" not in m[4] and "(yanked)" not in m[4], cell  # names, not links
    return _release(m[1]), _release(m[2]), int(m[3]), [plain(v) for v in m[4].split(", ")]


def _unfold(cell: str, order: list[str]) -> list[str]:
    """The releases a run's cell stands for, newest first: each linked, or the two ends linked and
    every one named behind a count."""
    if found := _long_run(cell):
        newest, oldest, count, members = found
        run = order[order.index(oldest): order.index(newest) + 1][::-1]
        assert len(run) == count > 3, cell  # three or fewer are linked one by one
        assert members == run, cell
        return run
    run = [_release(c) for c in cell.split(", ")]
    assert 1 <= len(run) <= 3, cell
    return run


def _check_page(page: str, key: str) -> int:
    """Assert the package's page is right in every cell; return how many releases it covers."""
    order = list(_catalog())
    by_release = _shipped()[key]
    variants = _variants(by_release)
    name = re.match(r"---\n.*?\n---\n# ([^\n]+)\n", page, re.S)  # the title, after the front matter
    assert name and pep503(plain(name[1])) == key
    kind = "Provider package" if key.startswith("apache-airflow-providers-") else "Python package"
    links = f"[PyPI]({_PYPI.format(key)})"
    if kind == "Provider package":
        links += f", [provider docs](https://airflow.apache.org/docs/{key}/stable/index.html)"
    assert f"\n{kind} ({links}).\n" in page

    (rows,) = tables(section(page, "Releases"))
    assert rows[0] == ["Releases", *variants]
    runs = [_unfold(row[0], order) for row in rows[1:]]
    for run, row in zip(runs, rows[1:], strict=True):
        # One line, consecutive in the catalog, newest first, every release the same in every image.
        assert len({line_label(v) for v in run}) == 1, run
        assert [order.index(v) for v in run] == list(range(order.index(run[0]), order.index(run[0]) - len(run), -1))
        for version in run:
            assert [plain(c) for c in row[1:]] == [by_release[version].get(v, DASH) for v in variants], version
    # Runs are as long as they can be: a neighbouring row that ships the same is in another line or not next.
    for (newer, newer_row), (older, older_row) in zip(zip(runs, rows[1:], strict=True),
                                                      zip(runs[1:], rows[2:], strict=True), strict=False):
        if newer_row[1:] == older_row[1:]:
            assert line_label(newer[-1]) != line_label(older[0]) or \
                order.index(newer[-1]) != order.index(older[0]) + 1, (newer, older)
    listed = [v for run in runs for v in run]
    assert listed == [v for v in reversed(order) if v in by_release]

    (versions,) = tables(section(page, "Versions"))
    provider = key.startswith("apache-airflow-providers-")
    assert versions[0] == ["Version", "First release", "Newest release"] + ["Provider docs"] * provider
    for row in versions[1:]:  # a provider's docs at each version, as Airflow's docs name it
        if provider:
            docs_version = plain(row[0]).split("!")[-1].split("+")[0]
            assert row[3] == f"[{key.removeprefix('apache-airflow-providers-').replace('-', '.')}]" \
                             f"(https://airflow.apache.org/docs/{key}/{docs_version}/index.html)", row
    releases_of: dict[str, list[str]] = {}
    for version, shipped in by_release.items():  # oldest release first
        for pinned in set(shipped.values()):
            releases_of.setdefault(pinned, []).append(version)
    expected = [[v, releases_of[v][0], releases_of[v][-1]]
                for v in sorted(releases_of, key=Version, reverse=True)]
    assert [[plain(r[0]), _release(r[1]), _release(r[2])] for r in versions[1:]] == expected
    return len(listed)


def test_snowflake_page_lists_every_release_and_image_that_ships_it(pages: dict[str, str]) -> None:
    """The brief's example: snowflake ships in the standard image of most releases and in 3.1's
    python-3.11 image, never in a slim one; versions went down and up again across lines."""
    page = pages[f"packages/{SNOWFLAKE}.md"]
    covered = _check_page(page, SNOWFLAKE)
    assert covered == len(_shipped()[SNOWFLAKE]) > 60
    (rows,) = tables(section(page, "Releases"))
    assert rows[0] == ["Releases", "standard", "python-3.11"]
    assert any(" back to " in row[0] for row in rows) and any(", " in row[0] for row in rows)


def test_every_package_page_every_cell(pages: dict[str, str]) -> None:
    """The same for every package any image pins: one page each, nothing more."""
    shipped = _shipped()
    made = {p.removeprefix("packages/").removesuffix(".md") for p in pages if p.startswith("packages/")}
    assert made == {*shipped, "index"}
    for key in shipped:
        _check_page(pages[f"packages/{key}.md"], key)


def test_every_release_of_a_long_run_is_named_in_its_row(pages: dict[str, str]) -> None:
    """A run of four or more releases links its two ends and names every release between them, so
    that each is found by its own name: the names are the releases on disk (a folder with a
    constraints file) from the oldest end to the newest, newest first, and each ships what the row
    says, read from its constraints files."""
    on_disk = sorted({p.parent.name for p in SAMPLE.glob("*/build-time-pip-constraints.txt")},
                     key=RuntimeVersion.parse)
    runs = gaps = 0
    for key, by_release in _shipped().items():
        (rows,) = tables(section(pages[f"packages/{key}.md"], "Releases"))
        variants = rows[0][1:]
        for row in rows[1:]:
            found = _long_run(row[0])
            if found is None:
                assert "<details" not in row[0] and len(row[0].split(", ")) <= 3, row[0]
                continue
            newest, oldest, count, members = found
            between = on_disk[on_disk.index(oldest): on_disk.index(newest) + 1][::-1]
            assert members == between and count == len(between) > 3, (key, row[0])
            assert {line_label(v) for v in members} == {line_label(newest)}, (key, row[0])
            for version in members:
                assert [plain(c) for c in row[1:]] == [by_release[version].get(v, DASH) for v in variants], \
                    (key, version)
            runs += 1
            # Releases the catalog skips (4.2.2 and 4.2.3 were never published) are not named.
            numbers = [int(v.split(".")[-1]) for v in members if re.fullmatch(r"\d+\.\d+\.\d+", v)]
            gaps += bool(numbers) and numbers[0] - numbers[-1] + 1 > len(numbers)
    assert runs > 20 and gaps > 0, (runs, gaps)


def test_packages_index(pages: dict[str, str]) -> None:
    """One row per package by key: its page, kind, the version the newest release that ships it
    ships (its standard image's where it has one), that release, and how many versions ship."""
    (rows,) = tables(pages["packages/index.md"])
    assert rows[0] == ["Package", "Kind", "Version in the newest release", "Newest release", "Versions shipped"]
    shipped = _shipped()
    assert len(rows) - 1 == len(shipped)
    for row, key in zip(rows[1:], sorted(shipped), strict=True):
        # The page sits beside the index; a PyPI link may follow, and is then the package's own.
        m = re.fullmatch(r"\[([^\]]+)\]\((?:\.\./packages/)?([^)/]+)\.md\)(?: \(\[PyPI\]\(([^)]+)\)\))?", row[0])
        assert m and pep503(m[1]) == m[2] == key, row[0]
        assert m[3] in (None, _PYPI.format(key))
        assert row[1] == ("provider" if key.startswith("apache-airflow-providers-") else "Python package")
        versions = {v for by_variant in shipped[key].values() for v in by_variant.values()}
        release, by_variant = list(shipped[key].items())[-1]  # oldest first: the last is the newest
        current = by_variant.get("standard") or by_variant[sorted(by_variant)[0]]
        assert (plain(row[2]), _release(row[3]), row[4]) == (current, release, str(len(versions)))
