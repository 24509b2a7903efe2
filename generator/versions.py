"""Version orders: the two Astro Runtime schemes, and PEP 440 for package versions.

Every comparison of runtime versions in the project goes through
`RuntimeVersion`, so the order stated in INPUT.md lives in one place:
all Airflow 2 era (semver) versions sort before all Airflow 3 era (`X.Y-N`)
ones; within a scheme numerically; a pre-release before its release.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from packaging.version import InvalidVersion, Version

AF2 = "semver"
AF3 = "airflow3"

# 11.8.0, optionally 11.8.0-rc1 (semver pre-release tail).
# ASCII digits only: `\d` would also take `11.٧.0` (Arabic-Indic seven), which no tag can carry.
_SEMVER = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:-([0-9A-Za-z][0-9A-Za-z.-]*))?")
# 3.1-12, 3.0-1-nightly20250220, 3.2-1.rc1
_AF3 = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)-(0|[1-9][0-9]*)(?:[-.]([0-9A-Za-z][0-9A-Za-z.-]*))?")
_PIECE = re.compile(r"[0-9]+|[A-Za-z]+")


def _prerelease_key(tail: str) -> tuple[tuple[int, int, str], ...]:
    """Natural order of a pre-release tail: `rc2` < `rc10`, `nightly20250220` < `nightly20250301`."""
    return tuple((1, int(p), "") if p[0] in "0123456789" else (0, 0, p.lower()) for p in _PIECE.findall(tail))


@dataclass(frozen=True)
class RuntimeVersion:
    """A parsed runtime version; instances compare by the order of INPUT.md."""

    text: str
    scheme: str
    numbers: tuple[int, int, int]
    prerelease: str | None
    _key: tuple[object, ...] = field(repr=False, compare=False, hash=False)

    @staticmethod
    def parse(text: str) -> RuntimeVersion:
        """Parse `text`; `ValueError` names what was expected if it is in neither scheme."""
        for scheme, pattern in ((AF2, _SEMVER), (AF3, _AF3)):
            m = pattern.fullmatch(text)
            if m:
                nums = (int(m[1]), int(m[2]), int(m[3]))
                pre = m[4]
                # A release sorts after all of its pre-releases: (1,) > (0, ...).
                pre_key: tuple[object, ...] = (1,) if pre is None else (0, _prerelease_key(pre))
                key = (0 if scheme == AF2 else 1, nums, pre_key)
                return RuntimeVersion(text, scheme, nums, pre, key)
        raise ValueError(
            f"runtime version {text!r} is in neither scheme "
            "(expected MAJOR.MINOR.PATCH such as 11.8.0, or X.Y-N such as 3.1-12)"
        )

    @property
    def line(self) -> str:
        """`11.8` for 11.8.0, `3.1` for 3.1-12: the unit of the reference tables."""
        return f"{self.numbers[0]}.{self.numbers[1]}"

    @property
    def line_label(self) -> str:
        """How a line is shown: `11.8.x` and `3.1-x`, so the 2021 line 3.0 (semver) and
        the Airflow 3.0 line never read the same."""
        return f"{self.line}.x" if self.scheme == AF2 else f"{self.line}-x"

    @property
    def line_id(self) -> tuple[str, str]:
        """Identity of the line: the bare `X.Y` is ambiguous across the two schemes."""
        return (self.scheme, self.line)

    @property
    def major(self) -> str:
        """The lifecycle unit: the major in the Airflow 2 era, the line in the Airflow 3 era."""
        return str(self.numbers[0]) if self.scheme == AF2 else self.line

    def __str__(self) -> str:
        return self.text

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RuntimeVersion):
            return NotImplemented
        return self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)

    def __lt__(self, other: RuntimeVersion) -> bool:
        return self._key < other._key

    def __le__(self, other: RuntimeVersion) -> bool:
        return self._key <= other._key

    def __gt__(self, other: RuntimeVersion) -> bool:
        return self._key > other._key

    def __ge__(self, other: RuntimeVersion) -> bool:
        return self._key >= other._key



@cache
def package_version(text: str) -> Version:
    """A package version in PEP 440 order (`1.10` after `1.9`, `2.0` equal to `2.0.0`).

    Remembered: a checkout holds a few thousand distinct versions, which the diffs, checks and
    the compare page's data ask about hundreds of thousands of times at 2,000 releases.

    `ValueError` when `text` is not a PEP 440 version: the constraints reader refuses
    such pins, so everything past reading may rely on this order.
    """
    try:
        return Version(text)
    except InvalidVersion:
        raise ValueError(f"{text!r} is not a PEP 440 version") from None
