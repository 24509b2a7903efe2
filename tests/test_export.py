"""The compare page's data: decoded here, it gives the same changes as the pins themselves."""

from __future__ import annotations

import json
from itertools import chain
from typing import Any

from generator.model import Model
from generator.pages.compare import _COMPARE_HEAD, _compare_packages, _compare_release, _images, _ranks, compare_json
from generator.pages.markdown import DASH

from .helpers import expected_changes

PAGE = "releases/{}.md".format  # how the data names a release's page: the target decides


def _oracle(model: Model) -> dict[str, Any]:
    """The compare page's data as a plain document, each pin encoded where it is met: what
    `compare_json`'s text, with its pairs written once for all images, must read back as."""
    packages, pair = _compare_packages(model)
    releases = [{**_compare_release(r, PAGE), "images": {i.variant: list(chain.from_iterable(map(pair.__getitem__,
                                                                                             i.packages)))
                                                       for i in _images(r)}} for r in model.releases]
    return {**_COMPARE_HEAD, "packages": packages, "releases": releases}


def _pins(doc: dict[str, Any], release: dict[str, Any], variant: str) -> dict[int, int]:
    flat = release["images"][variant]
    return dict(zip(flat[0::2], flat[1::2], strict=True))


def _decoded_changes(doc: dict[str, Any], old: dict[str, Any], new: dict[str, Any], variant: str) -> list[list[str]]:
    """The page's algorithm, in Python: compare ranks, never parse a version."""
    a, b = _pins(doc, old, variant), _pins(doc, new, variant)
    order = {"added": 0, "upgraded": 1, "downgraded": 2, "removed": 3}
    rows = []
    for k in set(a) | set(b):
        pkg = doc["packages"][k]
        if k not in a:
            rows.append((order["added"], pkg["key"], [pkg["name"], "added", DASH, pkg["versions"][b[k]]]))
        elif k not in b:
            rows.append((order["removed"], pkg["key"], [pkg["name"], "removed", pkg["versions"][a[k]], DASH]))
        elif pkg["ranks"][a[k]] != pkg["ranks"][b[k]]:
            kind = "upgraded" if pkg["ranks"][b[k]] > pkg["ranks"][a[k]] else "downgraded"
            rows.append((order[kind], pkg["key"], [pkg["name"], kind, pkg["versions"][a[k]], pkg["versions"][b[k]]]))
    return [r for _, _, r in sorted(rows)]


def test_compare_data_gives_the_changes_of_every_release(sample_model: Model) -> None:
    doc = json.loads(compare_json(sample_model, PAGE))  # exactly what the page receives
    by_version = {r["version"]: r for r in doc["releases"]}
    assert list(by_version) == [r.version.text for r in sample_model.releases]
    checked = 0
    for r in sample_model.releases:
        prev = sample_model.previous.get(r.version.text)
        if prev is None:
            continue
        for image in r.images:
            before = prev.image(image.variant)
            if before is None:
                assert image.variant not in by_version[prev.version.text]["images"]
                continue
            got = _decoded_changes(doc, by_version[prev.version.text], by_version[r.version.text], image.variant)
            assert got == expected_changes(before, image)
            checked += 1
    assert checked > 100
    yanked = {r["version"] for r in doc["releases"] if r["yanked"]}
    assert yanked == {r.version.text for r in sample_model.releases if r.entry.yanked}


def test_two_spellings_of_one_version_share_a_rank(sample_model: Model) -> None:
    doc = json.loads(compare_json(sample_model, PAGE))
    for pkg in doc["packages"]:
        assert len(pkg["ranks"]) == len(pkg["versions"]) and pkg["ranks"] == sorted(pkg["ranks"])
    assert _ranks(["1.9", "2.0", "2.0.0", "2.1"]) == [0, 1, 1, 2]


def test_compare_json_reads_back_as_the_oracle_one_release_per_line(sample_model: Model) -> None:
    text = compare_json(sample_model, PAGE)
    assert json.loads(text) == json.loads(json.dumps(_oracle(sample_model)))
    lines = text.splitlines()
    assert sum(1 for line in lines if line.startswith('{"version":')) == len(sample_model.releases)
    assert max(map(len, lines)) < 20_000  # a stale page's diff stays readable
