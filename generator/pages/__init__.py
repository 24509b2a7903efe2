"""Everything that makes pages: cells, Markdown, URLs, templates and the target sites.

`render(model, target, curated, today)` is the one entry: a pure function from
the model to `(path, text)` pairs. `TARGETS` names each site the pages are
written for; a new site is one more `Target` implementation.
"""

from .docusaurus import Docusaurus
from .mkdocs import MkDocs
from .render import render
from .target import Target

TARGETS: dict[str, type[Target]] = {t.name: t for t in (MkDocs, Docusaurus)}

__all__ = ["TARGETS", "Docusaurus", "MkDocs", "Target", "render"]
