"""Every external URL the pages link to, each derived from the package's own name.

Keeping them here is what guarantees that a column headed `mysql` links to
the MySQL provider: nothing else builds a URL.
"""

from __future__ import annotations

from urllib.parse import quote

from ..model import PROVIDER_PREFIX


def pypi(key: str) -> str:
    return f"https://pypi.org/project/{quote(key)}/"


def pypi_history(key: str) -> str:
    return f"https://pypi.org/project/{quote(key)}/#history"


def provider_docs(key: str) -> str:
    """The provider's own docs page; `key` is the PEP 503 name `apache-airflow-providers-x`."""
    assert key.startswith(PROVIDER_PREFIX), key
    return f"https://airflow.apache.org/docs/{quote(key)}/stable/index.html"


def provider_changelog(key: str) -> str:
    assert key.startswith(PROVIDER_PREFIX), key
    return f"https://airflow.apache.org/docs/{quote(key)}/stable/changelog.html"


def airflow_release_notes(version: str) -> str:
    public = version.split("+")[0]
    return f"https://airflow.apache.org/docs/apache-airflow/{quote(public, safe='')}/release_notes.html"


def changelog(key: str) -> str:
    """Where a package's changes are told: the provider's changelog, else PyPI's release history."""
    return provider_changelog(key) if key.startswith(PROVIDER_PREFIX) else pypi_history(key)
