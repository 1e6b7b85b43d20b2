"""front_yaml.dump must write exactly what PyYAML writes for page front matter, and the text
must load back to the same data."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from safety_month.pages import generated_shape, writer
from safety_month.pages.writer import Text

# Every code point, surrogates and characters beyond the BMP included.
ANY_TEXT = st.text(st.characters(blacklist_categories=()), max_size=60)
NASTY = st.sampled_from(["", " ", '"', "\\", "\x85", "\u2028", "\u2029", "\ufeff", "\xa0", "\t",
                         "\x00", "\x1b", "\x7f", "\ud800", "\U0001F600", "\ue000", "\ufffe",
                         "---", "...", ": x", "# c", "- a", "〔*〕", "true", "null", "12"])
TEXT = st.one_of(ANY_TEXT, NASTY, st.lists(NASTY, max_size=5).map("".join))
KEYS = st.sampled_from(["title", "kind", "企业", "农村", "punctuation", "read.control_chars",
                        "line", "rule", "message", "generated_hash"])
SCALAR = st.one_of(TEXT.map(Text), st.integers(-10**6, 10**12), st.booleans())
FLAT = st.dictionaries(KEYS, SCALAR, max_size=4)
VALUE = st.one_of(SCALAR, st.lists(SCALAR, max_size=4),
                  st.lists(FLAT.filter(bool), max_size=3), FLAT)
FRONT = st.dictionaries(KEYS, VALUE, min_size=1, max_size=8)


def _plain(data):
    """Text -> str, recursively (what safe_load gives back)."""
    if isinstance(data, dict):
        return {str(k): _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return str(data) if isinstance(data, Text) else data


@settings(max_examples=400, deadline=None)
@given(FRONT)
def test_same_text_as_pyyaml_and_loads_back(data):
    text = writer.dump(data)
    assert text == writer.reference_dump(data)
    assert yaml.safe_load(text) == _plain(data)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_text_scalar_matches_pyyaml(value):
    assert writer.text_scalar(value) + "\n" == writer.reference_dump({"k": Text(value)})[3:]
    # quoted only where YAML needs it: PyYAML's own safe_dump (one line: breaks escaped)
    if not any(ch in value for ch in "\n\r\x85\u2028\u2029"):
        assert writer.text_scalar(value) + "\n" == yaml.safe_dump({"k": value}, allow_unicode=True, width=writer.NO_WRAP)[3:]


def test_escapes_as_pyyaml_does():
    text = writer.dump({"title": Text('a"b\\c\x85\u2028\x00\U0001F600\ufeff\xa0安全')})
    assert text == 'title: "a\\"b\\\\c\\N\\L\\0\\U0001F600\\uFEFF\xa0安全"\n'


def test_layout_of_lists_and_mappings():
    data = {"audiences": [Text("企业")], "audience_reasons": {"企业": Text("因为")},
            "tags": [], "import_changes": {}, "excerpt": True, "year": 2021,
            "review": [{"line": 3, "rule": Text("r"), "message": Text("m")}]}
    assert writer.dump(data) == (
        "audiences:\n- 企业\naudience_reasons:\n  企业: 因为\ntags: []\nimport_changes: {}\n"
        "excerpt: true\nyear: 2021\nreview:\n- line: 3\n  rule: r\n  message: m\n")
    # quoted only where YAML needs it
    assert writer.dump({"date": Text("2021-06-01"), "title": Text("a: b"), "level": Text("县")}) == \
        "date: '2021-06-01'\ntitle: 'a: b'\nlevel: 县\n"


def test_unsupported_shapes_are_left_to_pyyaml():
    assert writer.dump({"title": "plain str"}) is None           # not Text
    assert writer.dump({"yes": 1}) is None                      # a key PyYAML quotes
    assert writer.dump({"a": {"b": {"c": 1}}}) is None          # nested too deep
    assert writer.dump({"a": [[Text("x")]]}) is None
    assert writer.dump({}) is None


# ---------------------------------------------------------------- load: the fast reader

def _pyyaml(block: str):
    """What the importer's PyYAML path returns: the mapping, or None."""
    try:
        data = yaml.load(block, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None


@settings(max_examples=400, deadline=None)
@given(FRONT)
def test_load_reads_back_what_dump_writes(data):
    text = writer.dump(data)
    fast = generated_shape.load(text)
    assert fast is None or fast == _pyyaml(text)
    if "\\" not in text and not any(isinstance(k, str) and not generated_shape._str_key(k)
                                    for k in data):
        assert fast == _plain(data)          # the generated shape takes the fast path


EDIT_CHARS = st.sampled_from(['"', "\\", ":", " ", "  ", "#", "- ", "\t", "\x00", "\x85", "\u2028",
                              "\ufeff", "yes", "null", "~", "[", "]", "{", "}", "'", "&", "*",
                              "!", "|", ">", "%", "@", "`", ",", "?", "0", "012", "1.5", "\n",
                              "\n  ", "\n- ", "---", "安全", "x"])


@settings(max_examples=500, deadline=None)
@given(FRONT, st.lists(st.tuples(st.integers(0, 10**6), EDIT_CHARS, st.booleans()), max_size=4))
def test_load_agrees_with_pyyaml_or_steps_aside(data, edits):
    text = writer.dump(data)
    for where, piece, replace in edits:
        k = where % (len(text) + 1)
        text = text[:k] + piece + text[k + (1 if replace else 0):]
    fast = generated_shape.load(text)
    assert fast is None or fast == _pyyaml(text)


def test_load_takes_the_fast_path_on_real_pages(root):
    pages = sorted((root / "docs" / "speeches").rglob("*.md"))
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        block = text[4:text.index("\n---\n", 4) + 1]
        assert generated_shape.load(block) == _pyyaml(block) is not None


def test_load_refuses_what_it_does_not_know():
    assert generated_shape.load('title: "a"\n') == {"title": "a"}
    assert generated_shape.load("title: 县长讲话\ndate: '2021-06-01'\nx: 'it''s'\n") == \
        {"title": "县长讲话", "date": "2021-06-01", "x": "it's"}
    assert generated_shape.load("a: 2021-06-01\n") is None            # plain, but a date: PyYAML's job
    assert generated_shape.load("a: yes\n") is None                   # plain, but a bool
    assert generated_shape.load("# 注释\na: x\n") == {"a": "x"}       # a whole-line comment
    assert generated_shape.load('title: "a\\"b"\n') is None          # escapes: PyYAML's job
    assert generated_shape.load('yes: 1\n') is None                   # key read as a bool
    assert generated_shape.load('a: 1\na: 2\n') is None                # repeated key
    assert generated_shape.load('a: 012\n') is None                    # octal in YAML 1.1
    assert generated_shape.load('a:\n') is None                        # null value
    assert generated_shape.load('a: "x" # c\n') is None
    assert generated_shape.load('a: "x"') is None                      # not a whole block


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_quoted_value_is_what_yaml_reads(value):
    scalar = writer.quoted(value)
    fast = generated_shape.string_value(scalar)
    assert fast is None or fast == yaml.safe_load(scalar)
    if scalar[1:-1] == value:                # nothing escaped: the fast path reads it
        assert fast == value


def _scalar_by_pyyaml(block: str, key: str):
    """reader.scalar as it was before its fast path: PyYAML reads every value."""
    import re

    from safety_month.pages import bounded

    found = re.search(rf"^{re.escape(key)}:[ \t]*(.+?)[ \t]*$", block, re.MULTILINE)
    if not found:
        return None
    try:
        value = bounded.safe_load(found.group(1))
    except yaml.YAMLError:
        return None
    return value if isinstance(value, str) else None


# One line of a page's block as the writer writes it, or as an editor might type it.
LINE_VALUE = st.one_of(TEXT, TEXT.map(writer.quoted), TEXT.map(lambda t: "'" + t.replace("'", "''") + "'"),
                       st.sampled_from(["c74758f85c1f43c9d7b63b84e5575ddab7add20dfd0122d54b9d9d9e70b27ac3",
                                        "1234567890123456789012345678901234567890123456789012345678901234",
                                        "12e45", "0x1f", "1_000", "12:30", "2021-06-01", "~", "Null", "yes",
                                        ".inf", "sources/bench/00279.txt", "区委书记在会议上的讲话", "'a'b'",
                                        "\"a\\\"b\"", "a # b", "a: b", "|", ">-", "&x a", "*x", "!!str 1", "%x",
                                        "@x", "`x", "'", '"', "-", "- a", "? a", ":", ":x", "x:", "--- a", "... a"]))


@settings(max_examples=600, deadline=None)
@given(LINE_VALUE, st.sampled_from(["", " ", "\t", "  \t"]))
def test_scalar_fast_path_is_what_pyyaml_reads(value, after):
    """reader.scalar (the importer's read of source_file, source_sha256 and title on every
    page, each import) answers exactly what PyYAML alone answered."""
    from safety_month.pages import reader

    if "\n" in value or "\r" in value or any("\ud800" <= c <= "\udfff" for c in value):
        return   # not one line; a page read as UTF-8 holds no surrogate
    block = f"kind: speech\ntitle: {value}{after}\nyear: 2021\n"
    assert reader.scalar(block, "title") == _scalar_by_pyyaml(block, "title")
