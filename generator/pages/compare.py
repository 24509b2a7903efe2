"""JSON the pages publish: the compare page's data, and the `diff` command's document.

Both carry links, made by `urls` from each package's own name like every
link on the pages, so they live here with the pages rather than with the
export of the model.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ..diff import diff_releases
from ..export import SCHEMA
from ..model import Image, Model, Package, Release, variant_order
from ..versions import package_version
from . import urls
from .target import DATA_MARKER

COMPARE_DATA = "compare.json"


def _ranks(ordered: list[str]) -> list[int]:
    """Rank of each version in PEP 440 order; two spellings of one version (`2.0`, `2.0.0`)
    share a rank, so the page sees no change between them, as `diff` does."""
    ranks: list[int] = []
    for n, v in enumerate(ordered):
        ranks.append(0 if n == 0 else ranks[-1] + (package_version(v) != package_version(ordered[n - 1])))
    return ranks


# `generated_by` first: the file opens with the target's data marker, as a page opens with its marker.
_COMPARE_HEAD = {**json.loads(DATA_MARKER + "}"), "schema": SCHEMA}


def _compare_packages(model: Model) -> tuple[list[dict[str, Any]], dict[Package, tuple[int, int]]]:
    """Each package with its versions in order, and each pin as (package index, version index)."""
    by_key = model.distinct_pins
    packages: list[dict[str, Any]] = []
    pair: dict[Package, tuple[int, int]] = {}
    for k, (key, in_order) in enumerate(model.package_versions.items()):  # by key
        pkgs = by_key[key]
        versions = list(in_order)
        at = {v: n for n, v in enumerate(versions)}
        packages.append({"key": key, "name": model.package_names[key], "pypi": urls.pypi(key),
                         "changelog": urls.changelog(key), "versions": versions, "ranks": _ranks(versions)})
        pair.update((p, (k, at[p.version])) for p in pkgs)
    return packages, pair


def _compare_release(r: Release, page: Callable[[str], str]) -> dict[str, Any]:
    return {"version": r.version.text, "airflow": r.entry.airflow_version, "page": page(r.version.text),
            "yanked": r.entry.yanked}


def _images(r: Release) -> list[Image]:
    return sorted(r.images, key=lambda i: variant_order(i.variant))


def compare_json(model: Model, page: Callable[[str], str]) -> str:
    """What the compare page needs, small enough to load in one request.

    Each package's versions are listed once, sorted by PEP 440 here, and pins refer
    to them by index: the browser compares two integers and so orders versions
    exactly as `diff` does, with no version parser of its own. Links are made here
    too, from each package's own name, so the page builds none.

    Compact, but one package and one release per line, so a stale page's diff (and git's) stays
    readable. Each distinct pin's pair is written once as text (`12,3`) for every image that has
    it: 2,000 releases hold nearly two million pins, and encoding each again was most of this
    file's time."""
    packages, pair = _compare_packages(model)
    pairs = {p: f"{k},{v}" for p, (k, v) in pair.items()}

    def dumps(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def release(r: Release) -> str:
        images = ",".join(f"{dumps(i.variant)}:[{','.join(map(pairs.__getitem__, i.packages))}]" for i in _images(r))
        return f'{dumps(_compare_release(r, page))[:-1]},"images":{{{images}}}}}'

    return ("{" + dumps(_COMPARE_HEAD)[1:-1] + ',\n"packages":[\n' + ",\n".join(map(dumps, packages))
            + '\n],\n"releases":[\n' + ",\n".join(map(release, model.releases)) + "\n]}\n")


def diff_json(old: Release, new: Release) -> str:
    images = [{
        "variant": d.variant,
        "in_from": d.old is not None,
        "in_to": d.new is not None,
        "changes": [{"package": c.name, "key": c.key, "change": c.kind, "from": c.old, "to": c.new,
                     "changelog": urls.changelog(c.key)} for c in d.changes],
    } for d in diff_releases(old, new)]
    return json.dumps({"schema": SCHEMA, "from": old.version.text, "to": new.version.text, "images": images},
                      indent=2, ensure_ascii=False) + "\n"
