"""Bounded YAML loading of one front-matter block: refused before PyYAML builds anything.

The parser's event stream is scanned first, and a block nested deeper than MAX_DEPTH or
using an anchor or alias (``&name`` / ``*name``) is refused at that place. Page fields never
need either, and both are how a few hundred bytes turn into minutes of work: an alias "bomb"
(each alias repeating the one before, 9**9 strings from 600 bytes) or 5,000 nested brackets
(every later step walks the value recursively). Values YAML can spell but Python cannot hold
(2021-02-30, a 5,000-digit number, ``!!int abc``) become an error at their place instead of a
ValueError (MkDocs cannot read such a block either: it drops the whole front matter, title
included).

Internal to pages/reader.py, which is how every room reads front matter.
"""

from __future__ import annotations

import yaml
from yaml.constructor import ConstructorError

try:  # the C loader is faster; both give the same marks
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

# Levels of nesting allowed: the page mapping (1), a list such as review (2), its items (3).
# Every page kind uses at most 3; 10 leaves room for MkDocs/Material settings (search: …)
# while every step that walks a value stays far from Python's recursion limit.
MAX_DEPTH = 10

# Line breaks to YAML that are not line breaks to MkDocs and to this module's line count
# ("\n".split): read as spaces so that YAML's marks keep pointing at the right line (the
# characters themselves are reported by the control-character check).
_YAML_ONLY_BREAKS = str.maketrans({"\x85": " ", "\u2028": " ", "\u2029": " "})


class BoundError(yaml.MarkedYAMLError):
    """A block refused before construction: nested too deeply, or an anchor/alias.

    A MarkedYAMLError, so every caller that reports YAML errors with their line reports these too.
    """

    def __init__(self, code: str, problem: str, mark):
        super().__init__(problem=problem, problem_mark=mark)
        self.code = code


def scan(block: str) -> None:
    """Raise BoundError at the first anchor, alias or level of nesting beyond MAX_DEPTH.

    The parser's events come one at a time from a loop (libyaml's parser keeps its own
    stack), so this costs one pass and no recursion whatever the input. YAML syntax errors
    met on the way are raised as PyYAML raises them.
    """
    depth = 0
    for event in yaml.parse(block, Loader=_Loader):
        kind = type(event)
        if kind is yaml.AliasEvent or getattr(event, "anchor", None) is not None:
            raise BoundError("fm.alias", "anchor or alias", event.start_mark)
        if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            depth += 1
            if depth > MAX_DEPTH:
                raise BoundError("fm.depth", f"nested deeper than {MAX_DEPTH} levels", event.start_mark)
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            depth -= 1


_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
# What PyYAML's constructors raise for a value they cannot build (int("9" * 5000), !!int abc,
# !!bool maybe, !!float x): plain Python errors without a place.
_VALUE_ERRORS = (ValueError, TypeError, KeyError, AttributeError, OverflowError, IndexError)


def _failing_node(node):
    """The first node (document order) whose own construction fails, else None."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.ScalarNode):
            loader = _Loader("")
            try:
                loader.construct_object(current)
            except _VALUE_ERRORS:
                return current
            except yaml.YAMLError:
                pass
            finally:
                loader.dispose()
        elif isinstance(current, yaml.MappingNode):
            stack += [n for pair in reversed(current.value) for n in reversed(pair)]
        elif isinstance(current, yaml.SequenceNode):
            stack += reversed(current.value)
    return None


def load_block(block: str):
    """(node, data) of one front-matter block, bounded (see the module docstring).

    Raises yaml.YAMLError (BoundError included) for anything that is not plain page fields.
    """
    block = block.translate(_YAML_ONLY_BREAKS)
    scan(block)
    loader = _Loader(block)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except _VALUE_ERRORS as exc:
        # Rare: find the value at fault only now, so that reading a good page costs no more
        # than yaml.load (a per-node wrapper around construction doubled that).
        bad = _failing_node(node)
        mark = bad.start_mark if bad is not None else node.start_mark
        if bad is not None and bad.tag == _TIMESTAMP_TAG:
            raise ConstructorError(None, None, f"impossible date {bad.value!r} ({exc})", mark) from None
        raise ConstructorError(None, None, f"cannot construct this value ({exc})", mark) from None
    finally:
        loader.dispose()
    return node, data


def safe_load(block: str):
    """The value of a front-matter block (load_block without the node)."""
    return load_block(block)[1]
