"""scripts/hooks/checks.py with the real editors' checks on a small docs/ folder: a build stops
with every issue listed by file:line (front-matter errors already in on_files), the live preview
stubs broken pages and shows the issues on the pages instead; it runs first among on_files."""

from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

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


def test_a_front_matter_error_stops_the_build_in_on_files_naming_file_and_line(tmp_path, monkeypatch):
    hook, config, files = _run(tmp_path, monkeypatch, "build", {"index.md": GOOD, "bad.md": BAD_FRONT_MATTER})
    with pytest.raises(PluginError) as raised:
        hook.on_files(files, config)
    message = str(raised.value)
    assert message.startswith("页面 front matter 或文件本身有错误，构建已停止：\n")
    assert "docs/bad.md:2" in message and "docs/index.md" not in message


def test_a_clean_site_passes_and_a_broken_link_stops_the_build_in_on_env(tmp_path, monkeypatch):
    hook, config, files = _run(tmp_path, monkeypatch, "build", {"index.md": GOOD, "notice.md": BAD_LINK})
    assert hook.on_files(files, config) is None
    env = object()
    with pytest.raises(PluginError, match="^编辑检查发现问题，构建已停止：\n(.|\n)*docs/notice.md:7(.|\n)*nope.md"):
        hook.on_env(env, config, files)

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
