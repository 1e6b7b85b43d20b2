"""safety_month.search.stream: the index serialised a group of entries at a time gives the bytes
of json.dumps of the whole, and a file parsed a block at a time gives what json.loads gives,
for any JSON value (escapes, control characters, characters outside the BMP, numbers cut by a
block's end); a file that is not UTF-8 JSON fails with the place named."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings, strategies as st

from safety_month.search import index as si, stream

# Text a page or an editor can give: quotes, backslashes, controls, <, &, CJK, U+2028/9, U+200B,
# emoji and CJK Extension B (outside the BMP: a surrogate pair in Material's ASCII escapes).
TEXT = st.text(alphabet=st.sampled_from(list('"\\/\b\f\n\r\t\x00\x1f\x7f<>&\'') + ["中", "患", "\u2028", "\u2029",
                                                                                  "\u200b", "é", "\U0001f525",
                                                                                  "\U0002000b", "a", " "]),
               max_size=40)
SCALAR = st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats(allow_nan=False, allow_infinity=False) | TEXT
VALUE = st.recursive(SCALAR, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(TEXT, inner, max_size=5),
                     max_leaves=25)
ENTRY = st.dictionaries(st.sampled_from(["location", "title", "text", "tags", "boost", "parts"]), VALUE, max_size=6)
INDEX = st.fixed_dictionaries({"config": st.dictionaries(TEXT, VALUE, max_size=4), "docs": st.lists(ENTRY, max_size=12)},
                              optional={"extra": VALUE})


@settings(max_examples=200, deadline=None)
@given(index=INDEX | VALUE, group=st.sampled_from([1, 2, 5, stream.GROUP]))
def test_the_index_in_pieces_is_the_whole_dump_byte_for_byte(index, group):
    expected = si.dumps_utf8(index).encode("utf-8")
    assert b"".join(stream.utf8_chunks(index, group)) == expected
    assert stream.utf8_bytes(index) == expected


@settings(max_examples=200, deadline=None)
@given(index=INDEX | VALUE, block=st.sampled_from([1, 2, 3, 7, 64, stream.BLOCK]), ascii_only=st.booleans(),
       indent=st.sampled_from([None, 1]))
def test_a_file_parsed_a_block_at_a_time_is_what_json_loads_gives(index, block, ascii_only, indent):
    """Material writes its index with ASCII escapes; the rewritten one is UTF-8 (a character of
    up to 4 bytes may be cut by a block's end); whitespace anywhere JSON allows it."""
    with tempfile.TemporaryDirectory() as tmp, mock.patch.object(stream, "BLOCK", block):
        path = Path(tmp) / "search_index.json"
        path.write_text(json.dumps(index, ensure_ascii=ascii_only, indent=indent), encoding="utf-8")
        assert stream.load(path) == json.loads(path.read_text(encoding="utf-8"))


def test_a_lone_surrogate_fails_in_pieces_as_it_fails_whole():
    index = {"config": {}, "docs": [{"text": "a"}] * 3 + [{"text": "\ud800"}]}
    with pytest.raises(UnicodeEncodeError):
        si.dumps_utf8(index).encode("utf-8")
    with pytest.raises(UnicodeEncodeError):
        b"".join(stream.utf8_chunks(index, 2))


@pytest.mark.parametrize("data, place", [
    (b'{"config": {}, "docs": [{"a": 1},, {"b": 2}]}', "line 1 column 34 (character 33)"),
    (b'{"config": {},\n "docs": [{"a": 1}\n {"b": 2}]}', "expecting ',' or ']': line 3 column 2 (character 35)"),
    (b'{"config": {}, "docs": []} x', "extra data: line 1 column 28 (character 27)"),
    (b'{"config": {}, "docs": ["\xe4\xb8\xad", "\xff"]}', "byte 32 of the file is not UTF-8"),
    (b'{"config": {}, "docs": [{"text": "unterminated', "line 1 column 34 (character 33)"),
    (b'{"config" {}}', "expecting ':': line 1 column 11 (character 10)"),
    (b'', "line 1 column 1 (character 0)"),
])
def test_a_broken_index_names_the_place(tmp_path, monkeypatch, data, place):
    monkeypatch.setattr(stream, "BLOCK", 5)   # the place counts from the file's start, not the block's
    path = tmp_path / "search_index.json"
    path.write_bytes(data)
    with pytest.raises(si.SearchIndexError, match="not valid UTF-8 JSON") as error:
        si.load(path)
    assert str(path) in str(error.value) and place in str(error.value)
