"""The "Will my requirements fit?" page's own data: what `compare.json` lacks for the check.

The page runs `fit`'s check in the browser (`assets/fit.js`) on the pins `compare.json` publishes
already (each image's pins as package and version indexes), so this file adds only what the check
needs beyond them, small: each release's pre-release mark, its images in the order `fit` checks
them with the Python each is checked for (the image's, else the release's: `fit.check`), the
machine the configuration names (`platform_machine` in markers), and what the check does and does
not check, in `fit`'s own words, so the page says what the CLI says.

    {"generated_by": ..., "schema": <export schema>, "fit_schema": 1, "machine": "x86_64",
     "checks": "<fit.CHECKS>", "extras": "<fit.EXTRAS>", "constraints": "<fit.CONSTRAINTS>",
     "releases": [{"version": "3.1-3", "line": "3.1-x", "prerelease": false,
                   "images": [["standard", "3.12"], ["slim", "3.12"]],
                   "names": {"standard": {"<key>": "<name as that image pins it>"}}}]}   # catalog order

`names` is there only for an image that writes a package's name otherwise than `compare.json`'s
`name` for it: `fit` names the pin as the image's constraints file writes it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

from .. import fit
from ..export import SCHEMA
from ..model import Model
from .target import DATA_MARKER, Here, Page

if TYPE_CHECKING:
    from .contents import Build

FIT_DATA = "fit.json"
FIT_ID = "runtime-fit"
"""The page's id and file name on the Docusaurus site, beside `runtime-compare`."""
FIT_SCHEMA = 1
FIT_FILES = 3
"""What the page adds to each site: the page, this data file and its script (`assets/fit.js`)."""

_HEAD = {**json.loads(DATA_MARKER + "}"), "schema": SCHEMA, "fit_schema": FIT_SCHEMA}


def fit_document(model: Model) -> dict[str, Any]:
    shown = model.package_names  # as `compare.json` names each package
    # The pins spelt otherwise, found among the distinct pins: an image is searched only if any is.
    other = {p for pins in model.distinct_pins.values() for p in pins if p.name != shown[p.key]}
    line_of = {r.version.text: line.label for line in model.lines for r in line.releases}
    releases = []
    for release in model.releases:
        entry: dict[str, Any] = {
            "version": release.version.text, "line": line_of[release.version.text], "prerelease": release.is_prerelease,
            "images": [[i.variant, i.python_version or release.python_version] for i in release.images]}
        names = {i.variant: {p.key: p.name for p in i.packages if p in other} for i in release.images
                 if other and not other.isdisjoint(i.packages)}
        if names:
            entry["names"] = names
        releases.append(entry)
    return {**_HEAD, "machine": model.machine, "checks": fit.CHECKS, "extras": fit.EXTRAS,
            "constraints": fit.CONSTRAINTS, "releases": releases}


def fit_json(model: Model) -> str:
    """`fit_document` compact, one release per line, so a stale page's diff stays readable."""
    doc = fit_document(model)

    def dumps(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    head = {k: v for k, v in doc.items() if k != "releases"}
    return "{" + dumps(head)[1:-1] + ',\n"releases":[\n' + ",\n".join(map(dumps, doc["releases"])) + "\n]}\n"


def fit_data(build: Build, here: Here) -> Mapping[str, object]:
    return {"text": fit_json(build.model)}


def fit_pages(build: Build, page: str, data: str, compare: str, script: str | None = None,
              page_id: str = "") -> Iterator[Page]:
    """The page at `page`, its data at `data` (it reads the pins from the compare page's data at
    `compare`), and its script at `script` unless the target writes its scripts itself."""
    yield Page(page, "fit.md.j2", partial(build.fit_page, data, compare), page_id)
    yield Page(data, "data.j2", partial(fit_data, build))
    if script is not None:
        yield Page(script, "data.j2", partial(build.asset, "fit.js"))
