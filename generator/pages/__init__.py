"""Everything that makes pages: cells, Markdown, URLs, templates and the target sites.

`render(model, site, curated, today)` is the one entry: a pure function from
the model to `{path: text}`.
"""

from .render import render
from .sites import MKDOCS, SITES, Site

__all__ = ["MKDOCS", "SITES", "Site", "render"]
