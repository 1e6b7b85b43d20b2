from safety_month.publish.outside_refs import find_outside_refs, host_of, own_hosts_for

OWN = own_hosts_for("https://example.org/anquan/")


def test_script_from_cdn_is_reported():
    refs = find_outside_refs('<p>x</p>\n<script src="https://unpkg.com/x.js"></script>', ".html", OWN)
    assert [(r.line, r.url) for r in refs] == [(2, "https://unpkg.com/x.js")]


def test_stylesheet_link_and_protocol_relative_are_reported():
    html = '<link rel="stylesheet" href="//fonts.googleapis.com/css?family=Noto">'
    assert [r.url for r in find_outside_refs(html, ".html", OWN)] == ["//fonts.googleapis.com/css?family=Noto"]


def test_plain_links_and_own_host_are_allowed():
    html = ('<a href="https://www.gov.cn/">政府网</a><img src="https://example.org/anquan/a.png">'
            '<img src="../assets/a.png"><svg xmlns="http://www.w3.org/2000/svg"></svg>')
    assert find_outside_refs(html, ".html", OWN) == []


def test_srcset_and_inline_style_and_css():
    html = '<img srcset="a.png 1x, https://cdn.example.com/b.png 2x"><div style="background:url(https://x.cn/y.png)">'
    assert sorted(r.url for r in find_outside_refs(html, ".html", OWN)) == [
        "https://cdn.example.com/b.png", "https://x.cn/y.png"]
    css = "@import 'https://fonts.googleapis.com/css';\nbody{background:url(\"data:image/png;base64,xx\")}"
    assert [r.url for r in find_outside_refs(css, ".css", OWN)] == ["https://fonts.googleapis.com/css"]


def test_urls_in_javascript_strings():
    js = 'let a="https://unpkg.com/mermaid";let b=`https://api.github.com/repos/${e}`;let c="./x.js"'
    assert [r.url for r in find_outside_refs(js, ".js", OWN)] == [
        "https://unpkg.com/mermaid", "https://api.github.com/repos/${e}"]


def test_host_of():
    assert host_of("//a.b.cn/x") == "a.b.cn"
    assert host_of("data:text/plain,x") is None
    assert host_of("/local") is None
