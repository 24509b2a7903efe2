"""scripts/synth.py, the benchmark's synthetic checkout: its churn setting moves the share of pins it says,
each to a version never seen before, and the same arguments write the same bytes."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pytest

from generator.sources import load

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from synth import write_checkout


def _standard_pins(repo: Path) -> list[dict[str, str]]:
    """Each release's standard image's pins, in release order, as name -> version."""
    model = load(repo)
    return [{p.key: p.version for p in release.images[0].packages} for release in model.releases]


@pytest.mark.parametrize(("churn", "moves"), [(0.02, 1), (1 / 3, 20), (0.0, 0)])
def test_churn_moves_that_share_of_the_pins_to_new_versions(tmp_path: Path, churn: float, moves: int) -> None:
    write_checkout(tmp_path, 25, packages=60, churn=churn)
    releases = _standard_pins(tmp_path)
    assert len(releases) == 25
    seen = {(k, v) for k, v in releases[0].items()}
    for before, after in itertools.pairwise(releases):
        changed = {k for k in before.keys() & after.keys() if before[k] != after[k]}
        left = len(before.keys() - after.keys())  # every tenth release one package leaves: it may have moved
        assert moves - left <= len(changed) <= moves
        assert not {(k, after[k]) for k in changed} & seen  # never a version seen before
        seen |= set(after.items())


def test_the_same_arguments_write_the_same_bytes(tmp_path: Path) -> None:
    for run in ("one", "two"):
        write_checkout(tmp_path / run, 12, packages=40, churn=0.25)
    files = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*") if p.is_file())
    assert len(files) == 12 * 3 * 2 + 1
    assert all((tmp_path / "one" / f).read_bytes() == (tmp_path / "two" / f).read_bytes() for f in files)
    assert files == sorted(p.relative_to(tmp_path / "two") for p in (tmp_path / "two").rglob("*") if p.is_file())


def test_churn_is_a_share(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="from 0 to 1"):
        write_checkout(tmp_path, 3, churn=1.5)
