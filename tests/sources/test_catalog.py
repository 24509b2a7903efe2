from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from generator.cli import main
from generator.errors import InputError
from generator.model import NAME_MAX
from generator.sources.catalog import read_catalog
from generator.sources.files import Root


def write(tmp_path: Path, doc: object) -> Path:
    path = tmp_path / "versions.json"
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc, indent=2))
    return path


def test_both_maps_every_field_and_unknown_keys(tmp_path: Path) -> None:
    path = write(tmp_path, {
        "runtimeVersions": {
            "11.8.0": {"metadata": {"airflowVersion": "2.9.3", "channel": "stable", "releaseDate": "2024-08-09",
                                    "endOfMaintenance": "2025-10-31", "endOfBasicSupport": "2026-04-30",
                                    "yanked": False, "someFutureKey": {"x": 1}},
                       "migrations": {"airflowDatabase": False}, "extra": [1, 2]},
            "9.0.0": {"metadata": {"airflowVersion": "2.7.0", "channel": "lts", "releaseDate": "2023-08-18",
                                   "endOfSupport": "2025-01-31", "yanked": True, "yankedReason": "slow"}},
        },
        "runtimeVersionsV3": {
            "3.1-12": {"metadata": {"airflowVersion": "3.1.5", "channel": "stable", "releaseDate": "2026-02-10",
                                    "pythonVersions": ["3.11", "3.12", "3.13"], "defaultPythonVersion": "3.12",
                                    "lts": True},
                       "migrations": {"airflowDatabase": "true"}},
        },
        "unknownTopLevel": 1,
    })
    cat = read_catalog(Root(tmp_path), path)
    assert [e.version.text for e in cat.entries] == ["9.0.0", "11.8.0", "3.1-12"]
    old, new, af3 = cat.entries
    assert old.lts and old.yanked and old.yanked_reason == "slow" and old.end_of_support == dt.date(2025, 1, 31)
    assert old.airflow_database_migration is None
    assert new.end_of_basic_support == dt.date(2026, 4, 30) and new.airflow_database_migration is False
    assert not new.lts
    assert af3.python_versions == ("3.11", "3.12", "3.13") and af3.default_python_version == "3.12"
    assert af3.airflow_database_migration is True and af3.lts
    assert cat.findings == ()


def test_either_map_may_be_absent(tmp_path: Path) -> None:
    path = write(tmp_path, {"runtimeVersionsV3": {"3.0-1": {"metadata": {
        "airflowVersion": "3.0.0", "releaseDate": "2025-04-22"}}}})
    assert [e.channel for e in read_catalog(Root(tmp_path), path).entries] == ["stable"]


# Python 3.11's `date.fromisoformat` takes more than YYYY-MM-DD (`20240101`, `2024-W01-1`): the catalog may not.
@pytest.mark.parametrize("raw", ["2024-13-45", "２０２４-01-01", "2024-0١-01", "20240101", "2024-W01-1",
                                 "2024-01-01T00:00", " 2024-01-01"])
def test_bad_date_is_a_finding_with_its_line(tmp_path: Path, raw: str) -> None:
    path = write(tmp_path, {"runtimeVersions": {"1.0.0": {"metadata": {
        "airflowVersion": "2.0.0", "releaseDate": raw}}}})
    cat = read_catalog(Root(tmp_path), path)
    assert cat.entries[0].release_date is None
    (finding,) = cat.findings
    assert finding.severity == "error" and finding.line == 6
    assert finding.message == f"release 1.0.0: releaseDate {raw!r} is not a date (YYYY-MM-DD)"


@pytest.mark.parametrize(("doc", "line", "message"), [
    ('{"runtimeVersions": {\n  "1.0.0": {,}\n}', 2, "invalid JSON"),
    ("[1, 2]", 1, "must be a JSON object"),
    ({"runtimeVersions": []}, 2, "runtimeVersions must be an object, not a list"),
    ({"runtimeVersions": {"1.0.0": {"metadata": []}}}, 4, "metadata must be an object, not a list"),
    ({"runtimeVersions": {"1.0.0": {"metadata": {"airflowVersion": 2, "releaseDate": "2024-01-01"}}}}, 5,
     "airflowVersion must be a string, not a number"),
    ({"runtimeVersions": {"1.0.0": {"metadata": {"releaseDate": "2024-01-01"}}}}, 3, "airflowVersion is missing"),
    ({"runtimeVersions": {"11.8": {"metadata": {}}}}, 3, "neither scheme"),
    ('{"runtimeVersions": {\n\n"11.٧.0": {}}}', 3, "'11.٧.0' is in neither scheme"),
    ({"runtimeVersions": {"11.٧.0": {}}}, 3, "'11.٧.0' is in neither scheme"),  # json.dumps writes \u0667
    ({"runtimeVersions": {"3.0-1": {"metadata": {}}}}, 3, "does not belong in runtimeVersions"),
    ({"runtimeVersions": {"1.0.0": {"metadata": {"airflowVersion": "2", "releaseDate": "2024-01-01"},
                                    "migrations": {"airflowDatabase": "maybe"}}}}, 9, "true or false"),
    ('{"runtimeVersions": {\n"1.0.0": {},\n"1.0.0": {}}}', 3, "appears twice"),
    ('{"runtimeVersions": {\n"1.0.0": {},\n"1.0.\\u0030": {}}}', 3, "appears twice"),
    ({"other": 1}, 1, "neither runtimeVersions nor runtimeVersionsV3"),
])
def test_wrong_shapes_are_input_errors(tmp_path: Path, doc: object, line: int, message: str) -> None:
    path = write(tmp_path, doc)
    with pytest.raises(InputError) as info:
        read_catalog(Root(tmp_path), path)
    assert message in info.value.message
    assert info.value.line == line


# ---- names the pages cannot hold: each release is a page, named by its version ----

def catalog_text(*sections: tuple[str, list[str]]) -> str:
    """A catalog written by hand, one key a line, so that the tests can say which line is which."""
    meta = '{"metadata": {"airflowVersion": "3.1.0", "releaseDate": "2025-01-01"}}'
    parts = []
    for section, versions in sections:
        parts.append(f'  "{section}": {{\n' + ",\n".join(f'    "{v}": {meta}' for v in versions) + "\n  }")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def refused(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    """`main(argv)` exits 2 with one line on standard error and no traceback: that line."""
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err, err
    (line,) = err.splitlines()
    return line


def repo_with(tmp_path: Path, text: str) -> Path:
    (tmp_path / "metadata").mkdir()
    (tmp_path / "metadata" / "versions.json").write_text(text)
    return tmp_path


@pytest.mark.parametrize("length", [NAME_MAX, NAME_MAX + 1])
def test_a_version_longer_than_a_page_name_can_be_is_refused_at_its_line(tmp_path: Path, length: int) -> None:
    version = "1.0.0-" + "a" * (length - len("1.0.0-"))
    path = write(tmp_path, catalog_text(("runtimeVersions", ["0.9.0", version])))
    if length <= NAME_MAX:
        assert [e.version.text for e in read_catalog(Root(tmp_path), path).entries] == ["0.9.0", version]
        return
    with pytest.raises(InputError) as info:
        read_catalog(Root(tmp_path), path)
    assert info.value.line == 4
    assert info.value.message.startswith(f"runtime version '{version[:57]}...' is {NAME_MAX + 1} bytes long: "
                                         f"at most {NAME_MAX} fit")


def test_versions_that_differ_only_in_case_are_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # RuntimeVersion orders `rc1` and `RC1` alike; their pages, `3.1-4.rc1.md` and `3.1-4.RC1.md`, are one
    # file on a case-insensitive file system.
    repo = repo_with(tmp_path, catalog_text(("runtimeVersionsV3", ["3.1-3", "3.1-4.rc1", "3.1-4.RC1"])))
    line = refused(capsys, ["validate", "--repo", str(repo)])
    assert line == (f"{repo / 'metadata' / 'versions.json'}:5: error: release 3.1-4.RC1 differs from release "
                    "3.1-4.rc1 (line 4) only in letter case: their pages would be one file on a case-insensitive "
                    "file system")


def test_two_spellings_of_one_version_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, catalog_text(("runtimeVersionsV3", ["3.2-1.rc1", "3.1-1", "3.2-1-rc1"])))
    with pytest.raises(InputError) as info:
        read_catalog(Root(tmp_path), path)
    assert (info.value.line, info.value.message) == (5, "release 3.2-1-rc1 is release 3.2-1.rc1 (line 3) written "
                                                        "another way")


@pytest.mark.parametrize("order", [("runtimeVersions", "runtimeVersionsV3"), ("runtimeVersionsV3", "runtimeVersions")])
def test_a_release_in_both_sections_is_reported_at_its_second_entry(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, order: tuple[str, str]) -> None:
    first, second = order
    repo = repo_with(tmp_path, catalog_text((first, ["3.1-4"]), (second, ["1.0.0", "3.1-4"])))
    line = refused(capsys, ["validate", "--repo", str(repo)])
    assert line == (f"{repo / 'metadata' / 'versions.json'}:7: error: release 3.1-4 is listed twice: in {first} "
                    f"(line 3) and in {second}")


def test_an_entry_is_placed_in_its_own_section(tmp_path: Path) -> None:
    """A release's key written elsewhere first (a note, another section) does not move its line."""
    path = write(tmp_path, '{\n  "notes": {"3.1-4": "see below"},\n  "runtimeVersionsV3": {\n    "3.0-1": {},\n'
                           '    "3.1-4": {"metadata": {"releaseDate": "2025-01-01"}}\n  }\n}\n')
    with pytest.raises(InputError) as info:
        read_catalog(Root(tmp_path), path)
    assert info.value.message.startswith("release 3.0-1: metadata must be an object") and info.value.line == 4
    path.write_text(path.read_text().replace('"3.0-1": {},', '"3.0-1": {"metadata": {"airflowVersion": "3.0.0"}},'))
    with pytest.raises(InputError) as info:
        read_catalog(Root(tmp_path), path)
    assert (info.value.line, info.value.message) == (5, "release 3.1-4: metadata.airflowVersion is missing")
    path.write_text(path.read_text().replace('"releaseDate": "2025-01-01"', '"airflowVersion": "3.1.0", '
                                                                             '"releaseDate": "2025-13-01"'))
    (finding,) = read_catalog(Root(tmp_path), path).findings
    assert finding.line == 5


@pytest.mark.parametrize("value", ["\\ud800", "x\\udfff", "\\ude00\\ud83d"])
@pytest.mark.parametrize("command", ["build", "check", "export", "validate"])
def test_half_a_utf16_pair_is_refused_at_its_line(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                   value: str, command: str) -> None:
    """JSON can escape half of a surrogate pair: a string no page can hold, refused where it is read."""
    text = catalog_text(("runtimeVersionsV3", ["3.1-1"])).replace('"stable"', "")
    text = text.replace('"releaseDate": "2025-01-01"', f'"releaseDate": "2025-01-01",\n "channel": "{value}"')
    repo = repo_with(tmp_path, text)
    line = refused(capsys, [command, "--repo", str(repo)] + (["--docs", str(tmp_path / "d")] if command != "export"
                                                            and command != "validate" else []))
    assert line == (f"{repo / 'metadata' / 'versions.json'}:4: error: a string escapes half of a UTF-16 pair "
                    "(\\udXXX), which is no character")


def test_a_whole_utf16_pair_is_a_character(tmp_path: Path) -> None:
    text = catalog_text(("runtimeVersionsV3", ["3.1-1"])).replace(
        '"releaseDate": "2025-01-01"', '"releaseDate": "2025-01-01",\n "channel": "\\ud83d\\ude00"')
    assert read_catalog(Root(tmp_path), write(tmp_path, text)).entries[0].channel == "\U0001f600"
