"""A small, fast writer for the speech pages' YAML front matter.

PyYAML's pure-Python emitter took about a third of the import time. Page front matter has
one fixed shape, so this module writes it directly, producing exactly the text of

    yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False,
                   width=NO_WRAP)

(tests compare the two on generated data): each string quoted only where YAML needs it, as
PyYAML decides (plain 县长; '2021-06-01' and 'true' single-quoted, as YAML would read them as
a date or a bool; "…" with escapes for control characters). The shape: a mapping of keys to
- Text strings (the values taken from a source or written by the importer);
- ints and bools (plain: 12, true);
- a list of Text strings, or of mappings whose values are Text strings or ints;
- a mapping of keys to Text strings or ints.
Keys are written plain; a key PyYAML would quote, and any other value type, make dump()
return None so the caller falls back to PyYAML itself (same text, just slower).

Reading it back is the reader's job (pages/reader.py, with its fast path for this shape in
pages/generated_shape.py).

Scaffolding (``safety-month new``) writes its pages through dump_editable(): plain PyYAML
with short lists in flow style ([企业, 社区]), the shape an editor fills in by hand.
"""

from __future__ import annotations

import re
from functools import lru_cache

import yaml

# Line width given to PyYAML: never fold a long quoted string (a folded line would still
# load, but one line per value keeps the page diffable and the line numbers predictable).
NO_WRAP = 10**9


class Text(str):
    """A string value, written as PyYAML's safe_dump writes it (quoted only where needed)."""


class TextDumper(yaml.SafeDumper):
    """The reference writer (PyYAML): also the fallback for shapes dump() does not cover."""


# A value with a line break (a source file's name may hold one) is written double-quoted with
# the break escaped, as PyYAML would otherwise fold it over several lines: one line per value
# keeps the page diffable and the review items' line numbers predictable.
_BREAKS = re.compile("[\n\r\x85\u2028\u2029]")
TextDumper.add_representer(Text, lambda d, s: d.represent_scalar(
    "tag:yaml.org,2002:str", str(s), style='"' if _BREAKS.search(s) else None))


def reference_dump(data: dict) -> str:
    return yaml.dump(data, Dumper=TextDumper, allow_unicode=True, sort_keys=False,
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


# A string PyYAML writes plain for sure: no indicator first, no ": " or " #" inside, no ":" or
# space last, nothing but printable characters (PyYAML's analyze_scalar, allow_unicode), not
# a document marker. Whether YAML reads it back as a string (not 12, true, 2021-06-01, null)
# is the resolver's question, asked after. Anything else: PyYAML itself writes the scalar.
_SURELY_PLAIN = re.compile(
    "(?!---|\\.\\.\\.)[^ \\t\\r\\n\\-?:,\\[\\]{}#&*!|>'\"%@`\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]"
    "(?:[^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff\U00010000-\U0010ffff:#]|:(?! )|(?<! )#)*"
    "(?<![ :])")
_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()


@lru_cache(maxsize=65536)
def text_scalar(text: str) -> str:
    """text as PyYAML's safe_dump writes a string value; always one line (see _BREAKS)."""
    if _SURELY_PLAIN.fullmatch(text) and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STR_TAG:
        return text
    if _BREAKS.search(text):
        return quoted(text)
    return yaml.safe_dump({"k": str(text)}, allow_unicode=True, width=NO_WRAP)[3:-1]


@lru_cache(maxsize=4096)
def _plain_key(key: object) -> bool:
    """True when PyYAML writes this key plain (asked once per distinct key)."""
    return type(key) is str and reference_dump({key: 0}) == f"{key}: 0\n"


def _scalar(value: object) -> str | None:
    kind = type(value)
    if kind is Text:
        return text_scalar(value)
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


def dump_editable(data: dict) -> str:
    """Front matter of a new page for an editor to fill in (see the module docstring)."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None, width=1000)
