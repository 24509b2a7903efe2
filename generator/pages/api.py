"""The model as a public, versioned JSON API, published with each site beside its pages.

Tools (CI jobs, dashboards, endoflife.date readers) read these files instead of scraping the
pages. The files, from the API's folder (`reference/api/` on MkDocs, `<static>/api/` on
Docusaurus, served at `/<baseUrl>/runtime/api/`):

- `cycles.json`: one object per runtime major, shaped like endoflife.date's
  `https://endoflife.date/api/<product>.json`, so its readers read ours unchanged;
- `releases.json`: every release, newest first, with the file that describes it;
- `releases/<version>.json`: one release, its catalog facts and every image's pins (by PEP 503 name);
- `schema/<kind>.v<N>.json`: the JSON Schema (draft 2020-12) of each kind of file, declared
  once here (`SCHEMAS`) and written from here, so the published schema and the files cannot
  drift apart.

**The schema version in every file.** Each object a file holds opens with the data marker
(`generated_by`, which tells the writer the file is its own) and carries its kind's schema
version (`VERSIONS`: `"schema": 2` in a release file); a change a reader could trip on gives
that kind a new version, a new schema file beside the old ones (`release.v2.json` beside
`release.v1.json`, kept as it was published: `RETIRED`), and the number in every file.

**Why `cycles.json` is a bare list.** endoflife.date's API answers a bare JSON list of cycle
objects, and its readers (norwegianblue's `eol`, the endoflife GitHub actions, exporters)
index it as one: an object wrapper holding the version would break every one of them. So the
list stays bare and each cycle object carries the marker and the version as extra keys, which
those readers ignore, as they ignore the keys endoflife.date itself has added over time
(`extendedSupport`, `codename`). The file opens `[{"generated_by":...` (`target.LIST_MARKER`).

**Cycles**, as endoflife.date spells them: a cycle is the unit of support, the major in the
Airflow 2 era (`Runtime 9` is cycle `9`) and the line in the Airflow 3 era (`3.1-x` is cycle
`3.1`), as endoflife.date writes `9` for a major and `3.13` for a line. The two never collide:
the 2021 major 3 is `3`, the Airflow 3.0 line `3.0`. Its fields:

- `releaseDate`: the major's first final release's date (`lifecycle.Lifecycle.first`);
- `support`: the end of maintenance, stated or worked out by the policy; `true` (maintained,
  end not known yet) while the policy ties it to a next major not yet released;
- `eol`: the end of basic support where the catalog states one, else `false`, which is how
  endoflife.date writes an end it does not know yet. No date is computed: it would have to
  depend on the day of the build, and these files do not (same input, same bytes);
- `latest` and `latestReleaseDate`: the release to run (`lifecycle.to_run`: the newest final,
  dated, not yanked one); where every release is yanked, the newest final dated one;
- `lts`: whether the major is long-term support.

A major with no final dated release yet (only a release candidate) is no cycle: endoflife.date
lists a cycle from its first release, and its readers expect a date and a version. When there
is no cycle at all, `cycles.json` is not written (an empty list could not carry the marker).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from functools import cache, partial
from typing import TYPE_CHECKING, Any, cast

import jinja2

from .. import lifecycle
from ..model import Curated, Image, Model, Package, Release, variant_order
from . import cells
from .target import DATA_MARKER, Here, Page

if TYPE_CHECKING:
    import datetime as dt

    from .contents import Build

VERSIONS = {"cycles": 1, "releases": 1, "release": 2}
"""Each kind of file's schema version, which every file of the kind carries (`"schema"`) and its
schema's file name gives. Release files are at 2: their pins became one object, by PEP 503 name."""
RETIRED = ("release.v1.json",)
"""Schemas of earlier versions, published beside the current ones as they were (`schemas/`), so a
reader that fetches the one it was written for still finds it."""
CYCLES = "cycles.json"
INDEX = "releases.json"
FEED = "releases.xml"
"""The release feed's file name (`feed.py`), beside the API."""

_MARKER: dict[str, Any] = json.loads(DATA_MARKER + "}")
"""`{"generated_by": ...}`: first in every object a file opens with, so the file opens with the marker."""


def release_file(version: str) -> str:
    """Where a release's file is, from the API's folder (`releases.json` names it so)."""
    return f"releases/{version}.json"


def schema_file(kind: str) -> str:
    """Where the schema of a kind of file is, from the API's folder: its version in its name."""
    return f"schema/{kind}.v{VERSIONS[kind]}.json"


# --- The schemas, declared once -------------------------------------------------------------------

_DATE = {"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}


def _head(kind: str) -> dict[str, Any]:
    """The keys every object a file of `kind` opens with."""
    return {"generated_by": {"type": "string",
                             "description": "Written by the generator: edit the data, not this file."},
            "schema": {"const": VERSIONS[kind], "description": "The version of this file's schema."}}


_RELEASE_FACTS: dict[str, Any] = {
    "version": {"type": "string", "description": "The runtime version: `11.8.0`, `3.1-3`, `3.2-1.rc1`."},
    "cycle": {"type": "string", "description": "Its cycle in cycles.json: the major (`9`) or the line (`3.1`)."},
    "airflowVersion": {"type": "string", "description": "The Apache Airflow version it ships."},
    "channel": {"type": "string", "description": "The catalog's channel: `stable`, `beta`, `alpha`, ..."},
    "releaseDate": {"anyOf": [_DATE, {"type": "null"}], "description": "null: the catalog gives none."},
    "prerelease": {"type": "boolean", "description": "Not for production: a pre-release version or test channel."},
    "yanked": {"type": "boolean"},
}


def _schema(kind: str, title: str, body: Mapping[str, Any]) -> dict[str, Any]:
    """A schema file: the marker first (an annotation to validators), then the schema. Its `$id` is
    relative: it resolves to wherever the file is served, with the version in the name."""
    return {**_MARKER, "schema": VERSIONS[kind], "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": schema_file(kind).rpartition("/")[2], "title": title, **body}


def _object(properties: Mapping[str, Any], description: str = "") -> dict[str, Any]:
    """An object with exactly these properties, all required: a reader may rely on each."""
    found: dict[str, Any] = {"type": "object"}
    if description:
        found["description"] = description
    return {**found, "required": list(properties), "additionalProperties": False, "properties": dict(properties)}


_PINS = {"type": "object", "propertyNames": {"pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
         "additionalProperties": {"type": "string", "description": "The pinned version."},
         "description": "Every pin of its constraints file: the version by the package's PEP 503 name "
                        "(`apache-airflow-providers-amazon`), as pip compares names, so a reader looks a package "
                        "up by it (`.packages[\"apache-airflow\"]`)."}
_IMAGE = _object({
    "name": {"type": "string", "description": "`standard`, or the variant's folder name (`slim`, `python-3.11`)."},
    "tag": {"type": "string", "description": "The image's reference: registry, then the runtime tag."},
    "pythonVersion": {"type": ["string", "null"]},
    "packages": _PINS,
})

SCHEMAS: dict[str, dict[str, Any]] = {
    "cycles": _schema("cycles", "Astro Runtime cycles, as endoflife.date's API", {
        "description": "One object per runtime major, newest first, as https://endoflife.date/api/<product>.json.",
        "type": "array",
        "items": _object({
            **_head("cycles"),
            "cycle": {"type": "string", "description": "The major (`9`) in the Airflow 2 era, the line (`3.1`) in "
                                                       "the Airflow 3 era."},
            "releaseDate": {**_DATE, "description": "Its first final release's date."},
            "eol": {"anyOf": [_DATE, {"const": False}], "description": "End of basic support; false: not known yet."},
            "support": {"anyOf": [_DATE, {"const": True}],
                        "description": "End of maintenance; true: maintained, its end not known yet."},
            "latest": {"type": "string", "description": "The release to run: newest final, dated, not yanked."},
            "latestReleaseDate": _DATE,
            "lts": {"type": "boolean"},
        }),
    }),
    "releases": _schema("releases", "Astro Runtime releases", _object({
        **_head("releases"),
        "releases": {"type": "array", "description": "Every release, newest first.", "items": _object({
            **_RELEASE_FACTS,
            "file": {"type": "string", "description": "Its release file, relative to this file."},
        })},
    })),
    "release": _schema("release", "One Astro Runtime release", _object({
        **_head("release"),
        **_RELEASE_FACTS,
        "yankedReason": {"type": ["string", "null"]},
        "lts": {"type": "boolean"},
        "endOfMaintenance": {"anyOf": [_DATE, {"type": "null"}], "description": "As the catalog states it for this "
                             "release (cycles.json has the major's, stated or worked out)."},
        "endOfBasicSupport": {"anyOf": [_DATE, {"type": "null"}], "description": "As the catalog states it."},
        "pythonVersion": {"type": ["string", "null"], "description": "The standard image's Python."},
        "images": {"type": "array", "items": _IMAGE, "description": "The standard image first, then the variants."},
    })),
}
"""Each kind of file's JSON Schema: what the published schema files hold, and what tests validate against."""


# --- The documents -------------------------------------------------------------------------------------

def _date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def cycles_document(model: Model, today: dt.date) -> list[dict[str, Any]]:
    """The cycles, newest first (endoflife.date's order). `today` only feeds `lifecycles`: no value
    written depends on it."""
    found = []
    for lc in reversed(lifecycle.lifecycles(model, today)):
        if lc.first is None:
            continue  # no final release yet: no cycle (see the module's docstring)
        latest = lifecycle.to_run(lc.major) or next(
            r for r in reversed(lc.major.releases) if not r.is_prerelease and r.entry.release_date)
        basic = lc.end_of_basic_support
        found.append({
            **_MARKER, "schema": VERSIONS["cycles"],
            "cycle": lc.first.version.major,
            "releaseDate": _date(lc.first.entry.release_date),
            "eol": basic.isoformat() if basic else False,
            "support": _date(lc.end_of_maintenance) or True,
            "latest": latest.version.text,
            "latestReleaseDate": _date(latest.entry.release_date),
            "lts": lc.major.lts,
        })
    return found


def _facts(r: Release) -> dict[str, Any]:
    e = r.entry
    return {"version": r.version.text, "cycle": r.version.major, "airflowVersion": e.airflow_version,
            "channel": e.channel, "releaseDate": _date(e.release_date), "prerelease": r.is_prerelease,
            "yanked": e.yanked}


def index_document(model: Model) -> dict[str, Any]:
    return {**_MARKER, "schema": VERSIONS["releases"],
            "releases": [{**_facts(r), "file": release_file(r.version.text)} for r in reversed(model.releases)]}


def pin_map(image: Image) -> dict[str, str]:
    """An image's pins as its release's file holds them: the version by PEP 503 name."""
    return {p.key: p.version for p in image.packages}


def release_document(release: Release, curated: Curated,
                     pins: Callable[[Image], object] = pin_map) -> dict[str, Any]:
    """A release's file as an object; `pins(image)` its pins (`release_text` gives them as text)."""
    e = release.entry
    images = [{"name": i.variant, "tag": cells.image_tag(curated, release, i), "pythonVersion": i.python_version,
               "packages": pins(i)} for i in sorted(release.images, key=lambda i: variant_order(i.variant))]
    return {**_MARKER, "schema": VERSIONS["release"], **_facts(release), "yankedReason": e.yanked_reason, "lts": e.lts,
            "endOfMaintenance": _date(e.end_of_maintenance), "endOfBasicSupport": _date(e.end_of_basic_support),
            "pythonVersion": release.python_version, "images": images}


# --- As files ----------------------------------------------------------------------------------------------

def _compact(value: object) -> str:
    """JSON with no spaces: an object led by the marker then opens with `DATA_MARKER` exactly."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _spread(value: object, top: bool = False) -> str:
    """JSON with a line per top-level key, per object of a list, and per key of an object that holds
    text already spread (an image, whose pins `release_text` writes one a line): a changed file's
    diff names the pin that changed."""
    if isinstance(value, _Spread):
        return value
    if isinstance(value, list) and any(isinstance(item, (dict, list)) for item in value):
        return "[\n" + ",\n".join(map(_spread, value)) + "\n]"
    if isinstance(value, dict) and (top or any(isinstance(v, _Spread) for v in value.values())):
        return "{" + ",\n".join(f"{_compact(k)}:{_spread(v)}" for k, v in value.items()) + "}"
    return _compact(value)


def document_text(doc: Mapping[str, Any]) -> str:
    """An object led by the marker, so the file opens with `DATA_MARKER`, spread over lines (`_spread`);
    built by `json.dumps` alone."""
    return _spread(dict(doc), top=True) + "\n"


def list_text(items: list[dict[str, Any]]) -> str:
    """A bare list, one object per line: the first opens with the marker (`target.LIST_MARKER`)."""
    return "[" + ",\n".join(map(_compact, items)) + "]\n"


def _text(text: str, here: Here) -> Mapping[str, object]:
    return {"text": text}


def _cycles(model: Model, today: dt.date, here: Here) -> Mapping[str, object]:
    return {"text": list_text(cycles_document(model, today))}


def _index(model: Model, here: Here) -> Mapping[str, object]:
    return {"text": document_text(index_document(model))}


def release_text(release: Release, curated: Curated, pins: dict[Package, str]) -> str:
    """`document_text` of `release_document`, each pin's line made once for all releases (`pins`):
    neighbouring releases repeat nearly all their pins, and at 2,000 releases a `json.dumps` per pin
    per release was most of a build's time."""
    def spread(image: Image) -> object:
        lines = list(map(pins.get, image.packages))
        if None in lines:
            for n, p in enumerate(image.packages):
                if lines[n] is None:
                    lines[n] = pins[p] = f"{_compact(p.key)}:{_compact(p.version)}"
        return _Spread("{\n" + ",\n".join(cast("list[str]", lines)) + "\n}") if lines else {}

    return document_text(release_document(release, curated, spread))


class _Spread(str):
    """JSON text already spread over lines, which `_spread` writes as it is."""


def _release(release: Release, curated: Curated, pins: dict[Package, str], here: Here) -> Mapping[str, object]:
    return {"text": release_text(release, curated, pins)}


def _schema_text(kind: str) -> str:
    """A schema, indented for people: the marker on the first line as the writer looks for it, then
    the rest as `json.dumps` indents it."""
    rest = {key: value for key, value in SCHEMAS[kind].items() if key not in _MARKER}
    return _compact(_MARKER)[:-1] + "," + json.dumps(rest, ensure_ascii=False, indent=1)[1:] + "\n"


def api_pages(build: Build, folder: str) -> Iterator[Page]:
    """The API's files in `folder` (from the docs folder), as data pages (`data.j2`): the cycles
    (where there is one), the index, a file per release and the schemas."""
    model = build.model
    if any(lc.first is not None for lc in lifecycle.lifecycles(model, build.today)):
        yield Page(f"{folder}/{CYCLES}", "data.j2", partial(_cycles, model, build.today))
    yield Page(f"{folder}/{INDEX}", "data.j2", partial(_index, model))
    pins: dict[Package, str] = {}
    for r in model.releases:
        yield Page(f"{folder}/{release_file(r.version.text)}", "data.j2", partial(_release, r, build.curated, pins))
    for kind in SCHEMAS:
        yield Page(f"{folder}/{schema_file(kind)}", "data.j2", partial(_text, _schema_text(kind)))
    for name in RETIRED:
        yield Page(f"{folder}/schema/{name}", "data.j2", partial(_text, retired_schema(name)))


_RETIRED_LOADER = jinja2.PackageLoader("generator.pages", "schemas")


@cache
def retired_schema(name: str) -> str:
    """An earlier version's schema file, as it was published: package data, loaded as the templates
    and assets are (never rendered)."""
    source, _, _ = _RETIRED_LOADER.get_source(jinja2.Environment(autoescape=False), name)
    return source
