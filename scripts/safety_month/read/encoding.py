"""Bytes -> str for text-like sources (.txt and saved web pages), decided conservatively.

Order: a byte-order mark wins; then strict UTF-8; then a declared charset (HTML <meta>) if
it decodes cleanly and looks like Chinese; then charset-normalizer restricted to the
encodings Chinese speeches actually arrive in. Every guess other than UTF-8 must decode
strictly, contain CJK text, no U+FFFD, no private-use or unassigned characters and almost
nothing outside the scripts a Chinese speech uses; otherwise the file is refused rather
than imported as mojibake.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer

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

_CJK_CHARS = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_CJK = re.compile(f"[{_CJK_CHARS}]")
# Everything a Chinese speech plausibly contains besides CJK ideographs.
_PLAUSIBLE_CHARS = (
    r"\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u2100-\u22ff\u2460-\u24ff\u2500-\u257f"
    r"\u25a0-\u27bf\u3000-\u303f\u3200-\u33ff\ufe30-\ufe4f\ufe10-\ufe1f\uff00-\uffef"
    r"\u0391-\u03c9\u0401-\u0451\u02c7-\u02d9\u0100-\u024f\u3105-\u312f\ufeff"
)
# The characters looks_chinese() must look at one by one: not whitespace (\s is exactly
# str.isspace()), not plausible, not CJK. Usually none or a handful.
_ODD = re.compile(f"[^\\s{_PLAUSIBLE_CHARS}{_CJK_CHARS}]")
_SPACE = re.compile(r"\s")
# Share of non-CJK characters allowed outside _PLAUSIBLE_CHARS (kana, Hangul, odd symbols).
MAX_IMPLAUSIBLE_SHARE = 0.01
# A stretch of this many NULs suggests UTF-16/32 text without a byte-order mark.
_NUL_SHARE_FOR_WIDE = 0.2


def canonical_codec(name: str | None) -> str | None:
    """The codec we decode a declared or detected charset with, or None if unsupported."""
    if not name:
        return None
    try:
        base = codecs.lookup(name.strip().strip("'\"")).name
    except (LookupError, ValueError):
        return None
    return _PREFERRED.get(base)


def looks_chinese(text: str) -> bool:
    """True when ``text`` reads as Chinese: CJK present, no replacement/private/unassigned
    characters, and (almost) nothing from scripts a misdecode typically produces."""
    if "\ufffd" in text or not _CJK.search(text):
        return False
    odd = _ODD.findall(text)
    if any(unicodedata.category(ch) in ("Co", "Cn", "Cs") for ch in odd):
        return False
    total = len(text) - len(_SPACE.findall(text))     # characters that are not whitespace
    return len(odd) <= MAX_IMPLAUSIBLE_SHARE * total


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
    raise SourceError(path, f"无法识别文字编码，或文件不是文本（undecodable bytes; 支持 {SUPPORTED}）")
