"""`runtime-docs.yaml`: where a checkout keeps what the expected layout puts elsewhere.

Optional, at the checkout's root (or named with `--config`), so a checkout
laid out differently is read without moving files:

    catalog: metadata/versions.json
    releases: .
    dockerfile: Dockerfile
    constraints: build-time-pip-constraints.txt
    changelog: CHANGELOG.md
    ignore: [tests, scripts]
    machine: x86_64
    docusaurus:                      # where `--target docusaurus` writes, from the docs folder
      folder: astro/runtime-releases
      provider_reference: astro/runtime-provider-reference.md
      partials: docs-partials/runtime
      static: static/runtime          # the site's static folder: served as is at /runtime/
      architecture: astro/runtime-image-architecture.mdx
      lifecycle: astro/runtime-version-lifecycle-policy.mdx
      provider_reference_id: runtime-provider-reference   # page ids, as sidebars name them
      releases_id: runtime-releases
      compare_id: runtime-compare

`machine` is the images' CPU (`platform_machine` in environment markers):
markers are evaluated for the image, never for the computer running this.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError
from .files import Root

CONFIG_NAME = "runtime-docs.yaml"
_PATHS = ("catalog", "releases", "dockerfile", "constraints", "changelog")
DOCUSAURUS_KEYS = ("folder", "provider_reference", "partials", "static", "architecture", "lifecycle",
                   "provider_reference_id", "releases_id", "compare_id")


@dataclass(frozen=True)
class Config:
    catalog: str = "metadata/versions.json"
    releases: str = "."
    dockerfile: str = "Dockerfile"
    constraints: str = "build-time-pip-constraints.txt"
    changelog: str = "CHANGELOG.md"
    ignore: tuple[str, ...] = ()
    machine: str = "x86_64"
    docusaurus: tuple[tuple[str, str], ...] = ()
    """Paths of the Docusaurus target, as (setting, path) pairs: the defaults where none is set."""


def load_yaml(root: Root, path: Path) -> Any:
    """A YAML file's data; invalid or absurdly nested YAML is an `InputError` naming the line."""
    text = root.read(path)
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise InputError(str(path), f"invalid YAML: {problem}", mark.line + 1 if mark else None) from None
    except RecursionError:
        raise InputError(str(path), "YAML nested too deeply to read") from None


def read_config(checkout: Root, path: Path | None = None) -> Config:
    """The config named, else `runtime-docs.yaml` in the checkout, else the default layout."""
    if path is None:
        path = checkout.path / CONFIG_NAME
        if not checkout.exists(path):
            return Config()
        raw = load_yaml(checkout, path)
    else:
        raw = load_yaml(Root(path.parent), path)
    if not isinstance(raw, dict):
        raise InputError(str(path), "must be a mapping of settings")
    known = {f.name for f in fields(Config)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            raise InputError(str(path), f"unknown setting {key!r} (known: {', '.join(sorted(known))})")
        if key == "docusaurus":
            values[key] = _docusaurus(value, path)
        elif key == "ignore":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise InputError(str(path), "ignore must be a list of directory names")
            values[key] = tuple(value)
        elif not isinstance(value, str) or not value.strip():
            raise InputError(str(path), f"{key} must be a non-empty {'path' if key in _PATHS else 'string'}")
        elif key in _PATHS and not checkout.contains(value):
            raise InputError(str(path), f"{key} {value!r} is outside the checkout")
        else:
            values[key] = os.path.normpath(value) if key in _PATHS else value
    return Config(**values)


def _docusaurus(value: Any, path: Path) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict):
        raise InputError(str(path), "docusaurus must be a mapping of paths")
    for key, setting in value.items():
        if key not in DOCUSAURUS_KEYS:
            raise InputError(str(path), f"unknown docusaurus setting {key!r} (known: {', '.join(DOCUSAURUS_KEYS)})")
        if not isinstance(setting, str) or not setting.strip() or os.path.isabs(setting):
            raise InputError(str(path), f"docusaurus.{key} must be a path relative to the docs folder")
    return tuple(sorted((k, v if k.endswith("_id") else os.path.normpath(v)) for k, v in value.items()))
