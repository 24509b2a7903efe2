"""The public JSON API (`generator/pages/api.py`): every file both sites publish validates against
the JSON Schema published beside it, and says what the sample's data files say.

Expected values come from `metadata/versions.json` and the constraints files, read here with
`json` and `str.split` (`tests.helpers`), never through the generator's readers or model.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker  # type: ignore[import-untyped]  # no stubs

from generator.model import Model, Package
from generator.pages import Docusaurus, MkDocs, Target, render
from generator.pages.api import RETIRED, SCHEMAS, VERSIONS, release_document, release_text
from generator.sources.curated import read_curated

from ..conftest import SAMPLE, SAMPLE_TODAY
from ..helpers import catalog, image_pins, pep503

TARGETS = {"mkdocs": (MkDocs(), "reference/api"), "docusaurus": (Docusaurus(), "static/runtime/api")}
CATALOG = catalog(SAMPLE)
_FINAL = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+|[0-9]+\.[0-9]+-[0-9]+")


@pytest.fixture(scope="module", params=list(TARGETS))
def published(request: pytest.FixtureRequest, sample_model: Model) -> tuple[Target, dict[str, str]]:
    """One site's API files, by path from its API folder."""
    target, folder = TARGETS[request.param]
    pages = dict(render(sample_model, target, read_curated(), SAMPLE_TODAY))
    return target, {path.removeprefix(folder + "/"): text for path, text in pages.items()
                    if path.startswith(folder + "/")}


def _schemas(files: dict[str, str]) -> dict[tuple[str, int], dict[str, Any]]:
    """The published schema files, by kind and version (`schema/release.v2.json`: `("release", 2)`)."""
    found = {}
    for path, text in files.items():
        m = re.fullmatch(r"schema/([a-z]+)\.v([0-9]+)\.json", path)
        if m:
            found[m[1], int(m[2])] = json.loads(text)
            assert found[m[1], int(m[2])]["schema"] == int(m[2]) and found[m[1], int(m[2])]["$id"] == m[0][7:]
    return found


def _current(files: dict[str, str]) -> dict[str, dict[str, Any]]:
    """The schema of each kind of file at its current version."""
    return {kind: schema for (kind, version), schema in _schemas(files).items() if version == VERSIONS[kind]}


def _kind(path: str) -> str:
    return {"cycles.json": "cycles", "releases.json": "releases"}.get(path, "release")


def test_every_file_validates_against_its_published_schema(published: tuple[Target, dict[str, str]]) -> None:
    target, files = published
    schemas = _current(files)
    assert set(schemas) == {"cycles", "releases", "release"} == set(SCHEMAS)
    data = {path: text for path, text in files.items() if path.endswith(".json") and not path.startswith("schema/")}
    assert set(data) == {"cycles.json", "releases.json", *(f"releases/{v}.json" for v in CATALOG)}
    for kind, schema in schemas.items():
        Draft202012Validator.check_schema(schema)  # a valid draft 2020-12 schema
        assert schema == json.loads(json.dumps(SCHEMAS[kind]))
    for path, text in data.items():
        doc = json.loads(text)
        errors = list(Draft202012Validator(schemas[_kind(path)], format_checker=FormatChecker()).iter_errors(doc))
        assert errors == [], f"{path}: {errors[0].message}"
    for path, text in files.items():  # every file carries the marker the writer goes by, and the version
        assert target.is_generated(text.encode()[:4096]), path
        if path.endswith(".json"):
            doc = json.loads(text)
            for item in doc if isinstance(doc, list) else [doc]:
                assert next(iter(item)) == "generated_by", path
                if path in data:  # a schema file's version is its name's (`_schemas`)
                    assert item["schema"] == VERSIONS[_kind(path)], path


def test_the_schemas_refuse_what_they_should(published: tuple[Target, dict[str, str]]) -> None:
    """Not vacuous: a wrong value or an unknown key fails validation."""
    _, files = published
    schemas = _current(files)
    release = json.loads(files["releases/3.1-3.json"])
    cycles = json.loads(files["cycles.json"])
    for kind, bad in [("release", {**release, "yanked": "no"}), ("release", {**release, "extra": 1}),
                      ("release", {**release, "schema": 1}), ("release", {**release, "releaseDate": "18/11/2025"}),
                      ("cycles", [{**cycles[0], "eol": True}]), ("cycles", [{**cycles[0], "support": False}]),
                      ("cycles", [{k: v for k, v in cycles[0].items() if k != "latest"}])]:
        assert not Draft202012Validator(schemas[kind], format_checker=FormatChecker()).is_valid(bad), (kind, bad)


def test_each_release_file_says_what_the_catalog_and_constraints_say(
        published: tuple[Target, dict[str, str]]) -> None:
    _, files = published
    registry = read_curated().registry
    for version, meta in CATALOG.items():
        doc = json.loads(files[f"releases/{version}.json"])
        channel = meta.get("channel", "stable")
        assert doc["version"] == version
        assert doc["airflowVersion"] == meta["airflowVersion"] and doc["channel"] == channel
        assert doc["releaseDate"] == meta.get("releaseDate")
        assert doc["yanked"] is bool(meta.get("yanked")) and doc["yankedReason"] == meta.get("yankedReason")
        assert doc["lts"] is bool(meta.get("lts"))
        assert doc["endOfMaintenance"] == meta.get("endOfMaintenance")
        assert doc["endOfBasicSupport"] == meta.get("endOfBasicSupport")
        assert doc["prerelease"] is (not _FINAL.fullmatch(version) or channel in ("alpha", "beta"))
        assert doc["cycle"] == _cycle(version)
        pins = image_pins(SAMPLE, version)
        assert [i["name"] for i in doc["images"]] == ["standard", *sorted(set(pins) - {"standard"})]
        for image in doc["images"]:
            name = image["name"]
            assert image["packages"] == {pep503(n): v for n, v in pins[name].items()}, (version, name)
            assert image["tag"] == f"{registry}:{version}" + ("" if name == "standard" else f"-{name}")


def test_the_index_lists_every_release_newest_first(published: tuple[Target, dict[str, str]]) -> None:
    _, files = published
    doc = json.loads(files["releases.json"])
    assert [r["version"] for r in doc["releases"]] == list(reversed(CATALOG))
    for entry in doc["releases"]:
        assert entry["file"] in files  # relative to the index, which is at the API folder's root
        release = json.loads(files[entry["file"]])
        assert {k: release[k] for k in entry if k != "file"} == {k: v for k, v in entry.items() if k != "file"}


def _cycle(version: str) -> str:
    """The cycle as endoflife.date would name it: `9` for 9.17.0, `3.1` for 3.1-3."""
    return version.split(".")[0] if version.count(".") >= 2 and "-" not in version.split(".")[1] \
        else version.split("-")[0]


def _end_of_month(day: dt.date, months: int) -> dt.date:
    year, month = day.year + (day.month - 1 + months) // 12, (day.month - 1 + months) % 12 + 1
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def test_cycles_are_endoflife_dates_shape_with_the_catalogs_dates(published: tuple[Target, dict[str, str]]) -> None:
    """A bare list (endoflife.date's readers index it as one), newest cycle first; dates from the catalog,
    or from the published policy where it states none (a stable major: 6 months after its first
    release or 3 after the next one's, whichever is later, to a month's end)."""
    _, files = published
    cycles = json.loads(files["cycles.json"])
    assert isinstance(cycles, list) and files["cycles.json"].startswith('[{"generated_by":')
    majors: dict[str, list[str]] = {}
    for version in CATALOG:
        majors.setdefault(_cycle(version), []).append(version)

    def final(v: str) -> bool:
        return bool(_FINAL.fullmatch(v)) and CATALOG[v].get("channel", "stable") not in ("alpha", "beta")

    released = [c for c, vs in majors.items() if any(final(v) and CATALOG[v].get("releaseDate") for v in vs)]
    assert [c["cycle"] for c in cycles] == list(reversed(released))
    assert set(majors) - set(released) == {"3.2"}  # only a release candidate: no cycle yet
    firsts = {c: next(v for v in majors[c] if final(v)) for c in released}
    for n, cycle in enumerate(cycles):
        name = cycle["cycle"]
        versions = majors[name]
        first = firsts[name]
        to_run = [v for v in versions if final(v) and not CATALOG[v].get("yanked")][-1]
        assert cycle["releaseDate"] == CATALOG[first]["releaseDate"]
        assert cycle["latest"] == to_run and cycle["latestReleaseDate"] == CATALOG[to_run]["releaseDate"]
        assert cycle["lts"] is any(CATALOG[v].get("lts") for v in versions)
        stated = [CATALOG[v]["endOfMaintenance"] for v in versions if "endOfMaintenance" in CATALOG[v]
                  and CATALOG[v]["endOfMaintenance"] >= CATALOG[v]["releaseDate"]]
        basic = [CATALOG[v]["endOfBasicSupport"] for v in versions if "endOfBasicSupport" in CATALOG[v]]
        assert cycle["eol"] == (basic[-1] if basic else False)
        if stated:
            assert cycle["support"] == stated[-1], name
        elif n == 0:
            assert cycle["support"] is True  # the newest: tied to a next major not out yet
        else:
            assert not cycle["lts"]
            newer = cycles[n - 1]
            expected = max(_end_of_month(dt.date.fromisoformat(cycle["releaseDate"]), 6),
                           _end_of_month(dt.date.fromisoformat(newer["releaseDate"]), 3))
            assert cycle["support"] == expected.isoformat(), name
    assert any(c["support"] is True for c in cycles) and sum(isinstance(c["support"], str) for c in cycles) > 5


def test_both_sites_publish_the_same_files(sample_model: Model) -> None:
    """The API does not depend on the site: the same bytes at the same paths from each one's API folder."""
    sites = [{path.removeprefix(folder + "/"): text
              for path, text in render(sample_model, target, read_curated(), SAMPLE_TODAY)
              if path.startswith(folder + "/") and path.endswith(".json")} for target, folder in TARGETS.values()]
    assert sites[0] == sites[1] and len(sites[0]) == len(CATALOG) + 5 + len(RETIRED)


def test_a_release_file_is_its_document_with_pin_lines_shared(sample_model: Model) -> None:
    """`release_text` writes each pin's line once for every release that has it, into text it spreads
    itself: it still reads back as `release_document`, however the lines are shared."""
    curated = read_curated()
    pins: dict[Package, str] = {}
    for release in [*sample_model.releases, *sample_model.releases]:  # the second pass reuses every line
        text = release_text(release, curated, pins)
        assert json.loads(text) == release_document(release, curated)
        # One pin a line, so that a changed file's diff names the pin that changed.
        lines = {line.rstrip(",") for line in text.splitlines()}
        for image in release.images:
            assert all(json.dumps({p.key: p.version}, separators=(",", ":"))[1:-1] in lines for p in image.packages)
    assert pins


def test_the_retired_schema_is_published_and_describes_the_old_shape(published: tuple[Target, dict[str, str]]) -> None:
    """Release files were at schema 1 with a list of pins ({name, key, version} each): that schema is
    still published beside version 2, and tells the two shapes apart."""
    _, files = published
    schemas = _schemas(files)
    assert {f"schema/{name}" for name in RETIRED} <= set(files) and ("release", 1) in schemas
    old, new = schemas["release", 1], schemas["release", 2]
    Draft202012Validator.check_schema(old)
    doc = json.loads(files["releases/3.1-3.json"])
    was = {**doc, "schema": 1, "images": [{**i, "packages": [{"name": k, "key": k, "version": v}
                                                            for k, v in i["packages"].items()]} for i in doc["images"]]}
    assert Draft202012Validator(new).is_valid(doc) and not Draft202012Validator(old).is_valid(doc)
    assert Draft202012Validator(old).is_valid(was) and not Draft202012Validator(new).is_valid(was)
