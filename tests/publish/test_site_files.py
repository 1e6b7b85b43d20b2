"""The one listing of site/ the post-build steps share (publish.site_files): it lists what a
walk lists, the shards' folder left out; a file one step adds, renames or removes is seen by
the next step's read, even in the same clock tick; a folder whose status is unchanged and
settled is not opened again, and one that changed is."""

from __future__ import annotations

import os
from pathlib import Path

from safety_month.publish import fingerprint, site_files

FILES = ("index.html", ".nojekyll", "a/index.html", "a/b/c.js", "a/b.css", "assets/x.min.js",
         "search/search_index.json", "search/shards/t0.0123456789.json", "search/shards/meta.0123456789.json",
         "z/Y.html", "Z.html")


def _site(root: Path) -> Path:
    for rel in FILES:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(rel, encoding="utf-8")
    return root


def _walked(root: Path) -> list[Path]:
    return [p for p in sorted(root.rglob("*")) if not p.is_dir() and "search/shards" not in p.as_posix()]


def test_the_listing_is_a_walk_of_the_files_without_the_shard_folder(tmp_path):
    site = _site(tmp_path / "site")
    listed = site_files.files(site)
    assert list(listed) == _walked(site)
    assert site / "search" / "search_index.json" in listed
    assert not any("shards" in p.as_posix() for p in listed)
    assert site_files.relative(site) == tuple(p.relative_to(site).as_posix() for p in listed)
    assert site_files.files(tmp_path / "missing") == ()


def test_a_change_one_step_makes_is_seen_by_the_next_read(tmp_path):
    """No step tells the listing: files added (in a new folder too), renamed and removed right
    after a read, in the same tick of the file system's clock, are in the next read."""
    site = _site(tmp_path / "site")
    site_files.open_listing(site)
    try:
        first = site_files.files(site)
        assert list(first) == _walked(site)
        (site / "new" / "deep").mkdir(parents=True)
        (site / "new" / "deep" / "p.html").write_text("x", encoding="utf-8")
        os.rename(site / "a" / "b" / "c.js", site / "a" / "b" / "c.0badf00d.js")
        (site / "a" / "b.css").unlink()
        (site / "_deploy").mkdir()
        (site / "_deploy" / "csp.nginx.conf").write_text("x", encoding="utf-8")
        second = site_files.files(site)
        assert list(second) == _walked(site) != list(first)
        assert site / "a" / "b" / "c.0badf00d.js" in second and site / "a" / "b" / "c.js" not in second
        assert site / "new" / "deep" / "p.html" in second and site / "a" / "b.css" not in second
        (site / "new" / "deep" / "p.html").unlink()
        (site / "new" / "deep").rmdir()
        assert list(site_files.files(site)) == _walked(site)
    finally:
        site_files.close()


def test_a_rename_by_fingerprinting_is_seen_by_the_steps_after_it(tmp_path):
    """The order of the post-build steps: the listing is read (outside references), the patched
    bundle is renamed after its content (fingerprint), and the later reads (source maps, CSP)
    list the new name, not the old one."""
    theme, site = tmp_path / "theme", _site(tmp_path / "site")
    bundle = "assets/javascripts/bundle.0123abcd.min.js"
    (theme / bundle).parent.mkdir(parents=True)
    (theme / bundle).write_text("original()", encoding="utf-8")
    (site / bundle).parent.mkdir(parents=True)
    (site / bundle).write_text("patched()", encoding="utf-8")
    (site / "page.html").write_text('<script src="assets/javascripts/bundle.0123abcd.min.js">', encoding="utf-8")
    site_files.open_listing(site)
    try:
        assert site / bundle in site_files.files(site)
        renamed = fingerprint.rename_changed(site, [theme])
        assert len(renamed) == 1
        listed = site_files.relative(site)
        assert renamed[0].new in listed and bundle not in listed
        assert renamed[0].new.rsplit("/", 1)[1] in (site / "page.html").read_text(encoding="utf-8")
        assert list(site_files.files(site)) == _walked(site)
    finally:
        site_files.close()


def test_settled_folders_are_not_opened_again_until_they_change(tmp_path):
    site = _site(tmp_path / "site")
    listing = site_files.Listing(site, clock=lambda: 2**62)   # every folder's time long settled
    listing.files()
    opened = listing.reads
    assert opened == len({p.parent for p in _walked(site)} | {site / "search"})
    listing.files()
    assert listing.reads == opened                            # nothing changed: nothing opened
    (site / "a" / "new.html").write_text("x", encoding="utf-8")
    assert site / "a" / "new.html" in listing.files()
    assert listing.reads == opened + 1                        # only the folder that changed


def test_recent_folders_are_opened_on_every_read(tmp_path):
    """A folder changed less than SETTLED_NS before a read may change again in the same clock
    tick without its time moving: such folders are read every time."""
    site = _site(tmp_path / "site")
    listing = site_files.Listing(site)
    listing.files()
    opened = listing.reads
    listing.files()
    assert listing.reads == 2 * opened
