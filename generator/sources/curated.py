"""Reading `generator/data/curated.yaml`: the few facts the pages need that the checkout does not hold."""

from __future__ import annotations

from pathlib import Path

from packaging.utils import canonicalize_name

from ..errors import InputError
from ..model import Curated, Executor
from .config import load_yaml
from .files import Root

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "curated.yaml"  # package data: installed with it


def read_curated(path: Path = DEFAULT_PATH) -> Curated:
    raw = load_yaml(Root(path.parent), path)
    try:
        return Curated(
            registry=str(raw["registry"]),
            # Packages by PEP 503 name, as the model keys them, however the file spells them.
            python_packages=tuple(canonicalize_name(str(p)) for p in raw["python_packages"]),
            executors=tuple(Executor(str(e["name"]), canonicalize_name(str(e["package"]))) for e in raw["executors"]),
        )
    except (KeyError, TypeError) as exc:
        raise InputError(str(path), f"expected registry, python_packages and executors ({exc})") from None
