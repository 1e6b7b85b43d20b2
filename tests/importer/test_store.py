"""Page storage: atomic writes, untouched unchanged pages, refused edits, forced backups."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from safety_month.importer import store
from tests._import_fakes import fake_is_hand_edited, fake_render
from safety_month.importer.model import Block, CleanResult, RawDocument, Speech

RAW = RawDocument(path="sources/a.txt", sha256="ab" * 32, text="x", encoding="utf-8", kind="txt")


def page(text: str = "第一段") -> str:
    speech = Speech(title="讲话", blocks=[Block("p", text)])
    return fake_render(speech, RAW, CleanResult(text=text), "sources/a.txt").text


def write(path, text, force=False):
    return store.write_page(path, text, hand_edited=fake_is_hand_edited, force=force)


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_atomic_write_creates_folders_and_leaves_no_temp_files(tmp_path):
    target = tmp_path / "a" / "b" / "page.md"
    store.atomic_write(target, "内容\n".encode())
    assert target.read_text(encoding="utf-8") == "内容\n"
    assert listing(target.parent) == ["page.md"]


def test_atomic_write_keeps_the_old_file_when_replace_fails(tmp_path, monkeypatch):
    target = tmp_path / "page.md"
    target.write_text("旧", encoding="utf-8")

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        store.atomic_write(target, "新".encode())
    assert target.read_text(encoding="utf-8") == "旧"
    assert listing(tmp_path) == ["page.md"]


def test_atomic_write_keeps_file_mode(tmp_path):
    target = tmp_path / "page.md"
    target.write_text("旧", encoding="utf-8")
    os.chmod(target, 0o640)
    store.atomic_write(target, b"new")
    assert target.stat().st_mode & 0o777 == 0o640


def test_new_file_gets_umask_mode_not_tempfile_0600(tmp_path):
    target = tmp_path / "page.md"
    store.atomic_write(target, b"x")
    old = os.umask(0)
    os.umask(old)
    assert target.stat().st_mode & 0o777 == 0o666 & ~old


def test_created_then_unchanged_leaves_file_untouched(tmp_path):
    target = tmp_path / "2021" / "p.md"
    assert write(target, page()).status == store.CREATED
    os.utime(target, ns=(1_000_000_000, 1_000_000_000))
    inode = target.stat().st_ino
    result = write(target, page())
    assert result.status == store.UNCHANGED
    assert target.stat().st_mtime_ns == 1_000_000_000
    assert target.stat().st_ino == inode


def test_generated_page_is_regenerated_when_output_changes(tmp_path):
    target = tmp_path / "p.md"
    write(target, page("旧的输出"))
    result = write(target, page("改进后的输出"))
    assert result.status == store.UPDATED
    assert "改进后的输出" in target.read_text(encoding="utf-8")
    assert listing(tmp_path) == ["p.md"]


def test_hand_edited_page_is_refused(tmp_path):
    target = tmp_path / "p.md"
    write(target, page())
    edited = target.read_text(encoding="utf-8").replace("第一段", "编辑改过的第一段")
    target.write_text(edited, encoding="utf-8")
    result = write(target, page("新的输出"))
    assert result.status == store.REFUSED
    assert result.backup == tmp_path / ".p.md.bak"
    assert target.read_text(encoding="utf-8") == edited
    assert listing(tmp_path) == ["p.md"]          # nothing written, not even a backup


def test_force_backs_up_then_overwrites(tmp_path):
    target = tmp_path / "p.md"
    write(target, page())
    edited_1 = target.read_text(encoding="utf-8") + "\n编辑加的一段\n"
    target.write_text(edited_1, encoding="utf-8")
    first = write(target, page("新"), force=True)
    assert first.status == store.FORCED
    assert first.backup == tmp_path / ".p.md.bak"
    assert first.backup.read_text(encoding="utf-8") == edited_1
    assert "新" in target.read_text(encoding="utf-8")

    edited_2 = target.read_text(encoding="utf-8") + "\n第二次编辑\n"
    target.write_text(edited_2, encoding="utf-8")
    second = write(target, page("再新"), force=True)
    assert second.backup == tmp_path / ".p.md.2.bak"
    assert second.backup.read_text(encoding="utf-8") == edited_2
    assert (tmp_path / ".p.md.bak").read_text(encoding="utf-8") == edited_1
    assert listing(tmp_path) == [".p.md.2.bak", ".p.md.bak", "p.md"]


def test_undecodable_existing_page_counts_as_edited(tmp_path):
    target = tmp_path / "p.md"
    target.write_bytes(b"\xff\xfe not utf-8")
    assert write(target, page()).status == store.REFUSED
    assert target.read_bytes() == b"\xff\xfe not utf-8"


def test_backups_are_not_built_into_the_site(tmp_path):
    """MkDocs must neither copy a backup into the site nor warn about it (strict build)."""
    docs = tmp_path / "docs"
    target = docs / "speeches" / "p.md"
    write(target, page())
    target.write_text(target.read_text(encoding="utf-8") + "编辑\n", encoding="utf-8")
    backup = write(target, page("新"), force=True).backup
    assert backup.exists()
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\ntheme: mkdocs\nstrict: true\n", encoding="utf-8")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run([str(mkdocs), "build", "--strict", "-d", str(tmp_path / "site")],
                            cwd=tmp_path, capture_output=True, text=True,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    built = {p.name for p in (tmp_path / "site").rglob("*")}
    assert not any(".bak" in name for name in built)
    assert (tmp_path / "site" / "speeches" / "p" / "index.html").exists()
