"""What the build works out once and shares (issue 18): the shortcuts must give what the plain
computation gives, and the costly work they avoid must stay avoided."""

from __future__ import annotations

import string
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.diff import diff_images, diff_releases
from generator.model import Line, Model
from generator.pages import cells, urls
from generator.pages.mkdocs import MkDocs
from generator.pages.target import Here
from generator.versions import package_version


@given(st.text(alphabet=string.printable + "é~/%", max_size=20))
def test_urls_quote_as_urllib_does(text: str) -> None:
    assert urls._quote(text) == quote(text)


def test_package_versions_are_every_pinned_version_in_pep440_order(sample_model: Model) -> None:
    found: dict[str, set[str]] = {}
    for r in sample_model.releases:
        for i in r.images:
            for p in i.packages:
                found.setdefault(p.key, set()).add(p.version)
    assert list(sample_model.package_versions) == sorted(found)
    for key, versions in sample_model.package_versions.items():
        assert list(versions) == sorted(found[key], key=lambda v: (package_version(v), v)), key


def test_a_release_diff_is_each_images_own_diff(sample_model: Model) -> None:
    """`diff_releases` works each change out once for all images: each image's changes are still
    exactly what diffing that image alone finds."""
    for old, new in zip(sample_model.releases, sample_model.releases[1:], strict=False):
        for d in diff_releases(old, new):
            if d.old and d.new:
                assert d.changes == diff_images(d.old, d.new)


def test_eras_never_hash_a_line(sample_model: Model, monkeypatch: pytest.MonkeyPatch) -> None:
    """A `Line` hashes every pin of its releases: grouping lines by major must not."""
    expected = cells.eras(sample_model)

    def refuse(self: Line) -> int:
        raise AssertionError("a Line was hashed")

    monkeypatch.setattr(Line, "__hash__", refuse)
    assert cells.eras(sample_model) == expected
    for era in expected:
        for _, inside in era.majors:  # each line of a major once
            assert len(inside) == len({id(line) for line in inside}) > 0


def test_the_packages_index_matches_the_pages(sample_model: Model) -> None:
    """The index is made from the runs, not from the pages: it must say what each page says."""
    here = Here(MkDocs(), "reference/packages")
    release_cells = [cells.release_cell(r, here) for r in sample_model.releases]
    runs = cells.package_runs(sample_model)
    index = cells.packages_index(runs, sample_model, release_cells, here)
    assert len(index.rows) == len(runs) == len(sample_model.package_versions)
    for row, package in zip(index.rows, runs, strict=True):
        page = cells.package_page(package, sample_model.package_versions[package.key], release_cells,
                                  [r.version.text for r in sample_model.releases], here)
        assert row[2:] == [page.current, page.newest, str(len(page.versions.rows))]
