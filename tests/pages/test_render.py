"""Rendered tables checked cell by cell against facts the test reads from the sample itself."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.version import Version

from generator.model import Model
from generator.pages import MkDocs
from generator.pages.markdown import DASH, PADDED_WIDTH, esc, table
from generator.sources import load
from generator.sources.curated import read_curated

from ..conftest import PROJECT, SAMPLE, SAMPLE_TODAY
from ..helpers import (
    ERAS,
    badge,
    badge_dates,
    catalog,
    era_tables,
    image_pins,
    line_label,
    link_text,
    link_url,
    major_anchor,
    major_label,
    make_checkout,
    package_name,
    pep503,
    plain,
    read_pins,
    release_pins,
    render_pages,
    section,
    tables,
)
from ..test_lifecycle import _expected_rows

PROVIDER_PREFIX = "apache-airflow-providers-"


@cache
def _meta() -> dict[str, dict[str, Any]]:
    """Each release's catalog metadata, read with json only, in runtime version order."""
    return catalog(SAMPLE)


@cache
def _pins() -> dict[str, dict[str, str]]:
    """Each release's standard-image pins, read with str.split only."""
    return {v: read_pins(SAMPLE / v) for v in _meta()}


def _python(version: str) -> str:
    """The standard image's Python, from its Dockerfile's ARG (not through generator.sources)."""
    m = re.search(r'^ARG PYTHON_MAJOR_MINOR_VERSION="([^"]+)"$', (SAMPLE / version / "Dockerfile").read_text(), re.M)
    assert m, version
    return m[1]


def _lines() -> dict[str, list[str]]:
    """Line label -> release versions, oldest first, grouped independently of the generator."""
    lines: dict[str, list[str]] = {}
    for v in _meta():
        lines.setdefault(line_label(v), []).append(v)
    return lines


def _eras() -> dict[str, dict[str, list[str]]]:
    """Era heading -> its lines NEWEST first -> their releases oldest first; the newer era first."""
    eras: dict[str, dict[str, list[str]]] = {title: {} for title in ERAS.values()}
    for label, versions in reversed(_lines().items()):
        eras[ERAS["airflow3" if label.endswith("-x") else "semver"]][label] = versions
    return {title: lines for title, lines in eras.items() if lines}


def _expected_span(values: Sequence[str | None]) -> str:
    present = [v for v in values if v]
    if not present:
        return DASH
    return esc(present[0]) if len(set(present)) == 1 else f"{esc(present[0])} {DASH} {esc(present[-1])}"


def _docs_version(version: str) -> str:
    """How Airflow's docs folders name a version: no epoch (`1!2.0.0`), no local part (`+astro.1`)."""
    return version.split("!")[-1].split("+")[0]


@pytest.fixture(scope="module")
def pages(sample_model: Model) -> dict[str, str]:
    return render_pages(sample_model, read_curated(), SAMPLE_TODAY)


def test_provider_table_every_cell(pages: dict[str, str]) -> None:
    """One matrix per era, newest line first, with the providers that era's standard images ship:
    every cell is the span of the line's pins, read from the constraints files with str.split."""
    found = era_tables(pages["architecture.md"], "Provider packages")
    pins, eras = _pins(), _eras()
    assert list(found) == list(eras) == list(ERAS.values())
    for title, rows in found.items():
        lines = eras[title]
        providers = sorted({k for versions in lines.values() for v in versions for k in pins[v]
                            if k.startswith(PROVIDER_PREFIX)})
        header = rows[0]
        assert header[0] == "Runtime line"
        assert [link_text(h) for h in header[1:]] == [p.removeprefix(PROVIDER_PREFIX).replace("-", ".")
                                                      for p in providers]
        assert [link_text(r[0]) for r in rows[1:]] == list(lines)
        for row, (label, versions) in zip(rows[1:], lines.items(), strict=True):
            assert link_url(row[0]) == f"releases/{versions[-1]}.md"
            for cell, provider in zip(row[1:], providers, strict=True):
                assert cell == _expected_span([pins[v].get(provider) for v in versions]), (title, label, provider)
        assert all(cell for row in rows for cell in row)
    # The eras differ: a provider the Airflow 2 era shipped and Airflow 3 dropped heads only the older table.
    heads = [{link_text(h) for h in rows[0][1:]} for rows in found.values()]
    assert heads[0] != heads[1]


def test_provider_column_links_to_its_own_provider(pages: dict[str, str]) -> None:
    """A column head links to its own provider's docs, at the version the era's newest release
    shipping it pins (epoch and local part dropped, as the docs' folders are named)."""
    pins, eras = _pins(), _eras()
    checked = 0
    for title, rows in era_tables(pages["architecture.md"], "Provider packages").items():
        newest_first = [v for versions in eras[title].values() for v in reversed(versions)]
        for head in rows[0][1:]:
            key = PROVIDER_PREFIX + link_text(head).replace(".", "-")
            version = next(pins[v][key] for v in newest_first if key in pins[v])
            assert link_url(head) == f"https://airflow.apache.org/docs/{key}/{_docs_version(version)}/index.html"
            checked += 1
    assert checked > 30


def test_python_packages_table(pages: dict[str, str]) -> None:
    """Per era: the curated packages that era ships, each head linking to the package's page here;
    the Python of each line from its Dockerfiles, every package cell from the constraints files."""
    pins, eras = _pins(), _eras()
    found = era_tables(pages["architecture.md"], "Python packages")
    assert list(found) == list(eras)
    columns = []
    for title, rows in found.items():
        lines = eras[title]
        shipped = {k for versions in lines.values() for v in versions for k in pins[v]}
        expected_cols = [p for p in read_curated().python_packages if p in shipped]
        assert rows[0][:2] == ["Runtime line", "Python"]
        # A head is a package cell like any other: the package's page here.
        assert [package_name(h) for h in rows[0][2:]] == expected_cols
        assert [link_text(r[0]) for r in rows[1:]] == list(lines)
        for row, versions in zip(rows[1:], lines.values(), strict=True):
            assert row[1] == _expected_span([_python(v) for v in versions])
            for cell, name in zip(row[2:], expected_cols, strict=True):
                assert cell == _expected_span([pins[v].get(name) for v in versions])
        columns.append(expected_cols)
    assert "apache-airflow-task-sdk" in columns[0] and "astronomer-providers" in columns[1]
    assert "apache-airflow-task-sdk" not in columns[1]
    by_line = {link_text(r[0]): r[1] for rows in found.values() for r in rows[1:]}
    assert by_line["9.17.x"] == "3.11" and by_line["3.1-x"] == "3.12" and by_line["7.0.x"] == "3.9"


_MORE = re.compile(r'(.+) <details class="rt-more"><summary>(\d+) lines</summary>(.+)</details>')


def test_parity_table(pages: dict[str, str]) -> None:
    """Per era, one row per major, newest first, as the hand-kept page has it: the Airflow versions,
    release dates and count of each major's releases, from versions.json; a major of several lines
    lists them one click away, newest first, each with its Airflow versions."""
    meta, eras = _meta(), _eras()
    found = era_tables(pages["architecture.md"], "Astro Runtime and Apache Airflow parity")
    assert list(found) == list(eras)
    detailed = 0
    for title, rows in found.items():
        assert rows[0] == ["Runtime", "Apache Airflow", "Release dates", "Releases"]
        majors: dict[str, dict[str, list[str]]] = {}  # newest first, lines newest first
        for label, versions in eras[title].items():
            majors.setdefault(major_label(versions[0]), {})[label] = versions
        assert len(rows) - 1 == len(majors)
        for row, (major, lines) in zip(rows[1:], majors.items(), strict=True):
            versions = [v for line in reversed(lines.values()) for v in line]
            m = _MORE.fullmatch(row[0])
            assert link_text(m[1] if m else row[0]) == major
            if len(lines) > 1:
                assert m and int(m[2]) == len(lines), row[0]
                inside = [re.fullmatch(r"\[([^\]]+)\]\([^)]+\): (.+)", part) for part in m[3].split("<br />")]
                assert [i[1] for i in inside if i] == list(lines)
                for i, line in zip(inside, lines.values(), strict=True):
                    assert i and plain(i[2]) == _expected_span([str(meta[v]["airflowVersion"]) for v in line])
                detailed += 1
            else:
                assert not m, row[0]
            airflow = [str(meta[v]["airflowVersion"]) for v in versions]
            assert plain(row[1]) == _expected_span(airflow)
            assert row[2] == _expected_span(sorted(str(meta[v]["releaseDate"]) for v in versions))
            assert row[3] == str(len(versions))
    assert detailed >= 3


_LINE_TABLES = ("System dependencies", "Provider packages", "Python packages")
_AF2_LINE = re.compile(r"(\d+)\.(\d+)\.x")
_AF3_LINE = re.compile(r"(\d+)\.(\d+)-x")


def test_no_table_mixes_the_eras_and_lines_are_newest_first(pages: dict[str, str]) -> None:
    """`3.0.x` (2021) and `3.0-x` (Airflow 3.0) read alike: every line table is one era's, under
    that era's heading, its lines newest first (a collapsed row's lines, each named, in order too)."""
    page = pages["architecture.md"]
    for heading in _LINE_TABLES:
        found = era_tables(page, heading)
        assert list(found) == list(_eras()), heading
        for title, rows in found.items():
            pattern = _AF3_LINE if title == ERAS["airflow3"] else _AF2_LINE
            assert rows[0][0] in ("Runtime line", "Runtime lines"), heading
            labels = []
            for row in rows[1:]:
                # A line, or a collapsed row's every line by its name: links and nothing else.
                named = re.findall(r"\[([^\]]+)\]\(releases/[^)]+\.md\)", row[0])
                assert named and row[0] == ", ".join(re.findall(r"\[[^\]]+\]\(releases/[^)]+\.md\)", row[0])), row[0]
                labels.extend(named)  # newest first, as the rows are
            numbers = []
            for label in labels:
                m = pattern.fullmatch(label)
                assert m, (heading, title, label)
                numbers.append((int(m[1]), int(m[2])))
            assert numbers == sorted(numbers, reverse=True) and len(set(numbers)) == len(numbers), (heading, title)
    # No other table names lines of both schemes. The Distribution table is left out: its
    # "Runtime lines" column sums up every line an image is published for, across both eras.
    for rows in tables(page.replace(section(page, "Distribution"), "")):
        text = " ".join(c for row in rows for c in row)
        assert not (re.search(r"\b\d+\.\d+\.x\b", text) and re.search(r"\b\d+\.\d+-x\b", text)), rows[0]


def test_distribution_names_every_line_that_publishes_each_image(pages: dict[str, str]) -> None:
    """Each image, its tag, and every line that publishes it by its own name (a line publishes an
    image if one of its releases has its folder), era by era, newest first: no range stands for
    lines a reader would look for by name."""
    (rows,) = tables(section(pages["architecture.md"], "Distribution"))
    assert rows[0] == ["Image", "Tag", "Runtime lines"]
    published: dict[str, dict[str, list[str]]] = {}
    for title, lines in _eras().items():
        for label, versions in lines.items():
            for variant in {v for version in versions for v in image_pins(SAMPLE, version)}:
                published.setdefault(variant, {}).setdefault(title.split(" (")[0], []).append(label)
    variants = sorted(published, key=lambda v: (v != "standard", v))
    assert [r[0] for r in rows[1:]] == variants and len(variants) >= 3
    for row, variant in zip(rows[1:], variants, strict=True):
        assert re.fullmatch(r"[a-z0-9./-]+:&lt;version&gt;" + ("" if variant == "standard" else f"-{variant}"),
                            row[1]), row
        assert row[2] == "; ".join(f"{era}: {', '.join(lines)}" for era, lines in published[variant].items()), row
    assert len(published["standard"][ERAS["semver"].split(" (")[0]]) > 6  # longer than a range used to stand for


_DEBIAN = {"buster": "10", "bullseye": "11", "bookworm": "12", "trixie": "13"}


def _system(version: str) -> tuple[str, str, str]:
    """Debian, base image and Python of a release's standard image, from its Dockerfile's ARGs."""
    args = dict(re.findall(r'^ARG (\w+)="([^"]*)"$', (SAMPLE / version / "Dockerfile").read_text(), re.M))
    base = re.sub(r"\$\{(\w+)\}", lambda m: args[m[1]], args["PYTHON_BASE_IMAGE"])
    codename = args["DEBIAN_CODENAME"]
    return f"{_DEBIAN[codename]} ({codename})", base, args["PYTHON_MAJOR_MINOR_VERSION"]


def _line_cell(label: str, versions: list[str]) -> str:
    return f"[{label}](releases/{versions[-1]}.md)"


def test_system_rows_collapse_exactly_the_neighbouring_lines_built_alike(pages: dict[str, str]) -> None:
    """Per era, newest line first: neighbouring lines whose Debian, base image and Python cells
    (spans over their releases, read from the Dockerfiles) are the same share one row."""
    found = era_tables(pages["architecture.md"], "System dependencies")
    assert list(found) == list(_eras())
    collapsed = 0
    for title, lines in _eras().items():
        groups: list[tuple[list[str], list[str]]] = []
        for label, versions in lines.items():
            cells = [_expected_span([_system(v)[n] for v in versions]) for n in range(3)]
            if groups and groups[-1][1] == cells:
                groups[-1][0].append(label)
            else:
                groups.append(([label], cells))
        expected = [["Runtime lines", "Debian", "Base image", "Python"]]
        for labels, cells in groups:
            expected.append([", ".join(_line_cell(label, lines[label]) for label in labels), *cells])
            collapsed += len(labels) > 1
        assert found[title] == expected, title
    assert collapsed >= 3 and len(found[ERAS["semver"]]) > 2  # real collapses, and rows that stay apart


def test_system_rows_never_join_lines_that_are_not_neighbours(tmp_path: Path) -> None:
    """Lines built alike but with another line between them stay apart; lines whose spans match
    (both went from 3.11 to 3.12) join; the eras never do."""
    pins = {"apache-airflow": "2.9.0"}
    spec = {"11.0.0": "3.11", "11.1.0": "3.12", "11.2.0": "3.12", "11.3.0": "3.11", "11.4.0": "3.11",
            "11.4.1": "3.12", "11.5.0": "3.11", "11.5.1": "3.12", "11.6.0": "3.12", "3.0-1": "3.12", "3.1-1": "3.12"}
    repo = make_checkout(tmp_path / "repo", {
        v: {"airflow": "2.9.0", "date": f"2024-01-{n + 1:02}", "pins": pins, "python": py}
        for n, (v, py) in enumerate(spec.items())})
    found = era_tables(render_pages(load(repo), read_curated(), SAMPLE_TODAY)["architecture.md"], "System dependencies")

    def row(lines: str, *pythons: str) -> list[str]:
        def cell(fmt: str) -> str:
            return f" {DASH} ".join(fmt.format(p) for p in pythons)
        return [lines, "12 (bookworm)", cell("python:{}-slim-bookworm"), cell("{}")]

    assert found[ERAS["airflow3"]][1:] == [row("[3.1-x](releases/3.1-1.md), [3.0-x](releases/3.0-1.md)", "3.12")]
    assert found[ERAS["semver"]][1:] == [
        row("[11.6.x](releases/11.6.0.md)", "3.12"),
        row("[11.5.x](releases/11.5.1.md), [11.4.x](releases/11.4.1.md)", "3.11", "3.12"),
        row("[11.3.x](releases/11.3.0.md)", "3.11"),
        row("[11.2.x](releases/11.2.0.md), [11.1.x](releases/11.1.0.md)", "3.12"),
        row("[11.0.x](releases/11.0.0.md)", "3.11"),
    ]


def _snippets() -> dict[str, str]:
    """The parts of pages the home page (docs/index.md, hand-written) includes with pymdownx.snippets,
    by path from the generated folder: {path: the section it includes}."""
    home = (PROJECT / "docs" / "index.md").read_text()
    folder = MkDocs().folder + "/"
    found = dict(re.findall(r'^--8<-- "([^":]+):([^"]+)"$', home, re.M))
    assert found and all(path.startswith(folder) for path in found)
    return {path.removeprefix(folder): part for path, part in found.items()}


def test_every_page_starts_with_front_matter_then_its_title(pages: dict[str, str]) -> None:
    """The generated marker is the page's front matter, so `# Title` stays the first thing MkDocs
    reads as content; the front matter is one YAML mapping. A part of a page the home page includes
    is no page (mkdocs.yml leaves its folder out): the marker, no title, and the section it is
    included for, between its two markers."""
    snippets = _snippets()
    excluded = re.search(r"^exclude_docs: \|\n((?:  .+\n)+)", (PROJECT / "mkdocs.yml").read_text(), re.M)
    assert excluded
    checked = parts = 0
    for name, page in pages.items():
        if not name.endswith(".md"):
            continue
        front = page[4: page.index("\n---\n")]
        assert isinstance(yaml.safe_load(front), dict), name
        if name not in snippets:
            assert page.startswith(MkDocs.marker + "\n# "), name
            checked += 1
            continue
        assert page.startswith(MkDocs.marker + "\n\n") and not re.search(r"^# ", page[len(MkDocs.marker):], re.M), name
        assert any(f"/{MkDocs().folder}/{name}".startswith(f.strip()) for f in excluded[1].splitlines()), name
        part = snippets[name]
        start, end = f"<!-- --8<-- [start:{part}] -->\n", f"<!-- --8<-- [end:{part}] -->\n"
        assert page.count(start) == page.count(end) == 1 and page.index(start) < page.index(end), name
        parts += 1
    assert checked > 150  # every release, package and model-wide page
    assert parts == len(snippets)  # every part the home page includes is written


UNSEARCHED = "{ data-search-exclude }"
"""What follows the heading of a section the MkDocs site's search leaves out (attr_list)."""


def test_release_page_lists_every_package_providers_first(pages: dict[str, str]) -> None:
    """Every pin of every image of 3.1-2, read back from its page: the standard image's as pins,
    providers first; other images as differences from the standard, names linked to their pages."""
    page = pages["releases/3.1-2.md"]
    facts_table = tables(page)[0]
    assert dict((r[0], r[1]) for r in facts_table[1:])["Python"] == "3.12"
    variants = ["standard", "python-3.11", "slim"]
    # Material's search leaves a release's package and label lists out (attr_list): a release page is
    # no match for every package it ships.
    assert re.findall(r"^### (?:Packages|Labels) \(.+$", page, re.M) == [
        f"### {kind} ({v}) {{ data-search-exclude }}" for v in variants for kind in ("Packages", "Labels")]
    images = [(tables(section(page, f"Packages ({v}) {UNSEARCHED}", 3)) or [[]])[0] for v in variants]
    labels = [tables(section(page, f"Labels ({v}) {UNSEARCHED}", 3))[0] for v in variants]
    assert ["io.astronomer.docker.runtime.version", "3.1-2"] in labels[2]

    def pins(variant: str) -> dict[str, str]:
        return read_pins(SAMPLE / "3.1-2" / ("" if variant == "standard" else variant))

    assert images[0] == []  # the standard image's packages are pins, which the script makes a table of
    link, standard = release_pins(section(page, f"Packages (standard) {UNSEARCHED}", 3))
    assert link == "../packages/PACKAGE_KEY.md"
    assert standard == pins("standard")
    names = list(standard)
    providers = [n for n in names if n.startswith(PROVIDER_PREFIX)]
    assert names[: len(providers)] == providers == sorted(providers)
    # Other images list where they differ from the standard one: standard + differences = their pins.
    for variant, rows in zip(variants[1:], images[1:], strict=True):
        if not rows:
            listed = section(page, f"Packages ({variant}) {UNSEARCHED}", 3)
            assert "The same packages and versions as the standard image." in listed
            assert pins(variant) == pins("standard")
            continue
        assert rows[0] == ["Package", "Standard image", "This image"]
        rebuilt = dict(pins("standard"))
        for row in rows[1:]:
            name = package_name(row[0], "../")
            assert rebuilt.get(name, DASH) == row[1]
            if row[2] == DASH:
                del rebuilt[name]
            else:
                rebuilt[name] = row[2]
        assert rebuilt == pins(variant)


_INDEX_HEADERS = ["Runtime", "Status", "Apache Airflow", "Python", "Release date", "Images"]


def _is_prerelease(version: str, meta: dict[str, Any]) -> bool:
    """Not for production: a version with anything after its numbers (`3.2-1.rc1`), or a release
    on a test channel (alpha, beta)."""
    return not re.fullmatch(r"\d+\.\d+(?:\.|-)\d+", version) or meta.get("channel", "stable") in ("alpha", "beta")


def _check_index(page: str, root: Path, today: dt.date, python: Callable[[str], str]) -> tuple[int, int, int]:
    """The releases index against versions.json of `root` (and each release's folders), cell by
    cell: what to run today, then the final releases and the pre-releases, each newest first. A
    final release's status is its major's badge, "**yanked**, " before it for a yanked release; a
    pre-release's is its channel. Returns how many final, yanked and pre-releases it lists."""
    meta = catalog(root)
    assert re.findall(r"^## (.+)$", page, re.M) == ["What to run today", "Releases", "Pre-releases"]
    majors = {e["Runtime"]: e for e in _expected_rows(today, root)}
    expected: dict[bool, list[list[str]]] = {False: [], True: []}
    for version, m in reversed(meta.items()):
        pre = _is_prerelease(version, m)
        status = f"pre-release ({m.get('channel', 'stable')} channel)" if pre else \
            ("**yanked**, " if m.get("yanked") else "") + majors[major_label(version)]["Status"]
        images = ["standard", *sorted(p.name for p in (root / version).iterdir()
                                      if (p / "build-time-pip-constraints.txt").is_file())]
        airflow = m["airflowVersion"]
        expected[pre].append([f"[{version}]({version}.md)" + (" (yanked)" if m.get("yanked") else ""), status,
                              f"[{airflow}](https://airflow.apache.org/docs/apache-airflow/{airflow}/release_notes.html)",
                              python(version), m["releaseDate"], ", ".join(images)])
    for heading, pre in (("Releases", False), ("Pre-releases", True)):
        found = tables(section(page, heading))
        if not expected[pre]:
            assert found == [] and "No pre-release in the catalog." in section(page, heading), heading
            continue
        (rows,) = found
        assert rows[0] == _INDEX_HEADERS, heading
        shown = []
        for row in rows[1:]:
            cells = list(row)
            if not pre:  # the major's badge, as the lifecycle page says it for the build's day, with its dates
                yanked, span = re.fullmatch(r"(\*\*yanked\*\*, )?(.+)", row[1]).groups()  # type: ignore[union-attr]
                major = majors[major_label(link_text(row[0].removesuffix(" (yanked)")))]
                end = re.match(r"\d{4}-\d\d-\d\d", major["End of maintenance"])
                assert " rt-now" not in span and badge_dates(span) == (
                    major["First release"].replace(DASH, ""),
                    end[0] if end and "not before" not in major["End of maintenance"] else ""), row
                cells[1] = (yanked or "") + badge(span)
            shown.append(cells)
        assert shown == expected[pre], heading
        count = "All {} releases, newest first." if not pre else "not for production: {}, newest first."
        assert count.format(len(expected[pre])) in section(page, heading).replace("\n", " "), heading
    # What to run today: the lifecycle page's table, the newest release if it is a pre-release, and
    # the box to go to any release or package by name.
    today_part = section(page, "What to run today")
    newest, m = list(meta.items())[-1]
    line = (f"**Newest pre-release:** [{newest}]({newest}.md) (Airflow {m['airflowVersion']}, "
            f"{m.get('channel', 'stable')} channel): not for production.")
    assert (line in today_part) == _is_prerelease(newest, m) and today_part.count("**Newest pre-release:**") == \
        _is_prerelease(newest, m)
    packages = sorted({pep503(name) for v in meta for pins in image_pins(root, v).values() for name in pins})
    jump = re.findall(r'<div class="rt-jump" data-base="page" data-release="RELEASE_VERSION.md" '
                      r'data-package="../packages/PACKAGE_KEY.md" '
                      r'data-releases="([^"]*)" data-packages="([^"]*)"></div>', today_part)
    assert jump == [(" ".join(reversed(meta)), " ".join(packages))]
    return len(expected[False]), sum(bool(m.get("yanked")) for v, m in meta.items() if not _is_prerelease(v, m)), \
        len(expected[True])


def test_index_is_newest_first(pages: dict[str, str], sample_model: Model) -> None:
    """The sample's index: every release once, final releases apart from pre-releases."""
    final, yanked, pre = _check_index(pages["releases/index.md"], SAMPLE, SAMPLE_TODAY, _python)
    assert final + pre == len(sample_model.releases) == len(_meta())
    assert yanked >= 3 and pre >= 1  # the sample has both
    # What to run today is the lifecycle page's "Supported now", its links from this folder.
    (supported,) = tables(section(pages["releases/index.md"], "What to run today"))
    (on_lifecycle,) = tables(section(pages["lifecycle.md"], "Supported now"))
    assert supported[0] == on_lifecycle[0] == ["Runtime", "Run today", "Status", "Maintained until"]
    assert [[link_text(r[0]), link_url(r[0]), plain(r[1]), *r[2:]] for r in supported[1:]] == \
        [[link_text(r[0]), "../" + link_url(r[0]), plain(r[1]), *r[2:]] for r in on_lifecycle[1:]]
    assert [link_url(r[0]) for r in supported[1:]] == [f"../lifecycle.md#{major_anchor(link_text(r[0]))}"
                                                       for r in supported[1:]]
    assert all(re.fullmatch(r"\[([^\]]+)\]\(\1\.md\)(?: \(yanked\))? \(Airflow [^)]+\)", r[1]) for r in supported[1:]
               if not r[1].startswith("none: ")), supported


def test_index_keeps_pre_releases_and_yanked_releases_apart(tmp_path: Path) -> None:
    """A pre-release by its version or by its channel, never among the final releases; a yanked
    final release marked; a release on another channel (edge, deprecated) final; no pre-release:
    the section says so."""
    pins = {"apache-airflow": "2.9.0"}
    releases = {
        "11.0.0": {"airflow": "2.9.0", "date": "2024-01-01", "pins": pins, "channel": "deprecated"},
        "11.1.0": {"airflow": "2.9.1", "date": "2024-02-01", "pins": pins, "channel": "alpha"},
        "11.2.0": {"airflow": "2.9.1", "date": "2024-03-01", "pins": pins, "channel": "edge",
                   "meta": {"yanked": True, "yankedReason": "Broken."}},
        "3.0-1": {"airflow": "3.0.0", "date": "2024-04-01", "pins": pins},
        "3.0-2": {"airflow": "3.0.1", "date": "2024-05-01", "pins": pins, "channel": "beta"},
        "3.1-1.rc1": {"airflow": "3.1.0rc1", "date": "2024-06-01", "pins": pins, "channel": "stable"},
    }
    repo = make_checkout(tmp_path / "repo", releases)
    today = dt.date(2024, 6, 2)
    page = render_pages(load(repo), read_curated(), today)["releases/index.md"]
    assert _check_index(page, repo, today, lambda version: "3.12") == (3, 1, 3)  # make_checkout's default Python
    # Only final releases: the pre-releases' section says there is none.
    final = {v: spec for v, spec in releases.items() if v in ("11.0.0", "3.0-1")}
    repo = make_checkout(tmp_path / "final", final)
    page = render_pages(load(repo), read_curated(), today)["releases/index.md"]
    assert _check_index(page, repo, today, lambda version: "3.12") == (2, 0, 0)


def test_yanked_release_says_so(pages: dict[str, str]) -> None:
    page = pages["releases/8.0.0.md"]
    assert "> **Yanked.** Does not apply cluster policies defined through pluggy." in page


@pytest.mark.parametrize("value", ["a|b", "<script>alert(1)</script>", "`x`", "[x](javascript:alert(1))",
                                   "{{ 7*7 }}", "{% if %}", "line\nbreak", "\\|", "x" * 10_000, "&lt;"])
def test_escaped_cells_keep_the_table_shape(value: str) -> None:
    text = table(["a", "b", "c"], [[esc(value), esc(value), "z"]])
    (rows,) = tables(text)
    assert [len(r) for r in rows] == [3, 3]
    assert rows[1][2] == "z"
    assert "<" not in text and not re.search(r"(?<!\\)\]\(", text)


def test_pages_of_ascii_data_are_ascii(pages: dict[str, str]) -> None:
    """The generator's own text is ASCII (the dash is an entity): Python writes an ASCII page from its
    buffer, where one non-ASCII character makes it encode the whole page, about four times slower.
    The browser code (`assets/`) is the generator's own file, written as it is."""
    made = {p: page for p, page in pages.items() if not p.startswith("assets/")}
    assert all(page.isascii() for page in made.values()), [p for p, page in made.items() if not page.isascii()]
    assert DASH in pages["architecture.md"]


@pytest.mark.parametrize("page", ["architecture.md", "lifecycle.md", "releases/index.md", "packages/index.md",
                                  "packages/apache-airflow-providers-snowflake.md"])
def test_markdown_tables_are_aligned_where_they_fit(pages: dict[str, str], page: str) -> None:
    """A table whose padded lines fit in `PADDED_WIDTH` is aligned; a wider one is not padded at all."""
    found = 0
    for line_block in pages[page].split("\n\n"):
        lines = [x for x in line_block.splitlines() if x.startswith("|")]
        if not lines:
            continue
        found += 1
        cells = [[c.strip() for c in x.strip("|").split(" | ")] for x in lines]
        padded = [max(3, *(len(row[n]) for row in cells)) for n in range(len(cells[0]))]
        if sum(padded) + 3 * len(padded) + 1 <= PADDED_WIDTH:
            assert {len(x) for x in lines} == {sum(padded) + 3 * len(padded) + 1}, lines[0]
        else:
            assert all("  |" not in x and "|  " not in x for x in lines), lines[0]
    assert found


def _notes(version: str, today: str, capsys: pytest.CaptureFixture[str]) -> str:
    from generator.cli import main
    capsys.readouterr()
    assert main(["notes", version, "--today", today]) == 0
    return capsys.readouterr().out


def test_notes_have_versions_changes_and_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli import main
    notes = _notes("3.0-3", "2026-11-23", capsys)
    assert notes.startswith("## Astro Runtime 3.0-3\n")
    assert "> **End of maintenance.** 3.0-x left maintenance on 2026-01-31." in notes
    assert "- Apache Airflow: [3.0.2](https://airflow.apache.org/docs/apache-airflow/3.0.2/release_notes.html)" in notes
    assert "Package changes since 3.0-2 (yanked), the release before this one:" in notes
    assert main(["diff", "3.0-2", "3.0-3"]) == 0
    assert tables(notes) == tables(capsys.readouterr().out) != []
    assert "**downgraded**" in notes  # the slim image's http provider


@pytest.mark.parametrize(("version", "today", "present", "absent"), [
    ("3.0-2", "2025-06-01", "> **Yanked.** No reason given.", "End of maintenance"),
    ("3.0-4", "2025-12-15", "> **Maintenance ends soon.** 3.0-x leaves maintenance on 2026-01-31.", "Yanked"),
    ("3.2-1.rc1", "2026-11-23", "> **Pre-release.** Channel beta: not for production.", "maintenance"),
    ("9.6.0", "2024-01-01", "> **Yanked.** Has significant scheduling performance issues.", "Pre-release"),
])
def test_notes_warnings(version: str, today: str, present: str, absent: str,
                        capsys: pytest.CaptureFixture[str]) -> None:
    notes = _notes(version, today, capsys)
    assert present in notes and absent not in notes


def test_notes_name_the_channel(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli import main


    pins = {"apache-airflow": "2.9.0"}
    repo = make_checkout(tmp_path / "repo", {
        "11.0.0": {"airflow": "2.9.0", "date": "2024-01-01", "pins": pins, "channel": "deprecated"},
        "11.1.0": {"airflow": "2.9.0", "date": "2024-02-01", "pins": pins, "channel": "alpha"},
        "11.2.0": {"airflow": "2.9.0", "date": "2024-03-01", "pins": pins, "channel": "edge"},
    })
    said = {}
    for version in ("11.0.0", "11.1.0", "11.2.0"):
        assert main(["notes", version, "--repo", str(repo), "--today", "2024-03-02"]) == 0
        said[version] = capsys.readouterr().out
    assert "> **Deprecated.**" in said["11.0.0"] and "Pre-release" not in said["11.0.0"]
    assert "> **Pre-release.** Channel alpha" in said["11.1.0"]
    assert "> **Channel.** This release is on the edge channel, not stable." in said["11.2.0"]
    assert "first release in the catalog" in said["11.0.0"]
    assert main(["notes", "12.0.0", "--repo", str(repo)]) == 2


def _moves(old: dict[str, str], new: dict[str, str]) -> dict[str, tuple[str, str]]:
    """What moved between two images' pins, by name: (from, to), DASH where a side lacks it;
    versions compared as written (the sample spells each version once)."""
    return {n: (old.get(n, DASH), new.get(n, DASH)) for n in old.keys() | new.keys() if old.get(n) != new.get(n)}


def test_variant_changes_are_the_standard_images_and_the_differences_shown(pages: dict[str, str]) -> None:
    """A variant's change table lists where its changes differ from the standard image's: the
    standard image's changes, corrected row by row with it, are the variant's own, read from the
    constraints files on disk, on every release of the sample with a previous one."""
    checked = 0
    for version in _meta():
        page = pages[f"releases/{version}.md"]
        m = re.search(r"Package changes below are against \[([^\]]+)\]", page)
        if not m:
            continue
        previous = m[1].replace("\\", "")
        standard = _moves(read_pins(SAMPLE / previous), read_pins(SAMPLE / version))
        for folder in sorted(p for p in (SAMPLE / version).iterdir() if p.is_dir()):
            if not (SAMPLE / previous / folder.name).is_dir():
                continue
            own = _moves(read_pins(SAMPLE / previous / folder.name), read_pins(folder))
            text = section(page, f"Changes since {previous} ({folder.name})", 3)
            if own == standard:
                assert "The same changes as the standard image." in text or (
                    not own and "no package changed" in text), (version, folder.name)
                continue
            if not own:
                assert "no package changed" in text
                continue
            rows = tables(text)[0]
            assert rows[0] == ["Package", "Change", "From", "To", "In the standard image"]
            assert f"except these ({len(rows) - 1})" in text
            rebuilt = dict(standard)
            for row in rows[1:]:
                name = package_name(row[0], "../")
                theirs = standard.get(name)
                assert row[4] == ("no change" if theirs is None else
                                  f"added {theirs[1]}" if theirs[0] == DASH else
                                  f"removed {theirs[0]}" if theirs[1] == DASH else
                                  f"{'upgraded' if Version(theirs[1]) > Version(theirs[0]) else 'downgraded'} "
                                  f"{theirs[0]} &rarr; {theirs[1]}"), (version, row)
                if row[1] in ("no change", "not in this image"):
                    assert row[2] == row[3] == read_pins(folder).get(name, DASH)
                    rebuilt.pop(name, None)
                else:
                    rebuilt[name] = (row[2], row[3])
            assert rebuilt == own, (version, folder.name)
            checked += 1
    assert checked >= 3  # the sample has releases whose variants change otherwise than the standard image
