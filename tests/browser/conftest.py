"""Fixtures of the browser tests: the built site served on localhost, Debian's Chromium, pages.

Debian's `chromium` (installed by `make browser`, which `make test` runs) is
launched through `executable_path`; Playwright never downloads a browser.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from playwright.sync_api import Browser, Page, Route

from ..conftest import PROJECT, SAMPLE_TODAY

# The two screens the site is made for: a laptop, and a phone held upright (touch, mobile viewport).
LAPTOP = {"width": 1400, "height": 1000}
PHONE = {"width": 390, "height": 844}
SCREENS: dict[str, dict[str, Any]] = {
    "laptop": {"viewport": LAPTOP},
    "phone": {"viewport": PHONE, "is_mobile": True, "has_touch": True, "device_scale_factor": 2},
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()




class Console:
    """Console errors, uncaught exceptions and failed requests seen by a page."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"exception: {e}"))
        # A request cut short by the next navigation (ERR_ABORTED) is not a fault of the page.
        page.on("requestfailed", lambda r: None if "ERR_ABORTED" in (r.failure or "")
                else self.errors.append(f"request failed: {r.url} {r.failure}"))


def open_page(browser: Browser, **options: Any) -> Iterator[Page]:
    """A page whose clock says noon of the day the sample's pages are built for, whatever today is:
    statuses are computed in the browser, and a test that wants another day sets it."""
    context = browser.new_context(**options)
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    # Installed and resumed: time flows from that day, as Material's timers (search) need it to.
    opened.clock.install(time=dt.datetime.combine(SAMPLE_TODAY, dt.time(12)))
    opened.clock.resume()
    yield opened
    context.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    yield from open_page(browser, viewport={"width": 1280, "height": 900})


@pytest.fixture(params=list(SCREENS))
def screen(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """A page on each of the two screens in turn; `page.viewport_size` tells which."""
    yield from open_page(browser, **SCREENS[request.param])


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    yield from open_page(browser, **SCREENS["phone"])


@pytest.fixture
def laptop(browser: Browser) -> Iterator[Page]:
    yield from open_page(browser, **SCREENS["laptop"])


@pytest.fixture
def no_script(browser: Browser) -> Iterator[Page]:
    """A reader whose browser runs no JavaScript."""
    yield from open_page(browser, viewport=LAPTOP, java_script_enabled=False)


def _site_url() -> str | None:
    """The address mkdocs.yml says the site is published at, if it says one (`!ENV [NAME, default]`:
    the default, as the tests set no SITE_URL)."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])  # type: ignore[arg-type]
    config = yaml.load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"), Loader)
    url = config.get("site_url") if isinstance(config, dict) else None
    return str(url) if url else None


@pytest.fixture
def published(browser: Browser, site: Path, base_url: str) -> Iterator[tuple[Page, str]]:
    """A page and the address to open the site at: its `site_url`, as a reader of the published
    site opens it. Material's instant navigation follows only the links its sitemap lists, with the
    site_url's host and port; so the browser gets the site at that address, each request answered
    from the built files (nothing listens there). With no site_url: the local server's address."""
    url = _site_url()
    if url is None:
        yield from ((opened, base_url) for opened in open_page(browser, viewport=LAPTOP))
        return
    parts = urlsplit(url)
    origin, prefix = f"{parts.scheme}://{parts.netloc}", parts.path.rstrip("/")

    def answer(route: Route) -> None:
        path = unquote(urlsplit(route.request.url).path)
        target = (site / path.removeprefix(prefix).lstrip("/")).resolve()
        if target.is_dir():
            target /= "index.html"
        if path.startswith(prefix + "/") and target.is_file() and site.resolve() in target.parents:
            route.fulfill(path=target)
        else:
            route.fulfill(status=404, body="not found")

    for opened in open_page(browser, viewport=LAPTOP):
        opened.context.route(re.compile("^" + re.escape(origin) + "/"), answer)
        yield opened, origin + prefix
