from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.errors import InputError, location
from generator.model import NAME_MAX, Model
from generator.sources import load

from ..conftest import SAMPLE
from ..helpers import make_checkout, write_release
from .test_catalog import refused


def test_sample_has_every_catalog_release_and_image(sample_model: Model) -> None:
    catalog = json.loads((SAMPLE / "metadata" / "versions.json").read_text())
    expected = set(catalog["runtimeVersions"]) | set(catalog["runtimeVersionsV3"])
    assert {r.version.text for r in sample_model.releases} == expected
    for release in sample_model.releases:
        on_disk = {"standard"} | {p.name for p in (SAMPLE / release.version.text).iterdir() if p.is_dir()}
        assert {i.variant for i in release.images} == on_disk
        for image in release.images:
            pins = [line.split("==") for line in Path(image.constraints).read_text().splitlines()
                    if line and not line.startswith("#")]
            assert {p.name: p.version for p in image.packages} == dict(pins)
    assert [r.version for r in sample_model.releases] == sorted(r.version for r in sample_model.releases)
    assert not [f for f in sample_model.findings if f.severity == "error"]


def test_release_facts_come_from_the_right_source(sample_model: Model) -> None:
    r = sample_model.by_version["3.1-2"]
    assert r.entry.airflow_version == "3.1.1"
    assert r.standard is not None and r.standard.label("io.astronomer.docker.airflow.version") == "3.1.1+astro.1"
    assert [(i.variant, i.python_version) for i in r.images] == [
        ("standard", "3.12"), ("python-3.11", "3.11"), ("slim", "3.12")]
    assert r.debian == "12 (bookworm)"
    old = sample_model.by_version["9.17.0"]
    assert (old.python_version, old.debian, old.entry.lts) == ("3.11", "11 (bullseye)", True)


def test_disagreements_become_findings(tmp_path: Path) -> None:
    root = make_checkout(tmp_path / "co", {
        "1.0.0": {"airflow": "2.0.0", "date": "2024-01-01", "pins": {"a": "1"}},
        "1.0.1": {"airflow": "2.0.1", "date": "2024-02-01", "pins": {"a": "1"}},
    })
    (root / "1.0.0" / "Dockerfile").write_text(
        (root / "1.0.0" / "Dockerfile").read_text().replace('VERSION="1.0.0"', 'VERSION="1.0.9"')
        .replace("2.0.0+astro.1", "2.0.5+astro.1"))
    shutil.rmtree(root / "1.0.1")
    write_release(root, "1.0.2", "2.0.2", {"a": "1"})
    (root / "1.0.2" / "build-time-pip-constraints.txt").write_text("a==1\nb==1\nA==2\n")
    model = load(root)
    catalog_lines = (root / "metadata" / "versions.json").read_text().splitlines()
    entry_line = next(i for i, line in enumerate(catalog_lines, 1) if '"1.0.1":' in line)
    messages = sorted((Path(f.path).name, f.line, f.message) for f in model.findings)
    assert messages == [
        ("Dockerfile", 0, "release directory 1.0.2 is not in the catalog " + str(root / "metadata/versions.json")),
        ("Dockerfile", 8, "Airflow label says 2.0.5+astro.1, the catalog 2.0.0 for 1.0.0"),
        ("Dockerfile", 8, "runtime label says 1.0.9, the directory is 1.0.0"),
        ("versions.json", entry_line, f"release 1.0.1 is in the catalog but has no directory {root / '.' / '1.0.1'}"),
    ]


def test_duplicate_pin_with_two_versions(tmp_path: Path) -> None:
    root = make_checkout(tmp_path, {"1.0.0": {"airflow": "2.0.0", "date": "2024-01-01", "pins": {}}})
    (root / "1.0.0" / "build-time-pip-constraints.txt").write_text("Foo_Bar==1.0\nx==2\nfoo-bar==1.1\nx==2\n")
    (finding,) = load(root).findings
    assert (finding.line, finding.severity) == (3, "error")
    assert "foo-bar is pinned twice: 1.0 (line 1) and 1.1" in finding.message


def test_config_maps_another_layout(tmp_path: Path) -> None:
    root = tmp_path / "co"
    make_checkout(root / "images", {"1.0.0": {"airflow": "2.0.0", "date": "2024-01-01", "pins": {"a": "1"}}})
    (root / "images" / "metadata").rename(root / "catalog")
    (root / "catalog" / "versions.json").rename(root / "catalog" / "runtime.json")
    (root / "runtime-docs.yaml").write_text("catalog: catalog/runtime.json\nreleases: images\n")
    (root / "images" / "tests").mkdir()
    (root / "images" / "tests" / "Dockerfile").write_text("FROM x\n")
    with pytest.raises(InputError, match="release directory name"):
        load(root)
    (root / "runtime-docs.yaml").write_text("catalog: catalog/runtime.json\nreleases: images\nignore: [tests]\n")
    assert [r.version.text for r in load(root).releases] == ["1.0.0"]
    (root / "runtime-docs.yaml").write_text("catalgo: x\n")
    with pytest.raises(InputError, match="unknown setting 'catalgo'"):
        load(root)


def test_checkout_path_problems(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such directory"):
        load(tmp_path / "missing")
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="must be a directory"):
        load(tmp_path / "file")


def test_symlink_outside_the_checkout_is_refused(tmp_path: Path) -> None:
    root = make_checkout(tmp_path / "co", {"1.0.0": {"airflow": "2.0.0", "date": "2024-01-01", "pins": {}}})
    secret = tmp_path / "secret.txt"
    secret.write_text("a==1\n")
    target = root / "1.0.0" / "build-time-pip-constraints.txt"
    target.unlink()
    os.symlink(secret, target)
    with pytest.raises(InputError, match="outside the checkout"):
        load(root)


def test_symlinked_folders_are_followed_only_inside_the_checkout(tmp_path: Path) -> None:
    root = make_checkout(tmp_path / "co", {"1.0.0": {"airflow": "2.0.0", "date": "2024-01-01", "pins": {"a": "1"}}})
    outside = tmp_path / "elsewhere"
    shutil.copytree(root / "1.0.0", outside)
    (outside / "build-time-pip-constraints.txt").write_text("a==2\n")
    os.symlink(outside, root / "1.0.0" / "slim")  # an image folder that is a link leading out
    with pytest.raises(InputError, match="outside the checkout"):
        load(root)
    (root / "1.0.0" / "slim").unlink()
    inside = root / "1.0.0" / ".shared-slim"  # dot-folders are not images
    shutil.copytree(outside, inside)
    os.symlink(inside, root / "1.0.0" / "slim")  # a link that stays inside is followed
    model = load(root, None)
    slim = model.releases[0].image("slim")
    assert slim is not None and slim.version_of("a") == "2"


def test_release_folder_with_non_ascii_digits_is_named(tmp_path: Path) -> None:
    """`11.٧.0` is not 11.7.0: a folder holding a Dockerfile under that name is an error, not a release."""
    root = make_checkout(tmp_path, {"1.0.0": {"airflow": "2.0.0", "date": "2024-01-01", "pins": {}}})
    write_release(root, "11.٧.0", "2.0.0", {})
    with pytest.raises(InputError) as info:
        load(root)
    assert (info.value.path, info.value.line) == (str(root / "11.٧.0"), None)
    assert "release directory name: runtime version '11.٧.0' is in neither scheme" in info.value.message


@pytest.mark.parametrize(("dockerfile", "line", "message"), [
    ('FROM python:3.12\nARG V=""\nLABEL a=1 \\\n  io.astronomer.docker.runtime.version="$V"\n', 3,
     "label io.astronomer.docker.runtime.version is empty"),
    ('FROM python:3.12\nLABEL io.astronomer.docker.runtime.version=""\n', 2,
     "label io.astronomer.docker.runtime.version is empty"),
    # The label is on an earlier stage the final one does not build on: the final FROM is the culprit.
    ("FROM python:3.12 AS a\nLABEL io.astronomer.docker.runtime.version=1.0.0\n\nFROM python:3.12\n"
     "LABEL other=1\n", None, "the final stage (FROM on line 4) has no io.astronomer.docker.runtime.version label"),
])
def test_runtime_label_problems_name_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], dockerfile: str,
                                              line: int | None, message: str) -> None:
    root = make_checkout(tmp_path / "co", {"1.0.0": {"airflow": "2.0.0", "date": "2024-01-01", "pins": {}}})
    (root / "1.0.0" / "Dockerfile").write_text(dockerfile)
    assert main(["validate", "--repo", str(root)]) == 2
    where = location(root / "1.0.0" / "Dockerfile", line)
    assert capsys.readouterr().err == f"{where}: error: {message}\n"


# ---- names the pages cannot hold: a package is a page named by its key, an image a tab and a tag ----

@pytest.mark.parametrize("length", [NAME_MAX, NAME_MAX + 1])
def test_a_package_name_longer_than_a_page_name_can_be_is_refused_at_its_pin(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, length: int) -> None:
    name = "a" * length  # a legal name: PEP 508 sets no length
    root = make_checkout(tmp_path, {"1.0.0": {"airflow": "2.0.0", "date": "2024-01-01",
                                              "pins": {"x": "1", name: "1"}}})
    if length <= NAME_MAX:
        assert load(root).releases[0].images[0].version_of(name) == "1"
        return
    line = refused(capsys, ["validate", "--repo", str(root)])
    assert line == (f"{root / '1.0.0' / 'build-time-pip-constraints.txt'}:2: error: package name {'a' * 40}... is "
                    f"{NAME_MAX + 1} bytes long: at most {NAME_MAX} fit in the file name of its page")


@pytest.mark.parametrize("name", ["index", "Index", "INDEX"])
def test_a_package_named_like_the_index_page_is_refused_at_its_pin(capsys: pytest.CaptureFixture[str],
                                                                   tmp_path: Path, name: str) -> None:
    root = make_checkout(tmp_path, {"1.0.0": {"airflow": "2.0.0", "date": "2024-01-01",
                                              "pins": {"x": "1", name: "1"}}})
    line = refused(capsys, ["build", "--repo", str(root), "--docs", str(tmp_path / "docs")])
    assert line == (f"{root / '1.0.0' / 'build-time-pip-constraints.txt'}:2: error: a package named {name!r} "
                    "would take the page of the packages index (index): not supported")
    assert not (tmp_path / "docs").exists()


def with_images(tmp_path: Path, *variants: str) -> Path:
    root = make_checkout(tmp_path, {"1.0.0": {"airflow": "2.0.0", "date": "2024-01-01", "pins": {"a": "1"}}})
    for variant in variants:
        write_release(root, "1.0.0", "2.0.0", {"a": "1"}, variant=variant)
    return root


@pytest.mark.parametrize("folder", ["standard", "Standard", "STANDARD"])
def test_an_image_folder_named_like_the_standard_image_is_refused(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, folder: str) -> None:
    root = with_images(tmp_path, "slim", folder)
    line = refused(capsys, ["validate", "--repo", str(root)])
    assert line == (f"{root / '1.0.0' / folder}: error: an image folder cannot be named {folder!r}: the standard "
                    f"image is the one in the release's own folder {root / '1.0.0'}")


@pytest.mark.parametrize(("first", "second"), [("Slim", "slim"), ("cafe\u0301", "caf\u00e9")],
                         ids=["case", "normalisation"])
def test_image_folders_one_name_apart_only_in_case_or_normalisation_are_refused(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, first: str, second: str) -> None:
    root = with_images(tmp_path, first, second)  # listed in name order: `first` comes first
    line = refused(capsys, ["validate", "--repo", str(root)])
    assert line == (f"{root / '1.0.0' / second}: error: image folder {second!r} and {first!r} differ only in "
                    "letter case or Unicode normalisation: their images would have one name")


@pytest.mark.parametrize(("folder", "shown"), [("py 3.11", "py 3.11"), ("a:b", "a:b"), ("ünï", "ünï"),
                                               ("a\nb", "a\\nb"), ("tab\there", "tab\\there")])
def test_an_image_folder_name_that_cannot_end_a_docker_tag_is_refused(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, folder: str, shown: str) -> None:
    root = with_images(tmp_path, folder)
    line = refused(capsys, ["validate", "--repo", str(root)])  # one line, whatever the name holds
    assert line == (f"{root / '1.0.0'}/{shown}: error: image folder name {folder!r} cannot end a Docker tag "
                    "(<version>-<variant>): only letters A-Z and a-z, digits, '_', '.' and '-' can")


@pytest.mark.parametrize("length", [128 - len("1.0.0-"), 129 - len("1.0.0-")])
def test_an_image_tag_over_dockers_128_characters_is_refused(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, length: int) -> None:
    folder = "s" * length
    root = with_images(tmp_path, folder)
    if length + len("1.0.0-") <= 128:
        assert [i.variant for i in load(root).releases[0].images] == ["standard", folder]
        return
    line = refused(capsys, ["validate", "--repo", str(root)])
    assert line == (f"{root / '1.0.0' / folder}: error: image folder name is {length} characters long: the tag "
                    "1.0.0-<variant> would be 129, over Docker's 128")


def test_image_names_a_tag_takes_and_folders_that_are_no_image(tmp_path: Path) -> None:
    root = with_images(tmp_path, "python-3.11", "slim_2", "-odd.", "Base")
    for other in ("Standard", "notes (old)", "slim\n", "SLIM"):  # no Dockerfile: not an image, not looked at
        (root / "1.0.0" / other).mkdir()
    assert [i.variant for i in load(root).releases[0].images] == ["standard", "-odd.", "Base", "python-3.11",
                                                                  "slim_2"]
