import hashlib

import pytest

from safety_month.publish.fingerprint import FingerprintError, content_name, rename_changed


def _site(tmp_path, patched: bool):
    theme = tmp_path / "theme"
    site = tmp_path / "site"
    for root in (theme, site):
        (root / "assets" / "javascripts" / "workers").mkdir(parents=True)
        (root / "assets" / "javascripts" / "bundle.aaaaaaaa.min.js").write_text("orig();//# sourceMappingURL=bundle.aaaaaaaa.min.js.map")
        (root / "assets" / "javascripts" / "workers" / "search.bbbbbbbb.min.js").write_text("worker()")
    if patched:
        (site / "assets" / "javascripts" / "bundle.aaaaaaaa.min.js").write_text("patched();//# sourceMappingURL=bundle.aaaaaaaa.min.js.map")
    (site / "assets" / "javascripts" / "site.js").write_text("own()")
    (site / "index.html").write_text('<script src="assets/javascripts/bundle.aaaaaaaa.min.js"></script>'
                                     '<script id="__config">{"search": "assets/javascripts/workers/search.bbbbbbbb.min.js"}</script>')
    (site / "a" / "b").mkdir(parents=True)
    (site / "a" / "b" / "index.html").write_text('<script src="../../assets/javascripts/bundle.aaaaaaaa.min.js"></script>')
    return theme, site


def test_content_name():
    data = b"patched()"
    assert content_name("bundle.aaaaaaaa.min.js", data) == f"bundle.{hashlib.sha256(data).hexdigest()[:8]}.min.js"
    with pytest.raises(FingerprintError):
        content_name("site.js", data)


def test_patched_asset_is_renamed_and_every_reference_follows(tmp_path):
    theme, site = _site(tmp_path, patched=True)
    renames = rename_changed(site, [theme])
    body = "patched();"  # the theme's map no longer describes it: its comment goes
    new_name = content_name("bundle.aaaaaaaa.min.js", body.encode())
    assert [(r.old, r.new) for r in renames] == [("assets/javascripts/bundle.aaaaaaaa.min.js", f"assets/javascripts/{new_name}")]
    assert not (site / "assets/javascripts/bundle.aaaaaaaa.min.js").exists()
    assert (site / "assets/javascripts" / new_name).read_text() == body
    assert f'src="assets/javascripts/{new_name}"' in (site / "index.html").read_text()
    assert f'src="../../assets/javascripts/{new_name}"' in (site / "a/b/index.html").read_text()
    # Unpatched theme files and the project's own files keep their names.
    assert "search.bbbbbbbb.min.js" in (site / "index.html").read_text()
    assert (site / "assets/javascripts/site.js").exists()


def test_unpatched_site_is_left_alone(tmp_path):
    theme, site = _site(tmp_path, patched=False)
    before = (site / "index.html").read_text()
    assert rename_changed(site, [theme]) == []
    assert (site / "index.html").read_text() == before


def test_rename_is_stable_across_rebuilds(tmp_path):
    theme, site = _site(tmp_path, patched=True)
    first = rename_changed(site, [theme])[0].new
    # A rebuild into the same folder copies the theme file again and patches it again.
    (site / "assets/javascripts/bundle.aaaaaaaa.min.js").write_text("patched();//# sourceMappingURL=bundle.aaaaaaaa.min.js.map")
    (site / "index.html").write_text('<script src="assets/javascripts/bundle.aaaaaaaa.min.js"></script>')
    assert rename_changed(site, [theme])[0].new == first


def test_orphan_source_maps_are_removed_and_referenced_ones_kept(tmp_path):
    from safety_month.publish.fingerprint import remove_orphan_maps

    js = tmp_path / "assets" / "javascripts"
    js.mkdir(parents=True)
    (js / "a.min.js").write_text("a();//# sourceMappingURL=a.min.js.map")
    (js / "a.min.js.map").write_text("{}")
    (js / "b.0123abcd.min.js").write_text("b();")  # renamed: its map comment was dropped
    (js / "b.min.js.map").write_text('{"sources":["https://unpkg.com/x"]}')
    assert remove_orphan_maps(tmp_path) == ["assets/javascripts/b.min.js.map"]
    assert (js / "a.min.js.map").exists() and not (js / "b.min.js.map").exists()
