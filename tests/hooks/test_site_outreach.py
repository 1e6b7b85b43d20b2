"""scripts/hooks/site_outreach.py: 讲话摘编 replace the marker line of a 五进 page whose front
matter names an audience; other pages pass through; bad rules or a bad audience stop the build
naming the page; the parsed speeches and each audience's choice are reused while nothing changed."""

import pytest
from mkdocs.exceptions import PluginError

from safety_month.site import library, outreach
from tests.hooks import _site
from tests.hooks._fakes import Calls, load_hook, page

RULES = outreach.load_rules()


def _built(tmp_path):
    hook = load_hook("site_outreach")
    config = _site.config(tmp_path)
    files = _site.files(config, {"wujin/qiye.md": f"# 进企业\n\n{RULES.marker}\n"})
    assert hook.on_files(files, config) is None
    return hook, files


def test_the_marker_becomes_the_excerpts_of_the_audience(tmp_path):
    hook, files = _built(tmp_path)
    p = page("wujin/qiye.md", audience="企业")
    p.file = files.get_file_from_path("wujin/qiye.md")
    speeches = [(e, outreach.parse_paragraphs(e.body)) for e in library.collect(library.speech_pages(files))]
    chosen = outreach.select(speeches, "企业", RULES)
    block = outreach.render(chosen, "企业", lambda src: files.get_file_from_path(src).url_relative_to(p.file))
    out = hook.on_page_markdown(f"# 进企业\n\n{RULES.marker}\n\n尾段\n", p)
    assert out == f"# 进企业\n\n\n{block}\n\n\n尾段\n"
    assert 'data-audience="企业"' in block and RULES.marker not in out


def test_pages_without_an_audience_pass_through(tmp_path):
    hook, _ = _built(tmp_path)
    assert hook.on_page_markdown(f"x\n{RULES.marker}\n", page("a.md", title="t")) == f"x\n{RULES.marker}\n"


@pytest.mark.parametrize("audience", ["工厂", ["企业"], 3])
def test_an_audience_outside_the_rules_is_a_plugin_error_naming_the_page(tmp_path, audience):
    hook, _ = _built(tmp_path)
    with pytest.raises(PluginError, match="^docs/wujin/qiye.md: audience 应为 企业、农村、社区、学校、家庭 之一$"):
        hook.on_page_markdown(RULES.marker, page("wujin/qiye.md", audience=audience))


def test_unusable_rules_are_a_plugin_error_with_the_rules_message(tmp_path, monkeypatch):
    hook = load_hook("site_outreach")
    config = _site.config(tmp_path)
    monkeypatch.setattr(hook.outreach, "load_rules", Calls(f=outreach.RulesError("data/outreach.yml: marker 应为非空文字")).f)
    with pytest.raises(PluginError, match="^data/outreach.yml: marker 应为非空文字"):
        hook.on_files(_site.files(config, {}), config)


def test_a_second_build_with_the_same_speeches_reuses_the_parsed_paragraphs_and_the_choice(tmp_path, monkeypatch):
    hook, files = _built(tmp_path)
    p = page("wujin/qiye.md", audience="企业")
    p.file = files.get_file_from_path("wujin/qiye.md")
    first = hook.on_page_markdown(RULES.marker, p)
    spy = Calls(parse_paragraphs=outreach.parse_paragraphs, select=outreach.select)
    monkeypatch.setattr(hook.outreach, "parse_paragraphs", spy.parse_paragraphs)
    monkeypatch.setattr(hook.outreach, "select", spy.select)
    config = _site.config(tmp_path)
    files = _site.files(config, {})
    hook.on_files(files, config)
    assert hook.on_page_markdown(RULES.marker, p) == first
    assert spy.calls == []
    # A changed speech: parsed and chosen again.
    speech = _site.SPEECHES[0].relative_to(_site.paths.ROOT / "docs").as_posix()
    text = _site.SPEECHES[0].read_text(encoding="utf-8") + "\n补充一段。\n{: #p-999 }\n"
    hook.on_files(_site.files(config, {speech: text}), config)
    hook.on_page_markdown(RULES.marker, p)
    assert "select" in spy.names() and "parse_paragraphs" in spy.names()


@pytest.mark.parametrize("command, kept", [("build", False), ("serve", True)])
def test_mkdocs_build_lets_go_of_the_parsed_speeches_in_on_env_the_preview_keeps_them(tmp_path, command, kept):
    """Every 五进 page took its excerpts before on_env: a build does not carry every speech's
    paragraphs through the rest of the build (issue 20: memory); a preview reuses them."""
    hook = load_hook("site_outreach")
    hook.on_startup(command=command)
    config = _site.config(tmp_path)
    files = _site.files(config, {"wujin/qiye.md": f"# 进企业\n\n{RULES.marker}\n"})
    hook.on_files(files, config)
    assert hook._speeches()          # parsed, as for a 五进 page the page cache could not serve
    env = object()
    assert hook.on_env(env, config) is env
    assert bool(hook._memo.get("speeches")) == kept
