"""What changed: the previous-release rule, the diff, the release pages' sections and `diff`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from packaging.version import Version

from generator.cli import main
from generator.diff import diff_releases
from generator.model import Model
from generator.pages.markdown import DASH
from generator.sources import load
from generator.sources.curated import read_curated
from generator.versions import AF2, RuntimeVersion

from .conftest import SAMPLE, SAMPLE_TODAY
from .helpers import (
    expected_changes,
    link_url,
    make_checkout,
    package_name,
    pep503,
    plain,
    read_pins,
    render_pages,
    section,
    tables,
)


def _previous_by_rule(model: Model, version: str) -> str | None:
    """The release before it in version order; a final release skips pre-releases."""
    ordered = sorted(model.by_version, key=RuntimeVersion.parse)
    n = ordered.index(version)
    earlier = ordered[:n]
    if RuntimeVersion.parse(version).prerelease is None:
        earlier = [v for v in earlier if RuntimeVersion.parse(v).prerelease is None]
    return earlier[-1] if earlier else None


@pytest.fixture(scope="module")
def pages(sample_model: Model) -> dict[str, str]:
    return render_pages(sample_model, read_curated(), SAMPLE_TODAY)


def test_previous_release_rule_on_the_sample(sample_model: Model) -> None:
    for r in sample_model.releases:
        assert (p.version.text if (p := sample_model.previous.get(r.version.text)) else None) == \
            _previous_by_rule(sample_model, r.version.text)
    # The first Airflow 3 release is compared with the last Airflow 2 one; a line's first with the last line.
    last_af2 = max(r.version for r in sample_model.releases if r.version.scheme == AF2)
    assert sample_model.previous["3.0-1"].version == last_af2
    assert sample_model.previous["3.1-1"].version.text == "3.0-4"


def test_a_final_release_skips_its_pre_releases(tmp_path: Path) -> None:
    pins = {"apache-airflow": "3.1.0"}
    model = load(make_checkout(tmp_path, {
        "3.1-1": {"airflow": "3.1.0", "date": "2025-10-01", "pins": pins},
        "3.2-1.rc1": {"airflow": "3.2.0rc1", "date": "2026-01-05", "pins": pins},
        "3.2-1.rc2": {"airflow": "3.2.0rc2", "date": "2026-01-12", "pins": pins},
        "3.2-1": {"airflow": "3.2.0", "date": "2026-01-20", "pins": pins},
    }))
    prev = {k: v.version.text for k, v in model.previous.items()}
    assert prev == {"3.2-1.rc1": "3.1-1", "3.2-1.rc2": "3.2-1.rc1", "3.2-1": "3.1-1"}


def test_versions_compare_by_pep440(tmp_path: Path) -> None:
    model = load(make_checkout(tmp_path, {
        "11.0.0": {"airflow": "2.9.0", "date": "2024-01-01",
                   "pins": {"a": "1.9", "b": "2.0", "c": "1.0", "d": "3.0rc1", "gone": "1"}},
        "11.1.0": {"airflow": "2.9.0", "date": "2024-02-01",
                   "pins": {"a": "1.10", "b": "2.0.0", "c": "0.9", "d": "3.0", "new": "1"}},
    }))
    (d,) = diff_releases(*model.releases)
    got = [(c.key, c.kind, c.old, c.new) for c in d.changes]
    assert got == [("new", "added", None, "1"), ("a", "upgraded", "1.9", "1.10"), ("d", "upgraded", "3.0rc1", "3.0"),
                   ("c", "downgraded", "1.0", "0.9"), ("gone", "removed", "1", None)]


def _changelog(name: str, row: list[str]) -> str:
    """Where a change is told: a provider's changelog at the version the newer release ships (the
    older one's for a removal), as Airflow's docs name it; PyPI's history for any other package."""
    key = pep503(name)
    if not key.startswith("apache-airflow-providers-"):
        return f"https://pypi.org/project/{key}/#history"
    version = (row[3] if row[3] != DASH else row[2]).split("!")[-1].split("+")[0]
    return f"https://airflow.apache.org/docs/{key}/{version}/changelog.html"


def test_every_release_page_shows_its_changes_per_image(sample_model: Model, pages: dict[str, str]) -> None:
    compared = downgrades = removals = 0
    for r in sample_model.releases:
        page = pages[f"releases/{r.version.text}.md"]
        previous = sample_model.previous.get(r.version.text)
        if previous is None:
            assert "first release in the catalog" in page and "Changes since" not in page
            continue
        for image in r.images:
            if image.variant != "standard" and r.standard and previous.standard:
                continue  # shown as differences from the standard image's: test_render checks those
            text = section(page, f"Changes since {previous.version.text} ({image.variant})", 3)
            before = previous.image(image.variant)
            if before is None:
                assert f"has no {image.variant} image" in text
                continue
            expected = expected_changes(before, image)
            found = tables(text)
            if not expected:
                assert "no package changed" in text and not found
                continue
            (rows,) = found
            assert rows[0] == ["Package", "Change", "From", "To", "Changelog"]
            assert [[package_name(c[0], "../"), plain(c[1]).strip("*"), plain(c[2]), plain(c[3])]
                    for c in rows[1:]] == expected
            for row, want in zip(rows[1:], expected, strict=True):
                assert row[4] == f"[changelog]({_changelog(want[0], want)})", row
            compared += len(expected)
            downgrades += sum(1 for c in rows[1:] if c[1] == "**downgraded**")
            removals += sum(1 for c in expected if c[1] == "removed" and c[0].startswith("apache-airflow-providers-"))
    # The sample's real downgrades (4.2.4-4.2.6) and the slim one; removed providers link to the old version.
    assert compared > 500 and downgrades >= 4 and removals >= 1


def test_downgrade_is_shown_as_one(pages: dict[str, str]) -> None:
    """A downgrade is bold, so it cannot pass for an upgrade; its changelog is the version shipped."""
    text = section(pages["releases/3.0-3.md"], "Changes since 3.0-2 (slim)", 3)
    (rows,) = tables(text)
    http = [r for r in rows[1:] if package_name(r[0], "../") == "apache-airflow-providers-http"]
    assert http and http[0][1:4] == ["**downgraded**", "5.2.2", "5.2.1"]
    # Shown against the standard image's change of the package: none, where its pin stayed.
    key = "apache-airflow-providers-http"
    standard = [read_pins(SAMPLE / v).get(key) for v in ("3.0-2", "3.0-3")]
    a, b = standard
    assert a and b
    kind = "upgraded" if Version(b) > Version(a) else "downgraded"
    assert http[0][4] == ("no change" if a == b else f"{kind} {a} &rarr; {b}")
    assert "(yanked)" in text  # 3.0-2 is yanked, and flagged where it is named


def test_change_links_are_the_packages_own(pages: dict[str, str]) -> None:
    """Each change row links to its own package's page and PyPI, and to its changelog at the new
    version (providers) or to PyPI's history (anything else)."""
    (rows,) = tables(section(pages["releases/3.1-3.md"], "Changes since 3.1-2 (standard)", 3))
    kinds = set()
    for row in rows[1:]:
        name = package_name(row[0], "../")
        if name.startswith("apache-airflow-providers-"):
            assert link_url(row[4]) == f"https://airflow.apache.org/docs/{name}/{row[3]}/changelog.html"
            kinds.add("provider")
        else:
            assert link_url(row[4]) == f"https://pypi.org/project/{name}/#history"
            kinds.add("other")
    assert kinds == {"provider", "other"}


def test_diff_command_markdown_matches_the_release_page(capsys: pytest.CaptureFixture[str],
                                                        pages: dict[str, str]) -> None:
    """`diff` prints the page's change tables for Markdown elsewhere: the same rows, but a package
    links only to PyPI, since the site's package pages are not there."""
    assert main(["diff", "3.1-2", "3.1-3"]) == 0
    out = capsys.readouterr().out
    page = pages["releases/3.1-3.md"]
    for variant in ("standard",):  # the other images' tables on the page are their differences from it
        heading = f"{variant.capitalize()} image: 3.1-2 → 3.1-3"
        (printed,) = tables(section(out, heading, 3))
        (shown,) = tables(section(page, f"Changes since 3.1-2 ({variant})", 3))
        assert printed[0] == shown[0] and len(printed) == len(shown) > 1
        for a, b in zip(printed[1:], shown[1:], strict=True):
            name = package_name(b[0], "../")
            assert a == [f"[{name}](https://pypi.org/project/{pep503(name)}/)", *b[1:]]


def test_diff_command_json(capsys: pytest.CaptureFixture[str], sample_model: Model) -> None:
    assert main(["diff", "3.0-4", "3.1-1", "--format", "json"]) == 0
    doc: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert (doc["from"], doc["to"]) == ("3.0-4", "3.1-1")
    by_variant = {i["variant"]: i for i in doc["images"]}
    assert by_variant["python-3.11"]["in_from"] is False and by_variant["python-3.11"]["changes"] == []
    old, new = sample_model.by_version["3.0-4"], sample_model.by_version["3.1-1"]
    for variant in ("standard", "slim"):
        expected = expected_changes(old.image(variant), new.image(variant))  # type: ignore[arg-type]
        got = [[c["package"], c["change"], c["from"] or DASH, c["to"] or DASH] for c in by_variant[variant]["changes"]]
        assert got == expected


def test_diff_command_unknown_release_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "3.1-2", "9.99.0"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].endswith("versions.json: error: no release '9.99.0' in the catalog")
