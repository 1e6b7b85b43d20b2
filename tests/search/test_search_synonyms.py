"""The synonym table (data/search_synonyms.yml) and the index's `synonyms` field: 煤气 finds
the sections that say 燃气; the table's mistakes are named with file:line."""

from __future__ import annotations

import pytest

from safety_month.search import synonyms
from safety_month.search.synonyms import SynonymError, add_synonyms, others_in, parse_groups

ZW = "\u200b"


def test_the_project_table_has_the_issues_groups():
    groups = synonyms.load_groups()
    gas = next(g for g in groups if "燃气" in g)
    assert {"燃气", "煤气", "天然气", "液化气"} <= set(gas)
    assert any({"电动车", "电动自行车"} <= set(g) for g in groups)
    words = [w for g in groups for w in g]
    assert len(words) == len(set(words))
    assert "泄露" not in words   # 泄露 is also the disclosure of secrets: not a safe equivalence


def test_others_are_the_group_words_the_text_does_not_use():
    groups = [("燃气", "煤气", "天然气"), ("电动自行车", "电动车")]
    assert others_in("关闭燃气表前阀", groups) == ["煤气", "天然气"]
    assert others_in("天然气和燃气", groups) == ["煤气"]
    # 电动车 is not in 电动自行车 as a string, but 电动自行车 says it: the other word is added
    assert others_in("不在楼道停放电动自行车", groups) == ["电动车"]
    assert others_in("与本表无关的句子", groups) == []


def _index(docs, fields=("text", "synonyms")):
    return {"config": {"fields": {f: {"boost": 1} for f in fields}}, "docs": docs}


def test_add_synonyms_fills_the_field_and_hands_the_groups_to_the_worker():
    index = _index([{"location": "a/#gas", "title": f"闻到{ZW}燃气{ZW}味", "text": "<p>关闭阀门</p>"},
                    {"location": "b/", "title": "别的", "text": f"<p>燃气{ZW}泄漏</p>"},
                    {"location": "c/", "title": "无关", "text": "<p>应急</p>", "synonyms": "旧的"}])
    groups = [("燃气", "煤气")]
    assert add_synonyms(index, groups) == 2
    assert [d.get("synonyms") for d in index["docs"]] == ["煤气", "煤气", None]
    assert index["config"]["synonyms"] == [["燃气", "煤气"]]


def test_add_synonyms_needs_the_field_declared_when_it_has_something_to_add():
    with pytest.raises(SynonymError, match="fields: {synonyms"):
        add_synonyms(_index([{"location": "a/", "title": "燃气", "text": ""}], fields=("text",)), [("燃气", "煤气")])
    assert add_synonyms(_index([{"location": "a/", "title": "无关", "text": ""}], fields=("text",)), [("燃气", "煤气")]) == 0


@pytest.mark.parametrize("text,line,says", [
    ("groups: [[燃气, 煤气], [燃气, 天然气]]\n", 1, "已在"),
    ("# note\ngroups:\n  - [燃气, 煤气]\n  - [电动车]\n", 4, "至少两个"),
    ("groups:\n  - [燃气, 气]\n", 2, "两个或更多汉字"),
    ("groups:\n  - [燃气, gas]\n", 2, "两个或更多汉字"),
    ("groups:\n  - 燃气\n", 2, "词的列表"),
    ("words: []\n", 1, "groups"),
    ("groups: [[燃气, 煤气\n", None, "YAML"),
])
def test_table_mistakes_are_named_with_file_and_line(text, line, says):
    with pytest.raises(SynonymError) as err:
        parse_groups(text, "data/x.yml")
    assert says in str(err.value)
    assert str(err.value).startswith(f"data/x.yml:{line}:" if line else "data/x.yml:")


def test_any_bytes_as_a_table_give_groups_or_a_named_error():
    import random

    rng = random.Random(3)
    alphabet = "groups:[]-, \n燃气煤#'\"{}:\t\x00"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        try:
            parse_groups(text, "data/x.yml")
        except SynonymError as exc:
            assert str(exc).startswith("data/x.yml")
