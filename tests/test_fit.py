"""`fit`: each image's pins against a requirements file, held to an oracle that applies `packaging`
directly to the sample's constraints files on disk."""

from __future__ import annotations

import builtins
import io
import json
import os
import re
from dataclasses import replace
from functools import partial
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from generator import fit
from generator.model import Model
from generator.pages.markdown import esc
from generator.sources.constraints import environment
from generator.sources.requirements import RequirementLine, read_requirements

from .conftest import PROJECT, SAMPLE
from .helpers import tables

FIXTURE = PROJECT / "tests" / "fixtures" / "fit"
TOP = FIXTURE / "requirements.txt"

# The fixture's requirements as the oracle reads them: (file, line, requirement), written out here, not parsed
# by the reader under test (the lines -e and URL ones, which no pin can refuse, are left out).
ORACLE_LINES = [
    ("common.txt", 2, 'Apache_Airflow.Providers-HTTP >= 4.5 ; platform_system == "Linux"'),
    ("constraints.txt", 2, "apache-airflow-providers-google!=15.1.0"),
    ("requirements.txt", 6, "apache-airflow[celery]>=2.6,<3.2"),
    ("requirements.txt", 7, "apache-airflow-providers-snowflake>=5.0"),
    ("requirements.txt", 9, 'apache-airflow-providers-amazon<9.16 ; python_version < "3.12"'),
    ("requirements.txt", 10, 'apache-airflow-providers-amazon>=99 ; platform_machine == "aarch64"'),
    ("requirements.txt", 12, "pandas>=2.0"),
]


def oracle_environment(python: str, machine: str) -> dict[str, str]:
    return {"implementation_name": "cpython", "implementation_version": f"{python}.0", "os_name": "posix",
            "platform_machine": machine, "platform_python_implementation": "CPython", "platform_release": "",
            "platform_system": "Linux", "platform_version": "", "python_full_version": f"{python}.0",
            "python_version": python, "sys_platform": "linux"}


def oracle(machine: str) -> dict[tuple[str, str], set[tuple[str, int, str]]]:
    """For every release and image of the sample: the conflicts (file, line, pinned version), read from
    the catalog, Dockerfiles and constraints files with a plain loop and decided by `packaging` alone."""
    catalog = json.loads((SAMPLE / "metadata" / "versions.json").read_text())
    found: dict[tuple[str, str], set[tuple[str, int, str]]] = {}
    for version in [*catalog["runtimeVersions"], *catalog["runtimeVersionsV3"]]:
        folder = SAMPLE / version
        images = [("standard", folder)] + [(p.name, p) for p in sorted(folder.iterdir())
                                           if (p / "Dockerfile").is_file()]
        for name, place in images:
            python = re.search(r'PYTHON_MAJOR_MINOR_VERSION="([0-9.]+)"', (place / "Dockerfile").read_text())
            assert python, place
            env = oracle_environment(python[1], machine)
            pins = {}
            for raw in (place / "build-time-pip-constraints.txt").read_text().splitlines():
                text = raw.split("#")[0].strip()
                if text:
                    pin = Requirement(text)
                    if pin.marker is None or pin.marker.evaluate(env):
                        pins[canonicalize_name(pin.name)] = next(iter(pin.specifier)).version
            conflicts = set()
            for file, line, text in ORACLE_LINES:
                requirement = Requirement(text)
                if requirement.marker is not None and not requirement.marker.evaluate(env):
                    continue
                pinned = pins.get(canonicalize_name(requirement.name))
                if pinned is not None and not requirement.specifier.contains(Version(pinned), prereleases=True):
                    conflicts.add((file, line, pinned))
            found[version, name] = conflicts
    return found


def report(model: Model, machine: str = "x86_64", runtime: str | None = None,
           image: str | None = None) -> fit.FitReport:
    return fit.check(fit.select(model, runtime, image), read_requirements(TOP), partial(environment, machine=machine),
                     runtime, image)


@pytest.mark.parametrize("machine", ["x86_64", "aarch64"])
def test_every_release_and_image_of_the_sample_as_the_oracle_says(sample_model: Model, machine: str) -> None:
    expected = oracle(machine)
    got = report(sample_model, machine)
    seen = {(r.version.text, i.image): {(Path(c.file).name, c.line, c.pinned) for c in i.conflicts}
            for r in got.releases for i in r.images}
    assert seen == expected
    assert len(seen) == sum(len(r.images) for r in sample_model.releases) > len(sample_model.releases)
    fitting = {version for version, _ in expected} - {version for (version, _), c in expected.items() if c}
    assert [r.version.text for r in got.fitting] == [r.version.text for r in reversed(sample_model.releases)
                                                     if r.version.text in fitting]
    # The fixture is worth its lines: every kind of outcome occurs in the sample.
    assert any(c for c in expected.values())
    # On ARM, line 10 (amazon>=99) refuses every release: each has an image pinning amazon.
    assert bool(fitting) == (machine == "x86_64")
    assert any(line == 9 for c in expected.values() for _, line, _ in c)  # a python_version marker applying
    assert any(line == 10 for c in expected.values() for _, line, _ in c) == (machine == "aarch64")


def test_the_fixture_on_the_sample(sample_model: Model) -> None:
    got = report(sample_model)
    assert [r.version.text for r in got.releases] == [r.version.text for r in reversed(sample_model.releases)]
    newest = got.releases[0]  # a beta: <3.2 refuses 3.2.0rc1 (PEP 440: not a pre-release of the bound itself)
    assert (newest.version.text, newest.prerelease, newest.fits) == ("3.2-1.rc1", True, False)
    assert {c.specifier for i in newest.images for c in i.conflicts} == {"<3.2,>=2.6"}
    assert got.chosen is not None and got.chosen.version.text == "3.1-3"  # the newest stable release
    assert not got.ok
    images = {i.image: i for i in got.chosen.images}
    assert images["standard"].fits and images["slim"].fits
    assert images["python-3.11"].conflicts == (fit.Conflict(
        str(TOP), 9, 'apache-airflow-providers-amazon<9.16 ; python_version < "3.12"',
        "apache-airflow-providers-amazon", "9.16.0", "<9.16"),)
    # The marker leaves the 3.12 images out of that line; no image pins pandas; slim has no snowflake.
    assert [n.line for n in images["standard"].not_applicable] == [9, 10]
    assert [n.line for n in images["python-3.11"].not_applicable] == [10]
    assert [(n.line, n.detail) for n in images["standard"].not_pinned] == [(12, "pandas")]
    assert {n.detail for n in images["slim"].not_pinned} == {"pandas", "apache-airflow-providers-snowflake",
                                                             "apache-airflow-providers-google"}
    assert [(n.line, n.text) for n in got.not_checked] == [
        (13, "-e ./plugins"), (14, "my-lib @ https://example.com/my_lib-1.0-py3-none-any.whl")]
    yanked = {r.version.text for r in got.fitting if r.yanked}
    assert "3.0-2" in yanked and "9.0.0" in yanked


def test_choices_decide_the_exit_status(sample_model: Model) -> None:
    assert report(sample_model, runtime="3.1-2").ok
    assert not report(sample_model, runtime="3.1-3").ok
    assert report(sample_model, runtime="3.1-3", image="standard").ok
    assert report(sample_model, image="standard").ok  # 3.1-3's standard image
    only = report(sample_model, image="python-3.11")
    assert [r.version.text for r in only.releases] == ["3.1-3", "3.1-2", "3.1-1"]
    assert not only.ok and only.chosen is not None and only.chosen.version.text == "3.1-3"


def test_unknown_choices_name_what_there_is(sample_model: Model) -> None:
    with pytest.raises(fit.UnknownChoice) as info:
        fit.select(sample_model, "3.1-9", None)
    assert info.value.option == "--runtime"
    assert str(info.value).startswith("no release '3.1-9' in the catalog (did you mean 3.1-3")
    with pytest.raises(fit.UnknownChoice, match=r"no image 'slm' \(did you mean slim\?\): the releases have "
                                                r"standard, python-3.11, slim"):
        fit.select(sample_model, None, "slm")
    with pytest.raises(fit.UnknownChoice, match=r"no image 'slim': release 9\.17\.0 has standard$"):
        fit.select(sample_model, "9.17.0", "slim")


def line(text: str, number: int = 1) -> RequirementLine:
    return RequirementLine("r.txt", number, text, Requirement(text))


def one_image(sample_model: Model, version: str, *lines: RequirementLine, machine: str = "x86_64",
              image: str = "standard") -> fit.ImageFit:
    release = sample_model.by_version[version]
    found = fit.check([release], lines, partial(environment, machine=machine), version, image)
    return found.releases[0].images[0]


def test_extras_names_and_pre_releases(sample_model: Model) -> None:
    # 3.2-1.rc1 pins apache-airflow 3.2.0rc1+astro.1 and the task SDK 1.2.0rc1.
    got = one_image(sample_model, "3.2-1.rc1", line("APACHE.AIRFLOW[celery,cncf.kubernetes]>=3"),
                    line("apache_airflow_task_sdk>=1.1", 2), line("apache-airflow-task-sdk<1.2", 3),
                    line("apache-airflow==3.2.0rc1", 4), line("apache-airflow===3.2.0rc1+astro.1", 5))
    assert [(c.line, c.package, c.pinned) for c in got.conflicts] == [(3, "apache-airflow-task-sdk", "1.2.0rc1")]


def test_a_python_nobody_states_leaves_python_markers_undecided(sample_model: Model) -> None:
    release = sample_model.by_version["3.1-3"]
    unknown = replace(release, images=tuple(replace(i, python_version=None) for i in release.images),
                      entry=replace(release.entry, default_python_version=None))
    lines = [line('apache-airflow<3 ; python_version >= "3.8"'), line('apache-airflow<3 ; os_name == "posix"', 2)]
    got = fit.check([unknown], lines, partial(environment, machine="x86_64"))
    standard = got.releases[0].images[0]
    assert standard.python is None
    assert [(n.line, n.detail) for n in standard.undecided] == [
        (1, "its marker needs the image's Python version, which neither the image nor the catalog states")]
    assert [c.line for c in standard.conflicts] == [2]
    # An image whose Python is unknown takes the release's: here the catalog's default.
    fallback = replace(unknown, entry=release.entry)
    assert {i.python for i in fit.check([fallback], lines, partial(environment, machine="x86_64")).releases[0].images} \
        == {"3.12"}


def test_a_marker_pep_508_leaves_undefined_is_undecided(sample_model: Model) -> None:
    got = one_image(sample_model, "3.1-3", line('apache-airflow<3 ; platform_release ~= "x"'))
    assert got.conflicts == () and [n.line for n in got.undecided] == [1]
    assert "cannot be evaluated" in got.undecided[0].detail


def test_the_machine_decides_platform_machine(sample_model: Model) -> None:
    marked = line('apache-airflow<3 ; platform_machine == "aarch64"')
    assert one_image(sample_model, "3.1-3", marked).fits
    assert not one_image(sample_model, "3.1-3", marked, machine="aarch64").fits


def test_reports_compare_by_value_and_read_no_file(sample_model: Model, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = read_requirements(TOP)
    releases = fit.select(sample_model, None, None)
    env = partial(environment, machine="x86_64")
    first = fit.check(releases, lines, env)

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"file system used: {args!r}")

    with monkeypatch.context() as patched:
        for module, name in [(builtins, "open"), (io, "open"), (os, "open"), (os, "stat"), (os, "lstat"),
                             (os, "scandir"), (os, "listdir"), (Path, "open"), (Path, "stat")]:
            patched.setattr(module, name, refused)
        again = fit.check(releases, lines, env)
        answers = [fit.as_text(again), fit.as_json(again), fit.as_markdown(again, esc)]
    assert again == first and hash(again.releases[0]) == hash(first.releases[0])
    assert all(answers)


def test_json_shape(sample_model: Model) -> None:
    data = json.loads(fit.as_json(report(sample_model)))
    assert data["schema"] == 1 and "astro dev upgrade-test" in data["checks"]
    assert data["chosen"] == {"version": "3.1-3", "fits": False}
    assert data["fitting"][:3] == ["3.1-2", "3.1-1", "3.0-4"]
    assert [n["line"] for n in data["not_checked"]] == [13, 14]
    release = next(r for r in data["releases"] if r["version"] == "3.1-3")
    assert set(release) == {"version", "prerelease", "yanked", "fits", "images"}
    python311 = next(i for i in release["images"] if i["image"] == "python-3.11")
    assert python311["conflicts"] == [{
        "file": str(TOP), "line": 9, "text": 'apache-airflow-providers-amazon<9.16 ; python_version < "3.12"',
        "package": "apache-airflow-providers-amazon", "pinned": "9.16.0", "specifier": "<9.16"}]
    assert python311["not_pinned"] == [{"file": str(TOP), "line": 12, "text": "pandas>=2.0", "package": "pandas"}]
    assert python311["not_applicable"][0]["marker"] == 'platform_machine == "aarch64"'
    assert {r["version"]: (r["prerelease"], r["yanked"]) for r in data["releases"]}["3.2-1.rc1"] == (True, False)


def test_text_says_what_is_checked_and_marks_releases(sample_model: Model) -> None:
    text = fit.as_text(report(sample_model))
    assert "not a full dependency resolution" in text and "`astro dev upgrade-test`" in text
    assert "pkg[extra] is checked against pkg's pin" in text
    assert "  3.2-1.rc1 (pre-release)\n" in text
    assert ", 3.0-2 (yanked), " in text
    assert text.endswith("The newest stable release, 3.1-3, does not fit.\n")
    conflicts = text.split("Conflicts (newest release first):\n")[1]
    assert conflicts.startswith(
        "  3.2-1.rc1 (pre-release)\n"
        f"    {TOP}:6: apache-airflow[celery]>=2.6,<3.2: pinned apache-airflow==3.2.0rc1+astro.1 [standard, slim]\n"
        "  3.1-3\n"
        f'    {TOP}:9: apache-airflow-providers-amazon<9.16 ; python_version < "3.12": pinned '
        "apache-airflow-providers-amazon==9.16.0 [python-3.11]\n")


def test_markdown_is_one_table_row_per_release_whatever_the_text(sample_model: Model) -> None:
    hostile = RequirementLine("a|b.txt", 1, 'apache-airflow<3 ; platform_version != "<x>|`y`"',
                              Requirement('apache-airflow<3 ; platform_version != "<x>|`y`"'))
    got = fit.check(fit.select(sample_model, "3.1-3", None), [hostile], partial(environment, machine="x86_64"),
                    "3.1-3")
    markdown = fit.as_markdown(got, esc)
    (table,) = tables(markdown)
    assert table[0] == ["Runtime", "Fits", "Conflicts"]
    assert [row[:2] for row in table[1:]] == [["3.1-3", "no"]]
    assert "<x>" not in markdown and "&lt;x&gt;" in markdown
    full = fit.as_markdown(report(sample_model), esc)
    assert len(tables(full)[0]) == len(sample_model.releases) + 1
    assert "3.2-1.rc1 (pre-release) | no |" in full
