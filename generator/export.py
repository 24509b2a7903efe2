"""The model as JSON: the `export` document (schema 1) that other tools read."""

from __future__ import annotations

import json
from typing import Any

from .model import Model

SCHEMA = 1


def _date(value: object) -> str | None:
    return None if value is None else str(value)


def export_document(model: Model) -> dict[str, Any]:
    releases = []
    for r in model.releases:
        e = r.entry
        releases.append({
            "version": r.version.text,
            "line": r.version.line,
            "scheme": r.version.scheme,
            "airflow_version": e.airflow_version,
            "python_version": r.python_version,
            "debian": r.debian,
            "channel": e.channel,
            "release_date": _date(e.release_date),
            "end_of_maintenance": _date(e.end_of_maintenance),
            "lts": e.lts,
            "yanked": e.yanked,
            "yanked_reason": e.yanked_reason,
            "images": {
                i.variant: {
                    "python_version": i.python_version,
                    "labels": {lb.name: lb.value for lb in i.labels},
                    "packages": {p.key: p.version for p in sorted(i.packages, key=lambda p: p.key)},
                }
                for i in sorted(r.images, key=lambda i: i.variant)
            },
        })
    return {"schema": SCHEMA, "releases": releases}


def export_json(model: Model) -> str:
    return json.dumps(export_document(model), indent=2, ensure_ascii=False) + "\n"
