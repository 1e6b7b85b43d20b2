from tests._checks_helpers import issues_of, where


def test_speech_paragraph_without_anchor_and_duplicate_anchor():
    found = issues_of("speech_para_ids_bad.md", code="text.para_id")
    assert where(found) == [(11, 1), (14, 1)]
    assert found[0].severity == "warning" and "{: #p-2 }" in found[0].fix_zh
    assert found[1].severity == "error" and "第 9 行" in found[1].message_zh


def test_imported_speech_passes_every_check():
    assert issues_of("speech_imported_ok.md", "speeches/2021/2021-0f1e2d3c.md") == []
