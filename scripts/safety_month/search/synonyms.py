"""Words readers use for the same thing (data/search_synonyms.yml), in the search index.

A reader who types 煤气泄漏 wants the sections about 燃气泄漏; the pages say 燃气. The build
gives each index entry a `synonyms` field: the other words of every group the entry's title
or text uses. The field is searched at half the weight of the text (mkdocs.yml), so a page
that says the typed word ranks above one found through its synonym, and it is never shown: the results
show the page's own sentence, its word highlighted (data/search_snippet.js, which gets the
groups through the index's config).

Matching is by substring of the text without segmentation marks, not by jieba token: jieba
cuts 燃气灶 or 液化石油气罐 in ways that differ from sentence to sentence, and every word of
the table has two or more characters, so a substring is the word.
"""

from __future__ import annotations

import re

import yaml

from safety_month import tables

TABLE = "search_synonyms.yml"
FIELD = "synonyms"
CONFIG_KEY = "synonyms"          # the groups, for the snippets in the search worker
_HAN = re.compile(r"^[\u4e00-\u9fff]{2,}$")
_TAG = re.compile(r"<[^>]*>")


class SynonymError(ValueError):
    """The table is malformed; str() names the file and line."""


def parse_groups(text: str, name: str = f"scripts/safety_month/data/{TABLE}") -> list[tuple[str, ...]]:
    """The groups of the table's text, checked: each a list of two or more distinct words of
    two or more Han characters, each word in one group only. Errors name file:line."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        raise SynonymError(f"{name}: 不是有效的 YAML（{exc}）") from exc
    groups_node = None
    if isinstance(root, yaml.MappingNode):
        groups_node = next((v for k, v in root.value if k.value == "groups"), None)
    if not isinstance(groups_node, yaml.SequenceNode):
        line = (root.start_mark.line + 1) if root is not None else 1
        raise SynonymError(f"{name}:{line}: 需要 groups: 列表（每组是一行 [词, 词, …]）")
    seen: dict[str, int] = {}
    groups = []
    for node in groups_node.value:
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.SequenceNode) or not all(isinstance(w, yaml.ScalarNode) for w in node.value):
            raise SynonymError(f"{name}:{line}: 每组应是词的列表，例如 [燃气, 煤气]")
        words = [w.value.strip() for w in node.value]
        if len(words) < 2 or len(set(words)) != len(words):
            raise SynonymError(f"{name}:{line}: 每组至少两个不同的词：{words}")
        for word in words:
            if not _HAN.match(word):
                raise SynonymError(f"{name}:{line}: “{word}”应是两个或更多汉字（单字会匹配太多内容）")
            if word in seen:
                raise SynonymError(f"{name}:{line}: “{word}”已在第 {seen[word]} 行的组里，一个词只能属于一组")
            seen[word] = line
        groups.append(tuple(words))
    return groups


def load_groups() -> list[tuple[str, ...]]:
    """The project's table (data/search_synonyms.yml)."""
    return parse_groups(tables.text(TABLE))


def flat(html_text: str) -> str:
    """An index field as plain text for matching: no tags, no segmentation marks."""
    return _TAG.sub(" ", html_text).replace("\u200b", "")


def others_in(text: str, groups: list[tuple[str, ...]]) -> list[str]:
    """The words of every group that `text` uses, minus the words it uses itself (or that are
    inside a word it uses)."""
    out: list[str] = []
    for group in groups:
        used = [w for w in group if w in text]
        if used:
            out.extend(w for w in group if w not in text and not any(w in u for u in used))
    return out


def add_synonyms(index: dict, groups: list[tuple[str, ...]]) -> int:
    """Give each entry the other words of the groups it uses (field `synonyms`), and the
    index config the groups; returns the entries changed."""
    found = []
    for doc in index.get("docs", []):
        doc.pop(FIELD, None)
        words = others_in(flat(doc.get("title", "")) + "\n" + flat(doc.get("text", "")), groups)
        if words:
            found.append((doc, " ".join(words)))
    if not found:
        return 0
    config = index.setdefault("config", {})
    if FIELD not in config.get("fields", {}):   # the worker would never search it
        raise SynonymError(
            f"the index config has no '{FIELD}' field: add `fields: {{{FIELD}: {{boost: 0.5}}}}` "
            "to `plugins: - search:` in mkdocs.yml")
    config[CONFIG_KEY] = [list(g) for g in groups]
    for doc, words in found:
        doc[FIELD] = words
    return len(found)
