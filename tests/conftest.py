from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from generator.model import Model
from generator.sources import load

from .helpers import mkdocs_build

PROJECT = Path(__file__).resolve().parent.parent
SAMPLE = PROJECT / "generator" / "data" / "sample"
# The day the committed pages' lifecycle statuses are computed for: `--today` in tests and CI.
SAMPLE_TODAY = dt.date(2026, 11, 23)


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Headless as root in a sandboxed machine with no network: no sandbox, no background traffic.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Chromium for every browser test, of both sites: Playwright's sync API runs one at a time."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Debian's chromium is not at {CHROMIUM}: run `make browser` (`make test` does)")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def sample_model() -> Model:
    return load(SAMPLE)



@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site MkDocs builds from the committed docs (which a test keeps current), built once."""
    out = tmp_path_factory.mktemp("site") / "site"
    mkdocs_build("-d", str(out), cwd=PROJECT)
    return out


from hypothesis import HealthCheck, settings  # noqa: E402

# Bounded in `make test`; `make fuzz` runs the same properties much longer.
settings.register_profile("default", max_examples=60, deadline=None)
settings.register_profile("fuzz", max_examples=3000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
