"""Reading `data/curated.yaml`: the few facts the pages need that the checkout does not hold."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import InputError
from .files import read_text

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "curated.yaml"


@dataclass(frozen=True)
class Executor:
    name: str
    package: str


@dataclass(frozen=True)
class Curated:
    registry: str
    python_packages: tuple[str, ...]
    executors: tuple[Executor, ...]


def read_curated(path: Path = DEFAULT_PATH) -> Curated:
    text = read_text(path, path.parent)
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(str(path), "invalid YAML", mark.line + 1 if mark else None) from None
    try:
        return Curated(
            registry=str(raw["registry"]),
            python_packages=tuple(str(p) for p in raw["python_packages"]),
            executors=tuple(Executor(str(e["name"]), str(e["package"])) for e in raw["executors"]),
        )
    except (KeyError, TypeError) as exc:
        raise InputError(str(path), f"expected registry, python_packages and executors ({exc})") from None
