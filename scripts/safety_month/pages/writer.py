"""A small, fast writer for the speech pages' YAML front matter.

PyYAML's pure-Python emitter took about a third of the import time. Page front matter has
one fixed shape, so this module writes it directly, producing exactly the text of

    yaml.dump(data, Dumper=<SafeDumper writing Quoted double-quoted>, allow_unicode=True,
              sort_keys=False, default_flow_style=False, width=NO_WRAP)

(tests compare the two on generated data). The shape: a mapping of keys to
- Quoted strings: always double-quoted on one line, escaped as PyYAML escapes them;
- ints and bools (plain: 12, true);
- a list of Quoted strings, or of mappings whose values are Quoted strings or ints;
- a mapping of keys to Quoted strings or ints.
Keys are written plain; a key PyYAML would quote, and any other value type, make dump()
return None so the caller falls back to PyYAML itself (same text, just slower).

load() reads that shape back, strictly: double-quoted strings without escapes, plain keys
that YAML reads as strings, ints, true/false, [] and {}, at the indentation dump() uses, no
repeated keys. Any other line makes it return None, and the caller parses with PyYAML; so
where load() answers, it answers what yaml.safe_load would (tests compare the two).
"""

from __future__ import annotations

import re
from functools import lru_cache

import yaml

# Line width given to PyYAML: never fold a long quoted string (a folded line would still
# load, but one line per value keeps the page diffable and the line numbers predictable).
NO_WRAP = 10**9


class Quoted(str):
    """A string value written double-quoted."""


class QuotedDumper(yaml.SafeDumper):
    """The reference writer (PyYAML): also the fallback for shapes dump() does not cover."""


QuotedDumper.add_representer(
    Quoted, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", str(s), style='"'))


def reference_dump(data: dict) -> str:
    return yaml.dump(data, Dumper=QuotedDumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=NO_WRAP)


# PyYAML (emitter.write_double_quoted, allow_unicode=True) writes these characters escaped:
# '"', '\\', NEL, LS, PS, BOM, and everything outside 0x20-0x7E, 0xA0-0xD7FF, 0xE000-0xFFFD
# (so control characters, surrogates and characters beyond the BMP).
_NEEDS_ESCAPE = re.compile('["\\\\\x85\u2028\u2029\ufeff]|[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd]')
_ESCAPES = {
    "\0": "0", "\x07": "a", "\x08": "b", "\x09": "t", "\x0a": "n", "\x0b": "v", "\x0c": "f",
    "\x0d": "r", "\x1b": "e", '"': '"', "\\": "\\", "\x85": "N", "\xa0": "_",
    "\u2028": "L", "\u2029": "P",
}


def _escape(match: re.Match) -> str:
    ch = match.group()
    if ch in _ESCAPES:
        return "\\" + _ESCAPES[ch]
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02X}"
    if code <= 0xFFFF:
        return f"\\u{code:04X}"
    return f"\\U{code:08X}"


def quoted(text: str) -> str:
    """text as a YAML double-quoted scalar, as PyYAML writes it (no folding)."""
    return '"' + _NEEDS_ESCAPE.sub(_escape, text) + '"'


@lru_cache(maxsize=4096)
def _plain_key(key: object) -> bool:
    """True when PyYAML writes this key plain (asked once per distinct key)."""
    return type(key) is str and reference_dump({key: 0}) == f"{key}: 0\n"


def _scalar(value: object) -> str | None:
    kind = type(value)
    if kind is Quoted:
        return quoted(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    return None


def _mapping_lines(data: dict, first: str, rest: str) -> list[str] | None:
    """'key: scalar' lines of a flat mapping, the first prefixed with first, the rest with rest."""
    out = []
    for key, value in data.items():
        text = _scalar(value)
        if text is None or not _plain_key(key):
            return None
        out.append(f"{rest if out else first}{key}: {text}")
    return out


def dump(data: dict) -> str | None:
    """The YAML text of data (see the module docstring), or None for an unsupported shape."""
    lines: list[str] = []
    for key, value in data.items():
        if not _plain_key(key):
            return None
        text = _scalar(value)
        if text is not None:
            lines.append(f"{key}: {text}")
        elif type(value) is list:
            if not value:
                lines.append(f"{key}: []")
                continue
            lines.append(f"{key}:")
            for item in value:
                text = _scalar(item)
                if text is not None:
                    lines.append(f"- {text}")
                elif type(item) is dict and item:
                    sub = _mapping_lines(item, "- ", "  ")
                    if sub is None:
                        return None
                    lines += sub
                else:
                    return None
        elif type(value) is dict:
            if not value:
                lines.append(f"{key}: {{}}")
                continue
            sub = _mapping_lines(value, "  ", "  ")
            if sub is None:
                return None
            lines.append(f"{key}:")
            lines += sub
        else:
            return None
    return "\n".join(lines) + "\n" if lines else None


# ---------------------------------------------------------------- finding the block

# A line that closes a front-matter block ("---" or "...", trailing blanks allowed), with the
# newline before it: re scans for that newline (fast), where a pattern such as
# "^(?:---|\.\.\.)" under re.M or a lazy ".*?\n(?:---|...)" tries every position.
_CLOSING = re.compile(r"\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)")


def closing_newline(text: str, pos: int) -> int:
    """Index of the first newline at or after pos that is followed by a closing line, or -1."""
    found = _CLOSING.search(text, pos)
    return found.start() if found else -1


# ---------------------------------------------------------------- reading the same shape

# Characters a double-quoted value may hold without escapes: what the YAML reader accepts,
# less line breaks (NEL, LS, PS), the BOM, tabs and the characters that end or escape it.
_QUOTED_BODY = '[^"\\\\\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]*'
# Keys: a word or a rule id ("read.control_chars"), or Chinese (audiences). Bounded well
# under YAML's 1024-character limit for implicit keys; longer ones are never written.
_KEY_PART_MAX = 128
_KEY = (f"([A-Za-z][A-Za-z0-9_]{{0,{_KEY_PART_MAX}}}(?:\\.[A-Za-z0-9_]{{1,{_KEY_PART_MAX}}}){{0,3}}"
        f"|[\u4e00-\u9fff]{{1,{_KEY_PART_MAX}}})")
_VALUE = f'("{_QUOTED_BODY}"|0|-?[1-9][0-9]{{0,30}}|true|false|\\[\\]|\\{{\\}})'
_TOP_LINE = re.compile(f"{_KEY}:(?: {_VALUE})?")
_ITEM_LINE = re.compile(f"- (?:{_KEY}: )?{_VALUE}")
_SUB_LINE = re.compile(f"  {_KEY}: {_VALUE}")
_QUOTED_ONLY = re.compile(f'"({_QUOTED_BODY})"')
_CONSTANTS = {"true": True, "false": False}


@lru_cache(maxsize=4096)
def _str_key(key: str) -> bool:
    """True when YAML reads this plain scalar as a string (not yes/no/null/…)."""
    return yaml.resolver.Resolver().resolve(yaml.ScalarNode, key, (True, False)) == \
        "tag:yaml.org,2002:str"


def _value(text: str):
    if text[0] == '"':
        return text[1:-1]
    if text in _CONSTANTS:
        return _CONSTANTS[text]
    if text == "[]":
        return []
    if text == "{}":
        return {}
    return int(text)


def _put(mapping: dict, key: str, text: str) -> bool:
    if key in mapping or not _str_key(key):
        return False
    mapping[key] = _value(text)
    return True


def quoted_value(text: str) -> str | None:
    """The string of a double-quoted YAML scalar without escapes, else None."""
    match = _QUOTED_ONLY.fullmatch(text)
    return match.group(1) if match else None


def load(block: str) -> dict | None:
    """The mapping of a front-matter block written in dump()'s shape, else None."""
    if not block.endswith("\n"):
        return None
    lines = block[:-1].split("\n")
    data: dict = {}
    i, n = 0, len(lines)
    while i < n:
        top = _TOP_LINE.fullmatch(lines[i])
        i += 1
        if top is None:
            return None
        key, text = top.groups()
        if text is not None:
            if not _put(data, key, text):
                return None
            continue
        if key in data or not _str_key(key):
            return None
        if i < n and lines[i].startswith("- "):
            items: list = []
            while i < n and lines[i].startswith("- "):
                item = _ITEM_LINE.fullmatch(lines[i])
                i += 1
                if item is None:
                    return None
                item_key, text = item.groups()
                if item_key is None:
                    items.append(_value(text))
                    continue
                mapping: dict = {}
                if not _put(mapping, item_key, text):
                    return None
                while i < n and lines[i].startswith("  "):
                    sub = _SUB_LINE.fullmatch(lines[i])
                    i += 1
                    if sub is None or not _put(mapping, *sub.groups()):
                        return None
                items.append(mapping)
            data[key] = items
        elif i < n and lines[i].startswith("  "):
            mapping = {}
            while i < n and lines[i].startswith("  "):
                sub = _SUB_LINE.fullmatch(lines[i])
                i += 1
                if sub is None or not _put(mapping, *sub.groups()):
                    return None
            data[key] = mapping
        else:
            return None
    return data or None
