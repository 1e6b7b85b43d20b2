"""URL names (slugs) of tag pages: 消防安全 -> xiao-fang-an-quan (tags/xiao-fang-an-quan/).

Pure functions. A slug is ASCII [a-z0-9-] only, so a tag page's address is the same on any
server, in any zip tool and on file:// (no percent-encoded Chinese folder names), and can never
climb out of tags/ whatever the tag holds ("../", "/", "<", spaces …).

Stable: a tag's slug is a function of the tag text alone (pypinyin's readings, pinned in
requirements.lock; tests/site/test_tag_slugs.py fails if an upgrade changes the vocabulary's
slugs), except when two tags of the site would share one: then each of them gets a suffix
made from its own text's hash, so neither can take the other's page and a tag's address does
not depend on the order tags were added in.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Callable, Iterable

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# A slug longer than this is cut (a tag may be a whole sentence); the cut slug gets the hash.
MAX_LEN = 48


def _pinyin(text: str) -> list[str]:
    from pypinyin import lazy_pinyin   # imported on first use: loading its tables takes ~0.3 s
    return lazy_pinyin(text, errors=lambda chars: [chars])   # a run of non-Han text stays one word


def _hash(tag: str, n: int = 8) -> str:
    return hashlib.sha256(tag.encode("utf-8")).hexdigest()[:n]


def base_slug(tag: str) -> str:
    """The readable slug of one tag, without regard to other tags: pinyin syllables and ASCII
    words joined by '-'. A tag with nothing readable (only symbols), a cut one, or one made
    of digits only (which could be mistaken for a page number, tags/2/) gets its hash."""
    text = unicodedata.normalize("NFKC", tag).lower()
    words = [w for part in _pinyin(text) for w in _NOT_SLUG.split(part.lower()) if w]
    slug = "-".join(words)
    if len(slug) > MAX_LEN:
        slug = slug[:MAX_LEN].rstrip("-") + "-" + _hash(tag)
    if not slug:
        return "tag-" + _hash(tag)
    if slug.replace("-", "").isdigit():
        return "t-" + slug
    return slug


def slugs(tags: Iterable[str], base_of: Callable[[str], str] = base_slug) -> dict[str, str]:
    """{tag: slug} for the site's tags, every slug different from every other (base_of:
    base_slug, or what answers the same: the build's page cache keeps them).

    Tags whose readable slugs coincide (homophones: 防汛 / 防讯; 'A' / 'a') each get
    '-<8 hex of sha256 of the tag>'; should even those meet, the whole hash is used."""
    distinct = sorted(set(tags))
    base = {t: base_of(t) for t in distinct}
    count: dict[str, int] = {}
    for s in base.values():
        count[s] = count.get(s, 0) + 1
    out = {t: (s if count[s] == 1 else f"{s}-{_hash(t)}") for t, s in base.items()}
    taken: dict[str, int] = {}
    for s in out.values():
        taken[s] = taken.get(s, 0) + 1
    return {t: (s if taken[s] == 1 else f"{base[t]}-{_hash(t, 64)}") for t, s in out.items()}
