"""safety_month.theme.page_release and scripts/hooks/build_release.py: a written page lets go of
its Markdown and HTML, and keeps everything other pages and MkDocs still read of it."""

from __future__ import annotations

import importlib.util

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from safety_month.theme import page_release
from tests import paths


def rendered(tmp_path, name: str, text: str) -> Page:
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    (docs / name).write_text(text, encoding="utf-8")
    config = MkDocsConfig()
    config.load_dict({"site_name": "t", "docs_dir": str(docs), "site_dir": str(tmp_path / "site")})
    assert config.validate() == ([], [])
    file = File(name, str(docs), str(tmp_path / "site"), use_directory_urls=True)
    page = Page(None, file, config)
    page.read_source(config)
    page.render(config, Files([file]))
    return page


@pytest.mark.parametrize("name, text, title", [
    ("with-meta.md", "---\ntitle: 前置字段的标题\n---\n\n# 正文标题\n\n正文。\n", "前置字段的标题"),
    ("with-h1.md", "# 正文标题\n\n正文。\n", "正文标题"),
    ("no-title.md", "正文，没有标题。\n", "No title"),
])
def test_a_released_page_keeps_its_title_url_and_outline(tmp_path, name, text, title):
    page = rendered(tmp_path, name, text)
    before = (page.title, page.url, [item.title for item in page.toc], set(page.present_anchor_ids))
    assert page.title == title and page.content
    page_release.release(page)
    assert page.markdown == "" and page.content == ""
    assert (page.title, page.url, [item.title for item in page.toc], set(page.present_anchor_ids)) == before


def _hook():
    spec = importlib.util.spec_from_file_location("build_release", paths.ROOT / "scripts" / "hooks" / "build_release.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("command, released", [("build", True), ("serve", False)])
def test_the_hook_releases_pages_in_mkdocs_build_only(tmp_path, command, released):
    hook = _hook()
    page = rendered(tmp_path, "p.md", "# 标题\n\n正文。\n")
    hook.on_startup(command)
    assert hook.on_post_page("<html>输出</html>", page=page, config=None) == "<html>输出</html>"
    assert (page.content == "") == released and (page.markdown == "") == released


def test_the_hook_runs_after_every_other_page_step():
    """The page's output is final before its HTML goes: no other hook's on_post_page runs later."""
    import re

    hooks = re.findall(r"^  - (scripts/hooks/\S+\.py)$", (paths.ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    assert hooks[-1] == "scripts/hooks/build_release.py" and len(hooks) > 10
    low = _hook().on_post_page.mkdocs_priority
    for hook in hooks[:-1]:
        spec = importlib.util.spec_from_file_location("h", paths.ROOT / hook)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        if hasattr(module, "on_post_page"):
            assert getattr(module.on_post_page, "mkdocs_priority", 0) > low, hook


def test_freed_memory_goes_back_to_the_system_where_the_c_library_can(monkeypatch):
    import ctypes.util

    assert page_release.return_freed_memory() is True          # glibc (Debian)
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    assert page_release.return_freed_memory() is False         # no C library found: nothing done


@pytest.mark.parametrize("command, calls", [("build", 1), ("serve", 0)])
def test_the_hook_trims_before_the_post_build_steps_in_mkdocs_build_only(monkeypatch, command, calls):
    hook = _hook()
    done = []
    monkeypatch.setattr(hook.page_release, "return_freed_memory", lambda: done.append(1) or True)
    hook.on_startup(command)
    hook.on_post_build(config=None)
    assert len(done) == calls and hook.on_post_build.mkdocs_priority == 100
