"""Reading the optional `CHANGELOG.md`: one `## <version> (<date>)` section per release."""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING = re.compile(r"^##\s+(\S+)\s*(?:\(([0-9]{4}-[0-9]{2}-[0-9]{2})\))?\s*$")


@dataclass(frozen=True)
class Section:
    version: str
    date: str | None
    line: int
    body: str


def parse_changelog(text: str) -> dict[str, Section]:
    """Sections by version text; a second section for one version keeps the first (validate says so)."""
    sections: dict[str, Section] = {}
    current: tuple[str, str | None, int] | None = None
    body: list[str] = []

    def close() -> None:
        if current and current[0] not in sections:
            sections[current[0]] = Section(current[0], current[1], current[2], "\n".join(body).strip())

    for number, line in enumerate(text.splitlines(), 1):
        m = _HEADING.match(line)
        if m:
            close()
            current, body = (m[1], m[2], number), []
        elif line.startswith("# ") and current is None:
            continue
        else:
            body.append(line)
    close()
    return sections
