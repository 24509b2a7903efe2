from __future__ import annotations

from pathlib import Path

import pytest

from generator.checkout import load
from generator.model import Model

PROJECT = Path(__file__).resolve().parent.parent
SAMPLE = PROJECT / "data" / "sample"


@pytest.fixture(scope="session")
def sample_model() -> Model:
    return load(SAMPLE)
