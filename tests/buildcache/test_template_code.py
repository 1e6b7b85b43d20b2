"""Compiled templates kept in the page cache (buildcache.template_code): a second build loads
them instead of compiling, renders the same text, and a template whose source changed is
compiled again; without a build's cache nothing is kept."""

from __future__ import annotations

import jinja2

from safety_month.buildcache import memo
from safety_month.buildcache.template_code import TemplateCode


def _env(folder, compiled):
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), bytecode_cache=TemplateCode())
    compile_ = env.compile

    def counting(*args, **kwargs):
        compiled.append(args[1] if len(args) > 1 else kwargs.get("name"))
        return compile_(*args, **kwargs)
    env.compile = counting
    return env


def test_a_second_build_loads_compiled_templates_and_a_changed_one_is_compiled_again(build, tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.html").write_text("{% for x in items %}<li>{{ x }}</li>{% endfor %}", encoding="utf-8")
    (folder / "base.html").write_text("<p>{{ title }}</p>", encoding="utf-8")
    compiled: list = []
    env = _env(folder, compiled)
    first = env.get_template("page.html").render(items=[1, 2]), env.get_template("base.html").render(title="安全")
    assert sorted(compiled) == ["base.html", "page.html"]
    build()

    compiled.clear()
    env = _env(folder, compiled)
    again = env.get_template("page.html").render(items=[1, 2]), env.get_template("base.html").render(title="安全")
    assert compiled == [] and again == first == ("<li>1</li><li>2</li>", "<p>安全</p>")

    (folder / "base.html").write_text("<h1>{{ title }}</h1>", encoding="utf-8")
    env = _env(folder, compiled)
    assert env.get_template("base.html").render(title="安全") == "<h1>安全</h1>"
    assert compiled == ["base.html"]


def test_without_a_build_cache_templates_are_compiled_each_time(tmp_path):
    (tmp_path / "t.html").write_text("{{ 1 + 1 }}", encoding="utf-8")
    compiled: list = []
    for _ in range(2):
        assert _env(tmp_path, compiled).get_template("t.html").render() == "2"
    assert compiled == ["t.html", "t.html"]
    assert not memo.active()
