"""The search index as UTF-8 JSON written and read in pieces, never whole twice.

At 3,000 speeches Material's search_index.json is about 150 MB (every Chinese character
escaped as \\uXXXX) and the rewritten UTF-8 index about 100 MB. `json.loads(path.read_text())`
holds the file's bytes and their decoded text at once beside the growing parse, and
`json.dumps(index).encode()` the parsed index, its text and its bytes: together several
hundred MB on top of the rest of the build (issue 20: the build process peaked there).
Here the file is decoded and parsed a block at a time (`load`) and the index serialised an
entry group at a time (`utf8_chunks`), byte for byte what the whole-value calls give.
"""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Iterator
from pathlib import Path

# Entries serialised per piece: big enough that json's C encoder does nearly all the work,
# small enough that a piece is a few hundred KB.
GROUP = 256
# Characters of the file decoded per step of `load` (about 4 MB of Material's ASCII).
BLOCK = 1 << 22

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def utf8_chunks(value, group: int = GROUP) -> Iterator[bytes]:
    """`json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")` in pieces:
    a dict's lists of more than `group` items (the index's "docs") a group of items at a
    time, everything else whole. Joined, the pieces are exactly that call's bytes (a lone
    surrogate raises UnicodeEncodeError there as here)."""
    if type(value) is not dict or not all(type(key) is str for key in value):
        yield _dumps(value).encode("utf-8")   # a form json.dumps would write differently: whole
        return
    yield b"{"
    for n, (key, item) in enumerate(value.items()):
        head = ("," if n else "") + _dumps(key) + ":"
        if type(item) is not list or len(item) <= group:
            yield (head + _dumps(item)).encode("utf-8")
            continue
        yield (head + "[").encode("utf-8")
        for piece in items_text(item, group, _dumps):
            yield piece.encode("utf-8")
        yield b"]"
    yield b"}"


def items_text(items: list, group: int, dumps) -> Iterator[str]:
    """The JSON of a list's items without its brackets, `group` items at a time: joined, the
    pieces are dumps(items)[1:-1] (each piece after the first starts with the comma), for an
    encoder with the separators (",", ":")."""
    for start in range(0, len(items), group):
        piece = dumps(items[start:start + group])[1:-1]   # the items without the brackets
        yield ("," if start else "") + piece


def utf8_bytes(value) -> bytes:
    """utf8_chunks joined: the bytes of the JSON without its text ever existing whole, nor a
    second copy of the bytes (BytesIO hands over its buffer)."""
    out = io.BytesIO()
    for chunk in utf8_chunks(value):
        out.write(chunk)
    return out.getvalue()


class NotJson(ValueError):
    """The file is not UTF-8 JSON; the message names the place (byte, or line and column)."""


class _Blocks:
    """The text of a UTF-8 file decoded a block at a time, with a position in it: `text` holds
    the unconsumed rest of the blocks read, consumed from `at`; `dropped`, `lines` and
    `column` say where text[0] is in the whole file (for the place of an error)."""

    def __init__(self, path: Path):
        self._file = open(path, "rb")
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self.text, self.at, self.done = "", 0, False
        self.read_bytes = self.dropped = self.lines = self.column = 0

    def more(self) -> bool:
        """Append the next block (dropping what was consumed); False at the end of the file."""
        if self.done:
            return False
        data = self._file.read(BLOCK)
        pending = len(self._decoder.getstate()[0])   # bytes of a character the last block cut
        try:
            block = self._decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            at = self.read_bytes - pending + exc.start
            raise NotJson(f"byte {at:,} of the file is not UTF-8 ({exc.reason})") from None
        self.read_bytes += len(data)
        self._drop()
        self.text += block
        self.done = not data
        return bool(data)

    def _drop(self) -> None:
        gone = self.text[:self.at]
        newlines = gone.count("\n")
        self.column = len(gone) - gone.rfind("\n") - 1 if newlines else self.column + len(gone)
        self.lines += newlines
        self.dropped += len(gone)
        self.text, self.at = self.text[self.at:], 0

    def error(self, message: str, at: int | None = None) -> NotJson:
        """message with the place of text[at] (default: the current position) in the file."""
        at = self.at if at is None else at
        before = self.text[:at]
        newlines = before.count("\n")
        column = at - before.rfind("\n") if newlines else self.column + at + 1
        return NotJson(f"{message}: line {self.lines + newlines + 1} column {column} "
                       f"(character {self.dropped + at:,})")

    def skip_space(self) -> str:
        """The next character that is not JSON whitespace ('' at the end), not consumed."""
        while True:
            text, at = self.text, self.at
            while at < len(text) and text[at] in " \t\n\r":
                at += 1
            self.at = at
            if at < len(text):
                return text[at]
            if not self.more():
                return ""

    def expect(self, char: str) -> None:
        if self.skip_space() != char:
            raise self.error(f"expecting {char!r}")
        self.at += 1

    def value(self, decoder: json.JSONDecoder):
        """The next JSON value, reading blocks until it is whole."""
        self.skip_space()
        while True:
            try:
                value, end = decoder.raw_decode(self.text, self.at)
            except json.JSONDecodeError as exc:
                if self.done:
                    raise self.error(exc.msg, exc.pos) from None
                self.more()   # cut by the block's end, most likely: read on and parse again
                continue
            # a number at the block's end (12|3, 1.5|e3) may go on in the next block
            if type(value) in (int, float) and len(self.text) - end < 64 and not self.done:
                self.more()
                continue
            self.at = end
            return value

    def close(self) -> None:
        self._file.close()


def load(path: Path):
    """json.loads of the UTF-8 file at path, read and parsed a block at a time: a top-level
    object's values one by one, and the items of its arrays one by one, so that neither the
    file's bytes nor its whole text is ever held beside the parse. Raises OSError, or NotJson
    naming the place where the file stops being UTF-8 JSON."""
    decoder = json.JSONDecoder()
    blocks = _Blocks(path)
    try:
        if blocks.skip_space() != "{":
            value = blocks.value(decoder)   # not an object: an index never is; parsed whole
        else:
            value = _object(blocks, decoder)
        if blocks.skip_space():
            raise blocks.error("extra data")
        return value
    finally:
        blocks.close()


def _object(blocks: _Blocks, decoder: json.JSONDecoder) -> dict:
    out: dict = {}
    closed = _opens(blocks, "{", "}")
    while not closed:
        if blocks.skip_space() != '"':
            raise blocks.error("expecting a property name in double quotes")
        key = blocks.value(decoder)
        blocks.expect(":")
        out[key] = _array(blocks, decoder) if blocks.skip_space() == "[" else blocks.value(decoder)
        closed = _closes(blocks, "}")
    return out


def _array(blocks: _Blocks, decoder: json.JSONDecoder) -> list:
    out: list = []
    closed = _opens(blocks, "[", "]")
    while not closed:
        out.append(blocks.value(decoder))
        closed = _closes(blocks, "]")
    return out


def _opens(blocks: _Blocks, opening: str, closing: str) -> bool:
    """Consume the opening bracket; True when the closing one follows at once (empty)."""
    blocks.expect(opening)
    if blocks.skip_space() == closing:
        blocks.at += 1
        return True
    return False


def _closes(blocks: _Blocks, closing: str) -> bool:
    """After an item: consume ',' (False: another item follows) or the closing bracket (True)."""
    following = blocks.skip_space()
    if following not in (",", closing):
        raise blocks.error(f"expecting ',' or {closing!r}")
    blocks.at += 1
    return following == closing
