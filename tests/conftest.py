"""Shared fixtures: the repository, and the real site built once per test session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


# The umask of a deployer's shell (Debian's default): the built files must then be readable
# by a web server that is not their owner (tests/publish/test_site_permissions.py).
BUILD_UMASK = 0o022


def run_mkdocs_build(config: Path, site_dir: Path, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env_extra or {}))
    return subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        cwd=config.parent, env=env, capture_output=True, text=True, umask=BUILD_UMASK,
    )


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def build_or_fail(config: Path, site_dir: Path, what: str = "strict build") -> Path:
    """run_mkdocs_build, failing the test with the build's own messages when it fails."""
    result = run_mkdocs_build(config, site_dir)
    if result.returncode != 0:
        pytest.fail(f"{what} failed:\n{result.stderr[-4000:]}")
    return site_dir


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The committed docs/ built with --strict into a temporary folder (site/ is left alone)."""
    return build_or_fail(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("built") / "site")
