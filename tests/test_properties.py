"""Property-based tests: round trips, escaping, and the ARG resolver against a direct model of Docker's rules."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import given
from hypothesis import strategies as st

from generator.catalog import read_catalog
from generator.constraints import normalize, parse_constraints
from generator.dockerfile import Scope, expand, expand_loop, parse_dockerfile, split_words, split_words_loop
from generator.markdown import esc, table
from generator.model import Image, Package
from generator.views import span, version_spans

from .helpers import tables

names = st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,8}([._-][A-Za-z0-9]{1,6}){0,3}", fullmatch=True)
versions = st.builds(
    lambda epoch, parts, local: (f"{epoch}!" if epoch else "") + ".".join(map(str, parts))
    + (f"+{local}" if local else ""),
    st.integers(0, 3), st.lists(st.integers(0, 999), min_size=1, max_size=4),
    st.one_of(st.none(), st.from_regex(r"[a-z0-9]{1,6}(\.[a-z0-9]{1,4})?", fullmatch=True)))


@given(st.dictionaries(names, versions, max_size=30), st.lists(st.sampled_from(["", "# c", "  # indented"])))
def test_constraints_round_trip(pins: dict[str, str], noise: list[str]) -> None:
    unique = {normalize(n): (n, v) for n, v in pins.items()}
    lines = [f"{n}=={v}" for n, v in unique.values()]
    for i, extra in enumerate(noise):
        lines.insert(i % (len(lines) + 1), extra)
    parsed = parse_constraints("\n".join(lines) + "\n", "c.txt")
    assert [(p.name, p.version) for p in parsed] == list(unique.values())
    for p in parsed:
        assert lines[p.line - 1].startswith(p.name)


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
        catalog = read_catalog(path, Path(tmp))
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


# The ARG resolver against a direct model of Docker's scoping, on generated Dockerfiles.
var_names = st.sampled_from(["A", "B", "C", "D"])
literals = st.from_regex(r"[a-z0-9.]{1,6}", fullmatch=True)


@st.composite
def dockerfiles(draw: st.DrawFn) -> tuple[str, dict[str, str]]:
    lines: list[str] = []
    model_global: dict[str, str] = {}
    for _ in range(draw(st.integers(0, 3))):
        name, value = draw(var_names), draw(literals)
        ref = draw(st.one_of(st.none(), st.sampled_from(sorted(model_global)) if model_global else st.none()))
        default = value + (f"${{{ref}}}" if ref else "")
        lines.append(f'ARG {name}="{default}"')
        model_global[name] = value + (model_global[ref] if ref else "")
    labels: dict[str, str] = {}
    inherited: dict[str, str] = {}
    for stage in range(draw(st.integers(1, 3))):
        from_parent = stage > 0 and draw(st.booleans())
        lines.append(f"FROM {'s' + str(stage - 1) if from_parent else 'python:3.12'} AS s{stage}")
        labels = dict(inherited) if from_parent else {}
        scope: dict[str, str] = {}
        for _ in range(draw(st.integers(0, 4))):
            kind = draw(st.sampled_from(["redeclare", "arg", "label"]))
            name = draw(var_names)
            if kind == "redeclare":
                lines.append(f"ARG {name}")
                if name in model_global:
                    scope[name] = model_global[name]
            elif kind == "arg":
                value = draw(literals)
                lines.append(f"ARG {name}={value}")
                scope[name] = value
            elif scope:
                ref = draw(st.sampled_from(sorted(scope)))
                key = f"l.{draw(st.integers(0, 3))}"
                lines.append(f'LABEL {key}="v-${{{ref}}}-${ref}"')
                labels[key] = f"v-{scope[ref]}-{scope[ref]}"
        inherited = labels
    return "\n".join(lines) + "\n", labels


@given(dockerfiles())
def test_arg_resolver_matches_docker_rules(case: tuple[str, dict[str, str]]) -> None:
    text, expected = case
    assert parse_dockerfile(text, "Dockerfile").labels == expected


@given(st.text(alphabet=' \t\n"\'\\ab$\u00a0', max_size=40))
def test_word_splitting_fast_path_agrees_with_the_reference_loop(text: str) -> None:
    try:
        expected: list[str] | None = split_words_loop(text)
    except Exception:
        expected = None
    try:
        got: list[str] | None = split_words(text)
    except Exception:
        got = None
    assert got == expected


@given(st.text(alphabet='"\'\\${}:-+ab_1 ', max_size=30))
def test_expansion_fast_path_agrees_with_the_reference_loop(word: str) -> None:
    def run(f: Callable[[str, Scope], str]) -> object:
        scope = Scope({"a": "x", "ab": "yy", "_1": ""}, frozenset({"b"}))
        try:
            return f(word, scope), scope.emptied
        except Exception as exc:
            return type(exc).__name__
    assert run(expand) == run(expand_loop)


_PINS = {(k, v): Package(k, k, v) for k in ("a", "b", "c") for v in ("1.0", "1.1", "2.0")}


@given(st.lists(st.dictionaries(st.sampled_from("abc"), st.sampled_from(["1.0", "1.1", "2.0"])), min_size=1,
                max_size=6))
def test_version_spans_are_the_span_of_each_images_version(pinned: list[dict[str, str]]) -> None:
    """The matrices' fast spans say exactly what `span` over every image says, changes back included."""
    images = [Image("standard", "", "", {}, {}, None, None, None, tuple(_PINS[kv] for kv in sorted(pins.items())))
              for pins in pinned]
    assert version_spans(images, "abcd") == [span(i.version_of(k) for i in images) for k in "abcd"]
