"""safety_month.pages.known_fields: a page's front matter is parsed once per build. The fields
MkDocs gets from the kept block are exactly what its own get_data returns; every answer is a
copy; blocks YAML would split differently are never kept; MkDocs' own parse runs for any other
block. And theme.page_reading installs the wrapper once, as the checks hook does."""

from __future__ import annotations

import pytest
from mkdocs.utils import meta

from safety_month.pages import known_fields, reader
from safety_month.theme import internals, page_reading
from tests import paths
from tests.hooks._fakes import load_hook

EDGE = [
    "---\ntitle: 安全\ntags: [a, b]\ndate: 2023-06-01\n---\n\n正文\n",
    "---\ntitle: x\ntitle: y\n...\nbody\n",                 # repeated key, "..." closing
    "---\n- a\n- b\n---\nbody\n",                            # not a mapping: MkDocs keeps {}
    "---\ntitle: a\u2028b\n---\nbody\n",                     # a break to YAML only
    "---\ntitle: &a x\nother: *a\n---\nbody\n",              # refused by reader.bounded
    "---\nreview:\n  - line: 3\n    note: 无\n---\n\n\n正文\n",
    "no front matter\n",
    "---\ntitle: x\n---",                                     # no newline after the closing line
]


@pytest.fixture(autouse=True)
def _empty():
    known_fields.forget()
    yield
    known_fields.forget()


def _docs() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((paths.ROOT / "docs").rglob("*.md"))] + EDGE


@pytest.mark.parametrize("positions", [True, False])
def test_mkdocs_gets_what_its_own_parse_gives_for_every_page(positions):
    get_data = known_fields.reading_from_memory(meta.get_data)
    docs = _docs()
    for doc in docs:
        reader.parse(doc, positions=positions)
    assert len(known_fields._blocks) >= len(docs) - 10    # the committed pages are all kept
    for doc in docs:
        assert get_data(doc) == meta.get_data(doc), doc[:80]


def test_a_kept_block_is_answered_without_parsing_and_each_answer_is_a_copy():
    doc = EDGE[5]
    reader.parse(doc)
    calls = []
    get_data = known_fields.reading_from_memory(lambda d: calls.append(d))
    body, fields = get_data(doc)
    assert calls == [] and body == "正文\n" and fields["review"] == [{"line": 3, "note": "无"}]
    fields["review"].append("changed")
    fields["template"] = "speech.html"
    assert get_data(doc)[1] == {"review": [{"line": 3, "note": "无"}]}
    assert reader.parse(doc, positions=False).data == {"review": [{"line": 3, "note": "无"}]}


def test_blocks_yaml_reads_differently_and_unknown_blocks_go_to_mkdocs():
    for doc in EDGE:
        reader.parse(doc)
    assert known_fields.known("title: a\u2028b\n") is None
    assert known_fields.known("title: a\rb\n") is None
    calls = []
    get_data = known_fields.reading_from_memory(lambda d: calls.append(d) or ("", {}))
    get_data(EDGE[3])
    get_data("---\nnever: read\n---\nx\n")
    assert calls == [EDGE[3], "---\nnever: read\n---\nx\n"]


def test_the_memory_is_bounded(monkeypatch):
    monkeypatch.setattr(known_fields, "LIMIT", 4)
    for i in range(9):
        known_fields.remember(f"k: {i}\n", {"k": i})
    assert len(known_fields._blocks) <= 4 and known_fields.known("k: 8\n") == {"k": 8}


def test_page_reading_installs_the_wrapper_once_and_the_checks_hook_asks_for_it(monkeypatch):
    # MkDocs' own function in place for the test (restored after it), wrapped or not before.
    monkeypatch.setattr(meta, "get_data", getattr(meta.get_data, "wrapped", meta.get_data))
    assert page_reading.read_once(known_fields.reading_from_memory) is True
    assert meta.get_data.wrapped is not None and internals.patched(meta, "get_data")
    assert page_reading.read_once(known_fields.reading_from_memory) is False
    monkeypatch.setattr(meta, "get_data", getattr(meta.get_data, "wrapped"))
    config = {"marker": 1}
    assert load_hook("checks").on_config(config) is config
    assert internals.patched(meta, "get_data")
