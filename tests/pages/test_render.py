"""Rendered tables checked cell by cell against facts the test reads from the sample itself."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from generator.model import Model
from generator.pages.markdown import DASH, esc, table
from generator.sources.curated import read_curated
from generator.versions import RuntimeVersion

from ..conftest import SAMPLE, SAMPLE_TODAY
from ..helpers import link_text, link_url, make_checkout, plain, render_pages, section, tables


def _facts() -> dict[str, dict[str, object]]:
    """Each release's catalog metadata and standard-image pins, read with json and str.split only."""
    catalog = json.loads((SAMPLE / "metadata" / "versions.json").read_text())
    out: dict[str, dict[str, object]] = {}
    for part in ("runtimeVersions", "runtimeVersionsV3"):
        for version, entry in catalog[part].items():
            pins = dict(line.split("==") for line in
                        (SAMPLE / version / "build-time-pip-constraints.txt").read_text().splitlines()
                        if line and not line.startswith("#"))
            out[version] = {"meta": entry["metadata"], "pins": pins}
    return out


def _lines() -> dict[str, list[str]]:
    """Line label -> release versions, oldest first, grouped independently of the generator."""
    lines: dict[str, list[str]] = {}
    for v in sorted(_facts(), key=RuntimeVersion.parse):
        label = v.rsplit(".", 1)[0] + ".x" if v.count(".") == 2 and "-" not in v else v.split("-")[0] + "-x"
        lines.setdefault(label, []).append(v)
    return lines


def _expected_span(values: Sequence[str | None]) -> str:
    present = [v for v in values if v]
    if not present:
        return DASH
    return esc(present[0]) if len(set(present)) == 1 else f"{esc(present[0])} {DASH} {esc(present[-1])}"


@pytest.fixture(scope="module")
def pages(sample_model: Model) -> dict[str, str]:
    return render_pages(sample_model, read_curated(), SAMPLE_TODAY)


def test_provider_table_every_cell(pages: dict[str, str]) -> None:
    (rows,) = tables(section(pages["architecture.md"], "Provider packages"))
    facts, lines = _facts(), _lines()
    header = rows[0]
    providers = sorted({k for f in facts.values() for k in f["pins"] if k.startswith("apache-airflow-providers-")})  # type: ignore[attr-defined]
    assert [link_text(h) for h in header[1:]] == [p.removeprefix("apache-airflow-providers-").replace("-", ".")
                                                  for p in providers]
    assert [link_text(r[0]) for r in rows[1:]] == list(lines)
    for row, (label, versions) in zip(rows[1:], lines.items(), strict=True):
        assert link_url(row[0]) == f"releases/{versions[-1]}.md"
        for cell, provider in zip(row[1:], providers, strict=True):
            expected = _expected_span([facts[v]["pins"].get(provider) for v in versions])  # type: ignore[attr-defined]
            assert cell == expected, (label, provider)
    assert all(cell for row in rows for cell in row)


def test_provider_column_links_to_its_own_provider(pages: dict[str, str]) -> None:
    (rows,) = tables(section(pages["architecture.md"], "Provider packages"))
    for head in rows[0][1:]:
        name = link_text(head).replace(".", "-")
        assert link_url(head) == f"https://airflow.apache.org/docs/apache-airflow-providers-{name}/stable/index.html"


def test_python_packages_table(pages: dict[str, str]) -> None:
    (rows,) = tables(section(pages["architecture.md"], "Python packages"))
    facts, lines = _facts(), _lines()
    shipped = {k for f in facts.values() for k in f["pins"]}  # type: ignore[attr-defined]
    expected_cols = [p for p in read_curated().python_packages if p in shipped]
    assert [link_text(h) for h in rows[0][2:]] == expected_cols
    assert "apache-airflow" in expected_cols and "astronomer-providers" in expected_cols
    for row, versions in zip(rows[1:], lines.values(), strict=True):
        for cell, name in zip(row[2:], expected_cols, strict=True):
            assert cell == _expected_span([facts[v]["pins"].get(name) for v in versions])  # type: ignore[attr-defined]
    by_line = {link_text(r[0]): r[1] for r in rows[1:]}
    assert by_line["9.17.x"] == "3.11" and by_line["3.1-x"] == "3.12" and by_line["7.0.x"] == "3.9"


def test_parity_table(pages: dict[str, str]) -> None:
    (rows,) = tables(section(pages["architecture.md"], "Astro Runtime and Apache Airflow parity"))
    facts, lines = _facts(), _lines()
    assert rows[0] == ["Runtime line", "Apache Airflow", "Release dates", "Releases"]
    for row, versions in zip(rows[1:], lines.values(), strict=True):
        airflow = [str(facts[v]["meta"]["airflowVersion"]) for v in versions]  # type: ignore[index]
        dates = sorted(str(facts[v]["meta"]["releaseDate"]) for v in versions)  # type: ignore[index]
        assert plain(row[1]) == _expected_span(airflow)
        assert row[2] == _expected_span(dates)
        assert row[3] == str(len(versions))


def test_release_page_lists_every_package_providers_first(pages: dict[str, str]) -> None:
    page = pages["releases/3.1-2.md"]
    facts_table = tables(page)[0]
    assert dict((r[0], r[1]) for r in facts_table[1:])["Python"] == "3.12"
    variants = ["standard", "python-3.11", "slim"]
    images = [(tables(section(page, f"Packages ({v})", 3)) or [[]])[0] for v in variants]
    labels = [tables(section(page, f"Labels ({v})", 3))[0] for v in variants]
    assert ["io.astronomer.docker.runtime.version", "3.1-2"] in labels[2]
    def pins(variant: str) -> dict[str, str]:
        folder = SAMPLE / "3.1-2" / ("" if variant == "standard" else variant)
        return dict(line.split("==") for line in (folder / "build-time-pip-constraints.txt").read_text().splitlines()
                    if line and not line.startswith("#"))

    standard = images[0]
    names = [link_text(r[0]) for r in standard[1:]]
    assert {n: r[1] for n, r in zip(names, standard[1:], strict=True)} == pins("standard")
    providers = [n for n in names if n.startswith("apache-airflow-providers-")]
    assert names[: len(providers)] == providers == sorted(providers)
    # Other images list where they differ from the standard one: standard + differences = their pins.
    for variant, rows in zip(variants[1:], images[1:], strict=True):
        if not rows:
            assert "The same packages and versions as the standard image." in section(page, f"Packages ({variant})", 3)
            assert pins(variant) == pins("standard")
            continue
        assert rows[0] == ["Package", "Standard image", "This image"]
        rebuilt = dict(pins("standard"))
        for row in rows[1:]:
            assert rebuilt.get(link_text(row[0]), DASH) == row[1]
            if row[2] == DASH:
                del rebuilt[link_text(row[0])]
            else:
                rebuilt[link_text(row[0])] = row[2]
        assert rebuilt == pins(variant)


def test_index_is_newest_first(pages: dict[str, str], sample_model: Model) -> None:
    (rows,) = tables(pages["releases/index.md"])
    listed = [link_text(r[0]) for r in rows[1:]]
    assert listed == sorted(_facts(), key=RuntimeVersion.parse, reverse=True)
    assert len(listed) == len(sample_model.releases)


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
    buffer, where one non-ASCII character makes it encode the whole page, about four times slower."""
    assert all(page.isascii() for page in pages.values()), [p for p, page in pages.items() if not page.isascii()]
    assert DASH in pages["architecture.md"]


@pytest.mark.parametrize("page", ["architecture.md", "lifecycle.md", "releases/index.md"])
def test_markdown_tables_are_aligned(pages: dict[str, str], page: str) -> None:
    for line_block in pages[page].split("\n\n"):
        lines = [x for x in line_block.splitlines() if x.startswith("|")]
        if lines:
            assert len({len(x) for x in lines}) == 1, lines[0]


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
