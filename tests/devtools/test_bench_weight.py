"""devtools.bench_weight: the speech page's weight outside its text, on tiny handmade pages."""

from __future__ import annotations

import gzip

import pytest

from devtools import bench_weight as bw

TEXT = '<p id="p-1">' + "各单位要认真落实安全生产责任。" * 20 + "</p>\n<h2>一、总体要求</h2>"
PAGE = ('<!doctype html>\n<html lang="zh"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'
        '<meta name="description" content="讲话"><link rel="stylesheet" href="a.css">'
        '<title>讲话</title><script>var a=1;</script></head><body>'
        '<header class="md-header"><svg class="sm-i"></svg>站点</header>'
        '<article><div class="sm-speech-body">' + TEXT + '</div>'
        '<aside class="sm-provenance"><p>来源</p></aside></article>'
        '<footer class="md-footer">版权</footer><script src="b.js"></script></body></html>').encode()


def test_outside_text_removes_only_the_body_blocks_content():
    rest = bw.outside_text(PAGE)
    assert rest == PAGE.replace(TEXT.encode(), b"")
    assert b'<div class="sm-speech-body"></div><aside class="sm-provenance">' in rest
    assert bw.outside_text_gzip(PAGE) == len(gzip.compress(rest, 6, mtime=0))
    assert bw.speech_text(PAGE).startswith(b'<div class="sm-speech-body"><p id="p-1">')


def test_pages_without_a_speech_body_have_no_figure():
    assert bw.outside_text(b"<html><body><p>x</p></body></html>") is None
    assert bw.outside_text_gzip(b'<div class="sm-speech-body"><p>no provenance after</p></div>') is None
    with pytest.raises(ValueError, match="not a speech page"):
        bw.breakdown(b"<p>x</p>")


def test_breakdown_names_each_part_and_adds_up():
    rows = bw.breakdown(PAGE)
    by = {label: (raw, gz) for label, raw, gz in rows}
    assert [label for label, _, _ in rows] == [label for label, _ in bw.PARTS] + [rows[-1][0]]
    assert by["CSP <meta>"][0] == len("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">")
    assert by["inline SVG icons"][0] == len('<svg class="sm-i"></svg>')
    assert by["script tags with src"][0] == len('<script src="b.js"></script>')
    assert by["other inline scripts"][0] == len("<script>var a=1;</script>")
    assert by["provenance note"][0] == len('<aside class="sm-provenance"><p>来源</p></aside>'.encode())
    assert by["tabs"] == (0, 0) and by["search dialog"] == (0, 0)       # absent parts weigh nothing
    assert all(gz > 0 for label, raw, gz in rows if raw > 0 and label != "<title>")
    # the rows add up to the page without its text as lxml writes it back
    import lxml.html

    whole = bw._serialise(lxml.html.document_fromstring(bw.outside_text(PAGE)))
    assert sum(raw for _, raw, _ in rows) == len(whole)
    assert sum(gz for _, _, gz in rows) == bw.gzip_size(whole)
    assert "total" in bw.format_breakdown(rows).splitlines()[-1]


def test_chinese_links_are_counted_as_the_page_writes_them_not_percent_encoded():
    outline = '<nav class="sm-outline"><ol><li><a href="#一总体要求">一、总体要求</a></li></ol></nav>'
    page = PAGE.replace(b'<div class="sm-speech-body">', outline.encode() + b'<div class="sm-speech-body">')
    by = {label: raw for label, raw, _ in bw.breakdown(page)}
    assert by["outline 提纲 (links to the headings' anchors)"] == len(outline.encode())
    import lxml.html

    tree = lxml.html.document_fromstring('<p><a href="#一&amp;二" title="甲">x</a></p>')
    assert b'href="#\xe4\xb8\x80&amp;\xe4\xba\x8c" title="\xe7\x94\xb2"' in bw._serialise(tree)
    assert tree.xpath("//a")[0].get("href") == "#一&二"     # the tree itself is left as it was


def test_command_prints_the_figure_and_refuses_other_pages(tmp_path, capsys):
    page = tmp_path / "index.html"
    page.write_bytes(PAGE)
    assert bw.main([str(page)]) == 0
    out = capsys.readouterr().out
    assert f"outside the speech text {bw.outside_text_gzip(PAGE):,} B gzip" in out and "CSP <meta>" in out
    other = tmp_path / "other.html"
    other.write_bytes(b"<p>x</p>")
    assert bw.main([str(other)]) == 1
    assert "not a speech page" in capsys.readouterr().err
