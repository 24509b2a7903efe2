from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.versions import AF2, AF3, RuntimeVersion

P = RuntimeVersion.parse


def test_input_md_order() -> None:
    texts = ["2.1.1", "3.0.0", "12.5.0", "3.0-7", "3.1-1"]
    assert sorted(texts, key=P) == texts
    assert sorted(reversed(texts), key=P) == texts


def test_numeric_not_lexical() -> None:
    assert P("3.0-10") > P("3.0-9")
    assert P("4.2.10") > P("4.2.9")
    assert P("10.0.0") > P("9.17.0")


def test_prerelease_before_release() -> None:
    assert P("3.0-1-nightly20250220") < P("3.0-1")
    assert P("3.2-1.rc1") < P("3.2-1") < P("3.2-2")
    assert P("3.2-1.rc2") < P("3.2-1.rc10")
    assert P("3.0-1-nightly20250220") < P("3.0-1-nightly20250301")
    assert P("11.0.0-rc1") < P("11.0.0")


def test_lines_and_majors() -> None:
    v = P("11.8.0")
    assert (v.scheme, v.line, v.major, v.line_label) == (AF2, "11.8", "11", "11.8.x")
    w = P("3.1-12")
    assert (w.scheme, w.line, w.major, w.line_label) == (AF3, "3.1", "3.1", "3.1-x")
    assert P("3.0.4").line_id != P("3.0-4").line_id


# Digits are ASCII only: `int()` reads `٧` (Arabic-Indic seven) as 7, but no image tag can carry it.
@pytest.mark.parametrize("bad", ["11.8", "11.8.0.1", "v11.8.0", "3.1-", "3.1-x", "01.2.3", "", "3.1_2", "11.8.0 ",
                                 "11.٧.0", "１.0.0", "3.٢-1", "11.8.0-rc١"])
def test_neither_scheme(bad: str) -> None:
    with pytest.raises(ValueError, match="neither scheme"):
        P(bad)


_num = st.integers(0, 30)
_tail = st.one_of(st.none(), st.sampled_from(["rc1", "rc2", "rc10", "nightly20250220", "beta.1", "alpha"]))


@st.composite
def versions(draw: st.DrawFn) -> RuntimeVersion:
    a, b, c = draw(_num), draw(_num), draw(_num)
    tail = draw(_tail)
    if draw(st.booleans()):
        return P(f"{a}.{b}.{c}" + (f"-{tail}" if tail else ""))
    return P(f"{a}.{b}-{c}" + (f".{tail}" if tail else ""))


@given(versions(), versions())
def test_order_is_total_and_antisymmetric(x: RuntimeVersion, y: RuntimeVersion) -> None:
    assert (x < y) + (x == y) + (x > y) == 1
    assert (x <= y and y <= x) == (x == y)
    if x.scheme == AF2 and y.scheme == AF3:
        assert x < y


@given(versions(), versions(), versions())
def test_order_is_transitive(x: RuntimeVersion, y: RuntimeVersion, z: RuntimeVersion) -> None:
    if x <= y and y <= z:
        assert x <= z


@given(versions())
def test_prerelease_sorts_before_its_release(v: RuntimeVersion) -> None:
    if v.prerelease:
        a, b, c = v.numbers
        assert v < P(f"{a}.{b}.{c}" if v.scheme == AF2 else f"{a}.{b}-{c}")
