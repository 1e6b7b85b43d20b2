"""safety_month.atomic and every build step that replaces a file of site/ through it.

The deployed search index was written by tempfile.mkstemp (mode 0600) and renamed into
place, so nginx's www-data workers answered 403 and search never started. Each writer of the
build is run here under two umasks and must leave the mode a plain open() would have given
(0o666 minus the umask), and keep the mode of a file it replaces.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import zipfile
from pathlib import Path

import pytest

from safety_month import atomic
from safety_month.publish import csp, fingerprint, offline_package
from safety_month.search import build, shards
from safety_month.theme.patching import Patch, apply_patches

UMASKS = (0o022, 0o027)
MASKS = pytest.mark.parametrize("mask", UMASKS, ids=["umask022", "umask027"])


@contextlib.contextmanager
def umask(mask: int):
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_process_umask_is_read_without_changing_it():
    for mask in UMASKS:
        with umask(mask):
            assert atomic.process_umask() == mask
            assert atomic.new_file_mode() == 0o666 & ~mask
            assert os.umask(mask) == mask  # still the same umask afterwards


@MASKS
@pytest.mark.parametrize("durable", [True, False])
def test_new_file_gets_the_mode_open_gives_not_mkstemps_0600(tmp_path, mask, durable):
    target = tmp_path / "sub" / "search_index.json"
    plain = tmp_path / "plain.json"
    with umask(mask):
        atomic.atomic_write(target, b"{}", durable=durable)
        plain.write_bytes(b"{}")
    assert target.read_bytes() == b"{}"
    assert mode(target) == mode(plain) == 0o666 & ~mask
    assert sorted(p.name for p in target.parent.iterdir()) == ["search_index.json"]


def test_replaced_file_keeps_its_mode(tmp_path):
    target = tmp_path / "page.html"
    target.write_text("old")
    os.chmod(target, 0o640)
    with umask(0o022):
        atomic.write_build_file(target, "新")
    assert target.read_text(encoding="utf-8") == "新" and mode(target) == 0o640


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "page.html"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic.replacing(target) as out:
            out.write(b"half")
            raise RuntimeError("disk full")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_text_with_lone_surrogates_round_trips(tmp_path):
    """Rewritten pages are read with surrogateescape (bytes that are not UTF-8 survive)."""
    target = tmp_path / "a.html"
    raw = b"<p>\xff\xfe</p>"
    atomic.write_build_file(target, raw.decode("utf-8", "surrogateescape"))
    assert target.read_bytes() == raw


# --- every writer of the build ------------------------------------------------------------

def _expected(mask: int) -> int:
    return 0o666 & ~mask


@MASKS
def test_search_index_and_its_file_url_copy(tmp_path, mask):
    """search_build writes search_index.json (Material engine) and search_index.js."""
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    script = site / "search" / build.OFFLINE_SCRIPT
    with umask(mask):
        script.write_text("var __index = {}")   # as Material's offline plugin leaves it
        search = build.SearchBuild()
        search.full_index[str(site)] = b'{"docs":[]}'
        assert search.write_offline_index({"site_dir": str(site)})
    assert script.read_bytes() == b'var __index = {"docs":[]}'
    assert mode(script) == _expected(mask)


@MASKS
def test_sharded_index_files(tmp_path, mask):
    site = tmp_path / "site"
    index = {"config": {"separator": r"[\s\u200b]+", "fields": {"title": {"boost": 1000}, "text": {"boost": 1}}},
             "docs": [{"location": "a/", "title": "进企业", "text": "<p>隐患\u200b排查</p>"},
                      {"location": "b/", "title": "首页", "text": "<p>安全</p>"}]}
    with umask(mask):
        shards.write(site, index)
    files = [p for p in site.rglob("*") if p.is_file()]
    assert len(files) >= 4 and (site / "search" / "search_index.json").is_file()
    assert {p.relative_to(site).as_posix(): mode(p) for p in files} == \
        {p.relative_to(site).as_posix(): _expected(mask) for p in files}
    assert json.loads((site / "search" / "search_index.json").read_text())["config"]["shards"]


@MASKS
def test_csp_outputs_and_rewritten_pages(tmp_path, mask):
    site = tmp_path / "site"
    with umask(mask):
        (site / "a").mkdir(parents=True)
        page = site / "a" / "index.html"
        page.write_text('<html><head><meta charset="utf-8"><script>x()</script></head><body></body></html>')
        csp.apply(site)
    written = [site / csp.OUTPUT_DIR / csp.NGINX_SNIPPET, site / csp.OUTPUT_DIR / csp.POLICY_TEXT, page]
    assert "Content-Security-Policy" in page.read_text()
    assert [mode(p) for p in written] == [_expected(mask)] * 3


@MASKS
def test_renamed_assets_and_rewritten_references(tmp_path, mask):
    theme, site = tmp_path / "theme", tmp_path / "site"
    with umask(mask):
        for root, body in ((theme, "orig()"), (site, "patched()")):
            (root / "assets" / "javascripts").mkdir(parents=True)
            (root / "assets" / "javascripts" / "bundle.aaaaaaaa.min.js").write_text(body)
        (site / "index.html").write_text('<script src="assets/javascripts/bundle.aaaaaaaa.min.js"></script>')
        renames = fingerprint.rename_changed(site, [theme])
    new = site / renames[0].new
    assert new.read_text() == "patched()" and renames[0].new in (site / "index.html").read_text()
    assert mode(new) == mode(site / "index.html") == _expected(mask)


@MASKS
def test_patched_theme_asset(tmp_path, mask):
    with umask(mask):
        (tmp_path / "w.js").write_text("a(1)")
        apply_patches(tmp_path, [Patch(name="t", glob="w.js", old="a(1)", new="a(2)")])
    assert (tmp_path / "w.js").read_text() == "a(2)" and mode(tmp_path / "w.js") == _expected(mask)


@MASKS
def test_offline_zip(tmp_path, mask):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>x</p>")
    with umask(mask):
        out = offline_package.write_zip(site, tmp_path / "dist" / "anquan-offline.zip")
    assert mode(out) == _expected(mask)
    with zipfile.ZipFile(out) as zf:   # unzipped by readers: every entry rw-r--r--
        assert {i.external_attr >> 16 for i in zf.infolist()} == {0o644}
    assert [p.name for p in out.parent.iterdir()] == ["anquan-offline.zip"]


def test_stale_temporaries_are_only_old_files_of_the_writers_own_form(tmp_path):
    import os
    import time

    from safety_month import atomic

    (tmp_path / "2022").mkdir()
    old = tmp_path / "2022" / ".2022-4eb20c25.md.hrlfpbn2.tmp"     # left by a killed import
    new = tmp_path / ".page.md.abcdefgh.tmp"                          # a writer running now
    editor = [tmp_path / ".notes.tmp", tmp_path / "draft.md.abcdefgh.tmp", tmp_path / "page.md"]
    for path in (old, new, *editor):
        path.write_text("x", encoding="utf-8")
    past = time.time() - 60
    for path in (old, *editor):
        os.utime(path, (past, past))
    cutoff = time.time() - 30
    assert atomic.stale_temporaries(tmp_path, cutoff) == [old]
    assert atomic.remove_stale_temporaries(tmp_path, cutoff) == 1
    assert not old.exists() and new.exists() and all(p.exists() for p in editor)
