"""`safety-month convert`: converts old speech pages in place, reports per file what changed,
leaves converted and other pages alone (a second run changes nothing), and names a page it
cannot read."""

from __future__ import annotations

import os

from safety_month import cli
from safety_month.atomic import new_file_mode
from safety_month.pages import contract
from tests import paths

OLD = (paths.FIXTURES / "convert" / "old_imported.md").read_text(encoding="utf-8")


def test_converts_reports_and_is_idempotent(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(paths.ROOT)          # the project whose mkdocs.yml renders the pages
    old = tmp_path / "old.md"
    old.write_text(OLD, encoding="utf-8")
    other = tmp_path / "wujin.md"
    other_text = f"---\ntitle: 五进\n---\n\n{contract.REDACT_OPEN}XX</span>\n{{: #p-1 }}\n"
    other.write_text(other_text, encoding="utf-8")
    broken = tmp_path / "broken.md"
    broken.write_bytes(b"---\ntitle: \xff\n---\n")

    # --dry-run: reports, writes nothing
    assert cli.main(["convert", "--dry-run", str(tmp_path)]) == 1          # (the broken page)
    out = capsys.readouterr()
    assert "将转换" in out.out and "删去段落锚点行 12 行" in out.out
    assert old.read_text(encoding="utf-8") == OLD

    assert cli.main(["convert", str(old), str(other)]) == 0
    out = capsys.readouterr().out
    assert "已转换" in out and "old.md" in out and "占位符标记改为纯文本 6 处" in out
    converted = old.read_text(encoding="utf-8")
    assert "{: #p-" not in converted and "sm-redact" not in converted
    assert not contract.is_hand_edited(converted)
    assert other.read_text(encoding="utf-8") == other_text              # not a speech page
    assert os.stat(old).st_mode & 0o777 == new_file_mode()             # the process umask's mode

    assert cli.main(["convert", str(old)]) == 0
    assert "没有需要转换的页面" in capsys.readouterr().out
    assert old.read_text(encoding="utf-8") == converted

    assert cli.main(["convert", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "broken.md" in err and "无法读取" in err
