"""sources/retired.yml (the editor's list of retired speeches) and the import record
(.imported.yml): what an entry covers, an editor's text kept when the tools add to the list,
a clear file:line message for a list that cannot be read, and no crash on any bytes."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from safety_month.importer import ledger, retired

SHA = "a" * 64


def test_an_entry_covers_its_source_by_content_or_by_file_and_narrows_to_a_part():
    whole = retired.Retired("sources/a.txt", SHA, None)
    assert whole.covers(SHA, "sources/renamed.txt", None)          # renamed source: same content
    assert whole.covers("b" * 64, "sources/a.txt", 2)              # corrected version: same file
    assert not whole.covers("b" * 64, "sources/b.txt", None)
    one = retired.Retired(None, SHA, 2)
    assert one.covers(SHA, "x", 2) and not one.covers(SHA, "x", 1) and not one.covers(SHA, "x", None)


def test_append_keeps_every_byte_the_editor_wrote(tmp_path):
    path = tmp_path / "retired.yml"
    mine = retired.HEADER + "# 编辑的说明：2024 年的材料暂不发布\n- source_file: sources/x.txt   # 编辑的注释\n"
    path.write_text(mine, encoding="utf-8")
    retired.append(path, retired.entry_text("sources/y.txt", SHA, 2, "标题: 带“引号”", "2021/y.md", "safety-month remove"))
    text = path.read_text(encoding="utf-8")
    assert text.startswith(mine)
    entries = retired.load(path)
    assert [(e.source_file, e.source_sha256, e.part) for e in entries] == [("sources/x.txt", None, None),
                                                                          ("sources/y.txt", SHA, 2)]
    assert yaml.safe_load(text)[1]["title"] == "标题: 带“引号”"


def test_a_new_list_starts_with_its_explanation_and_an_empty_flow_list_takes_entries(tmp_path):
    path = tmp_path / "sources" / "retired.yml"
    retired.append(path, retired.entry_text("sources/a.txt", SHA, None, None, "undated/a.md", "页面被删除（导入时发现）"))
    assert path.read_text(encoding="utf-8").startswith(retired.HEADER)
    other = tmp_path / "r2.yml"
    other.write_text("# 我的清单\n[]\n", encoding="utf-8")
    retired.append(other, retired.entry_text("sources/a.txt", SHA, None, None, "undated/a.md", "x"))
    assert len(retired.load(other)) == 1 and other.read_text(encoding="utf-8").startswith("# 我的清单\n")


def test_a_list_that_cannot_be_read_is_named_with_its_line(tmp_path):
    path = tmp_path / "retired.yml"
    cases = {
        "- source_file: sources/a.txt\n  part: 二\n": ":2: part 应是数字",
        "- source_file: sources/a.txt\n- title: 只有标题\n": ":2: 这一条既没有 source_file 也没有 source_sha256",
        "- source_file: sources/a.txt\n  page: [\n": "格式有误",
        "source_file: sources/a.txt\n": ":1: 应是一个列表",
        "- 只写了文件名\n": ":1: 每一条应以",
    }
    for text, words in cases.items():
        path.write_text(text, encoding="utf-8")
        try:
            retired.load(path, "sources/retired.yml")
        except retired.RetiredError as exc:
            assert str(exc).startswith("sources/retired.yml") and words in str(exc), (text, str(exc))
        else:
            raise AssertionError(f"accepted: {text!r}")
    path.write_bytes("- source_file: 撤下\n".encode("gb18030"))
    try:
        retired.load(path, "sources/retired.yml")
    except retired.RetiredError as exc:
        assert "UTF-8" in str(exc)
    else:
        raise AssertionError("GBK list accepted")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.binary(max_size=300),
                 st.text(alphabet="- :[]{}#\"'\n\t 撤下abc12|>&*!%@`", max_size=300).map(lambda t: t.encode("utf-8"))))
def test_any_bytes_give_entries_or_a_message_never_a_crash(tmp_path, data):
    path = tmp_path / "retired.yml"
    path.write_bytes(data)
    try:
        entries = retired.load(path)
    except retired.RetiredError as exc:
        assert str(exc).startswith(str(path))
    else:
        assert all(isinstance(e, retired.Retired) for e in entries)
    (tmp_path / ledger.LEDGER_FILE).write_bytes(data)
    assert isinstance(ledger.load(tmp_path).entries, dict)         # a bad record is rebuilt, never fatal


def test_deep_nesting_is_a_message(tmp_path):
    path = tmp_path / "retired.yml"
    path.write_text("[" * 20000, encoding="utf-8")
    try:
        retired.load(path)
    except retired.RetiredError as exc:
        assert "格式有误" in str(exc)
    else:
        raise AssertionError("accepted")


def test_the_record_is_written_only_when_it_changes_and_reads_back(tmp_path):
    record = ledger.load(tmp_path)
    assert record.save() is False and not (tmp_path / ledger.LEDGER_FILE).exists()   # nothing to record
    record.put(SHA, "sources/a.txt", 1, "2021/a-1.md")
    record.put(SHA, "sources/a.txt", 2, "2021/a-2.md", reported="b" * 64)
    assert record.save() is True
    mtime = (tmp_path / ledger.LEDGER_FILE).stat().st_mtime_ns
    again = ledger.load(tmp_path)
    assert again.save() is False and (tmp_path / ledger.LEDGER_FILE).stat().st_mtime_ns == mtime
    assert again.find("c" * 64, "sources/a.txt", 2).reported == "b" * 64        # found by file when the content changed
    again.put("c" * 64, "sources/a.txt", 2, "2021/a-2.md")                       # the new content replaces the old entry
    assert sorted(e.source_sha256[:1] + str(e.part) for e in again.entries.values()) == ["a1", "c2"]
    again.drop(None, "sources/a.txt", None)
    assert again.entries == {}


def test_a_record_nobody_changed_is_not_even_dumped_and_each_kind_of_change_is_saved(tmp_path, monkeypatch):
    record = ledger.load(tmp_path)
    record.put(SHA, "sources/a.txt", 1, "2021/a-1.md")
    record.put("c" * 64, "sources/c.txt", None, "2021/c.md")
    assert record.save() is True
    dumps = []
    real_dump = ledger.Ledger._dump
    monkeypatch.setattr(ledger.Ledger, "_dump", lambda self: dumps.append(1) or real_dump(self))
    again = ledger.load(tmp_path)
    again.put(SHA, "sources/a.txt", 1, "2021/a-1.md")          # the same entry again: no change
    assert again.save() is False and dumps == []
    changes = [lambda r: r.put(SHA, "sources/a.txt", 1, "2022/a-1.md"),               # moved
               lambda r: r.put(SHA, "sources/a.txt", 1, "2021/a-1.md", reported="d" * 64),
               lambda r: r.drop(None, "sources/c.txt", None),
               lambda r: r.moved(r.find(SHA, "sources/a.txt", 1), "undated/a-1.md")]
    for change in changes:
        before = (tmp_path / ledger.LEDGER_FILE).read_text(encoding="utf-8")
        record = ledger.load(tmp_path)
        change(record)
        assert record.save() is True
        assert (tmp_path / ledger.LEDGER_FILE).read_text(encoding="utf-8") != before
        assert ledger.load(tmp_path)._dump() == record._dump()
