"""Fixtures of the Docusaurus tests: the site `make docusaurus` builds (sites/docusaurus/build)
served on localhost under its base URL (`baseUrl`, as the docs repository's host serves it),
Debian's Chromium, and the MDX 3 compile check (scripts/check-mdx.mjs).

What they need is made by `make docusaurus` (the generated pages, `npm ci`, the build). Without it
the tests skip, saying so; under CI (`CI` set) they fail instead: there a missing build is a fault
of the run, not something to pass over.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from generator.sitecheck import base_path

# The two screens tests/browser opens, each with its clock at the sample's day: fixtures here too.
from ..browser.conftest import Console, phone, screen  # noqa: F401
from ..conftest import PROJECT, SAMPLE_TODAY

SITE = PROJECT / "sites" / "docusaurus"
# DOCUSAURUS_BUILD=folder tests another build of the site (the default: what `make docusaurus` built).
BUILD = Path(os.environ.get("DOCUSAURUS_BUILD") or SITE / "build").resolve()
CHECK_MDX = SITE / "scripts" / "check-mdx.mjs"
MDX_PACKAGE = SITE / "node_modules" / "@mdx-js" / "mdx" / "package.json"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing(path: Path, what: str) -> str | None:
    """Why a test cannot run without `path` (None if it is there)."""
    shown = path.relative_to(PROJECT) if path.is_relative_to(PROJECT) else path
    return None if path.exists() else f"{what} is missing ({shown}): run `make docusaurus` first"


def require(path: Path, what: str) -> None:
    """Skip if `path` is missing, or fail under CI."""
    reason = missing(path, what)
    if reason is None:
        return
    if in_ci():
        pytest.fail(f"{reason} (CI is set: a missing Docusaurus build or install fails, it is not skipped)")
    pytest.skip(reason)


def skip_unless(path: Path, what: str) -> pytest.MarkDecorator:
    """A module mark: skip when `path` is missing and CI is not set (under CI the fixtures fail instead)."""
    reason = missing(path, what)
    return pytest.mark.skipif(reason is not None and not in_ci(), reason=reason or "")


# ---- The built site, served as a static host serves it ----

@functools.cache
def base_url() -> str:
    """The path the site is served under, as its config sets it (`baseUrl`, `/docs/` as in the docs
    repository) and Docusaurus normalises it: a leading and a trailing slash. Every absolute link
    of the build starts with it."""
    node = shutil.which("node")
    if node is None:
        (pytest.fail if in_ci() else pytest.skip)("node is not installed: the site's config is JavaScript")
    done = subprocess.run([str(node), "-p", "require('./docusaurus.config.js').baseUrl"], cwd=SITE,
                          capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        pytest.fail(f"cannot read baseUrl from {SITE / 'docusaurus.config.js'}: {done.stderr.strip()}")
    return base_path(done.stdout.strip())


class _StaticHost(http.server.SimpleHTTPRequestHandler):
    """The build served under its base URL (`/docs/`), as the docs repository's host serves it:
    nothing outside it (404), `/docs` redirected to `/docs/`, and, as `trailingSlash: false`
    builds `page.html` for the URL `/page`, `/page` answered with it, as `docusaurus serve`
    and static hosts do."""

    def __init__(self, *args: Any, base: str, **kwargs: Any) -> None:
        self.base = base
        super().__init__(*args, **kwargs)

    def _inside(self) -> bool:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        return path.startswith(self.base) or path == self.base.rstrip("/")

    def do_GET(self) -> None:
        if self._inside():
            super().do_GET()
        else:
            self.send_error(404, f"outside {self.base}, where the site is served")

    def do_HEAD(self) -> None:
        if self._inside():
            super().do_HEAD()
        else:
            self.send_error(404, f"outside {self.base}, where the site is served")

    def translate_path(self, path: str) -> str:
        within = "/" + path.removeprefix(self.base.rstrip("/")).lstrip("/")
        found = super().translate_path(within)
        clean = within.split("?", 1)[0].split("#", 1)[0]
        if not clean.endswith("/") and os.path.isfile(found + ".html"):
            return found + ".html"
        return found

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def docusaurus_build() -> Path:
    require(BUILD / "index.html", "The Docusaurus build")
    return BUILD


@pytest.fixture(scope="session")
def docusaurus_origin(docusaurus_build: Path) -> Iterator[str]:
    """`http://127.0.0.1:PORT`: the host that serves the build under its base URL, and nothing else."""
    handler = functools.partial(_StaticHost, base=base_url(), directory=str(docusaurus_build))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def docusaurus_url(docusaurus_origin: str) -> str:
    """The site's address, with no trailing slash: a page's route (`/astro/...`) is appended to it,
    `+ "/"` is the home page. Under the base URL: `http://127.0.0.1:PORT/docs`."""
    return docusaurus_origin + base_url().rstrip("/")


@pytest.fixture
def site_page(browser: Browser) -> Iterator[tuple[Page, Console]]:
    """A page on a laptop-sized screen, and the console errors it sees from its start."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    # The day the sample's pages are built for, time flowing on from it: statuses are computed in
    # the browser, and a test that wants another day sets it.
    opened.clock.install(time=dt.datetime.combine(SAMPLE_TODAY, dt.time(12)))
    opened.clock.resume()
    yield opened, Console(opened)
    context.close()


# ---- MDX 3 compile check ----

def require_mdx_check() -> str:
    """The `node` to run check-mdx.mjs with, once its @mdx-js/mdx is installed (skip or fail if not)."""
    node = shutil.which("node")
    if node is None:
        (pytest.fail if in_ci() else pytest.skip)("node is not installed: the MDX check runs on Node.js")
    require(MDX_PACKAGE, "The Docusaurus site's npm install (@mdx-js/mdx)")
    return str(node)


def check_mdx_files(paths: Sequence[Path]) -> subprocess.CompletedProcess[str]:
    """check-mdx.mjs over files or folders: `path:line:column: message` on stdout for each failure."""
    node = require_mdx_check()
    return subprocess.run([node, str(CHECK_MDX), *map(str, paths)], capture_output=True, text=True, timeout=600)


def mdx_results(texts: Sequence[str]) -> list[dict[str, Any]]:
    """Each text compiled as MDX 3 (as Docusaurus compiles a page's body) and, where it compiles,
    rendered: all in one node process. For property tests."""
    node = require_mdx_check()
    items = [{"name": str(n), "text": t} for n, t in enumerate(texts)]
    done = subprocess.run([node, str(CHECK_MDX), "--json"], input=json.dumps(items), capture_output=True,
                          text=True, timeout=600)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"check-mdx.mjs --json failed ({done.returncode}): {done.stderr}")
    results: list[dict[str, Any]] = json.loads(done.stdout)
    return results


def mdx_errors(texts: Sequence[str]) -> list[str | None]:
    """`line:column: message` for each text that fails to compile as MDX 3, None for one that compiles."""
    return [None if r["ok"] else f"{r['line']}:{r['column']}: {r['message']}" for r in mdx_results(texts)]
