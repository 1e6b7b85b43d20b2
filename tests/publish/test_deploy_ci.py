"""The CI templates for GitHub Pages and GitLab Pages cannot run here: check their shape."""

from __future__ import annotations

import re

import yaml

from safety_month.search import segment
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
                            "actions/cache", "actions/upload-pages-artifact"]
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


# ---------------------------------------------------------------- segmentation cache kept by CI

def _dictionaries() -> list[str]:
    """The jieba dictionaries mkdocs.yml gives the search plugin (paths from the project root)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    found = re.findall(r"^\s*jieba_dict(?:_user)?:\s*(\S+)\s*$", text, re.M)
    assert found, "mkdocs.yml names no jieba dictionary"
    return found


def _cache_dir_in_project(path: str) -> str:
    """A cached path of a template as the project-relative folder it names."""
    return (ROOT / path.rstrip("/")).relative_to(ROOT).as_posix()


def test_the_code_keeps_its_segmentation_cache_where_the_templates_look():
    real = segment.cache_dir(str(ROOT / "mkdocs.yml"))
    assert real.parent == ROOT and real.name == segment.CACHE_DIR
    assert f"/{segment.CACHE_DIR}/" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()


def test_github_workflow_restores_the_segmentation_cache_before_building():
    steps = _load(".github/workflows/pages.yml")["jobs"]["build"]["steps"]
    cache = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/cache@"))
    build = next(i for i, s in enumerate(steps) if s.get("run", "").strip() == "make build")
    assert cache < build
    spec = steps[cache]["with"]
    assert _cache_dir_in_project(spec["path"]) == segment.CACHE_DIR
    key, restore = spec["key"], spec["restore-keys"].strip()
    # The key: a hash of what the segmentation depends on, then the run (a new entry each run,
    # GitHub caches being immutable); restore-keys is the same without the run.
    hashed = re.fullmatch(r"(search-segments-\$\{\{ hashFiles\((.*)\) \}\}-)\$\{\{ github.run_id \}\}", key)
    assert hashed, key
    assert restore == hashed.group(1)
    files = re.findall(r"'([^']+)'", hashed.group(2))
    assert "requirements.lock" in files
    for dictionary in _dictionaries():
        assert dictionary in files
    for name in files:
        assert (ROOT / name).is_file(), name


def test_gitlab_pages_job_keeps_the_segmentation_cache():
    cache = _load(".gitlab-ci.yml")["pages"]["cache"]
    assert [_cache_dir_in_project(p) for p in cache["paths"]] == [segment.CACHE_DIR]
    files = cache["key"]["files"]
    assert "requirements.lock" in files and len(files) <= 2      # GitLab takes at most two files
    for dictionary in _dictionaries():
        assert dictionary in files
    for name in files:
        assert (ROOT / name).is_file(), name


def test_requirements_lock_pins_what_the_segmentation_depends_on():
    """The cache key hashes requirements.lock for the jieba and Material versions: it must pin them."""
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8").lower()
    for package in ("jieba", "mkdocs-material"):
        assert re.search(rf"^{package}==[\w.]+", lock, re.M), package
