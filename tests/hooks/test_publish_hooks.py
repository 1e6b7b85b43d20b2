"""The publishing hooks (scripts/hooks/publish_*.py), each on a small built site in a
temporary folder: what they write, that a module error stops the build with its message, and
the priorities that order them after the hooks that change the files they read."""

import re
from pathlib import Path
from types import SimpleNamespace

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


def test_csp_each_page_gets_its_meta_as_rendered_and_only_other_files_are_read_after(tmp_path):
    hook = load_hook("publish_csp")
    config = Config(site_dir=str(tmp_path), plugins={"material/search": None})
    hook.on_pre_build(config)
    rendered = hook.on_post_page(PAGE, page=_page("index.html"), config=config)
    assert rendered == csp.with_meta(PAGE, csp.build_policy(csp.inventory_of(PAGE), header=False))
    (tmp_path / "index.html").write_text("never read", encoding="utf-8")
    (tmp_path / "404.html").write_text(PAGE.replace("var a = 1;", "var b = 2;"), encoding="utf-8")
    hook.on_post_build(config)
    snippet = (tmp_path / csp.OUTPUT_DIR / csp.NGINX_SNIPPET).read_text(encoding="utf-8")
    assert csp.hash_source("var a = 1;") in snippet and csp.hash_source("var b = 2;") in snippet
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == "never read"
    assert 'http-equiv="Content-Security-Policy"' in (tmp_path / "404.html").read_text(encoding="utf-8")


def test_csp_an_inline_handler_on_a_rendered_page_fails_the_build_after_it(tmp_path):
    hook = load_hook("publish_csp")
    config = Config(site_dir=str(tmp_path), plugins={})
    hook.on_pre_build(config)
    page = PAGE.replace("<p>", '<p onclick="go()">')
    assert hook.on_post_page(page, page=_page("a/index.html"), config=config) == page
    with pytest.raises(PluginError, match="a/index.html: inline event handler onclick"):
        hook.on_post_build(config)


def test_csp_an_inline_handler_is_a_plugin_error(tmp_path):
    (tmp_path / "index.html").write_text(PAGE.replace("<p>", '<p onclick="go()">'), encoding="utf-8")
    with pytest.raises(PluginError, match="inline handler"):
        load_hook("publish_csp").on_post_build(Config(site_dir=str(tmp_path), plugins={}))


# ---------------------------------------------------------------- publish_fingerprint

def test_fingerprint_renames_against_the_theme_dirs_then_drops_orphan_maps(tmp_path):
    hook = load_hook("publish_fingerprint")
    hook.fingerprint = fake = Calls(rename_changed=[], correction={})
    hook.on_post_build(Config(site_dir=str(tmp_path), theme=Config(dirs=["/a", "/b"])))
    assert fake.calls == [("rename_changed", tmp_path, [Path("/a"), Path("/b")], frozenset()),
                          ("correction", {}, []), ("remove_orphan_maps", tmp_path)]


def _page(dest_uri: str) -> SimpleNamespace:
    return SimpleNamespace(file=SimpleNamespace(dest_uri=dest_uri))


def test_fingerprint_pages_get_the_new_names_as_rendered_and_are_not_read_again(tmp_path):
    theme, site = tmp_path / "theme", tmp_path / "site"
    bundle = next(iter(theme_site(theme, A11Y_PATCHES)))
    theme_site(site, A11Y_PATCHES)
    config = Config(site_dir=str(site), theme=Config(dirs=[str(theme)]), hooks={"scripts/hooks/theme_a11y.py": None})
    hook = load_hook("publish_fingerprint")
    hook.on_env(None, config=config, files=None)
    name = Path(bundle).name
    page = PAGE.replace("</body>", f'<script src="{bundle}"></script></body>')
    rendered = hook.on_post_page(page, page=_page("index.html"), config=config)
    assert name not in rendered
    (site / "index.html").write_text(page, encoding="utf-8")   # the old name: never rewritten here
    (site / "404.html").write_text(page, encoding="utf-8")     # not a page: rewritten after the build
    load_hook("theme_a11y").on_post_build(config)
    hook.on_post_build(config)
    renamed = [p.name for p in (site / bundle).parent.iterdir()]
    assert len(renamed) == 1 and renamed[0] != name and renamed[0] in rendered
    assert (site / "index.html").read_text(encoding="utf-8") == page
    assert renamed[0] in (site / "404.html").read_text(encoding="utf-8")


def test_fingerprint_names_that_differ_from_the_plan_stop_the_build(tmp_path):
    theme, site = tmp_path / "theme", tmp_path / "site"
    theme_site(theme, A11Y_PATCHES)
    theme_site(site, A11Y_PATCHES)
    config = Config(site_dir=str(site), theme=Config(dirs=[str(theme)]), hooks={})   # theme_a11y not listed
    hook = load_hook("publish_fingerprint")
    hook.on_env(None, config=config, files=None)
    hook.on_post_page(PAGE, page=_page("index.html"), config=config)
    load_hook("theme_a11y").on_post_build(config)   # patches the bundle all the same
    with pytest.raises(PluginError, match="PATCHING_HOOKS"):
        hook.on_post_build(config)


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


def test_outside_refs_pages_are_scanned_as_rendered_and_reported_with_the_other_files(tmp_path):
    theme_site(tmp_path, OFFLINE_PATCHES)
    hook = load_hook("publish_outside_refs")
    config = Config(site_dir=str(tmp_path), site_url=None)
    hook.on_pre_build(config)
    page = PAGE.replace("</head>", '<link rel="stylesheet" href="https://fonts.googleapis.com/css"></head>')
    assert hook.on_post_page(page, page=_page("b/index.html"), config=config) == page
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "index.html").write_text(PAGE, encoding="utf-8")   # not read again: clean on disk
    (tmp_path / "a.css").write_text("@import 'https://cdn.example.com/x.css';", encoding="utf-8")
    with pytest.raises(PluginError, match=r"^2 reference(.|\n)*a.css:1(.|\n)*b/index.html:6: <link href>"):
        hook.on_post_build(config)


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

def test_the_page_order_trim_then_scan_then_rename_then_hash():
    # publish_trim and site_icons (default priority) first; the scan sees the trimmed page,
    # the CSP hashes the scripts with the final asset names in them.
    assert priority(load_hook("publish_trim").on_post_page) is None
    assert priority(load_hook("publish_outside_refs").on_post_page) == -40
    assert priority(load_hook("publish_fingerprint").on_post_page) == -50
    assert priority(load_hook("publish_csp").on_post_page) == -60


def test_the_post_build_order_patch_then_rename_then_hash():
    # Patches change the bundle (default priority), fingerprinting renames what changed (-50),
    # the CSP hashes the final inline scripts of the final pages (-60).
    assert priority(load_hook("publish_outside_refs").on_post_build) is None
    assert priority(load_hook("publish_fingerprint").on_post_build) == -50
    assert priority(load_hook("publish_csp").on_post_build) == -60
