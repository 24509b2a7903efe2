"""Issue 19's reader questions, done in the built sites as a reader does them: `python scripts/reader_times.py`.

For each site (MkDocs' `site/`, the Docusaurus proof site's build) at a laptop's and a phone's size,
with the browser's clock on a given day: the steps, the seconds from the first request to the answer
on screen, and the answer as the page shows it. What it times is the site's part of a reader's wait;
reading the answer is theirs. Build the sites first (`make docs`, `make docusaurus`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import http.server
import sys
import threading
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.docusaurus.conftest import _StaticHost  # noqa: E402 (the tests' host: a build under its base URL)

SIZES = ((1400, 1000), (390, 844))


def serve(directory: Path, base: str) -> str:
    handler = functools.partial(_StaticHost, base=base, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}"


def questions(page: Page, origin: str, home: str, architecture: str, height: int) -> list[str]:
    said = []
    # 1. Which release should I run today, and until when? The home page's first screen.
    start = time.perf_counter()
    page.goto(origin + home)
    page.locator(".rt-today[data-rt-day]").first.wait_for()
    row = page.locator("table:has(.rt-now) tbody tr:visible").first
    answer = " | ".join(c.strip() for c in row.locator("td:visible").all_inner_texts())
    box = row.bounding_box()
    seen = box is not None and box["y"] + box["height"] <= height
    said.append(f"Q1 {time.perf_counter() - start:.2f} s, 1 page, in the first screen: {seen}: {answer}")
    # 2. Which releases ship the snowflake provider at 5 or higher? The jump box, then the filter.
    start = time.perf_counter()
    page.locator(".rt-jump-form input").fill("snowflake")
    page.locator(".rt-jump-form button").click()
    spec = page.locator(".rt-table[data-versions=rest] .rt-filter")
    spec.wait_for()
    spec.fill(">=5")
    lines = page.locator(".rt-spec-result li")
    lines.first.wait_for()
    said.append(f"Q2 {time.perf_counter() - start:.2f} s, type 'snowflake', Go, type '>=5': {lines.count()} lines, "
                + "; ".join(lines.all_inner_texts())[:100] + "...")
    # 3. Which Debian does 3.1-x run on? The architecture page's system table names every line.
    start = time.perf_counter()
    page.goto(origin + architecture)
    row = page.locator("table tr", has_text="3.1-x").filter(has_text="bookworm").first
    row.wait_for()
    answer = " | ".join(c.strip() for c in row.locator("td").all_inner_texts())
    said.append(f"Q3 {time.perf_counter() - start:.2f} s, 1 page, find 3.1-x: {answer}")
    return said


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--day", type=dt.date.fromisoformat, default=dt.date.today(), help="the browser's day")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    sites = {"mkdocs": (serve(ROOT / "site", "/"), "/", "/reference/architecture/"),
             "docusaurus": (serve(ROOT / "sites" / "docusaurus" / "build", "/docs"), "/docs/",
                            "/docs/astro/runtime-image-architecture")}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium)
        for name, (origin, home, architecture) in sites.items():
            for width, height in SIZES:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.clock.install(time=dt.datetime.combine(args.day, dt.time(12)))
                page.clock.resume()
                print(f"{name} {width}x{height}")
                for line in questions(page, origin, home, architecture, height):
                    print("  " + line)
                page.close()
        browser.close()


if __name__ == "__main__":
    main()
