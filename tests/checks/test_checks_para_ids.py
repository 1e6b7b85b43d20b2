from tests._checks_helpers import issues_of, where


def test_old_anchor_lines_that_give_two_paragraphs_one_id():
    """A paragraph without an anchor line is fine (the build numbers it); an old anchor line
    whose number another paragraph has is an error, with the fix."""
    found = issues_of("speech_para_ids_bad.md", code="text.para_id")
    assert where(found) == [(14, 1)]
    assert found[0].severity == "error" and "第 9 行" in found[0].message_zh
    assert "safety-month convert" in found[0].fix_zh


def test_imported_speech_passes_every_check():
    assert issues_of("speech_imported_ok.md", "speeches/2021/2021-0f1e2d3c.md") == []
