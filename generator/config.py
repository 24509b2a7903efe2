"""`runtime-docs.yaml`: where a checkout keeps what INPUT.md's layout expects.

Optional, at the checkout's root (or named with `--config`), so a checkout
laid out differently is read without moving files:

    catalog: metadata/versions.json
    releases: .
    dockerfile: Dockerfile
    constraints: build-time-pip-constraints.txt
    changelog: CHANGELOG.md
    ignore: [tests, scripts]
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

import yaml

from .errors import InputError
from .files import read_text

CONFIG_NAME = "runtime-docs.yaml"


@dataclass(frozen=True)
class Config:
    catalog: str = "metadata/versions.json"
    releases: str = "."
    dockerfile: str = "Dockerfile"
    constraints: str = "build-time-pip-constraints.txt"
    changelog: str = "CHANGELOG.md"
    ignore: tuple[str, ...] = ()


def read_config(root: Path, path: Path | None = None) -> Config:
    """The config named, else `runtime-docs.yaml` in `root`, else the INPUT.md layout."""
    if path is None:
        path = root / CONFIG_NAME
        if not path.exists():
            return Config()
    text = read_text(path, path.parent)
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise InputError(str(path), f"invalid YAML: {problem}", mark.line + 1 if mark else None) from None
    if not isinstance(raw, dict):
        raise InputError(str(path), "must be a mapping of settings")
    known = {f.name for f in fields(Config)}
    values: dict[str, object] = {}
    for key, value in raw.items():
        if key not in known:
            raise InputError(str(path), f"unknown setting {key!r} (known: {', '.join(sorted(known))})")
        if key == "ignore":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise InputError(str(path), "ignore must be a list of directory names")
            values[key] = tuple(value)
        elif not isinstance(value, str) or not value.strip():
            raise InputError(str(path), f"{key} must be a non-empty path")
        else:
            values[key] = value
    return Config(**values)  # type: ignore[arg-type]
