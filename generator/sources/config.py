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

`machine` is the images' CPU (`platform_machine` in environment markers):
markers are evaluated for the image, never for the computer running this.
Where pages go is not the checkout's to say: that is the docs side's
`runtime-docs-site.yaml` (`site_config`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError
from .files import Root, unusable

CONFIG_NAME = "runtime-docs.yaml"
_PATHS = ("catalog", "releases", "dockerfile", "constraints", "changelog")


@dataclass(frozen=True)
class Config:
    catalog: str = "metadata/versions.json"
    releases: str = "."
    dockerfile: str = "Dockerfile"
    constraints: str = "build-time-pip-constraints.txt"
    changelog: str = "CHANGELOG.md"
    ignore: tuple[str, ...] = ()
    machine: str = "x86_64"


class _Loader(yaml.SafeLoader):
    """YAML as `safe_load` reads it, but a key given twice in one mapping is an error, as in the
    JSON catalog: YAML would keep the last, and a setting written twice is a mistake to show."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                twice = key in seen
            except TypeError:  # not hashable: the constructor below says so
                break
            if twice:
                raise yaml.constructor.ConstructorError(None, None, f"key {key!r} is given twice",
                                                        key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep)


def load_yaml(root: Root, path: Path) -> Any:
    """A YAML file's data; invalid or absurdly nested YAML is an `InputError` naming the line."""
    text = root.read(path)
    try:
        return yaml.load(text, Loader=_Loader)  # a SafeLoader
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
        if key in ("docusaurus", "mkdocs"):
            raise InputError(str(path), f"{key}: where pages go is the docs side's to say, not the checkout's: "
                                        "move these settings to runtime-docs-site.yaml in the docs folder")
        if key not in known:
            raise InputError(str(path), f"unknown setting {key!r} (known: {', '.join(sorted(known))})")
        problem = next((p for v in (value if isinstance(value, list) else [value])
                        if isinstance(v, str) and (p := unusable(v))), None)
        if problem:  # every setting ends in a path: say so here, at its line, not as a bare ValueError later
            raise InputError(str(path), f"{key} {problem}", _line(path, key))
        if key == "ignore":
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


def _line(path: Path, key: str) -> int | None:
    """The line of the setting `key`, from the YAML's own positions: for the one message that needs it,
    a setting refused only after the YAML was read (`yaml.safe_load` keeps no positions)."""
    node = yaml.compose(Root(path.parent).read(path))
    if isinstance(node, yaml.MappingNode):
        for name, _ in node.value:
            if name.value == key:
                return int(name.start_mark.line) + 1
    return None
