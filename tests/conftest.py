from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.checkout import load
from generator.model import Model

PROJECT = Path(__file__).resolve().parent.parent
SAMPLE = PROJECT / "data" / "sample"


@pytest.fixture(scope="session")
def sample_model() -> Model:
    return load(SAMPLE)

from hypothesis import HealthCheck, settings  # noqa: E402

# Bounded in `make test`; `make fuzz` runs the same properties much longer.
settings.register_profile("default", max_examples=60, deadline=None)
settings.register_profile("fuzz", max_examples=3000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
