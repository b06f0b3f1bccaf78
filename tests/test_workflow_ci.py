"""The GitHub Actions publishing workflow: valid for actionlint and doing what the issue asks."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from workflow import actionlint

from tests.conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"


@pytest.fixture(scope="module")
def linter_ready() -> None:
    try:
        actionlint.ensure_installed()
    except actionlint.ActionlintUnavailableError as exc:
        pytest.skip(str(exc))


def test_workflow_passes_actionlint(linter_ready):
    result = actionlint.lint([WORKFLOW])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 file(s), 0 problem(s)" in result.stdout


def test_actionlint_catches_a_broken_workflow(linter_ready, tmp_path: Path):
    broken = tmp_path / "broken.yml"
    text = WORKFLOW.read_text(encoding="utf-8")
    broken.write_text(text.replace("github.event_name", "github.event_nama"), encoding="utf-8")
    result = actionlint.lint([broken])
    assert result.returncode == 1
    assert "event_nama" in result.stdout


def test_workflow_triggers_concurrency_and_steps():
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    on = flow[True]  # YAML 1.1 reads the key `on` as true
    assert on["push"]["branches"] == ["main"]
    assert on["schedule"][0]["cron"] == "*/15 * * * *"
    assert "workflow_dispatch" in on
    assert flow["concurrency"]["cancel-in-progress"] is False
    assert flow["permissions"] == {"contents": "write"}
    job = flow["jobs"]["publish"]
    runs = [s.get("run", "") for s in job["steps"]]
    assert runs.index(".venv/bin/invoke check") < runs.index(".venv/bin/invoke publish")
    assert ".venv/bin/invoke test" in runs
    uses = {s.get("uses", "").split("@")[0]: s for s in job["steps"]}
    assert uses["actions/setup-python"]["with"]["cache"] == "pip"
    cached = uses["actions/cache"]["with"]["path"].split()
    assert cached == [".cache/media", ".cache/pelican"]
    env = job["env"]
    for name in ("SITEURL", "WEBSUB_HUB_URL", "PAGES_CNAME"):
        assert env[name] == f"${{{{ secrets.{name} }}}}"
    # /admin/: Node and the pinned Decap CMS before the build; the OAuth proxy from a secret.
    assert uses["actions/setup-node"]["with"]["cache-dependency-path"] == "cms/package-lock.json"
    assert runs.index(".venv/bin/invoke cms-install") < runs.index(".venv/bin/invoke publish")
    assert env["CMS_OAUTH_BASE_URL"] == "${{ secrets.CMS_OAUTH_BASE_URL }}"
    syndication = [k for k in env if k.startswith("SYNDICATION_")]
    assert syndication and all(env[k] == f"${{{{ secrets.{k} }}}}" for k in syndication)
