"""`generator/data/curated.yaml` as the pages read it: package names by the key the model gives them."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import InputError
from generator.sources.curated import read_curated


def test_package_names_are_read_as_pep_503_keys(tmp_path: Path) -> None:
    """However the file spells a package, it is found among the model's packages, whose keys are
    PEP 503 names: an executor's package is linked to its page only where the model has it."""
    path = tmp_path / "curated.yaml"
    path.write_text("registry: quay.io/x\npython_packages: [Apache_Airflow, SQLAlchemy]\n"
                    "executors:\n  - {name: CeleryExecutor, package: Apache-Airflow-Providers_Celery}\n")
    curated = read_curated(path)
    assert curated.python_packages == ("apache-airflow", "sqlalchemy")
    assert [(e.name, e.package) for e in curated.executors] == [("CeleryExecutor", "apache-airflow-providers-celery")]


def test_a_missing_part_is_named(tmp_path: Path) -> None:
    path = tmp_path / "curated.yaml"
    path.write_text("registry: quay.io/x\npython_packages: []\n")
    with pytest.raises(InputError, match="expected registry, python_packages and executors"):
        read_curated(path)
