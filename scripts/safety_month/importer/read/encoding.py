"""Bytes -> str for text-like sources (.txt and saved web pages), decided conservatively.

Order: a byte-order mark wins; then strict UTF-8; then a declared charset (HTML <meta>) if
it decodes cleanly and looks like Chinese; then charset-normalizer restricted to the
encodings Chinese speeches actually arrive in. Every guess other than UTF-8 must decode
strictly, contain CJK text, no U+FFFD, no private-use or unassigned characters and almost
nothing outside the scripts a Chinese speech uses; otherwise the file is refused rather
than imported as mojibake.

A file that is clearly one encoding except for a few bytes (a byte damaged in UTF-8, a GBK
file cut in the middle of a character) is not refused: decode_marked() gives the text with
each undecodable spot marked, and the reader shows it as "□" and lists its line for review.
"Clearly": at most MAX_BAD_SPOTS spots (more for a long file), the rest reads as Chinese, and
hardly any rare characters (mojibake is full of them). The same test takes a GB18030 or Big5
file without any bad byte that charset-normalizer did not recognise (a text of few distinct
characters). A file that is not is refused with the line and byte of its first undecodable
spot.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from typing import NamedTuple

import charset_normalizer

from safety_month.text.chinese import CJK as _CJK, looks_chinese  # noqa: F401 (re-exported)

from ..errors import SourceError

SUPPORTED = "UTF-8、GB18030/GBK/GB2312、Big5、UTF-16"

# (bom, codec used to decode, label reported). UTF-32 before UTF-16: FF FE 00 00 starts both.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)

# charset-normalizer looks only at these (faster, and no Korean/Japanese false friends).
_DETECT_ONLY = ["utf_8", "gb18030", "big5", "big5hkscs", "cp950",
                "utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be"]

# Python codec name -> codec we decode with: supersets first (GB18030 contains GBK contains
# GB2312; Big5-HKSCS contains Big5).
_PREFERRED = {
    "gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "hz": None,
    "big5": "big5hkscs", "cp950": "cp950", "big5hkscs": "big5hkscs",
    "utf-8": "utf-8", "utf-16-le": "utf-16-le", "utf-16-be": "utf-16-be",
    "utf-16": "utf-16", "utf-32-le": "utf-32-le", "utf-32-be": "utf-32-be", "utf-32": "utf-32",
}

# A stretch of this many NULs suggests UTF-16/32 text without a byte-order mark.
_NUL_SHARE_FOR_WIDE = 0.2
# "A few bytes": at most this many undecodable spots (runs of bad bytes), or one per
# BYTES_PER_BAD_SPOT bytes in a long file, and at most MAX_BAD_BYTES bad bytes in all (or one
# per BYTES_PER_BAD_BYTE). A damaged copy has one or two spots of a byte or two.
MAX_BAD_SPOTS = 8
BYTES_PER_BAD_SPOT = 10_000
MAX_BAD_BYTES = 32
BYTES_PER_BAD_BYTE = 1_000
# Share of rare characters (jieba's dictionary frequency below 30, as script.yml's
# rare_char_max_freq; traditional text simplified first) a partly decoded text may hold: a
# speech has well under 1 %, text read in the wrong encoding a large share.
MAX_RARE_SHARE = 0.02
# Where a spot was: a character the decoded text does not hold (checked), replaced by the
# reader once it knows the spot's line. First 〓 (U+3013 GETA MARK, the typesetters' mark for
# a character that cannot be set): text extraction from a web page keeps it, while it drops
# private-use characters.
_MARKERS = "\u3013\ue0ff\ue0fe\ue0fd"
_ESCAPED = re.compile("[\udc80-\udcff]+")


def canonical_codec(name: str | None) -> str | None:
    """The codec we decode a declared or detected charset with, or None if unsupported."""
    if not name:
        return None
    try:
        base = codecs.lookup(name.strip().strip("'\"")).name
    except (LookupError, ValueError):
        return None
    return _PREFERRED.get(base)


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bytes(data: bytes, path: str, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data``; return (text, encoding label). Raises SourceError when unsure."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            text = _strict(data, codec)
            if text is None:
                raise SourceError(path, f"文件以 {label} 字节序标记开头，但内容无法按 {label} 解码"
                                        f"（invalid {label} after byte-order mark）")
            return text.lstrip("\ufeff"), label

    # Valid UTF-8 with real content is almost never anything else, whatever a page declares.
    text = _strict(data, "utf-8")
    if text is not None and text.count("\x00") <= _NUL_SHARE_FOR_WIDE * len(text):
        return text, "utf-8"

    codec = canonical_codec(declared)
    if codec and codec != "utf-8":
        declared_text = _strict(data, codec)
        if declared_text is not None and looks_chinese(declared_text):
            return declared_text, codec

    for match in charset_normalizer.from_bytes(data, cp_isolation=_DETECT_ONLY):
        codec = canonical_codec(match.encoding)
        if not codec or codec == "utf-8":
            continue
        candidate = _strict(data, codec)
        if candidate is not None and looks_chinese(candidate):
            return candidate, codec

    if text is not None:  # UTF-8 with many NULs and no better reading: NULs are removed later
        return text, "utf-8"
    raise undecodable(data, path)


class Marked(NamedTuple):
    """A decoded text whose undecodable spots are marked."""

    text: str
    encoding: str
    marker: str | None     # the character standing for each spot (None: there are none)
    spots: int


def decode_marked(data: bytes, path: str, declared: str | None = None) -> Marked:
    """decode_bytes(), or, for a file that is clearly one encoding except for a few bytes,
    the text with each undecodable spot (a run of bad bytes) replaced by Marked.marker.
    Raises SourceError (with the place of the first bad byte) when neither."""
    try:
        text, label = decode_bytes(data, path, declared)
    except SourceError as refused:
        partial = _partial(data, declared)
        if partial is None:
            raise refused
        return partial
    return Marked(text, label, None, 0)


def _candidates(data: bytes, declared: str | None) -> list[tuple[str, str, int]]:
    """(codec, label, bytes to skip) to try for a partial reading, most likely first."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return [(label if codec == "utf-16" or codec == "utf-32" else codec, label, len(bom))]
    out = [("utf-8", "utf-8", 0)]
    codec = canonical_codec(declared)
    if codec and codec != "utf-8":
        out.append((codec, codec, 0))
    out += [(c, c, 0) for c in ("gb18030", "big5hkscs") if c != codec]
    return out


def _partial(data: bytes, declared: str | None) -> Marked | None:
    allowed = max(MAX_BAD_SPOTS, len(data) // BYTES_PER_BAD_SPOT)
    allowed_bytes = max(MAX_BAD_BYTES, len(data) // BYTES_PER_BAD_BYTE)
    for codec, label, skip in _candidates(data, declared):
        try:
            text = data[skip:].decode(codec, "surrogateescape")
        except (LookupError, UnicodeDecodeError):
            continue
        runs = _ESCAPED.findall(text)
        spots = len(runs)
        # (no spot at all: a Chinese encoding that charset-normalizer did not propose, taken
        # when it reads as clearly as a partly damaged file must; never UTF-8, tried before)
        if spots > allowed or sum(map(len, runs)) > allowed_bytes or (spots == 0 and codec == "utf-8"):
            continue
        marker = next((m for m in _MARKERS if m not in text), None)
        if marker is None:
            continue
        shown = _ESCAPED.sub("□", text) if spots else text
        if looks_chinese(shown) and _rare_share(shown) <= MAX_RARE_SHARE:
            if not spots:
                return Marked(text.lstrip("\ufeff"), label, None, 0)
            return Marked(_ESCAPED.sub(marker, text).lstrip("\ufeff"), label, marker, spots)
    return None


def _rare_share(text: str) -> float:
    """Share of the CJK characters of text that are rare (see MAX_RARE_SHARE)."""
    from ..clean.freq import char_freq
    from ..clean.t2s import to_simplified

    cjk = "".join(_CJK.findall(text))
    if not cjk:
        return 1.0
    simplified = to_simplified(cjk)
    rare = sum(1 for ch in simplified if char_freq(ch) < _RARE_FREQ)
    return rare / len(simplified)


_RARE_FREQ = 30


def undecodable(data: bytes, path: str) -> SourceError:
    """The refusal of a file no encoding reads, with the place of its first undecodable byte
    under the likelier reading: UTF-8 when it has at least as many well-formed multi-byte
    characters as bad bytes (a GBK file read as UTF-8 has almost none), else GB18030. Both keep
    ASCII, so the line count is the file's."""
    utf8 = data.decode("utf-8", "surrogateescape")
    bad = sum(map(len, _ESCAPED.findall(utf8)))
    wide = sum(1 for ch in utf8 if ch > "\x7f") - bad
    codec = "utf-8" if wide >= bad else "gb18030"
    text = utf8 if codec == "utf-8" else data.decode(codec, "surrogateescape")
    try:
        data.decode(codec)
    except UnicodeDecodeError as exc:
        offset = exc.start
    else:
        return SourceError(path, f"不是中文文本：按 {codec.upper()} 能读出，但内容不像中文（乱码或不是文本；"
                                 f"not Chinese text; 支持 {SUPPORTED}）")
    bad = sum(map(len, _ESCAPED.findall(text)))
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    name = "UTF-8" if codec == "utf-8" else "GB18030"
    return SourceError(path, f"无法识别文字编码：按 {name} 读取有 {bad} 个字节无法解码，第一个是文件第 {offset + 1} 字节"
                             f"（0x{data[offset]:02X}），文件不是文本或损坏过多"
                             f"（undecodable bytes; 支持 {SUPPORTED}）",
                       f"第 {line} 行第 {column} 字节")
