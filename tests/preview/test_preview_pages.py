"""safety_month.preview.pages: a preview rebuild with cached pages writes exactly what a fresh
build writes, after an edit too (mkdocs serve emulated in-process: config reloaded per build)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from devtools import bench, bench_corpus
from safety_month.preview import pages as preview_pages
from safety_month.preview import reload as preview_reload
from tests import paths

ROOT = paths.ROOT


def _build(project: Path, site: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.preview.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url="http://127.0.0.1:9/")


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture()
def project(tmp_path, monkeypatch):
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    dest = tmp_path / "project"
    bench.make_project(ROOT, dest)
    bench_corpus.write_pages(dest / "docs", ROOT / "sources", 4, chars=600)
    monkeypatch.chdir(dest)
    return dest


def test_cached_rebuild_equals_fresh_build(project, tmp_path):
    site = tmp_path / "served"          # like mkdocs serve: every rebuild into one folder
    _build(project, site)
    speeches = sorted((project / "docs" / "speeches").rglob("bench-*.md"))
    speech, deleted = speeches[1], speeches[2]
    before = (site / speech.relative_to(project / "docs").with_suffix("") / "index.html").read_text(encoding="utf-8")
    bench.save_edit(speech, "预览缓存测试标记")
    deleted.unlink()
    _build(project, site)
    preview_pages.clear()
    _build(project, tmp_path / "fresh")
    cached, fresh = _tree(site), _tree(tmp_path / "fresh")
    assert cached.keys() == fresh.keys()
    assert [k for k in cached if cached[k] != fresh[k]] == []
    assert not (site / deleted.relative_to(project / "docs").with_suffix("") / "index.html").exists()
    after = (site / speech.relative_to(project / "docs").with_suffix("") / "index.html").read_text(encoding="utf-8")
    assert "预览缓存测试标记" in after and "预览缓存测试标记" not in before


def test_site_key_changes_with_shared_inputs_only(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n", encoding="utf-8")
    pages = [("index.md", b"# a"), ("speeches/2020/a.md", None)]
    key = preview_pages.site_key([config], [], pages, {"campaign": 1})
    assert key == preview_pages.site_key([config], [], pages, {"campaign": 1})
    assert key != preview_pages.site_key([config], [], [("index.md", b"# b"), pages[1]], {"campaign": 1})
    assert key != preview_pages.site_key([config], [], pages + [("speeches/2020/b.md", None)], {"campaign": 1})
    assert key != preview_pages.site_key([config], [], pages, {"campaign": 2})
    config.write_text("site_name: y\n", encoding="utf-8")
    assert key != preview_pages.site_key([config], [], pages, {"campaign": 1})
    assert preview_pages.in_site_key("wujin/qiye.md") and not preview_pages.in_site_key("speeches/2020/a.md")


def test_poll_faster_shortens_watchdog_polling(tmp_path):
    import types

    from watchdog.events import FileSystemEventHandler
    from watchdog.observers.polling import PollingObserver

    observer = PollingObserver(timeout=0.5)
    observer.schedule(FileSystemEventHandler(), str(tmp_path), recursive=True)
    server = types.SimpleNamespace(observer=observer, build_delay=0.1)
    assert preview_reload.poll_faster(server, 0.2) == 1
    assert [e.timeout for e in observer.emitters] == [0.2]
    assert server.build_delay == preview_reload.BUILD_DELAY_SECONDS
    assert preview_reload.poll_faster(types.SimpleNamespace()) == 0   # unknown server: unchanged


def test_watchers_skip_scans_during_a_rebuild_and_catch_up_after(tmp_path):
    import time
    import types

    from watchdog.events import FileSystemEventHandler
    from watchdog.observers.polling import PollingObserver

    events: list[str] = []
    handler = FileSystemEventHandler()
    handler.on_any_event = lambda event: events.append(event.src_path)
    observer = PollingObserver(timeout=0.05)
    observer.schedule(handler, str(tmp_path), recursive=True)
    seen_during_build: list[str] = []

    def builder():
        time.sleep(0.1)                       # a scan begun before the build has ended
        (tmp_path / "a.md").write_text("保存", encoding="utf-8")
        time.sleep(0.5)                       # ten polling intervals
        seen_during_build.extend(events)

    server = types.SimpleNamespace(observer=observer, builder=builder)
    assert preview_reload.quiet_while_building(server) == 1
    observer.start()
    try:
        time.sleep(0.3)                       # the first snapshot is taken
        server.builder()
        assert seen_during_build == []        # no scan while building
        deadline = time.monotonic() + 5
        while not any(p.endswith("a.md") for p in events) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert any(p.endswith("a.md") for p in events)   # seen by the first scan after it
    finally:
        observer.stop()
        observer.join()
    assert preview_reload.quiet_while_building(server) == 0   # wrapped once
    assert preview_reload.quiet_while_building(types.SimpleNamespace()) == 0


def test_the_same_output_object_is_neither_hashed_nor_written_again(tmp_path, monkeypatch):
    import mkdocs.utils as mkdocs_utils

    site = tmp_path / "site"
    site.mkdir()
    preview_pages.keep_site_dir(str(site))
    path = str(site / "speeches" / "a" / "index.html")
    out = "<p>讲话正文</p>" * 50
    preview_pages.note_output(path, out)
    mkdocs_utils.write_file(out.encode("utf-8"), path)               # first build: written
    hashed = []
    real_digest = preview_pages.digest
    monkeypatch.setattr(preview_pages, "digest", lambda *parts: hashed.append(parts) or real_digest(*parts))
    os.utime(path, (1, 1))
    preview_pages.note_output(path, out)                              # the very same str again
    mkdocs_utils.write_file(out.encode("utf-8"), path)
    assert hashed == [] and os.stat(path).st_mtime == 1               # not hashed, not written
    equal = "".join(["<p>讲话正文</p>"] * 50)                          # equal text, another object
    preview_pages.note_output(path, equal)
    mkdocs_utils.write_file(equal.encode("utf-8"), path)
    assert len(hashed) == 1 and os.stat(path).st_mtime == 1           # hashed, found equal
    changed = out + "<p>改</p>"
    preview_pages.note_output(path, changed)
    mkdocs_utils.write_file(changed.encode("utf-8"), path)
    assert Path(path).read_text(encoding="utf-8") == changed
    preview_pages.note_output(path, changed)                          # the changed object kept
    os.utime(path, (1, 1))
    mkdocs_utils.write_file(changed.encode("utf-8"), path)
    assert os.stat(path).st_mtime == 1


def _pages_with(site: Path, folders: tuple[str, ...], text: str) -> list[str]:
    return [p.relative_to(site).as_posix() for f in folders for p in sorted((site / f).rglob("*.html"))
            if text in p.read_text(encoding="utf-8")]


def test_a_save_shows_on_the_speech_its_library_and_tag_pages_and_the_wujin_excerpts(project, tmp_path):
    """One preview serving several saves: an edit of a speech's title and of the paragraph a
    五进 page quotes shows on the speech, on every library and tag page that lists it, and in
    the excerpt on 进企业 (the pages made from other pages, not only the page saved)."""
    from safety_month.site import outreach

    site, docs = tmp_path / "served", project / "docs"
    speech = sorted((docs / "speeches").rglob("bench-*.md"))[0]
    keywords = outreach.load_rules().audiences["企业"].keywords
    # Short sentences holding eight 企业 keywords twice each: the best-scoring paragraph of
    # the site, short enough (under max_chars) to be quoted whole on 进企业.
    quoted = "各地企业要压实主体责任。" + "".join(f"{k}和{k}要抓。" for k in list(keywords)[1:8])
    assert len(quoted) + 10 < outreach.load_rules().max_chars
    text = speech.read_text(encoding="utf-8")
    speech.write_text(text.replace("{: #p-1 }", f"\n{quoted}\n{{: #p-1b }}", 1), encoding="utf-8")
    title = next(line for line in text.split("\n") if line.startswith("title: "))[len("title: "):]
    _build(project, site)
    listing = ("library", "tags")
    before = _pages_with(site, listing, title)
    assert any(p.startswith("library/") for p in before) and any(p.startswith("tags/") for p in before)
    assert "各地企业要压实主体责任" in (site / "wujin" / "qiye" / "index.html").read_text(encoding="utf-8")

    edited = speech.read_text(encoding="utf-8").replace(title, "预览改名标记之讲话", 1)
    speech.write_text(edited.replace("各地", "各地预览摘编标记", 1), encoding="utf-8")
    _build(project, site)
    page = (site / speech.relative_to(docs).with_suffix("") / "index.html").read_text(encoding="utf-8")
    assert "预览改名标记之讲话" in page and "各地预览摘编标记" in page
    assert _pages_with(site, listing, title) == []
    after = _pages_with(site, listing, "预览改名标记之讲话")
    assert {p.split("/")[0] for p in after} == {"library", "tags"}
    assert "各地预览摘编标记" in (site / "wujin" / "qiye" / "index.html").read_text(encoding="utf-8")
