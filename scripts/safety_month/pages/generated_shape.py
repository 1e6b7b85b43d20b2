"""The reader's fast path for front matter in the generated shape (pages/writer.py dump()).

Internal to pages/reader.py: nothing else imports it. Parsing a generated page with PyYAML
cost a fifth of the import of an unchanged page; this reads that one shape strictly:
strings plain (only characters that cannot end or start anything in YAML, and read by YAML as
a string), single-quoted, or double-quoted without escapes; plain keys that YAML reads as
strings, ints, true/false, [] and {}, at the indentation dump() uses, no repeated keys, and
whole-line comments (the writer's line above the machine's fields). Any other line makes
load() return None, and the reader parses with PyYAML; so where load() answers, it answers
what yaml.safe_load would (tests/pages/test_front_yaml.py compares the two).
"""

from __future__ import annotations

import re
from functools import lru_cache

import yaml

# Characters a double-quoted value may hold without escapes: what the YAML reader accepts,
# less line breaks (NEL, LS, PS), the BOM, tabs and the characters that end or escape it.
_QUOTED_BODY = '[^"\\\\\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]*'
# Keys: a word or a rule id ("read.control_chars"), or Chinese (audiences). Bounded well
# under YAML's 1024-character limit for implicit keys; longer ones are never written.
_KEY_PART_MAX = 128
_KEY = (f"([A-Za-z][A-Za-z0-9_]{{0,{_KEY_PART_MAX}}}(?:\\.[A-Za-z0-9_]{{1,{_KEY_PART_MAX}}}){{0,3}}"
        f"|[\u4e00-\u9fff]{{1,{_KEY_PART_MAX}}})")
# Single-quoted: the same characters, "'" written twice.
_SINGLE_BODY = "(?:[^'\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\ud800-\\udfff\\ufeff\\ufffe\\uffff]|'')*"
# Plain: not starting with an indicator or a space ("-", "?" and ":" only before a character
# other than a space), no ": " or " #" inside, no ":" or space
# last, bounded (a longer one: PyYAML's job); whether YAML reads it as a string is _put's
# question (_str_key).
_PLAIN = ("(?!---|\\.\\.\\.)(?:[-?:](?=[^ \\t\\r\\n])|[^ \\t\\r\\n\\-?:,\\[\\]{}#&*!|>'\"%@`\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\ud800-\\udfff\\ufeff\\ufffe\\uffff])"
          "(?:[^\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\ud800-\\udfff\\ufeff\\ufffe\\uffff:#]|:(?! )|(?<! )#){0,4000}(?<![ :])")
_VALUE = f'("{_QUOTED_BODY}"|\'{_SINGLE_BODY}\'|0|-?[1-9][0-9]{{0,30}}|true|false|\\[\\]|\\{{\\}}|{_PLAIN})'
_TOP_LINE = re.compile(f"{_KEY}:(?: {_VALUE})?")
_ITEM_LINE = re.compile(f"- (?:{_KEY}: )?{_VALUE}")
_SUB_LINE = re.compile(f"  {_KEY}: {_VALUE}")
_CONSTANTS = {"true": True, "false": False}


@lru_cache(maxsize=4096)
def _str_key(key: str) -> bool:
    """True when YAML reads this plain scalar as a string (not yes/no/null/…)."""
    return yaml.resolver.Resolver().resolve(yaml.ScalarNode, key, (True, False)) == \
        "tag:yaml.org,2002:str"


_INT_OR_CONSTANT = re.compile(r"0|-?[1-9][0-9]{0,30}|true|false|\[\]|\{\}")


def _value(text: str):
    if text[0] == '"':
        return text[1:-1]
    if text[0] == "'":
        return text[1:-1].replace("''", "'")
    if not _INT_OR_CONSTANT.fullmatch(text):
        return text                  # plain (_put has asked whether YAML reads it as a string)
    if text in _CONSTANTS:
        return _CONSTANTS[text]
    if text == "[]":
        return []
    if text == "{}":
        return {}
    return int(text)


_VALUE_ONLY = re.compile(_VALUE)


def string_value(text: str) -> str | None:
    """The string one scalar in the generated shape (reader.scalar's value text) reads as when
    YAML reads it as a string; None otherwise (the caller asks PyYAML): the importer reads three
    values of each of 1,000 pages on every import, and PyYAML took a third of that import."""
    if not _VALUE_ONLY.fullmatch(text) or (text[0] not in "\"'" and
                                           (_INT_OR_CONSTANT.fullmatch(text) or not _str_key(text))):
        return None
    return _value(text)


def _put(mapping: dict, key: str, text: str) -> bool:
    if key in mapping or not _str_key(key):
        return False
    if text[0] not in "\"'" and not _INT_OR_CONSTANT.fullmatch(text) and not _str_key(text):
        return False                 # a plain scalar YAML reads as something else
    mapping[key] = _value(text)
    return True


def load(block: str) -> dict | None:
    """The mapping of a front-matter block written in dump()'s shape, else None."""
    if not block.endswith("\n"):
        return None
    lines = block[:-1].split("\n")
    data: dict = {}
    i, n = 0, len(lines)
    while i < n:
        if lines[i].startswith("# "):
            i += 1
            continue
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
