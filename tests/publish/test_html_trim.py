"""safety_month.publish.trim: whitespace collapse that leaves rendering and raw elements alone."""

from __future__ import annotations

from hypothesis import given, strategies as st

from safety_month.publish.trim import collapse_whitespace


def test_collapses_indentation_between_tags():
    html = "<div>\n      <p>一</p>\n\n    <p>二  三</p>\t\t</div>"
    assert collapse_whitespace(html) == "<div>\n<p>一</p>\n<p>二 三</p> </div>"


def test_keeps_pre_textarea_script_style_and_comments_verbatim():
    raw = [
        '<pre><code>a\n    b   c\n</code></pre>',
        "<PRE class='x'>  keep\n\n  me</PRE>",
        "<textarea name=t>\n  line one\n\n  line two</textarea>",
        '<script>var s = "<p>   </p>";\n  if (a  <  b) {}</script>',
        '<script id="__config" type="application/json">{"a":  "b  c"}</script>',
        "<style>\n  a  >  b { color: red }\n</style>",
        "<!--  a   comment\n\n -->",
    ]
    for block in raw:
        html = f"<div>\n   {block}\n   </div>"
        assert collapse_whitespace(html) == f"<div>\n{block}\n</div>"


def test_keeps_attribute_values_even_with_angle_brackets_and_spaces():
    tag = '<meta content="a  >  b\n  c" data-x=\'p   > q\'>'
    assert collapse_whitespace(f"  {tag}  x  ") == f" {tag} x "


def test_single_spaces_and_cjk_text_are_untouched():
    html = '<p id="p-1">安全生产月 是 <strong>一是</strong> 全国 活动。</p>'
    assert collapse_whitespace(html) == html


def test_bare_less_than_in_text_is_just_text():
    assert collapse_whitespace("<p>a  <  b   and 3 < 4</p>") == "<p>a < b and 3 < 4</p>"


_pieces = st.lists(st.sampled_from([
    "<div>", "</div>", "<p class='a  b'>", "</p>", "<pre>", "</pre>", "<script>", "</script>",
    "  ", "\n    ", "\t", "文字", "a", "<", ">", '"', "<!--", "-->", "<br/>",
]), max_size=40)


@given(_pieces)
def test_idempotent_and_only_removes_whitespace(parts):
    html = "".join(parts)
    once = collapse_whitespace(html)
    assert collapse_whitespace(once) == once
    assert "".join(once.split()) == "".join(html.split())
    assert len(once) <= len(html)
