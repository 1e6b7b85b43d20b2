"""Faster scans for long alternations: a look-ahead on the characters a match can start with.

Python's re skips quickly to where a match can begin only when the pattern starts with a
literal or a character class. An alternation of table patterns that start with optional
parts or look-behinds ("(?:…)?[(（]?\\s*…省略\\d+字") is instead tried, alternative by
alternative, at every position of the text. Prefixing it with (?=[first characters]) makes
each position cost one class test. Where re already scans by a first character (the pattern
starts with a literal, a class, or alternatives that each start with a literal) the guard
would hide that faster scan, so such patterns are compiled unchanged. The class is read off the parsed pattern and covers every
character a match can start with, so the guarded pattern matches exactly what the pattern
matches (tests compare the two); when the set cannot be worked out (., negated classes,
back-references, a pattern that can match empty) the pattern is compiled unchanged.

Guarded is the form the data tables' patterns take: compiled once with the guard and with
the pre-check that proves a text holds no match, so no call site writes either. This is the
one module that reads CPython's private regex parser (re._parser).
"""

from __future__ import annotations

import re
from re import _constants as _c  # CPython's own regex parser; any surprise -> no guard
from re import _parser as _p

_CATEGORIES = {
    _c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_NOT_DIGIT: r"\D",
    _c.CATEGORY_SPACE: r"\s", _c.CATEGORY_NOT_SPACE: r"\S",
    _c.CATEGORY_WORD: r"\w", _c.CATEGORY_NOT_WORD: r"\W",
}
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT)


class _Unknown(Exception):
    """The first characters cannot be listed."""


def _char(code: int) -> str:
    return f"\\U{code:08x}"


def _class_items(items) -> list[str]:
    out = []
    for op, av in items:
        if op is _c.LITERAL:
            out.append(_char(av))
        elif op is _c.RANGE:
            out.append(f"{_char(av[0])}-{_char(av[1])}")
        elif op is _c.CATEGORY and av in _CATEGORIES:
            out.append(_CATEGORIES[av])
        else:                       # NEGATE and anything newer
            raise _Unknown
    return out


def _first(items) -> tuple[list[str], bool]:
    """(class items of the first consumed character, True when the sequence can match empty)."""
    parts: list[str] = []
    for op, av in items:
        if op is _c.LITERAL:
            return parts + [_char(av)], False
        if op is _c.IN:
            return parts + _class_items(av), False
        if op in _ZERO_WIDTH:
            continue                # the character after it starts the match
        if op in _REPEATS:
            low, _high, sub = av
            sub_parts, empty = _first(sub)
            parts += sub_parts
            if low > 0 and not empty:
                return parts, False
        elif op is _c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if add_flags or del_flags:
                raise _Unknown
            sub_parts, empty = _first(sub)
            parts += sub_parts
            if not empty:
                return parts, False
        elif op is _c.ATOMIC_GROUP:
            sub_parts, empty = _first(av)
            parts += sub_parts
            if not empty:
                return parts, False
        elif op is _c.BRANCH:
            any_empty = False
            for alternative in av[1]:
                sub_parts, empty = _first(alternative)
                parts += sub_parts
                any_empty = any_empty or empty
            if not any_empty:
                return parts, False
        else:                       # ANY, NOT_LITERAL, GROUPREF, GROUPREF_EXISTS, ...
            raise _Unknown
    return parts, True


def _start_parts(pattern: str, flags: int) -> list[str] | None:
    """The class parts a match of pattern can start with; None when unknown or when the
    pattern can match the empty string."""
    try:
        parts, empty = _first(_p.parse(pattern, flags))
    except (_Unknown, re.error, AttributeError, TypeError, ValueError):
        return None
    return None if empty or not parts else parts


def first_chars(pattern: str, flags: int = 0) -> str | None:
    """A character class (as regex source) holding every character a match of pattern can
    start with, or None when that cannot be worked out."""
    parts = _start_parts(pattern, flags)
    return None if parts is None else "[" + "".join(dict.fromkeys(parts)) + "]"


# A set of first characters is given out as a cheap pre-check (``c in text`` for each) only
# when it is this small: each ``in`` test is a fast scan of the text (a few microseconds on a
# speech), so beyond a handful of characters one regex scan is as cheap.
MAX_PRECHECK_CHARS = 8


def first_char_set(pattern: str, flags: int = 0, limit: int = MAX_PRECHECK_CHARS) -> str | None:
    """The characters a match of pattern can start with, as a string, when they are at most
    ``limit`` plain characters (no category such as \\d, no IGNORECASE); else None.

    A text that contains none of them cannot hold a match, so ``any(c in text for c in
    chars)`` is an exact pre-check before a scan."""
    parts = None if flags & re.IGNORECASE else _start_parts(pattern, flags)
    if parts is None:
        return None
    chars: dict[str, None] = {}
    for part in parts:
        codes = _CHAR_OR_RANGE.fullmatch(part)
        if codes is None:               # a category (\\d, \\s, \\w ...)
            return None
        low = int(codes.group(1), 16)
        high = int(codes.group(2), 16) if codes.group(2) else low
        if high - low >= limit:
            return None
        for code in range(low, high + 1):
            chars[chr(code)] = None
        if len(chars) > limit:
            return None
    return "".join(chars)


def may_match(pattern: str, flags: int = 0):
    """A fast test ``text -> bool`` that is False only when pattern cannot match in text
    (none of its first characters occurs; see first_char_set); always True when the first
    characters are too many or unknown."""
    chars = first_char_set(pattern, flags)
    if chars is None:
        return lambda text: True
    if len(chars) == 1:
        return lambda text: chars in text
    return lambda text: any(c in text for c in chars)


def required_literal(pattern: str, flags: int = 0) -> str:
    """The longest run of plain characters that every match of pattern contains (read off
    the top level of the parsed pattern: literals outside alternations, optional parts and
    look-arounds), or "" when there is none. ``literal in text`` is then an exact pre-check."""
    if flags & (re.IGNORECASE | re.VERBOSE):
        return ""
    try:
        items = _p.parse(pattern, flags)
        if items.state.flags & re.IGNORECASE:     # an inline (?i)
            return ""
    except (re.error, AttributeError, TypeError, ValueError):
        return ""
    best = run = ""
    for op, av in items:
        if op is _c.LITERAL:
            run += chr(av)
            if len(run) > len(best):
                best = run
        else:
            run = ""
    return best


def max_width(pattern: str, flags: int = 0) -> int | None:
    """The most characters a match of pattern can span (re's own bound, the one it uses for
    look-behinds), or None when unbounded (a * or + repeat) or unknown."""
    try:
        width = _p.parse(pattern, flags).getwidth()[1]
    except (re.error, AttributeError, TypeError, ValueError, OverflowError):
        return None
    return width if width < _c.MAXREPEAT else None


_CHAR_OR_RANGE = re.compile(r"\\U([0-9a-f]{8})(?:-\\U([0-9a-f]{8}))?")


def _re_scans_ahead(pattern: str, flags: int) -> bool:
    """True when re finds a first-character prefix itself (as re._compiler does: a leading
    literal, class, or alternatives that all start with a literal; cased letters do not count
    under IGNORECASE). A wrong answer costs speed only, never a different match."""
    try:
        items = _p.parse(pattern, flags)
        while len(items) and items[0][0] is _c.SUBPATTERN:
            items = items[0][1][3]
    except (re.error, AttributeError, TypeError, ValueError, IndexError):
        return False
    if not len(items):
        return False

    def uncased(code: int) -> bool:
        return not flags & re.IGNORECASE or chr(code).lower() == chr(code).upper()

    op, av = items[0]
    if op is _c.LITERAL:
        return uncased(av)
    if op is _c.IN:
        return True
    if op is _c.BRANCH:
        return all(len(alt) and alt[0][0] is _c.LITERAL and uncased(alt[0][1]) for alt in av[1])
    return False


def compile_guarded(pattern: str, flags: int = 0) -> re.Pattern:
    """re.compile(pattern, flags), with the first-character look-ahead when re cannot scan
    ahead by itself and the characters can be worked out."""
    if _re_scans_ahead(pattern, flags):
        return re.compile(pattern, flags)
    chars = first_chars(pattern, flags)
    if chars is not None:
        try:
            guarded = re.compile(f"(?={chars})(?:{pattern})", flags)
        except re.error:            # e.g. global inline flags, which must come first
            pass
        else:
            if guarded.groups == re.compile(pattern, flags).groups:
                return guarded
    return re.compile(pattern, flags)


def compile_any(patterns: list[str], flags: int = 0) -> re.Pattern:
    """One alternation of several regex sources (each wrapped in a non-capturing group),
    with a look-ahead on the characters a match can start with (see first_char)."""
    if not patterns:
        return re.compile(r"(?!x)x")
    return compile_guarded("|".join(f"(?:{p})" for p in patterns), flags)


# A line is tested against a pattern only when its first character is one a match can start
# with: one "in" on a set, whatever its size, so a larger set than MAX_PRECHECK_CHARS pays.
MAX_LINE_START_CHARS = 64


class Guarded:
    """A data table's patterns (one source or a list, taken as alternatives) compiled once,
    with the guard and the pre-check that go with them, so no call site repeats them.

    The regex gets the first-character look-ahead where that helps (compile_guarded,
    compile_any). The pre-check proves that a text cannot hold a match, so the scan is
    skipped: ``needs`` when the table's owner gives one (a regex or words, one of which every
    match contains, or a test ``text -> bool`` that is False only when no match can be in
    text), else the pattern's few first characters (first_char_set), else the
    literal every match contains (required_literal). match() and fullmatch() test the first
    character of the text against every character a match can start with instead. Every
    method returns exactly what the compiled regex's method of that name returns."""

    def __init__(self, patterns, flags: int = 0, needs=None):
        many = not isinstance(patterns, str)
        self.regex = compile_any(list(patterns), flags) if many else compile_guarded(patterns, flags)
        self.pattern = self.regex.pattern
        source = "|".join(f"(?:{p})" for p in patterns) if many else patterns
        if needs is None and source:
            chars = first_char_set(source, flags)
            literal = "" if chars is not None or many else required_literal(source, flags)
            needs = tuple(chars) if chars is not None else (literal,) if literal else None
        if callable(needs) and not isinstance(needs, re.Pattern):
            self.may_match = needs
        elif isinstance(needs, re.Pattern):
            self.may_match = lambda text, rx=needs: rx.search(text) is not None
        elif needs is not None and len(needs) == 1:
            self.may_match = lambda text, s=needs[0]: s in text
        elif needs is not None:
            self.may_match = lambda text, words=tuple(needs): any(w in text for w in words)
        else:
            self.may_match = lambda text: True
        starts = first_char_set(source, flags, MAX_LINE_START_CHARS) if source else None
        self._starts = None if starts is None else frozenset(starts)

    def _may_start(self, text: str, pos: int = 0) -> bool:
        return self._starts is None or text[pos:pos + 1] in self._starts

    def search(self, text: str, pos: int = 0):
        return self.regex.search(text, pos) if self.may_match(text) else None

    def finditer(self, text: str):
        return self.regex.finditer(text) if self.may_match(text) else iter(())

    def findall(self, text: str) -> list:
        return self.regex.findall(text) if self.may_match(text) else []

    def sub(self, repl, text: str) -> str:
        return self.regex.sub(repl, text) if self.may_match(text) else text

    def subn(self, repl, text: str) -> tuple[str, int]:
        return self.regex.subn(repl, text) if self.may_match(text) else (text, 0)

    def match(self, text: str, pos: int = 0):
        return self.regex.match(text, pos) if self._may_start(text, pos) else None

    def fullmatch(self, text: str):
        return self.regex.fullmatch(text) if self._may_start(text) else None
