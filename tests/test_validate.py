from __future__ import annotations

import json
import re
import subprocess
import sys

from generator.errors import ERROR
from generator.model import Model
from generator.validate import validate

from .conftest import PROJECT


def test_sample_shows_each_kind_of_finding(sample_model: Model) -> None:
    messages = [f.message for f in validate(sample_model)]
    kinds = {
        "missing between neighbours": r"astro-sdk-python is in 9\.15\.0 and 9\.17\.0 but missing from 9\.16\.0",
        "downgrade": r"apache-airflow-providers-google goes down from 6\.8\.0 in 4\.2\.5 to 6\.7\.0 in 4\.2\.6",
        "slim differs": r"apache-airflow-providers-http is 5\.2\.1 in the slim image of 3\.0-3 but 5\.2\.2",
        "same date": r"5\.2\.1 has the release date 2023-01-26 of 5\.2\.0",
        "yanked without reason": r"3\.0-2 is yanked without a yankedReason",
        "maintenance before release": r"3\.1-1 ends maintenance \(2025-09-30\) before its release",
    }
    for kind, pattern in kinds.items():
        assert any(re.search(pattern, m) for m in messages), kind
    assert not [f for f in validate(sample_model) if f.severity == ERROR]


def test_backport_is_not_a_downgrade(sample_model: Model) -> None:
    """9.10.1/9.10.2 were released after 9.11.0 and 9.12.0: 9.11.0 is not compared down from them."""
    assert not [f for f in validate(sample_model) if "in 9.10.2 to" in f.message]


def test_strict_and_json_output_are_stable() -> None:
    cmd = [sys.executable, "-m", "generator", "validate", "--strict", "--format", "json"]
    runs = [subprocess.run(cmd, capture_output=True, text=True, cwd=PROJECT) for _ in range(2)]
    assert runs[0].stdout == runs[1].stdout
    assert runs[0].returncode == 1
    findings = json.loads(runs[0].stdout)
    assert findings and all(f["severity"] == "error" for f in findings)
    assert findings == sorted(findings, key=lambda f: (f["path"], f["line"] or 0, f["severity"], f["message"]))
    assert set(findings[0]) == {"path", "line", "severity", "message"}


def test_pin_findings_name_the_line_that_pins(sample_model: Model) -> None:
    """A finding about a pin points at the constraints line that pins it, read here from the file."""
    pattern = re.compile(r"^(\S+) (?:goes down from \S+ in \S+ to (\S+) in|is (\S+) in the \S+ image of) ")
    checked = 0
    for f in validate(sample_model):
        m = pattern.match(f.message)
        if not m:
            continue
        name, version = m[1], m[2] or m[3]
        with open(f.path, encoding="utf-8") as constraints:
            lines = constraints.read().splitlines()
        assert f.line > 0, f
        assert lines[f.line - 1].replace(" ", "").startswith(f"{name}=={version}"), (f, lines[f.line - 1])
        checked += 1
    assert checked >= 5
