"""safety_month.site.share: a QR code only for a public address, made by segno as inline SVG
that names itself for screen readers and is sized by CSS."""

from __future__ import annotations

import re

from safety_month.site import share


def test_only_a_public_address_gets_a_code():
    assert share.public_url("https://example.org/anquan/speeches/x/") == "https://example.org/anquan/speeches/x/"
    assert share.public_url("http://10.1.2.3/anquan/") == "http://10.1.2.3/anquan/"      # an intranet
    for local in ("http://127.0.0.1:8000/x/", "http://localhost:8000/", "http://[::1]/", None, "",
                  "file:///tmp/site/index.html", "http://[bad", "https:///nohost"):
        assert share.public_url(local) is None, local


def test_the_code_is_inline_svg_named_and_sized_by_css():
    svg = share.qr_svg("https://example.org/anquan/")
    assert svg.startswith('<svg role="img" viewBox="0 0 ')
    assert f"<title>{share.QR_TITLE}</title>" in svg and 'class="sm-qr__code"' in svg
    assert not re.search(r"\b(width|height)=", svg) and "<script" not in svg and "http" not in svg
    other = share.qr_svg("https://example.org/anquan/library/")
    assert other != svg
