"""The page work done once per page as it is rendered (issue 20) gives exactly what the
straightforward implementations gave (tests/publish/_page_reference.py), on generated HTML and
on the committed site's pages; and the names planned before rendering are the names the
renaming after the build gives."""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from safety_month.publish import csp, fingerprint, outside_refs, trim
from safety_month.theme.patches import A11Y_PATCHES, OFFLINE_PATCHES, SEARCH_PATCHES
from tests.hooks._fakes import theme_site
from tests.publish import _page_reference as ref

# Pieces of HTML that meet every branch: tags with quoted ">" and spaces, raw elements, comments,
# CR, tabs, form feeds, NUL (trim's separator), URLs with and without hosts, asset names.
PIECES = ["<div class='a  b'>", "</div>", "<p>", " ", "  ", "\n", "\r", "\r\n", "\t", "\f", "\x00", "安全",
          "<pre>  x\n  y</pre>", "<script>var a = '  <p>  ';</script>", "<SCRIPT src=x.js></SCRIPT >",
          "<style> a  >  b {} </style>", "<!--  c  -->", "<a title=\"x > y\" href='/a  b'>", "<a", ">", "'", '"',
          '<img src="https://evil.example/x.png">', "<link href=//cdn.example.org/a.css>",
          '<div style="background:url(http://x.example/a.png)">', '<img srcset="a.png 1x, https://e.example/b.png 2x">',
          "<img src='http:/\t/tab.example/'>", "bundle.0123abcd.min.js", "x-bundle.0123abcd.min.js",
          "bundle.0123abcd.min.js.map", "/bundle.0123abcd.min.js", "search.0123abcd.min.js"]
HTML = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
HOSTS = outside_refs.own_hosts_for("https://example.org/")


def _refs(text: str) -> list:
    return [(r.line, r.url, r.kind) for r in outside_refs.find_outside_refs(text, ".html", HOSTS)]


def _ref_refs(text: str) -> list:
    return [(outside_refs._line_of(text, pos), url, kind) for pos, url, kind in ref.html_refs(text)
            if outside_refs._is_outside(url, HOSTS)]


@settings(max_examples=400, deadline=None)
@given(HTML)
@example("a \r\n b<pre>  x  </pre>  \r  c")
@example("x\x00  y <b>  </b>\n\n z")
def test_trim_scan_and_rename_equal_the_reference(html):
    assert trim.collapse_whitespace(html) == ref.collapse_whitespace(html)
    assert _refs(html) == _ref_refs(html)
    names = {"bundle.0123abcd.min.js": "bundle.89abcdef.min.js", "search.0123abcd.min.js": "search.7654abcd.min.js"}
    assert fingerprint.rewrite_text(html, names) == ref.rewrite_names(html, names)


@settings(max_examples=200, deadline=None)
@given(HTML)
def test_tag_pattern_finds_the_same_tags_as_the_plain_one(html):
    spans = [(m.span(), m.groups()) for m in ref.TAG.finditer(html)]
    assert [(m.span(), m.groups()) for m in csp._TAG.finditer(html)] == spans
    assert [(m.span(), m.groups()) for m in outside_refs._TAG.finditer(html)] == spans


def test_on_the_built_pages_of_the_site(built_site):
    for page in sorted(built_site.rglob("*.html"))[:80]:
        html = page.read_text(encoding="utf-8")
        assert trim.collapse_whitespace(html) == ref.collapse_whitespace(html), page
        assert _refs(html) == _ref_refs(html), page


def test_the_planned_names_are_the_names_the_build_gives(tmp_path):
    theme, site = tmp_path / "theme", tmp_path / "site"
    patches = OFFLINE_PATCHES + A11Y_PATCHES + SEARCH_PATCHES
    theme_site(theme, patches)
    theme_site(site, patches)
    (theme / "assets" / "untouched.0123abcd.min.css").write_text("a{}", encoding="utf-8")
    plan = fingerprint.planned_renames([theme], patches)
    from safety_month.theme.patching import apply_patches
    apply_patches(site, patches)
    renames = fingerprint.rename_changed(site, [theme])
    assert plan == {Path(r.old).name: Path(r.new).name for r in renames} and len(plan) == 2
    assert fingerprint.correction(plan, renames) == {}
    assert fingerprint.correction({}, renames) == {Path(r.old).name: Path(r.new).name for r in renames}


def test_a_page_with_policy_is_what_apply_wrote(tmp_path):
    page = ("<!doctype html><html><head><meta charset=\"utf-8\"><script>var a = 1;</script></head>"
            "<body><p style=\"color: red\">x</p></body></html>")
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    csp.apply(tmp_path)
    text, inventory = csp.page_with_policy(page, "index.html")
    assert text == (tmp_path / "index.html").read_text(encoding="utf-8")
    assert inventory == csp.inventory_of(page, "index.html")
