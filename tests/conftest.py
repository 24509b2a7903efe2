from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.model import Model
from generator.sources import load

PROJECT = Path(__file__).resolve().parent.parent
SAMPLE = PROJECT / "data" / "sample"
# The day the committed pages' lifecycle statuses are computed for: `--today` in tests and CI.
SAMPLE_TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="session")
def sample_model() -> Model:
    return load(SAMPLE)



@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site MkDocs builds from the committed docs (which a test keeps current), built once."""
    out = tmp_path_factory.mktemp("site") / "site"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(out)],
                   cwd=PROJECT, check=True)
    return out


from hypothesis import HealthCheck, settings  # noqa: E402

# Bounded in `make test`; `make fuzz` runs the same properties much longer.
settings.register_profile("default", max_examples=60, deadline=None)
settings.register_profile("fuzz", max_examples=3000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
