"""The browser's PEP 440 (`window.runtimePep440`, Renovate's @renovatebot/pep440 bundled from
js/pep440/) against Python's `packaging`, on either site: a grid of versions and specifiers, every
answer of the library asked in the page in one call, and every one compared with `packaging`'s.

Where the two disagree, the difference is listed below, with why: the tests assert that the
differences are exactly these, so a new one fails, and so does one that goes away (a new version of
the library, say): then the list is brought up to date, and the README's note on the bundle too.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import pytest
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

# Every spelling PEP 440 normalises, pre-, post- and dev releases and their combinations, local
# labels, epochs, many segments and many digits. Each line's variants sit around its specifiers below.
VERSIONS = [
    "0", "0.9",
    "1.0", "1.0.0", "1.0.0.0", "V1.0", "1.0.post1", "1.0-1", "1.0-r4", "1.0_post_5", "1.0.dev0", "1.0-dev-7",
    "1.0a1", "1.0-alpha-2", "1.0c1", "1.0.RC1", "1.0rc1", "1.0.preview3", "1.0+5", "1.0+abc.5", "1.0+ubuntu-1",
    "1.0.1", "1.2", "1.2.0", "1.2.3", "1.2.3a1", "1.2.post2", "1.2.0.1", "1.20",
    "2", "2.0", "2.0.0", "2.0a1", "2.0b2", "2.0rc1.dev3", "2.0.dev1", "2.0.post1", "2.0.post1.dev2",
    "2.0+astro.1", "2.0.0+astro.2", "2.0.post1+astro.1", "2.1",
    "3.0+999", "3.0+1e3", "3.0+0x10", "3.0+Infinity", "3.0+abc", "3.99.99.99",
    "4", "4.0.0a1", "4.0.0",
    "5", "5.0.0", "5.0.0rc2", "5.0.0.dev0", "5.0.0+astro.1", "5.1.0.post3",
    "6.0", "6.0.9", "6.1a1", "6.1", "6.1.0", "6.1.3", "6.1.3+astro.1", "v6.1.3", "6.2rc1", "6.9.99",
    "7.0.0.dev1", "7.0",
    "1!0.1", "1!1.0", "1!2.0.0", "1!2.0.0rc1", "1!6.1.3", "2!1.0",
    "10.0.0", "2024.12.1", "20241201", "1.0.0.0.0.1", "123456789.987654321.1",
    "1.0.12345678901234567890", "1.0.12345678901234567891",
]
NOT_VERSIONS = ["", "1.", "a1", "1.0-", "1..0", "1.0+", "1.0+ab_", "1.0.0-beta.1+", " 1.0 ", "1.0 ", "1_0", "1!",
                "!1.0", "1.0+é", "latest", "1.0.x"]
SPECIFIERS = [
    ">=5", "~=6.1", "<4", "==1.2.*", "!=2.0", ">1.0,<2", "===1.0",
    ">= 5", " ~= 6.1 ", "> 1.0 , < 2", "== 1.2.*", "!= 2.0", "<4 ,>=2",
    "==2.0", "==2.0.0", "==2.0+astro.1", "!=2.0+astro.1", "<=2.0", ">2.0", "<2.0", ">=2.0a1", "<=2.0.dev1",
    "<2.0.post1", ">1.0.post1", ">1.0a1", "<1.0rc1", ">2.0.dev1",
    "~=1.0.0", "~=2.0.post1", "~=6.1.3rc1", "~=1!2.0", "==1!2.*", ">=1!1.0", "<1!0", ">2", "<2",
    "==1.2.0.*", "!=1.2.*", "==2.*", "==1.*", ">=1.0,!=1.2.*,<7", "===1.0.0", "===v1.0", "===2.0+astro.1",
    "==1.0.0.0", "<=6.1.3", ">=5.0.0rc1,<6", "!=6.1.3+astro.1", "==1.0.12345678901234567890",
]
NOT_SPECIFIERS = [">=", "=>5", "~=1", "~=1.0+local", ">=1.0+local", "==1.0a1.*", "==1.*.0", "1.0", ">=5,",
                  ",>=5", "=== 1.0 x", "<>1", ">=1.0.*", "==1.0+local.*", "~=1.0.*", ">= 5 6", "^1.0", "~1.0"]


def _each(specifier: str, versions: list[str], packaging_says: bool) -> dict[tuple[str, str], bool]:
    return {(version, specifier): packaging_says for version in versions}


_ONE = ["1.0", "1.0.0", "1.0.0.0", "V1.0"]
_ONE_LOCAL = ["1.0+5", "1.0+abc.5", "1.0+ubuntu-1"]
_TWO = ["2", "2.0", "2.0.0", "2.0a1", "2.0b2", "2.0rc1.dev3"]
_TWO_LOCAL = ["2.0+astro.1", "2.0.0+astro.2"]
_EPOCH_TWO = ["1!2.0.0", "1!2.0.0rc1"]

EXPECTED_SATISFIES_DIFFERENCES: dict[tuple[str, str], bool] = {
    # Where `satisfies(version, specifier)` (pre-releases matching) and
    # `SpecifierSet(specifier).contains(Version(version), prereleases=True)` differ: (version, specifier),
    # and `packaging`'s answer; the library gives the other.
    #
    # 1. Exclusive ordered comparisons, `<V` and `>V`. The library (lib/specifier.js, "simplified version
    #    of exclusive-ordered-comparison") refuses every version whose release segment equals V's,
    #    whatever V's pre-, post- or dev part and whatever either epoch. PEP 440, as `packaging` does it,
    #    only keeps `<V` from the pre-releases of V (unless V is one) and `>V` from the post-releases
    #    and local versions of V (unless V is a post-release); the epoch is part of the order.
    #    1a. V is a pre-, post- or dev release: 1.0 > 1.0a1, 1.0a1 < 1.0rc1, 2.0 > 2.0.dev1, 2.0 < 2.0.post1,
    #        1.0.post4 > 1.0.post1.
    **_each(">1.0a1", [*_ONE, "1.0.post1", "1.0-1", "1.0-r4", "1.0_post_5", "1.0-alpha-2", "1.0c1", "1.0.RC1",
                       "1.0rc1", "1.0.preview3", *_ONE_LOCAL, "1!1.0", "2!1.0"], True),
    **_each("<1.0rc1", ["1.0.dev0", "1.0-dev-7", "1.0a1", "1.0-alpha-2"], True),
    **_each(">2.0.dev1", [*_TWO, "2.0.post1", "2.0.post1.dev2", *_TWO_LOCAL, "2.0.post1+astro.1", *_EPOCH_TWO],
            True),
    **_each("<2.0.post1", [*_TWO, "2.0.dev1", *_TWO_LOCAL], True),
    **_each(">1.0.post1", ["1.0-r4", "1.0_post_5", "1!1.0", "2!1.0"], True),
    #    1b. The epoch is not looked at: 1!2.0.0 > 2 (epoch 1 comes after every version of epoch 0), and
    #        0 < 1!0; and above, 1!1.0 and 2!1.0 > 1.0a1 and > 1.0.post1, 1!2.0.0 > 2.0.dev1.
    **_each(">2", _EPOCH_TWO, True),
    **_each(">2.0", _EPOCH_TWO, True),
    **_each("<1!0", ["0"], True),
    # 2. Arbitrary equality, `===V`. PEP 440 calls it a plain string comparison; `packaging`, given a
    #    Version, compares its normalised text with its local label (V1.0 is "1.0"), the library the
    #    text as typed, ignoring case, and without the local label whenever the version has one (see 3).
    **_each("===1.0", ["V1.0"], True),
    **_each("===1.0", _ONE_LOCAL, False),
    **_each("===v1.0", ["V1.0", *_ONE_LOCAL], False),
    # 3. A local label in `==V+L` or `!=V+L`. When the version has a local label, the library drops the
    #    labels of both before comparing, so 2.0.0+astro.2 equals 2.0+astro.1; PEP 440 compares the
    #    whole version when the specifier has a label. (The library's 5.x compares them whole.)
    **_each("==2.0+astro.1", ["2.0.0+astro.2"], False),
    **_each("!=2.0+astro.1", ["2.0.0+astro.2"], True),
    # 4. A prefix match longer than the version's release segment. PEP 440 pads the version's release
    #    with zeros (1.2 is 1.2.0, so it matches `==1.2.0.*`); the library compares the segments as written.
    **_each("==1.2.0.*", ["1.2", "1.2.post2"], True),
    # 5. Numbers past 2**53. The library reads each number of a version as a JavaScript number, which
    #    rounds them: 1.0.12345678901234567891 and 1.0.12345678901234567890 are the same version to it.
    **_each("==1.0.12345678901234567890", ["1.0.12345678901234567891"], False),
}

EXPECTED_ORDER_DIFFERENCES: dict[tuple[str, str], int] = {
    # Where the sign of `compare(a, b)` is not `packaging`'s, (a, b) with a before b in VERSIONS: and
    # `packaging`'s sign. The versions named here are left out of the sorting check.
    # 5. Numbers past 2**53 round (above): the library finds these equal.
    ("1.0.12345678901234567890", "1.0.12345678901234567891"): -1,
    # 6. Local labels that JavaScript's Number() reads as numbers: "1e3" (1000), "0x10" (16), "Infinity".
    #    PEP 440 takes only ASCII digits for a number; any other part is alphanumeric, and sorts before
    #    every number, and among alphanumeric parts by its text ("0x10" < "1e3" < "abc" < "infinity").
    ("3.0+999", "3.0+1e3"): 1,
    ("3.0+999", "3.0+Infinity"): 1,
    ("3.0+1e3", "3.0+abc"): -1,
    ("3.0+0x10", "3.0+abc"): -1,
}

EXPECTED_EXPLAIN_DIFFERENCES: dict[str, set[str]] = {
    # Where `explain(version)` says another part than `packaging`'s Version: the parts that differ.
    # 5. Numbers past 2**53 round: 1.0.12345678901234567000.
    "1.0.12345678901234567890": {"release", "public", "base_version"},
    "1.0.12345678901234567891": {"release", "public", "base_version"},
    # 6. Local parts read as numbers (above): "1000", "16"; and "Infinity" keeps its case ("infinity").
    "3.0+1e3": {"local"},
    "3.0+0x10": {"local"},
    "3.0+Infinity": {"local"},
}

EXPECTED_VALIDITY_DIFFERENCES: dict[tuple[str, str], bool] = {
    # What one takes for a version (`valid`) or a specifier (`validRange`) and the other refuses, and
    # `packaging`'s answer.
    # 7a. Space around a version: `packaging` strips it; the library's valid() does not (its clean() does).
    ("version", " 1.0 "): True,
    ("version", "1.0 "): True,
    # 7b. `.*` after a pre-release: PEP 440 allows a prefix match on a release segment only.
    ("specifier", "==1.0a1.*"): False,
    # 7c. An empty item in a specifier set, as left while typing: `packaging` skips it, the library refuses it.
    ("specifier", ">=5,"): True,
    ("specifier", ",>=5"): True,
}


@dataclass(frozen=True)
class Answers:
    """Everything asked of `window.runtimePep440`, or of `packaging`, on the grid."""

    valid: dict[tuple[str, str], bool]
    """("version", text) and ("specifier", text): whether it is one."""
    satisfies: dict[tuple[str, str], bool]
    compare: dict[tuple[str, str], int]
    explain: dict[str, dict[str, Any]]
    sorted: list[str]


# Deterministic, and far from sorted: what the sort checks start from.
SHUFFLED = [v for v in VERSIONS if not any(v in pair for pair in EXPECTED_ORDER_DIFFERENCES)]
random.Random(440).shuffle(SHUFFLED)

_ASK = """({versions, others, specifiers, shuffled}) => {
  const pep = window.runtimePep440;
  return {
    valid: [...versions, ...others].map((text) => ['version', text, pep.valid(text) === text]),
    validRange: specifiers.map((text) => ['specifier', text, pep.validRange(text)]),
    satisfies: versions.flatMap((v) => specifiers.map((s) => [v, s, pep.satisfies(v, s)])),
    compare: versions.flatMap((a, i) => versions.slice(i + 1).map((b) => [a, b, Math.sign(pep.compare(a, b))])),
    explain: versions.map((v) => [v, pep.explain(v)]),
    sorted: [...shuffled].sort(pep.compare),
  };
}"""


def wait_for_library(page: Page) -> None:
    try:
        page.wait_for_function("() => typeof window.runtimePep440 === 'object'")
    except PlaywrightTimeout:
        pytest.fail(f"{page.url} never set window.runtimePep440: does the site load pep440.js (a build from "
                    "before it was added? rebuild the site)")


def library_answers(page: Page) -> Answers:
    """The library's answers, asked in `page` once `window.runtimePep440` is there."""
    wait_for_library(page)
    got = page.evaluate(_ASK, {"versions": VERSIONS, "others": NOT_VERSIONS,
                               "specifiers": SPECIFIERS + NOT_SPECIFIERS, "shuffled": SHUFFLED})
    return Answers(valid={(kind, text): ok for kind, text, ok in got["valid"] + got["validRange"]},
                   satisfies={(v, s): ok for v, s, ok in got["satisfies"] if s in SPECIFIERS},
                   compare={(a, b): sign for a, b, sign in got["compare"]},
                   explain=dict(got["explain"]), sorted=got["sorted"])


def _is_version(text: str) -> bool:
    try:
        Version(text)
    except InvalidVersion:
        return False
    return True


def _is_specifier(text: str) -> bool:
    try:
        SpecifierSet(text)
    except InvalidSpecifier:
        return False
    return True


def _sign(a: Version, b: Version) -> int:
    return (a > b) - (a < b)


def _parts(version: Version) -> dict[str, Any]:
    """A Version as the library's `explain` gives one."""
    return {"epoch": version.epoch, "release": list(version.release), "pre": list(version.pre) if version.pre else None,
            "post": version.post, "dev": version.dev, "local": version.local, "public": version.public,
            "base_version": version.base_version, "is_prerelease": version.is_prerelease,
            "is_devrelease": version.is_devrelease, "is_postrelease": version.is_postrelease}


def packaging_answers() -> Answers:
    parsed = {v: Version(v) for v in VERSIONS}
    sets = {s: SpecifierSet(s) for s in SPECIFIERS}
    return Answers(
        valid={**{("version", v): _is_version(v) for v in VERSIONS + NOT_VERSIONS},
               **{("specifier", s): _is_specifier(s) for s in SPECIFIERS + NOT_SPECIFIERS}},
        satisfies={(v, s): sets[s].contains(parsed[v], prereleases=True) for v in VERSIONS for s in SPECIFIERS},
        compare={(a, b): _sign(parsed[a], parsed[b]) for i, a in enumerate(VERSIONS) for b in VERSIONS[i + 1:]},
        explain={v: _parts(parsed[v]) for v in VERSIONS},
        sorted=sorted(SHUFFLED, key=Version),  # stable, as Array.prototype.sort is: equal versions keep their order
    )


ORACLE = packaging_answers()


def check_validity(library: Answers) -> None:
    # The grid is what it says: versions and specifiers, then what is not one (to `packaging`, or the library).
    assert all(ORACLE.valid["version", v] for v in VERSIONS)
    assert all(ORACLE.valid["specifier", s] for s in SPECIFIERS)
    assert all(not ORACLE.valid[k] or not library.valid[k] for k in
               [*(("version", v) for v in NOT_VERSIONS), *(("specifier", s) for s in NOT_SPECIFIERS)])
    assert {k: ok for k, ok in ORACLE.valid.items() if library.valid[k] != ok} == EXPECTED_VALIDITY_DIFFERENCES


def check_satisfies(library: Answers) -> None:
    assert len(library.satisfies) == len(VERSIONS) * len(SPECIFIERS)
    assert {k: ok for k, ok in ORACLE.satisfies.items()
            if library.satisfies[k] != ok} == EXPECTED_SATISFIES_DIFFERENCES


def check_order(library: Answers) -> None:
    """Each pair compared as `packaging` does but the expected differences, and a shuffled list sorted
    with `compare` as `sorted(key=Version)` sorts it."""
    assert {k: sign for k, sign in ORACLE.compare.items() if library.compare[k] != sign} == EXPECTED_ORDER_DIFFERENCES
    assert library.sorted == ORACLE.sorted and library.sorted != SHUFFLED


def check_explain(library: Answers) -> None:
    assert {v: {k for k, part in parts.items() if library.explain[v][k] != part}
            for v, parts in ORACLE.explain.items() if library.explain[v] != parts} == EXPECTED_EXPLAIN_DIFFERENCES


def check_grid(library: Answers) -> None:
    """The library agrees with `packaging` on the whole grid, but for the expected differences, each
    of which is still one."""
    check_validity(library)
    check_satisfies(library)
    check_order(library)
    check_explain(library)


_EDGES = """(cases) => {
  const pep = window.runtimePep440;
  const safely = (f) => { try { return f(); } catch (e) { return `threw ${e}`; } };
  return {
    satisfies: cases.map(([v, s, o]) => safely(() => (o === null ? pep.satisfies(v, s) : pep.satisfies(v, s, o)))),
    sorted: safely(() => ['latest', '2.0', 'x', '1!0.1', '1.0', null].sort(pep.compare)),
    epoch: safely(() => pep.explain('1!2.0.0').epoch),
    frozen: Object.isFrozen(pep),
    names: Object.keys(pep).sort(),
  };
}"""
# (version, specifier, options or None for none): pip's default for an explicit specifier lets
# pre-releases match; {prereleases: false} is the library's own default.
_EDGE_CASES: list[tuple[str | None, str, dict[str, bool] | None]] = [
    ("2.0a1", ">=1", None), ("2.0a1", ">=1", {"prereleases": True}), ("2.0a1", ">=1", {"prereleases": False}),
    ("2.0", ">=1", {"prereleases": False}), ("1.0a1", "", None), ("1.0", "", None), ("1!2.0.0", "", None),
    # Not PEP 440: matches nothing, throws nothing.
    ("latest", ">=1", None), ("", ">=1", None), (None, ">=1", None), ("1.0", "anything", None), ("1.0", ">=", None),
]


def check_edges(page: Page) -> None:
    """Pre-releases match unless asked not to, as `packaging`'s `prereleases=` says; what is not PEP 440
    matches nothing and sorts last; nothing throws; the object holds the five functions, frozen."""
    wait_for_library(page)
    got = page.evaluate(_EDGES, _EDGE_CASES)
    expected = [v is not None and _is_version(v) and _is_specifier(s) and SpecifierSet(s).contains(
        Version(v), prereleases=True if o is None else o["prereleases"]) for v, s, o in _EDGE_CASES]
    assert expected[:7] == [True, True, False, True, True, True, True] and not any(expected[7:])
    assert got["satisfies"] == expected
    assert got["sorted"] == ["1.0", "2.0", "1!0.1", "latest", "x", None]
    assert got["epoch"] == 1 and got["frozen"] is True
    assert got["names"] == ["compare", "explain", "satisfies", "valid", "validRange"]
