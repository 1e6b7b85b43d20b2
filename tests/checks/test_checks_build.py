"""The editor-checks hook in a real (small) MkDocs build: all issues at once, build fails."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_mkdocs_build
from tests._broken_pages import SPEECH

CONFIG = f"""\
site_name: 测试
strict: true
theme:
  name: material
  language: zh
  font: false
hooks:
  - {ROOT / 'scripts/hooks/checks.py'}
markdown_extensions:
  - attr_list
  - md_in_html
  - toc:
      slugify: !!python/object/apply:pymdownx.slugs.slugify
        kwds:
          case: lower
"""

GOOD_SPEECH = SPEECH   # a speech page that passes every check (the broken-pages catalogue's base)


def project(tmp_path: Path, pages: dict[str, str]) -> Path:
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    for rel, text in pages.items():
        path = tmp_path / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path / "mkdocs.yml"


def test_clean_site_builds(tmp_path):
    config = project(tmp_path, {"index.md": "# 首页\n\n见[讲话](speeches/2021/a.md#p-1)。\n",
                                "speeches/2021/a.md": GOOD_SPEECH})
    result = run_mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "site/speeches/2021/a/index.html").exists()


def test_yaml_error_fails_the_build_with_its_line_and_lists_other_pages_too(tmp_path):
    config = project(tmp_path, {
        "index.md": "# 首页\n\n同志们,大家好。\n",
        "speeches/2021/a.md": GOOD_SPEECH.replace("title: 讲话", "title: 讲话: 动员会"),
        "speeches/2021/b.md": GOOD_SPEECH.replace("[企业]", "[进企业]"),
    })
    result = run_mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    err = result.stderr
    assert "docs/speeches/2021/a.md:2:10: fm.yaml" in err
    assert "docs/speeches/2021/b.md:8:13: fm.value audiences 含有未知的值“进企业”；允许的值：企业、农村、社区、学校、家庭" in err
    assert "docs/index.md:3:4: text.halfwidth" in err
    assert not (tmp_path / "site/speeches/2021/a/index.html").exists()


def test_content_and_link_issues_fail_the_build_together(tmp_path):
    config = project(tmp_path, {
        "index.md": "# 首页\n\n见[讲话](speeches/2021/a.md#p-9)和[旧页](old.md)。\n\nXXX同志到会。\n",
        # (the XXX of a speech is marked by the build: not an issue there)
        "speeches/2021/a.md": GOOD_SPEECH + "\nXXX同志要抓好“落实。\n{: #p-2 }\n",
    })
    result = run_mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    err = result.stderr + result.stdout  # the summary line comes last, on stdout (MkDocs' Abort)
    for expected in ("docs/index.md:3:7: link.anchor", "docs/index.md:3:36: link.missing",
                     "docs/index.md:5:1: text.placeholder", "docs/speeches/2021/a.md:17:9: text.unpaired",
                     "共 4 个问题"):
        assert expected in err, expected


def test_preview_mode_shows_issues_on_the_page_instead_of_failing(tmp_path):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config_file = project(tmp_path, {"index.md": "# 首页\n\n同志们,大家好。\n"})
    config = load_config(str(config_file), site_dir=str(tmp_path / "site"), strict=False)
    hook = next(h for name, h in config.hooks.items() if name.endswith("checks.py"))
    hook.on_startup(command="serve", dirty=False)
    try:
        build(config)
    finally:
        hook.on_startup(command="build", dirty=False)
    html = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert "sm-editor-issues" in html and "中文里用了半角标点“,”" in html and "docs/index.md:3" in html
