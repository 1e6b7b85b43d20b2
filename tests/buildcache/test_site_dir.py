"""The site folder written over instead of emptied (buildcache.site_dir): after a build, what
it did not write is gone, what it wrote (in place, replaced, renamed into place, copied with
an old modification time) stays, and top-level dot entries are left alone."""

from __future__ import annotations

import os
import shutil
import time

import mkdocs.utils as mkdocs_utils

from safety_month.buildcache import site_dir


def _tree(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


def _old_site(root):
    for rel in ("index.html", "a/index.html", "a/b/index.html", "gone/deep/index.html", "kept/x.js",
                "moved.css", "copied.png", ".git/HEAD", "assets/old.js"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(rel, encoding="utf-8")
    # The kernel stamps files from a clock that ticks every few milliseconds: the writes below
    # must come a tick later to be told apart, as a build's come seconds after the last one's.
    time.sleep(0.05)


def test_prune_removes_exactly_the_files_not_written_since_the_snapshot(tmp_path):
    site = tmp_path / "site"
    _old_site(site)
    before = site_dir.snapshot(str(site))
    assert ".git/HEAD" not in {os.path.relpath(p, site) for p in before}
    (site / "index.html").write_text("new", encoding="utf-8")             # written in place
    (site / "a" / "b" / "index.html").write_bytes(b"new")
    tmp = site / "kept" / "x.js.tmp"
    tmp.write_text("new", encoding="utf-8")
    os.replace(tmp, site / "kept" / "x.js")                                  # atomic replace
    (tmp_path / "moved.css").write_text("new", encoding="utf-8")
    os.rename(tmp_path / "moved.css", site / "moved.css")                   # renamed into place
    source = tmp_path / "source.png"
    source.write_bytes(b"png")
    os.utime(source, (1, 1))
    shutil.copy2(source, site / "copied.png")                               # old mtime, new ctime
    (site / "new" / "page").mkdir(parents=True)
    (site / "new" / "page" / "index.html").write_text("new", encoding="utf-8")

    removed = site_dir.prune(str(site), before)

    assert sorted(os.path.relpath(p, site) for p in removed) == [
        "a/index.html", "assets/old.js", "gone/deep/index.html"]
    assert _tree(site) == [".git", ".git/HEAD", "a", "a/b", "a/b/index.html", "copied.png", "index.html", "kept",
                           "kept/x.js", "moved.css", "new", "new/page", "new/page/index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "new"


def test_a_folder_that_does_not_exist_yet_has_nothing_to_prune(tmp_path):
    assert site_dir.snapshot(str(tmp_path / "site")) == {}
    assert site_dir.prune(str(tmp_path / "site"), {}) == []


def test_keep_replaces_emptying_for_the_build_folder_only(tmp_path):
    site, other = tmp_path / "site", tmp_path / "other"
    _old_site(site)
    _old_site(other)
    old = os.stat(site / "a" / "index.html")
    site_dir.keep(str(site))
    try:
        mkdocs_utils.clean_directory(str(other))      # another folder: emptied as MkDocs does
        mkdocs_utils.clean_directory(str(site))       # the build's: left as it is
        assert _tree(other) == [".git", ".git/HEAD"]
        assert (site / "gone" / "deep" / "index.html").is_file()
        mkdocs_utils.write_file(b"new", str(site / "index.html"))
        mkdocs_utils.write_file(b"a/index.html", str(site / "a" / "index.html"))   # the bytes it has
        mkdocs_utils.write_file(b"x", str(site / "b" / "index.html"))              # a new file
        mkdocs_utils.write_file(b"x", str(other / "index.html"))                   # outside
    finally:
        removed = site_dir.finish()
    assert len(removed) == 6
    assert _tree(site) == [".git", ".git/HEAD", "a", "a/index.html", "b", "b/index.html", "index.html"]
    assert (site / "index.html").read_bytes() == b"new" and (other / "index.html").read_bytes() == b"x"
    now = os.stat(site / "a" / "index.html")       # not written again: same file, same mtime
    assert (now.st_ino, now.st_mtime_ns) == (old.st_ino, old.st_mtime_ns) and now.st_ctime_ns > old.st_ctime_ns
    assert site_dir.finish() == []                    # once per build
    mkdocs_utils.clean_directory(str(site))           # no build under way: emptied again
    assert _tree(site) == [".git", ".git/HEAD"]
    mkdocs_utils.write_file(b"x", str(site / "index.html"))
    assert (site / "index.html").read_bytes() == b"x"
