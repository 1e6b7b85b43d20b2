import base64
import hashlib

import pytest

from safety_month.publish import csp


def _h(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


PAGE = """<!doctype html><html><head><meta charset="utf-8">
<script>var a=1</script>
<script src="x.js"></script>
<script id="__config" type="application/json">{"a": 1}</script>
<script type="application/ld+json">{"@type": "WebSite"}</script>
<script type="module">import "./m.js"</script>
<style>p{color:red}</style>
<!-- <script>not run</script> -->
</head><body><th style="text-align: center;">x</th><p>"style=" in text</p></body></html>"""


def test_hash_source_matches_the_browser_and_normalizes_newlines():
    assert csp.hash_source("var a=1") == _h("var a=1")
    assert csp.hash_source("a\r\nb") == csp.hash_source("a\nb") == _h("a\nb")
    # The well-known hash of an empty inline script (sha256 of nothing).
    assert csp.hash_source("") == "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"


def test_inventory_hashes_executable_inline_code_only():
    inv = csp.inventory_of(PAGE, "index.html")
    assert inv.scripts == {_h("var a=1"), _h('import "./m.js"')}
    assert inv.styles == {_h("p{color:red}")}
    assert inv.style_attrs == {_h("text-align: center;")}
    assert inv.problems == []


@pytest.mark.parametrize("markup, what", [
    ('<button onclick="go()">x</button>', "onclick="),
    ('<a href="javascript:go()">x</a>', "javascript: URL"),
    ('<a href="JavaScript&colon;go()">x</a>', "javascript: URL"),
])
def test_inline_handlers_are_problems(markup, what):
    inv = csp.inventory_of(f"<p>{markup}</p>", "a/index.html")
    assert len(inv.problems) == 1 and what in inv.problems[0] and "a/index.html" in inv.problems[0]


def test_policy_lists_hashes_and_never_unsafe_inline():
    inv = csp.inventory_of(PAGE)
    header = csp.build_policy(inv)
    meta = csp.build_policy(inv, header=False)
    assert header.startswith("default-src 'none'; script-src 'self' 'sha256-")
    assert "'unsafe-inline'" not in header and "'unsafe-eval'" not in header
    assert "style-src-attr 'unsafe-hashes' " + _h("text-align: center;") in header
    assert "frame-ancestors 'self'" in header and "frame-ancestors" not in meta
    assert "object-src 'none'" in meta
    # No style attributes: no style-src-attr, so attributes fall back to style-src 'self'.
    assert "style-src-attr" not in csp.build_policy(csp.inventory_of("<script>x</script>"))


def test_meta_goes_right_after_charset_once():
    page = '<html><head>\n<meta charset="utf-8">\n<title>t</title><script>x</script>'
    once = csp.with_meta(page, "default-src 'none'")
    twice = csp.with_meta(once, "default-src 'self'")
    assert twice.count("Content-Security-Policy") == 1
    assert twice.index("Content-Security-Policy") < twice.index("<title>")
    assert "default-src 'self'" in twice
    with pytest.raises(csp.CspError):
        csp.with_meta("<html><head></head>", "x")


def test_apply_writes_nginx_snippet_text_and_meta(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "index.html").write_text('<meta charset="utf-8"><script>a()</script>', encoding="utf-8")
    (tmp_path / "sub" / "index.html").write_text('<meta charset="utf-8"><script>b()</script>', encoding="utf-8")
    policy = csp.apply(tmp_path)
    assert _h("a()") in policy and _h("b()") in policy
    snippet = (tmp_path / "_deploy" / "csp.nginx.conf").read_text(encoding="utf-8")
    assert f'add_header Content-Security-Policy "{policy}" always;' in snippet
    assert (tmp_path / "_deploy" / "csp.txt").read_text(encoding="utf-8") == policy + "\n"
    page = (tmp_path / "sub" / "index.html").read_text(encoding="utf-8")
    # The meta policy of a page allows that page's own inline code only.
    assert _h("b()") in page and _h("a()") not in page and "frame-ancestors" not in page
    home = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert _h("a()") in home and _h("b()") not in home


def test_apply_refuses_inline_handlers(tmp_path):
    (tmp_path / "index.html").write_text('<meta charset="utf-8"><body onload="x()">', encoding="utf-8")
    with pytest.raises(csp.CspError, match="onload="):
        csp.apply(tmp_path)
    assert not (tmp_path / "_deploy").exists()


def test_apply_without_meta_leaves_pages_alone(tmp_path):
    text = '<meta charset="utf-8"><script>a()</script>'
    (tmp_path / "index.html").write_text(text, encoding="utf-8")
    csp.apply(tmp_path, meta=False)
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == text
