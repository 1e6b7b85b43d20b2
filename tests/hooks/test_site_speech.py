"""scripts/hooks/site_speech.py: a speech page gets the speech template, a description and no
sidebars, unless its front matter says otherwise, and the speech Markdown extension is switched
on for it (off for any other page); other pages are left alone."""

from safety_month.site import facts, markup
from tests.hooks._fakes import load_hook, page


def test_a_speech_page_gets_template_description_and_hidden_sidebars():
    hook = load_hook("site_speech")
    p = page("speeches/2024/a.md", kind="speech", title="讲话", speaker="张三", year=2024)
    expected = facts.speech_description(dict(p.meta))
    config = {"mdx_configs": {}}
    assert hook.on_page_markdown("正文", p, config=config) == "正文"
    assert config["mdx_configs"][markup.NAME] == {"speech": True}
    assert p.meta["template"] == "speech.html"
    assert p.meta["description"] == expected and expected
    assert p.meta["hide"] == ["navigation", "toc"]
    assert p.sm_note.source == "本文由编辑部整理。" and p.sm_note.done == []


def test_what_the_front_matter_sets_wins():
    hook = load_hook("site_speech")
    p = page("speeches/2024/a.md", kind="speech", title="讲话", template="main.html",
             description="编辑写的摘要", hide=["toc"])
    hook.on_page_markdown("正文", p, config={"mdx_configs": {}})
    assert (p.meta["template"], p.meta["description"], p.meta["hide"]) == ("main.html", "编辑写的摘要", ["toc"])


def test_other_pages_are_untouched():
    hook = load_hook("site_speech")
    p = page("wujin/qiye.md", title="安全宣传进企业", audience="企业")
    config = {"mdx_configs": {markup.NAME: {"speech": True}, "toc": {"permalink": "¶"}}}   # the page before was a speech
    assert hook.on_page_markdown("# x", p, config=config) == "# x"
    assert p.meta == {"title": "安全宣传进企业", "audience": "企业"}
    assert not hasattr(p, "sm_note")
    assert config["mdx_configs"] == {markup.NAME: {"speech": False}, "toc": {"permalink": "¶"}}
