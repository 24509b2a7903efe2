from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from generator.errors import InputError
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
