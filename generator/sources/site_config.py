"""`runtime-docs-site.yaml`: where the pages go, said by the docs side.

Outputs belong to the docs: the checkout being read never decides where
anything is written, so a target's layout is read from a file beside the
pages (in the docs folder, or named with `--site-config`), one section per
target:

    docusaurus:
      folder: astro/runtime-releases
    mkdocs:
      folder: reference

What each setting means and its default are declared once, by the target's
`Layout` (`generator.pages`), which also checks the values.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from ..errors import InputError, printable
from .config import load_yaml
from .files import Root

SITE_CONFIG_NAME = "runtime-docs-site.yaml"


def read_site_config(docs: Path, target: str, targets: Collection[str],
                     path: Path | None = None) -> tuple[object, str]:
    """The settings of `target` (None where none are given) and where they were read, for messages:
    from `path`, else from `runtime-docs-site.yaml` in the docs folder when there is one. A section
    for no known target (a misspelt one) is an error, not a silent fall-back to the defaults."""
    if path is None:
        path = docs / SITE_CONFIG_NAME
        root = Root(docs)
        if not root.exists(path):
            return None, str(path)
    else:
        root = Root(path.parent)
    raw = load_yaml(root, path)
    if raw is None:
        return None, str(path)
    if not isinstance(raw, dict):
        raise InputError(printable(path), "must be a mapping of targets (mkdocs, docusaurus) to their settings")
    unknown = sorted(str(k) for k in raw if k not in targets)
    if unknown:
        raise InputError(printable(path), f"unknown target {unknown[0]!r} (known: {', '.join(sorted(targets))})")
    return raw.get(target), f"{printable(path)}: {target}"
