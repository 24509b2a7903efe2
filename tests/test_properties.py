"""Property-based tests: round trips and escaping. The Dockerfile reader's are in tests/sources/test_dockerfile.py."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from tempfile import TemporaryDirectory
from unittest.mock import patch

from hypothesis import example, given, settings
from hypothesis import strategies as st
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from generator.errors import InputError
from generator.pages.markdown import esc, table
from generator.sources import constraints
from generator.sources.catalog import read_catalog
from generator.sources.constraints import PinReader, plain_pin
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


# Constraints lines, plain and tricky: the constraints reader's fast path against packaging's parser.
def _insert(text: str, at: int, chars: str) -> str:
    """`chars` put into `text` at `at`, or at its end for a negative `at`."""
    at = len(text) if at < 0 else at % (len(text) + 1)
    return text[:at] + chars + text[at:]


_where = st.one_of(st.just(0), st.just(-1), st.integers(0, 30))  # the ends most of all


_separators = st.sampled_from(["", ".", "-", "_"])
_pre = st.sampled_from(["a", "b", "c", "rc", "alpha", "beta", "pre", "preview", "RC", "Alpha"])
pep508_names = st.builds(  # cases and runs of -_. between letters and digits
    lambda first, rest: first + "".join(rest), st.from_regex(r"[A-Za-z0-9]", fullmatch=True),
    st.lists(st.tuples(st.text("._-", max_size=3), st.from_regex(r"[A-Za-z0-9]{1,4}", fullmatch=True))
             .map("".join), max_size=3))
pep440_versions = st.builds(  # v, epoch, release, pre, post, dev, local: each spelling PEP 440 allows
    lambda *parts: "".join(parts),
    st.sampled_from(["", "", "v", "V"]),
    st.sampled_from(["", "", "1!", "0!", "12!"]),
    st.lists(st.integers(0, 120), min_size=1, max_size=4).map(lambda xs: ".".join(map(str, xs))),
    st.one_of(st.just(""), st.builds(lambda *p: "".join(p), _separators, _pre, _separators,
                                     st.sampled_from(["", "0", "3"]))),
    st.one_of(st.just(""), st.sampled_from(["-1", "-0"]),
              st.builds(lambda *p: "".join(p), _separators, st.sampled_from(["post", "rev", "r", "Post"]),
                        _separators, st.sampled_from(["", "2"]))),
    st.one_of(st.just(""), st.builds(lambda *p: "".join(p), _separators, st.sampled_from(["dev", "DEV"]),
                                     _separators, st.sampled_from(["", "4"]))),
    st.one_of(st.just(""), st.from_regex(r"\+[a-zA-Z0-9]{1,4}([._-][a-zA-Z0-9]{1,3}){0,2}", fullmatch=True)))
# A valid name or version with one odd character put anywhere: the near misses where the fast path draws its
# line (non-ASCII letters and digits among them, which Python's \w and case folding would take).
odd_names = st.one_of(
    st.builds(_insert, pep508_names, _where, st.sampled_from([*"_.-ñé١\u212aſ ;[=@/*\t", "=="])),
    st.sampled_from(["", "ñandú", "Kelvin\u212a", "ſpam", "a b", "١٢", "a/b", "a;b", "A" * 300]),
    st.text(st.sampled_from("aZ09._-[],;@ \t=!<>~*+\u212a١"), max_size=8))
odd_versions = st.one_of(
    st.sampled_from(["", "1.*", "1.0.*", "1.0+", "1..0", ".1", "1.", "1.0+a..b", "١.٠", "1.0ʀc1", "1.0 1",
                     "not-a-version", "1.0;", "1" * 5000, "1.0-", "1.0_", "1.0+-a", "01.00", "1.0.a"]),
    st.builds(_insert, pep440_versions, _where,
              st.sampled_from([*".*+!-_=; \tvV", "١", "ſ", "\u212a", "ʀ", "a", "rc", "post", "dev", "r"])),
    st.text(st.sampled_from("0123456789.!+-_vVabcdeoprstv*= ;"), max_size=10))
constraint_lines = st.one_of(
    st.builds("{}=={}".format, pep508_names, pep440_versions),
    st.builds("{}=={}".format, st.one_of(pep508_names, odd_names), st.one_of(pep440_versions, odd_versions)),
    st.builds(  # spaces, extras, other operators, markers, URLs
        lambda *parts: "".join(parts),
        st.one_of(pep508_names, odd_names),
        st.sampled_from(["", "", " ", "\t", "  "]),
        st.sampled_from(["", "", "[extra]", "[a,b]", "[]"]),
        st.sampled_from(["==", "==", "===", "!=", ">=", "~=", "= =", "=", "<", ""]),
        st.sampled_from(["", "", " ", "\t"]),
        st.one_of(pep440_versions, odd_versions),
        st.sampled_from(["", "", ' ; python_version < "3.12"', ";python_version<'3'", " ;", " @ x", ","])))


# Generated lines reach each corner rarely: each of these near misses is also tried on every run.
_near_misses = ["a-==1.0", "a.==1.0", "a_==1.0", "_a==1.0", "aé==1.0", "éa==1.0", "a١==1", "ſpam==1.0",
                "\u212a==1", "a==1..0", "a==1.0+", "a==1.0+a..b", "a==1.0.*", "a==١", "a==1.0ʀc1", "a==1.0-",
                "a==v1.0", "a==1!2.0rc1.post2.dev3+x.y", "a===1.0", "a ==1.0", "a== 1.0", "a[x]==1.0", "a==1.0;",
                "a==1" + "0" * 5000, "a" * 300 + "==1", "Index==1", "a==1,", "a@x==1"]
_lines = settings(max_examples=max(400, settings().max_examples))


def _near_miss_examples(one: Callable[[str], object]) -> Callable[[Callable[..., None]], Callable[..., None]]:
    def add(test: Callable[..., None]) -> Callable[..., None]:
        for line in _near_misses:
            test = example(one(line))(test)
        return test
    return add


@_lines
@_near_miss_examples(lambda line: line)
@given(constraint_lines)
def test_the_fast_path_reads_a_plain_pin_as_packaging_does(line: str) -> None:
    """A line the fast path takes is a pin to packaging too, of the same name and version; what
    it declines goes to packaging, which decides."""
    plain = plain_pin(line)
    if plain is None:
        return
    req = Requirement(line)  # fails the test if packaging does not take the line
    (spec,) = req.specifier
    assert (req.url, req.extras, req.marker, spec.operator) == (None, set(), None, "==")
    assert plain == (req.name, spec.version)
    assert Version(plain[1]) == Version(spec.version)


@_lines
@_near_miss_examples(lambda line: [line])
@given(st.lists(constraint_lines, min_size=1, max_size=4))
def test_the_constraints_reader_reads_the_same_with_and_without_the_fast_path(lines: list[str]) -> None:
    """Whole files, read by a reader with the fast path and by one without it (every line to
    packaging, as before it): the same pins, names, keys and versions, or the same error."""
    text = "\n".join(lines) + "\n"

    def read() -> tuple[object, ...] | str:
        try:
            pins = PinReader().read(text, "c.txt", "3.12")
        except InputError as exc:
            return str(exc)
        return pins.packages, pins.lines, pins.findings, pins.providers

    fast = read()
    with patch.object(constraints, "plain_pin", lambda line: None):
        assert read() == fast
