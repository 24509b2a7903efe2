"""The release workflow and the pre-commit hook: valid by their own schemas, and doing what CI needs."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import PROJECT

WORKFLOW = PROJECT / ".github" / "workflows" / "docs.yml"
DOCS_REPO = PROJECT / ".github" / "workflows" / "docs-repo.yml"


def _schema_check(path: Path) -> subprocess.CompletedProcess[str]:
    """check-jsonschema with its vendored GitHub-workflow schema: offline, no actionlint binary to fetch."""
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                           str(path)], capture_output=True, text=True, check=False)


@pytest.mark.parametrize("workflow", [WORKFLOW, DOCS_REPO])
def test_workflow_is_valid_by_the_github_schema(workflow: Path) -> None:
    result = _schema_check(workflow)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_rejects_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "docs.yml"
    broken.write_text(WORKFLOW.read_text().replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest", 1))
    assert _schema_check(broken).returncode != 0


def _workflow(path: Path = WORKFLOW) -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load(path.read_text())
    return data


def test_workflow_triggers_and_steps() -> None:
    wf = _workflow()
    on = wf[True] if True in wf else wf["on"]  # YAML 1.1 reads the key `on` as true
    assert on["push"]["branches"] == ["main"]
    assert "runtime_ref" in on["workflow_dispatch"]["inputs"]
    assert on["repository_dispatch"]["types"] == ["runtime-release"]
    build = wf["jobs"]["build"]["steps"]
    runtime = next(s for s in build if s.get("with", {}).get("repository") == "astronomer/astro-runtime")
    assert runtime["with"]["ref"] == "${{ env.RUNTIME_REF }}"
    assert "client_payload.ref" in wf["env"]["RUNTIME_REF"] and "inputs.runtime_ref" in wf["env"]["RUNTIME_REF"]
    script = "\n".join(s.get("run", "") for s in build)
    for command in ("-r requirements.txt -c constraints.txt", "validate --repo astro-runtime --strict --format json",
                    "scripts/annotations.py findings.json", "generator check --repo astro-runtime",
                    "mkdocs build --strict", "generator links site"):
        assert command in script, command
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact") for s in build)
    deploy = wf["jobs"]["deploy"]
    assert "refs/heads/main" in deploy["if"] and deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}


def test_annotations_from_validate_json(tmp_path: Path) -> None:
    findings = [{"path": "a,b:c.txt", "line": 3, "severity": "error", "message": "100% wrong\nsecond line"},
                {"path": "metadata/versions.json", "line": 0, "severity": "warning", "message": "x"}]
    (tmp_path / "f.json").write_text(json.dumps(findings))
    out = subprocess.run([sys.executable, str(PROJECT / "scripts" / "annotations.py"), str(tmp_path / "f.json")],
                         capture_output=True, text=True, check=True).stdout.splitlines()
    assert out == ["::error file=a%2Cb%3Ac.txt,line=3::100%25 wrong%0Asecond line",
                   "::warning file=metadata/versions.json::x"]
    (tmp_path / "bad.json").write_text("[{")
    bad = subprocess.run([sys.executable, str(PROJECT / "scripts" / "annotations.py"), str(tmp_path / "bad.json")],
                         capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "bad.json:1: error:" in bad.stderr


def test_pre_commit_hook_is_valid_and_runs_check() -> None:
    config = PROJECT / ".pre-commit-config.yaml"
    result = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config", str(config)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    (hook,) = yaml.safe_load(config.read_text())["repos"][0]["hooks"]
    assert hook["entry"] == "make check" and hook["pass_filenames"] is False
    dry = subprocess.run(["make", "-n", "--no-print-directory", "-C", str(PROJECT), "check"], capture_output=True,
                         text=True, check=True)
    assert dry.stdout.splitlines()[-1].startswith(".venv/bin/python -m generator check ")


def test_docs_repo_workflow_regenerates_checks_and_opens_one_pull_request() -> None:
    wf = _workflow(DOCS_REPO)
    on = wf[True] if True in wf else wf["on"]
    assert on["repository_dispatch"]["types"] == ["runtime-release"]
    assert "runtime_ref" in on["workflow_dispatch"]["inputs"]
    steps = wf["jobs"]["pull-request"]["steps"]
    checkouts = [s["with"].get("repository") for s in steps if s.get("uses", "").startswith("actions/checkout")
                 and "with" in s]
    assert checkouts == ["astronomer/astro-runtime", "${{ env.DOCS_REPO }}"]
    script = "\n".join(s.get("run", "") for s in steps)
    order = ["generator validate --repo astro-runtime", "--target docusaurus --docs docs-repo",
             "scripts/check-mdx.mjs", 'git status --porcelain', "gh pr create"]
    at = [script.index(command) for command in order]
    assert at == sorted(at)  # validate, regenerate, check, and only then the pull request
    # Nothing is pushed when nothing changed: the push comes after the early exit.
    assert script.index("exit 0") < script.index("git push")
    assert "gh pr edit" in script  # one pull request per ref, updated in place


def _evaluate(expression: str, context: dict[str, Any]) -> Any:
    """A workflow expression of the form `${{ a || b || 'literal' }}`, as GitHub evaluates it: the
    first operand that is truthy (a missing property is null), else the last one."""
    inner = re.fullmatch(r"\$\{\{(.*)\}\}", expression.strip(), re.S)
    assert inner, expression
    value: Any = None
    for operand in (o.strip() for o in inner[1].split("||")):
        if re.fullmatch(r"'[^']*'", operand):
            value = operand[1:-1]
        else:
            assert re.fullmatch(r"github(\.\w+)+", operand), f"not a context property or a literal: {operand}"
            value = context
            for key in operand.split(".")[1:]:
                value = value.get(key) if isinstance(value, dict) else None
        if value:
            return value
    return value


def test_docs_repo_workflow_runs_weekly_on_a_default_ref() -> None:
    """Scheduled, so the pages' text fixed at build time never drifts far; a scheduled run has no input
    nor payload, and still documents a ref; by hand or by dispatch, the ref given wins."""
    wf = _workflow(DOCS_REPO)
    on = wf[True] if True in wf else wf["on"]
    crons = [entry["cron"] for entry in on.get("schedule") or []]
    assert crons, "docs-repo.yml has no `schedule:` trigger"
    for cron in crons:
        minute, hour, day, month, weekday = cron.split()
        assert minute.isdigit() and hour.isdigit(), cron  # once at a fixed time of day ...
        assert (day, month) == ("*", "*") and weekday.isdigit(), cron  # ... on one day of every week
    expression = wf["env"]["RUNTIME_REF"]
    default = on["workflow_dispatch"]["inputs"]["runtime_ref"]["default"]
    scheduled = _evaluate(expression, {"event_name": "schedule", "event": {"schedule": crons[0]}})
    assert scheduled == default  # what a run by hand documents unless told otherwise
    assert _evaluate(expression, {"event_name": "workflow_dispatch", "event": {"inputs": {"runtime_ref": "v9"}}}) \
        == "v9"
    assert _evaluate(expression, {"event_name": "repository_dispatch", "event": {"client_payload": {"ref": "r1"}}}) \
        == "r1"
    # The scheduled run opens its pull request as any other: the ref makes the branch and the title.
    script = "\n".join(s.get("run", "") for s in wf["jobs"]["pull-request"]["steps"])
    assert '"$RUNTIME_REF"' in script and "${RUNTIME_REF}" in script
