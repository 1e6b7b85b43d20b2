"""Errors the importer reports to the editor instead of crashing, and how file names are shown.

A SourceError always names the file, says in Chinese what is wrong (with the technical
reason in parentheses where it helps) and, when known, where in the file; ``str()`` is a
single line suitable for a terminal: ``path: reason`` or ``path: place: reason``.

File names can be anything a file system allows: bytes that are not UTF-8 (unzipping a
Windows archive gives GBK names; Python hands them over with each bad byte as a lone
surrogate), newlines, tabs, escape sequences. ``name_text`` is a name's faithful, reversible
text (what pages record as source_file), ``shown`` makes any text safe for one terminal line.
"""

from __future__ import annotations

import os
import re

from safety_month.text.chinese import looks_chinese

# Lone surrogates: the bytes of a file name that are not UTF-8 (surrogateescape).
_ESCAPED_BYTES = re.compile("[\udc80-\udcff]+")
_ANY_SURROGATE = re.compile("[\ud800-\udfff]")
# Characters no value of a page may hold (the site's checks: checks/controls.py): C0 controls
# but tab and newline, DEL, C1 controls, line and paragraph separators, noncharacters. A file
# name holding one is written with it as an escape (see name_text). Tab and newline are kept.
_UNWRITABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)) + "]")
_NAME_PART = re.compile(r"[^/]+")


def shown(text: str) -> str:
    """text safe for a terminal line: every character that is not printable (newline, tab,
    ESC, other controls, line separators, bidirectional overrides, lone surrogates) written
    as the Python escape that names it (\\n, \\t, \\x1b, \\u202e; a byte that was not UTF-8 as
    \\xNN). Printable text, Chinese included, is left as it is."""
    text = str(text)
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable():
            out.append(ch)
        elif "\udc80" <= ch <= "\udcff":
            out.append(f"\\x{ord(ch) - 0xdc00:02x}")
        else:
            out.append(ch.encode("unicode_escape", "backslashreplace").decode("ascii"))
    return "".join(out)


def name_text(name: str | os.PathLike) -> tuple[str, str | None]:
    """(text, how) for a file name: the name itself when it is valid text a page may hold
    (tabs and newlines included: YAML escapes them; how None); otherwise each path part
    holding bytes that are not UTF-8 is read as GB18030 when that reading is certain (decodes
    and reads as Chinese: how "gb18030"), else written with those bytes as \\xNN, other
    characters no page may hold (ESC and the other controls) as \\xNN or \\uNNNN, and
    backslashes doubled, so the name can be recovered (how "bytes"). Either way the text is
    valid Unicode that YAML, JSON, UTF-8 files and the site's checks take."""
    name = os.fspath(name)
    if not _ANY_SURROGATE.search(name) and not _UNWRITABLE.search(name):
        return name, None
    hows: set[str] = set()

    def part(match: re.Match) -> str:
        piece = match.group()
        if not _ANY_SURROGATE.search(piece):
            if _UNWRITABLE.search(piece):
                hows.add("bytes")
                return _bytes_form(piece)
            return piece
        raw = piece.encode("utf-8", "surrogateescape") if not _lone_high(piece) else None
        if raw is not None:
            try:
                decoded = raw.decode("gb18030")
            except UnicodeDecodeError:
                decoded = None
            if decoded is not None and looks_chinese(decoded) and not _UNWRITABLE.search(decoded):
                hows.add("gb18030")
                return decoded
        hows.add("bytes")
        return _bytes_form(piece)

    text = _NAME_PART.sub(part, name)
    return text, ("bytes" if "bytes" in hows else "gb18030")


def _lone_high(text: str) -> bool:
    """A surrogate that is not an escaped byte (not from a file system): cannot be encoded."""
    return any(("\ud800" <= ch <= "\udfff") and not ("\udc80" <= ch <= "\udcff") for ch in text)


def _bytes_form(piece: str) -> str:
    r"""The name part with "\" written "\\", each escaped byte as \xNN (other surrogates
    as \uDXXX) and each character no page may hold as \xNN / \uNNNN / \UNNNNNNNN:
    reversible."""
    piece = piece.replace("\\", "\\\\")
    piece = _ESCAPED_BYTES.sub(lambda m: "".join(f"\\x{ord(c) - 0xdc00:02x}" for c in m.group()), piece)
    piece = _ANY_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", piece)
    return _UNWRITABLE.sub(lambda m: _escape_char(m.group()), piece)


def _escape_char(ch: str) -> str:
    """\\xNN below 0x80 (the same byte in the file name), \\uNNNN / \\UNNNNNNNN above (a
    character: never confused with \\xNN, which above 0x7F stands for a byte that is not UTF-8)."""
    code = ord(ch)
    if code < 0x80:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def display_name(name: str | os.PathLike) -> str:
    """A file name for a terminal line: its faithful text (name_text), made safe (shown)."""
    return shown(name_text(name)[0])


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


class SourceError(Exception):
    """An input file that cannot be imported; nothing is written for it."""

    def __init__(self, path: str | os.PathLike, reason: str, place: str | None = None):
        self.path = os.fspath(path)
        self.reason = _one_line(reason)
        self.place = _one_line(place) if place else None
        super().__init__(str(self))

    def __str__(self) -> str:
        path = display_name(self.path)
        if self.place:
            return f"{path}: {self.place}: {self.reason}"
        return f"{path}: {self.reason}"
