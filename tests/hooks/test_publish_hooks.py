"""The publishing hooks (scripts/hooks/publish_*.py), each on a small built site in a
temporary folder: what they write, that a module error stops the build with its message, and
the priorities that order them after the hooks that change the files they read."""

import re
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from safety_month.preview.memo import PageMemo
from safety_month.publish import csp, offline_package, trim
from safety_month.theme.patches import A11Y_PATCHES, OFFLINE_PATCHES
from tests.hooks._fakes import Calls, Config, load_hook, priority, theme_site

PAGE = ('<!doctype html>\n<html lang="zh">\n  <head>\n    <meta charset="utf-8">\n    <title>首页</title>\n'
        '  </head>\n  <body>\n    <p>安全生产月</p>\n    <script>var a = 1;</script>\n  </body>\n</html>\n')


# ---------------------------------------------------------------- publish_csp

def test_csp_writes_the_nginx_snippet_and_a_meta_copy_in_each_page(tmp_path):
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    load_hook("publish_csp").on_post_build(Config(site_dir=str(tmp_path), plugins={"material/search": None}))
    snippet = (tmp_path / csp.OUTPUT_DIR / csp.NGINX_SNIPPET).read_text(encoding="utf-8")
    assert csp.hash_source("var a = 1;") in snippet
    assert 'http-equiv="Content-Security-Policy"' in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_csp_leaves_the_pages_of_the_offline_edition_without_meta(tmp_path):
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    load_hook("publish_csp").on_post_build(Config(site_dir=str(tmp_path), plugins={"material/offline": None}))
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == PAGE
    assert (tmp_path / csp.OUTPUT_DIR / csp.NGINX_SNIPPET).is_file()


def test_csp_an_inline_handler_is_a_plugin_error(tmp_path):
    (tmp_path / "index.html").write_text(PAGE.replace("<p>", '<p onclick="go()">'), encoding="utf-8")
    with pytest.raises(PluginError, match="inline handler"):
        load_hook("publish_csp").on_post_build(Config(site_dir=str(tmp_path), plugins={}))


# ---------------------------------------------------------------- publish_fingerprint

def test_fingerprint_renames_against_the_theme_dirs_then_drops_orphan_maps(tmp_path):
    hook = load_hook("publish_fingerprint")
    fake = Calls()
    hook.rename_changed, hook.remove_orphan_maps = fake.rename_changed, fake.remove_orphan_maps
    hook.on_post_build(Config(site_dir=str(tmp_path), theme=Config(dirs=["/a", "/b"])))
    assert fake.calls == [("rename_changed", tmp_path, [Path("/a"), Path("/b")]),
                          ("remove_orphan_maps", tmp_path)]


def test_fingerprint_gives_a_patched_bundle_a_name_of_its_content(tmp_path):
    theme = tmp_path / "theme"
    site = tmp_path / "site"
    written = theme_site(theme, A11Y_PATCHES[:1])
    theme_site(site, A11Y_PATCHES[:1])
    rel = next(iter(written))
    (site / rel).write_text("patched", encoding="utf-8")
    load_hook("publish_fingerprint").on_post_build(Config(site_dir=str(site), theme=Config(dirs=[str(theme)])))
    assert not (site / rel).exists()
    assert [p.read_text(encoding="utf-8") for p in (site / rel).parent.iterdir()] == ["patched"]


# ---------------------------------------------------------------- publish_outside_refs

def test_outside_refs_strips_the_theme_urls_and_passes_a_clean_site(tmp_path):
    texts = theme_site(tmp_path, OFFLINE_PATCHES)
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    load_hook("publish_outside_refs").on_post_build(Config(site_dir=str(tmp_path), site_url=None))
    for rel in texts:
        text = (tmp_path / rel).read_text(encoding="utf-8")
        assert all(p.new in text for p in OFFLINE_PATCHES if p.glob.replace("*", "0123abcd") == rel)


def test_outside_refs_any_outside_reference_is_a_plugin_error_listing_it(tmp_path):
    theme_site(tmp_path, OFFLINE_PATCHES)
    (tmp_path / "index.html").write_text(
        PAGE.replace("</head>", '<link rel="stylesheet" href="https://fonts.googleapis.com/css"></head>'), encoding="utf-8")
    with pytest.raises(PluginError, match=r"^1 reference\(s\) to outside hosts(.|\n)*index.html(.|\n)*fonts.googleapis.com"):
        load_hook("publish_outside_refs").on_post_build(Config(site_dir=str(tmp_path), site_url=None))


def test_outside_refs_the_sites_own_host_is_not_outside(tmp_path):
    theme_site(tmp_path, OFFLINE_PATCHES)
    (tmp_path / "index.html").write_text(PAGE.replace("</head>", '<link rel="icon" href="https://example.org/x.png"></head>'),
                                         encoding="utf-8")
    load_hook("publish_outside_refs").on_post_build(Config(site_dir=str(tmp_path), site_url="https://example.org/anquan/"))


def test_outside_refs_a_changed_theme_is_a_plugin_error_naming_the_patch(tmp_path):
    with pytest.raises(PluginError, match=re.escape(f"{OFFLINE_PATCHES[0].name}: no file matches")):
        load_hook("publish_outside_refs").on_post_build(Config(site_dir=str(tmp_path), site_url=None))


# ---------------------------------------------------------------- publish_offline_package

def test_offline_package_copies_the_shim_from_the_project_of_the_config(tmp_path):
    shim = tmp_path / offline_package.SHIM_PACKAGE
    shim.parent.mkdir(parents=True)
    shim.write_text("shim();", encoding="utf-8")
    site = tmp_path / "site"
    load_hook("publish_offline_package").on_post_build(
        Config(config_file_path=str(tmp_path / "mkdocs.yml"), site_dir=str(site)))
    assert (site / offline_package.SHIM_DEST).read_text(encoding="utf-8") == "shim();"


def test_offline_package_a_missing_shim_is_a_plugin_error_saying_what_to_run(tmp_path):
    with pytest.raises(PluginError, match="make npm"):
        load_hook("publish_offline_package").on_post_build(
            Config(config_file_path=str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site")))


# ---------------------------------------------------------------- publish_trim

def test_trim_collapses_the_page_in_a_build_and_memoizes_it_in_the_preview():
    hook = load_hook("publish_trim")
    hook.on_startup(command="build")
    assert hook.on_post_page(PAGE, page=None, config=None) == trim.collapse_whitespace(PAGE) != PAGE
    hook.on_startup(command="serve")
    assert isinstance(hook._filter["page"], PageMemo)
    assert hook.on_post_page(PAGE, page=None, config=None) == trim.collapse_whitespace(PAGE)


# ---------------------------------------------------------------- order

def test_the_post_build_order_patch_then_rename_then_hash():
    # Patches change the bundle (default priority), fingerprinting renames what changed (-50),
    # the CSP hashes the final inline scripts of the final pages (-60).
    assert priority(load_hook("publish_outside_refs").on_post_build) is None
    assert priority(load_hook("publish_fingerprint").on_post_build) == -50
    assert priority(load_hook("publish_csp").on_post_build) == -60
