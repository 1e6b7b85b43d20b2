"""scripts/hooks/checks.py with the real editors' checks on a small docs/ folder: a build goes on
past a broken page (stood in for in on_files) and stops in on_env, before any page is written,
with every issue logged by file:line and a one-line summary as the Abort's message; the live
preview stubs broken pages and shows the issues on the pages instead; it runs first among
on_files."""

import logging
import re
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import Abort

from safety_month.checks import site
from tests.hooks import _site
from tests.hooks._fakes import load_hook, priority

GOOD = "---\ntitle: 通知\n---\n\n# 通知\n\n正文。\n"
BAD_FRONT_MATTER = "---\ntitle: [未闭合\n---\n\n正文。\n"
BAD_LINK = "---\ntitle: 通知\n---\n\n# 通知\n\n见[别处](nope.md)。\n"


def _run(tmp_path, monkeypatch, command, pages):
    monkeypatch.setenv("SAFETY_MONTH_CHECK_WORKERS", "0")   # checked in this process
    hook = load_hook("checks")
    hook.on_startup(command=command)
    config = _site.config(tmp_path, theme=SimpleNamespace(dirs=[]), mdx_configs={})
    files = _site.files(config, pages, speeches=False)
    return hook, config, files


def test_a_front_matter_error_stops_the_build_in_on_env_naming_file_and_line(tmp_path, monkeypatch, caplog):
    hook, config, files = _run(tmp_path, monkeypatch, "build", {"index.md": GOOD, "bad.md": BAD_FRONT_MATTER})
    assert hook.on_files(files, config) is None     # the build goes on: links are checked too
    assert files.get_file_from_path("bad.md").content_string.startswith(f"---\ntitle: {site.PREVIEW_TITLE}\n")
    with caplog.at_level(logging.ERROR, logger="mkdocs.hooks.checks"), pytest.raises(Abort) as raised:
        hook.on_env(object(), config, files)
    assert str(raised.value).startswith("构建失败：共 1 个问题，涉及 1 个文件。")
    details = "\n".join(caplog.messages)
    assert details.startswith("编辑检查发现问题，构建已停止：\n")
    assert "docs/bad.md:2" in details and "docs/index.md" not in details


def test_a_clean_site_passes_and_a_broken_link_stops_the_build_in_on_env(tmp_path, monkeypatch, caplog):
    hook, config, files = _run(tmp_path, monkeypatch, "build", {"index.md": GOOD, "notice.md": BAD_LINK})
    assert hook.on_files(files, config) is None
    env = object()
    with caplog.at_level(logging.ERROR, logger="mkdocs.hooks.checks"), pytest.raises(Abort, match="^构建失败：共 1 个问题"):
        hook.on_env(env, config, files)
    assert re.search("^编辑检查发现问题，构建已停止：\n(.|\n)*docs/notice.md:7(.|\n)*nope.md", "\n".join(caplog.messages))

    hook, config, files = _run(tmp_path / "clean", monkeypatch, "build", {"index.md": GOOD})
    hook.on_files(files, config)
    assert hook.on_env(env, config, files) is env


def test_the_preview_stubs_a_broken_page_and_shows_the_issues_on_it(tmp_path, monkeypatch):
    hook, config, files = _run(tmp_path, monkeypatch, "serve", {"index.md": GOOD, "bad.md": BAD_FRONT_MATTER})
    hook.on_files(files, config)   # no error: the preview keeps updating
    bad = files.get_file_from_path("bad.md")
    assert bad.content_string.startswith(f"---\ntitle: {site.PREVIEW_TITLE}\n---\n")
    assert (tmp_path / "docs" / "bad.md").read_text(encoding="utf-8") == BAD_FRONT_MATTER   # file untouched
    bad.page = SimpleNamespace(content="<p>正文。</p>")
    env = object()
    assert hook.on_env(env, config, files) is env
    assert bad.page.content.endswith("<p>正文。</p>") and "bad.md" in bad.page.content.split("<p>正文。</p>")[0]


def test_it_runs_before_the_hooks_that_read_speech_front_matter():
    hook = load_hook("checks")
    assert priority(hook.on_files) == 100
    assert all((priority(load_hook(name).on_files) or 0) < 100 for name in ("site_library", "site_outreach", "site_icons"))


@pytest.mark.parametrize("command, kept", [("build", False), ("serve", True)])
def test_after_on_env_a_build_keeps_neither_the_report_nor_the_front_matter_read(tmp_path, monkeypatch, command, kept):
    """MkDocs has read every page by on_env: the build lets go of the report (every page's text
    and lines) and of the front matter kept for MkDocs' reading (issue 20: memory)."""
    from safety_month.pages import known_fields

    title = f"通知 {command}"   # a block no other test had the checks read (they keep what they read)
    hook, config, files = _run(tmp_path, monkeypatch, command, {"index.md": GOOD.replace("通知", title)})
    hook.on_files(files, config)
    assert known_fields.known(f"title: {title}\n") == {"title": title} and "report" in hook._state
    hook.on_env(object(), config, files)
    assert "report" not in hook._state
    assert (known_fields.known(f"title: {title}\n") is not None) == kept
