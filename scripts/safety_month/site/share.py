"""Sharing a page: its public address, and a QR code of it made at build time (segno, the
well-kept QR library: inline SVG, no image file, no request, no JavaScript).

    public_url(canonical_url) -> str | None
    qr_svg(url) -> str

The address is known only when the site is built for its public address (SITE_URL, see
deploy/README.md): a build for 127.0.0.1 or without site_url gets no QR code (a code pointing
at the editor's own machine would send a reader nowhere).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from urllib.parse import urlsplit

import segno

# Hosts that only mean "this machine": no QR code for them.
_LOCAL_NAMES = {"localhost", "localhost.localdomain"}
# Error correction M (15 %): survives a smudged print, still a small code for a page address.
QR_ERROR = "m"
QR_TITLE = "本页地址的二维码"


# Pure, and asked again for every page on every save of the live preview: remembered (a
# 3,000-page site is well inside the bound; beyond it the least recent go).
@lru_cache(maxsize=32768)
def public_url(canonical_url: str | None) -> str | None:
    if not canonical_url:
        return None
    try:
        parts = urlsplit(canonical_url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host or host in _LOCAL_NAMES:
        return None
    try:
        if ipaddress.ip_address(host).is_loopback:
            return None
    except ValueError:
        pass                                   # a name, not an address
    return canonical_url


@lru_cache(maxsize=4096)
def qr_svg(url: str) -> str:
    """An inline SVG of url's QR code, sized by CSS (viewBox only), named for screen readers."""
    svg = segno.make(url, error=QR_ERROR).svg_inline(
        scale=1, border=2, svgclass="sm-qr__code", lineclass=None, omitsize=True, title=QR_TITLE)
    return svg.replace("<svg ", '<svg role="img" ', 1)
