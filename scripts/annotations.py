"""GitHub Actions annotations from `validate --format json`: `python scripts/annotations.py FINDINGS.json`.

Each finding becomes an `::error` or `::warning` workflow command, so it shows
on the file and line in the pull request or run summary.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _escape(text: str, prop: bool = False) -> str:
    """Workflow-command escaping: `%`, CR and LF always; `:` and `,` in properties."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def workflow_commands(findings: list[dict[str, object]]) -> list[str]:
    lines = []
    for f in findings:
        kind = "error" if f.get("severity") == "error" else "warning"
        where = f"file={_escape(str(f['path']), True)}"
        if f.get("line"):
            where += f",line={f['line']}"
        lines.append(f"::{kind} {where}::{_escape(str(f['message']))}")
    return lines


def main() -> int:
    text = Path(sys.argv[1]).read_text(encoding="utf-8")
    try:
        findings = json.loads(text) if text.strip() else []
    except json.JSONDecodeError as exc:
        print(f"{sys.argv[1]}:{exc.lineno}: error: not the JSON of `validate --format json`: {exc.msg}",
              file=sys.stderr)
        return 2
    for line in workflow_commands(findings):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
