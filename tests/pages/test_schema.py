import pytest

from safety_month.pages import reader, schema
from tests._checks_helpers import FIXTURES, issues_of


def problems(text, src_uri=None):
    return schema.validate(reader.parse(text), src_uri)


def test_bad_speech_values_each_reported_at_the_offending_key():
    found = issues_of("speech_bad_values.md", "speeches/2021/speech_bad_values.md")
    got = {(i.line, i.code) for i in found}
    assert got == {(4, "fm.value"), (9, "fm.value"), (12, "fm.type"), (13, "fm.unknown_key"), (5, "fm.required"),
                   (6, "fm.value"), (7, "fm.value"), (8, "fm.value"), (11, "fm.value")}
    by_line = {i.line: i for i in found}
    assert by_line[9].message_zh == "audiences 含有未知的值“进企业”；允许的值：企业、农村、社区、学校、家庭"
    assert by_line[9].fix_zh == "改为“企业”（不带“进”字）"
    assert by_line[13].fix_zh == "是不是“audiences”？"
    assert "落实安全责任 推动安全发展" in by_line[7].fix_zh     # theme from campaigns.yml, never invented


def test_imported_speech_needs_its_importer_fields_hand_made_does_not():
    found = issues_of("speech_imported_missing.md")
    assert sorted(i.message_zh.split("（")[0] for i in found) == [
        "缺少必填字段 source_file", "缺少必填字段 source_sha256"]  # review_count is derived, optional
    hand = "---\ntitle: 手工录入\nkind: speech\naudiences: []\ntags: []\n---\n"
    assert problems(hand, "speeches/undated/undated-12345678.md") == []


def test_missing_required_field_points_at_the_closing_line():
    found = problems("---\ntitle: 通知\nkind: notice\n---\n")
    assert [(p.line, p.code) for p in found] == [(4, "fm.required")]
    assert "date" in found[0].message_zh and "2025-05-20" in found[0].fix_zh


def test_folder_rules():
    text = "---\ntitle: 讲话\nkind: speech\nyear: 2021\nyear_reason: 文中写明\nedition: 20\ntheme: 落实安全责任 推动安全发展\naudiences: []\ntags: []\n---\n"
    assert problems(text, "speeches/2021/a.md") == []
    assert [p.code for p in problems(text, "speeches/2020/a.md")] == ["fm.path"]
    assert [p.code for p in problems(text, "notes/a.md")] == ["fm.kind"]
    page = "---\ntitle: 普通页\n---\n"
    assert [p.code for p in problems(page, "speeches/2021/a.md")] == ["fm.kind"]
    article = "---\ntitle: 文章\nkind: wujin\naudience: 学校\ndate: 2025-06-01\n---\n"
    assert problems(article, "wujin/xuexiao/a.md") == []
    assert [p.code for p in problems(article, "wujin/qiye/a.md")] == ["fm.kind"]


def test_wujin_article_values():
    found = issues_of("wujin_bad.md", "wujin/xuexiao/wujin_bad.md")
    assert [(i.line, i.code) for i in found] == [(4, "fm.value"), (5, "fm.type"), (6, "fm.value")]
    assert found[1].fix_zh == "写成 date: 2025-06-01"


def test_free_pages_may_carry_other_keys_but_not_an_unknown_kind():
    assert problems("---\ntitle: 首页\ntemplate: home.html\naudience: 企业\nhero: x\n---\n") == []
    found = problems("---\ntitle: x\nkind: speeches\n---\n")
    assert found[0].code == "fm.value" and "speech" in found[0].fix_zh


@pytest.mark.parametrize("value, code", [("'2021'", "fm.type"), ("二〇二一", "fm.type"), ("1970", "fm.value"), ("true", "fm.type")])
def test_year_types(value, code):
    found = problems(f"---\ntitle: x\nkind: speech\nyear: {value}\naudiences: []\ntags: []\n---\n")
    assert found and found[0].code == code and found[0].line == 4


def test_tag_vocabulary_comes_from_tags_yml():
    vocab = schema.tag_vocabulary()
    assert vocab is not None and "隐患排查治理" in vocab
    assert schema.vocabulary_notes() == []


def test_tag_vocabulary_falls_back_to_any_text_when_the_file_is_missing(monkeypatch):
    monkeypatch.setattr(schema, "_tags_table", lambda: None)
    schema.tag_vocabulary.cache_clear()
    try:
        assert schema.tag_vocabulary() is None
        assert "tags.yml" in schema.vocabulary_notes()[0]
        assert problems("---\ntitle: x\nkind: notice\ndate: 2025-05-20\ntags: [任何标签]\n---\n") == []
        assert problems("---\ntitle: x\nkind: notice\ndate: 2025-05-20\ntags: ['']\n---\n")[0].code == "fm.type"
    finally:
        schema.tag_vocabulary.cache_clear()


@pytest.mark.parametrize("shape, names", [
    ("[a, b]", ["a", "b"]),
    ("tags:\n  - tag: a\n  - tag: b", ["a", "b"]),
    ("{a: 说明, b: 说明}", ["a", "b"]),
    ("- name: a\n- name: b", ["a", "b"]),
])
def test_vocabulary_file_shapes(shape, names):
    import yaml
    assert schema._names(yaml.safe_load(shape)) == names


# Any YAML value in any field (a mapping, a list of lists, a bool …) is a reported problem or
# accepted, never a crash: `kind: {a: 1}` once raised TypeError (a mapping tested against the
# kinds' table), which stopped check, build and preview with a traceback.
ODD_VALUES = ["{a: 1}", "[[1], {b: 2}]", "[]", "{}", "null", "1.5", "true", "2024-06-01", '"x"', "-1"]


@pytest.mark.parametrize("value", ODD_VALUES)
def test_any_value_in_any_field_is_a_problem_or_accepted_never_a_crash(value):
    kinds = list(schema.schemas()["kinds"])
    names = {"kind", "title"} | {name for kind in kinds for name in schema.fields_for(kind)}
    for kind in kinds:
        for name in sorted(names):
            fields = {"title": "标题", "kind": kind, name: value}
            text = "---\n" + "".join(f"{k}: {v}\n" for k, v in fields.items()) + "---\n\n正文。\n"
            for src in ("speeches/2024/a.md", "wujin/qiye/a.md", "notices/a.md", "a.md"):
                result = problems(text, src)
                assert all(isinstance(p, schema.Problem) for p in result), (name, value, src)


def test_a_mapping_as_kind_is_an_unknown_kind_at_its_line():
    found = problems("---\ntitle: 标题\nkind: {a: 1}\n---\n", "a.md")
    assert found and {p.line for p in found} == {3}
    assert any(p.code == "fm.value" and "kind" in p.message_zh for p in found)
