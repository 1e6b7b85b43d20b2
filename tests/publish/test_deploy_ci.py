"""The CI templates for GitHub Pages and GitLab Pages cannot run here: check their shape."""

from __future__ import annotations

import re

import yaml

from tests.conftest import ROOT


def _load(rel: str) -> dict:
    return yaml.safe_load((ROOT / rel).read_text(encoding="utf-8"))


def _uses(steps: list[dict]) -> list[str]:
    return [s["uses"].split("@")[0] for s in steps if "uses" in s]


def test_github_pages_workflow_builds_with_the_pages_url_and_deploys():
    wf = _load(".github/workflows/pages.yml")
    # PyYAML reads the bare key `on` as True (YAML 1.1); GitHub reads it as "on".
    triggers = wf.get("on", wf.get(True))
    assert "push" in triggers and "workflow_dispatch" in triggers
    assert wf["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = wf["jobs"]["build"], wf["jobs"]["deploy"]
    steps = build["steps"]
    assert _uses(steps) == ["actions/checkout", "actions/setup-python", "actions/configure-pages",
                            "actions/upload-pages-artifact"]
    pages_id = next(s["id"] for s in steps if s.get("uses", "").startswith("actions/configure-pages"))
    make = next(s for s in steps if s.get("run", "").strip() == "make build")
    assert make["env"]["SITE_URL"] == "${{ steps.%s.outputs.base_url }}/" % pages_id
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert _uses(deploy["steps"]) == ["actions/deploy-pages"]
    assert deploy["environment"]["url"] == "${{ steps.%s.outputs.page_url }}" % deploy["steps"][0]["id"]
    for step in steps + deploy["steps"]:
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", step["uses"]), step["uses"]


def test_gitlab_pages_job_publishes_public_built_with_the_pages_url():
    ci = _load(".gitlab-ci.yml")
    job = ci["pages"]
    assert job["variables"]["SITE_URL"] == "$CI_PAGES_URL/"
    assert job["script"][0] == "make build"
    assert any("mv site public" in line for line in job["script"])
    assert job["artifacts"]["paths"] == ["public"]
    assert job["image"].startswith("python:3.11")


def test_make_build_is_what_ci_runs_and_it_reads_site_url():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^build:", makefile, re.M)
    assert "!ENV [SITE_URL" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
