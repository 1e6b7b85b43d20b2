"""The MkDocs glue of the page cache, on small stand-ins for MkDocs' objects and a real Jinja
environment: a speech's conversion and template output are reused only while everything they
read is the same; other pages' template output too, with all of config.extra in its key."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest

from safety_month.buildcache import memo, pages
from safety_month.buildcache.store import Store
from tests import paths


@pytest.fixture
def build(tmp_path):
    memo.start(Store(tmp_path, "s"), "s")
    pages.start_build()

    def next_build(nav=None):
        memo.stop(commit=True)
        memo.start(Store(tmp_path, "s"), "s")
        pages.start_build(nav)
    yield next_build
    memo.stop(commit=False)
    pages.start_build()


class _File:   # hashable, as MkDocs' File (links_to_anchors is keyed by files)
    def __init__(self, src_uri):
        self.src_uri = src_uri


def _page(src="speeches/2024/a.md", markdown="正文", kind="speech", **meta):
    file = _File(src)
    return SimpleNamespace(file=file, url=src[:-3] + "/", markdown=markdown, meta={"kind": kind, **meta},
                           title="标题", content=None, toc=[], _title_from_render=None,
                           present_anchor_ids=None, links_to_anchors=None)


def _converter(log):
    from mkdocs.structure.toc import AnchorLink, TableOfContents

    def make(page):
        def original(config, files):
            log.append(page.markdown)
            page.content = f"<h2 id=\"一\">一</h2><p>{page.markdown}</p>"
            heading = AnchorLink("一", "一", 2)
            heading.children = [AnchorLink("（一）", "（一）", 3)]
            page.toc = TableOfContents([heading])
            page._title_from_render = None
            page.present_anchor_ids = {"一", "p-1"}
            page.links_to_anchors = {page.file: {"一": "#一"}}
        return original
    return make


def test_a_speech_converted_once_is_restored_whole(build):
    log = []
    make = _converter(log)
    first = _page()
    pages.render(first, make(first), None, None)
    build()
    again = _page()
    pages.render(again, make(again), None, None)
    assert log == ["正文"]
    assert again.content == first.content and again.present_anchor_ids == {"一", "p-1"}
    assert [(i.title, i.id, i.level, [c.id for c in i.children]) for i in again.toc] == [("一", "一", 2, ["（一）"])]
    assert again.links_to_anchors == {again.file: {"一": "#一"}}


def test_new_text_or_kind_is_converted_again(build):
    log = []
    make = _converter(log)
    for markdown, kind in (("正文", "speech"), ("正文", "speech"), ("改过的正文", "speech"), ("正文", None)):
        page = _page(markdown=markdown, kind=kind)
        pages.render(page, make(page), None, None)
        build()
    assert log == ["正文", "改过的正文", "正文"]


def test_markdown_that_may_link_is_always_converted(build):
    log = []
    make = _converter(log)
    for _ in range(2):
        page = _page(markdown="见[通知](../notices/a.md)")
        pages.render(page, make(page), None, None)
        build()
    assert len(log) == 2


def test_a_page_linking_another_files_anchor_is_not_kept(build):
    log = []

    def make(page):
        def original(config, files):
            log.append(1)
            page.content, page.toc, page.present_anchor_ids = "<p>x</p>", [], set()
            page.links_to_anchors = {_File("other.md"): {"a": "other.md#a"}}
        return original
    for _ in range(2):
        page = _page(markdown="plain")
        pages.render(page, make(page), None, None)
        build()
    assert log == [1, 1]


TEMPLATES = {
    "speech.html": '{% extends "main.html" %}{% block body %}<a href="{{ page.file.src_uri | year_page }}">'
                   '{{ page.meta.title }}</a>{{ page.content }}<p>{{ page.url }} {{ page.sm_note }}</p>'
                   '{% endblock %}',
    "main.html": "<nav>{{ config.extra.site }}</nav>{% block body %}{% endblock %}",
}


def _env(year_pages, log):
    env = jinja2.Environment(loader=jinja2.DictLoader(TEMPLATES), autoescape=True)

    def year_page(src):
        log.append(src)
        return year_pages.get(src)
    env.filters["year_page"] = year_page
    return env


def _render(env, page, extra):
    config = SimpleNamespace(extra=extra)
    pages.wrap_templates(env, config)
    return env.get_template("speech.html").render({"page": page, "config": config})


def _speech(**changes):
    page = _page(title="讲话")
    page.content = "<p>正文</p>"
    for k, v in changes.items():
        setattr(page, k, v)
    return page


def test_a_speech_page_is_rendered_once_while_its_inputs_hold(build):
    calls, plan = [], {"speeches/2024/a.md": "library/2024.md"}
    html = _render(_env(plan, calls), _speech(), {"site": "站"})
    build()
    assert _render(_env(plan, calls), _speech(), {"site": "站"}) == html
    # The second build checked the recorded filter call, it did not render the page again.
    assert calls == ["speeches/2024/a.md", "speeches/2024/a.md"]
    assert 'href="library/2024.md"' in html and "<nav>站</nav>" in html


def test_a_changed_filter_answer_renders_the_page_again(build):
    calls = []
    _render(_env({"speeches/2024/a.md": "library/2024.md"}, calls), _speech(), {})
    build()
    html = _render(_env({"speeches/2024/a.md": "library/2024-2.md"}, calls), _speech(), {})
    assert 'href="library/2024-2.md"' in html    # the speech moved to the year's second page


@pytest.mark.parametrize("change", [
    {"content": "<p>新正文</p>"}, {"meta": {"kind": "speech", "title": "新标题"}}, {"url": "speeches/b/"},
    {"sm_note": {"source": "新来源"}},
])
def test_anything_of_the_page_the_template_shows_renders_it_again(build, change):
    plan = {"speeches/2024/a.md": "y"}
    before = _render(_env(plan, []), _speech(), {})
    build()
    after = _render(_env(plan, []), _speech(**change), {})
    fresh = jinja2.Environment(loader=jinja2.DictLoader(TEMPLATES), autoescape=True)
    fresh.filters["year_page"] = plan.get
    page = _speech(**change)
    assert after == fresh.get_template("speech.html").render({"page": page, "config": SimpleNamespace(extra={})})
    if "content" in change or "meta" in change:
        assert after != before


def test_extra_and_the_navigation_are_in_the_key_but_not_the_home_pages_lists(build):
    plan = {"speeches/2024/a.md": "y"}
    _render(_env(plan, []), _speech(), {"site": "站", "latest_speeches": [1]})
    build()
    log = []
    env = _env(plan, log)
    assert "<nav>新站</nav>" in _render(env, _speech(), {"site": "新站", "latest_speeches": [1]})
    build(nav=SimpleNamespace(items=[SimpleNamespace(title="首页", url="", children=None)]))
    html = _render(_env(plan, log), _speech(), {"site": "新站", "latest_speeches": [2]})
    assert "<nav>新站</nav>" in html and len(log) == 2     # new navigation: rendered again (2 renders logged)


def test_other_pages_are_cached_with_all_of_extra_in_their_key(build):
    """The home page shows latest_speeches: reused while it holds, rendered again when a
    speech added changes it (a speech page is not: the test above)."""
    log = []
    env_templates = {**TEMPLATES, "home.html": "{{ config.extra.latest_speeches | shown }}|{{ page.content }}"}

    def render(latest, content="首页"):
        env = jinja2.Environment(loader=jinja2.DictLoader(env_templates), autoescape=True)
        env.filters["shown"] = lambda v: log.append(v) or ",".join(map(str, v))
        config = SimpleNamespace(extra={"site": "站", "latest_speeches": latest})
        pages.wrap_templates(env, config)
        page = _speech(file=_File("index.md"), content=content)
        return env.get_template("home.html").render({"page": page, "config": config})
    assert render([1]) == "1|首页"
    build()
    assert render([1]) == "1|首页" and log == [[1]]          # reused
    build()
    assert render([1, 2]) == "1,2|首页" and log == [[1], [1, 2]]
    build()
    assert render([1, 2], "新列表") == "1,2|新列表" and len(log) == 3


def _speech_templates() -> list[Path]:
    """The templates a speech page is made from: overrides/ (home.html and library.html are
    other pages' templates) and Material's own."""
    import material

    ours = [p for p in (paths.ROOT / "overrides").rglob("*.html") if p.name not in ("home.html", "library.html")]
    return ours + list((Path(material.__file__).parent / "templates").rglob("*.html"))


def test_values_left_out_of_the_key_are_named_by_no_template_a_speech_uses():
    found = {}
    for path in _speech_templates():
        text = path.read_text(encoding="utf-8")
        for key in pages.PAGE_INDEPENDENT_EXTRA:
            if re.search(rf"\b{key}\b", text):
                found.setdefault(key, []).append(path.name)
    assert found == {}
    home = (paths.ROOT / "overrides" / "home.html").read_text(encoding="utf-8")
    assert all(key in home for key in pages.PAGE_INDEPENDENT_EXTRA)   # the table names real keys



def test_the_site_filters_answers_are_never_compiled_into_a_kept_template(build):
    """Jinja folds a filter applied to a constant into the compiled code: no compiled code may
    outlive the build whose answers it carries (the offline edition has other URLs)."""
    answer = {"library/index.md": "library/"}
    templates = {"speech.html": "<a href=\"{{ 'library/index.md' | page_url }}\">{{ page.content }}</a>"}

    def render():
        env = jinja2.Environment(loader=jinja2.DictLoader(templates))
        env.filters["page_url"] = lambda src: answer[src]
        pages.wrap_templates(env, SimpleNamespace(extra={}))
        assert env.bytecode_cache is None
        return env.get_template("speech.html").render({"page": _speech(), "config": SimpleNamespace(extra={})})
    assert 'href="library/"' in render()
    build()
    answer["library/index.md"] = "library/index.html"      # the offline edition's URLs
    assert 'href="library/index.html"' in render()


def test_a_changed_template_global_of_the_hooks_renders_the_page_again(build):
    templates = {"speech.html": '<script src="{{ sm_early_js }}"></script>{{ page.content }}'}

    def render(name):
        env = jinja2.Environment(loader=jinja2.DictLoader(templates))
        env.globals["sm_early_js"] = name          # hook site_early: named after its content
        pages.wrap_templates(env, SimpleNamespace(extra={}))
        return env.get_template("speech.html").render({"page": _speech(), "config": SimpleNamespace(extra={})})
    assert "early.aaaa.min.js" in render("assets/early.aaaa.min.js")
    build()
    assert "early.bbbb.min.js" in render("assets/early.bbbb.min.js")
