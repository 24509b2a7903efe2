"""Property-based tests: round trips and escaping. The Dockerfile reader's are in tests/sources/test_dockerfile.py."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import given
from hypothesis import strategies as st
from packaging.utils import canonicalize_name

from generator.pages.markdown import esc, table
from generator.sources.catalog import read_catalog
from generator.sources.constraints import PinReader
from generator.sources.files import Root

from .helpers import tables

names = st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,8}([._-][A-Za-z0-9]{1,6}){0,3}", fullmatch=True)
versions = st.builds(
    lambda epoch, parts, local: (f"{epoch}!" if epoch else "") + ".".join(map(str, parts))
    + (f"+{local}" if local else ""),
    st.integers(0, 3), st.lists(st.integers(0, 999), min_size=1, max_size=4),
    st.one_of(st.none(), st.from_regex(r"[a-z0-9]{1,6}(\.[a-z0-9]{1,4})?", fullmatch=True)))


@given(st.dictionaries(names, versions, max_size=30), st.lists(st.sampled_from(["", "# c", "  # indented"])))
def test_constraints_round_trip(pins: dict[str, str], noise: list[str]) -> None:
    unique = {canonicalize_name(n): (n, v) for n, v in pins.items()}
    lines = [f"{n}=={v}" for n, v in unique.values()]
    for i, extra in enumerate(noise):
        lines.insert(i % (len(lines) + 1), extra)
    parsed = PinReader().read("\n".join(lines) + "\n", "c.txt", "3.12")
    assert sorted((p.name, p.version) for p in parsed.packages) == sorted(unique.values())
    for p, line in zip(parsed.packages, parsed.lines, strict=True):
        assert lines[line - 1] == f"{p.name}=={p.version}"


dates = st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))


@given(st.dictionaries(
    st.tuples(st.integers(1, 20), st.integers(0, 20), st.integers(0, 20)).map(lambda t: ".".join(map(str, t))),
    st.fixed_dictionaries({"airflowVersion": versions, "releaseDate": dates.map(str),
                           "channel": st.sampled_from(["stable", "deprecated", "alpha", "beta"]),
                           "yanked": st.booleans()},
                          optional={"endOfMaintenance": dates.map(str), "yankedReason": st.text(max_size=40),
                                    "unknownKey": st.integers()}),
    max_size=12))
def test_catalog_round_trip(entries: dict[str, dict[str, object]]) -> None:
    doc = {"runtimeVersions": {v: {"metadata": m} for v, m in entries.items()}}
    with TemporaryDirectory() as tmp:
        path = Path(tmp) / "versions.json"
        path.write_text(json.dumps(doc, indent=1))
        catalog = read_catalog(Root(Path(tmp)), path)
    assert {e.version.text for e in catalog.entries} == set(entries)
    for e in catalog.entries:
        meta = entries[e.version.text]
        assert (e.airflow_version, str(e.release_date), e.channel, e.yanked) == (
            meta["airflowVersion"], meta["releaseDate"], meta["channel"], meta["yanked"])
        assert e.yanked_reason == meta.get("yankedReason")
        assert (str(e.end_of_maintenance) if e.end_of_maintenance else None) == meta.get("endOfMaintenance")


@given(st.text(max_size=300), st.text(max_size=50))
def test_escaping_keeps_the_column_count(a: str, b: str) -> None:
    (rows,) = tables(table(["one", "two", "three"], [[esc(a), esc(b), "end"]]))
    assert [len(r) for r in rows] == [3, 3]
    assert rows[1][2] == "end"
