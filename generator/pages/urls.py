"""Every external URL the pages link to, each derived from the package's own name.

Keeping them here is what guarantees that a column headed `mysql` links to
the MySQL provider: nothing else builds a URL.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from ..model import PROVIDER_PREFIX

# What `quote` (safe="/") leaves as it is: a value made of these alone is its own quoted form.
_UNQUOTED = re.compile(r"[A-Za-z0-9_.~/-]*")


def _quote(text: str) -> str:
    """`quote(text)`, without its cost for the PEP 503 names and versions nearly every URL is made
    of: the change tables of 2,000 releases make hundreds of thousands of links."""
    return text if _UNQUOTED.fullmatch(text) else quote(text)


def _project(key: str) -> str:
    return f"https://pypi.org/project/{_quote(key)}/"


def pypi(key: str) -> str:
    return _project(key)


def pypi_history(key: str) -> str:
    return _project(key) + "#history"


def _docs_version(version: str) -> str:
    """The version as Airflow's docs folders name it: no epoch (`1!2.0.0`), no local part."""
    public = version.split("+")[0]
    return _quote(public.split("!", 1)[1] if "!" in public else public)


def _provider_docs(key: str) -> str:
    assert key.startswith(PROVIDER_PREFIX), key
    return f"https://airflow.apache.org/docs/{_quote(key)}/"


def provider_docs(key: str, version: str = "stable") -> str:
    """The provider's own docs, at the version a release ships; `key` is its PEP 503 name."""
    return f"{_provider_docs(key)}{_docs_version(version)}/index.html"


def provider_changelog(key: str, version: str = "stable") -> str:
    return f"{_provider_docs(key)}{_docs_version(version)}/changelog.html"


def airflow_release_notes(version: str) -> str:
    public = version.split("+")[0]
    return f"https://airflow.apache.org/docs/apache-airflow/{quote(public, safe='')}/release_notes.html"


def changelog(key: str, version: str | None = None) -> str:
    """Where a package's changes are told: the provider's changelog at `version` (the one a
    release ships), else PyPI's release history."""
    if key.startswith(PROVIDER_PREFIX):
        return provider_changelog(key, version or "stable")
    return pypi_history(key)
