import zipfile

import pytest

from safety_month.publish import offline_package
from safety_month.publish.outside_refs import own_hosts_for, scan_tree

RAW = {
    "plugins": [{"search": {"lang": "zh"}}],
    "hooks": ["scripts/hooks/publish_outside_refs.py"],
    "extra": {"generator": False},
    "site_url": "https://example.org/",
}


def test_overrides_add_offline_plugin_local_shim_and_drop_site_url():
    over = offline_package.config_overrides(RAW)
    assert over["plugins"] == [{"search": {"lang": "zh"}}, "offline"]
    assert over["hooks"] == ["scripts/hooks/publish_outside_refs.py", offline_package.OFFLINE_HOOK]
    assert over["extra"] == {"generator": False, "polyfills": [offline_package.SHIM_DEST]}
    assert over["use_directory_urls"] is False and over["site_url"] == ""
    # Material's plugin adds unpkg.com unless a polyfill already names iframe-worker.
    assert "iframe-worker" in offline_package.SHIM_DEST
    assert RAW["plugins"] == [{"search": {"lang": "zh"}}]  # the parsed config is not changed
    assert offline_package.config_overrides({**RAW, "plugins": ["search", "offline"]})["plugins"] == ["search", "offline"]


def test_missing_shim_is_a_clear_error(tmp_path):
    with pytest.raises(offline_package.OfflineBuildError, match="iframe-worker.*make npm"):
        offline_package.shim_path(tmp_path)


def test_zip_is_deterministic_and_leaves_out_server_files(tmp_path):
    site = tmp_path / "site"
    (site / "_deploy").mkdir(parents=True)
    (site / "assets").mkdir()
    (site / "index.html").write_text("<p>首页</p>", encoding="utf-8")
    (site / "assets" / "a.js").write_text("x()")
    (site / "assets" / "a.js.map").write_text("{}")
    (site / "_deploy" / "csp.txt").write_text("default-src 'none'")
    one = offline_package.write_zip(site, tmp_path / "one.zip")
    two = offline_package.write_zip(site, tmp_path / "two.zip")
    assert one.read_bytes() == two.read_bytes()
    with zipfile.ZipFile(one) as zf:
        assert zf.namelist() == ["anquan-offline/assets/a.js", "anquan-offline/index.html"]
        assert zf.read("anquan-offline/index.html").decode("utf-8") == "<p>首页</p>"


def test_offline_search_index_script_is_data_not_a_request(tmp_path):
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.js").write_text('var __index = {"docs": [{"text": "http://www.gov.cn/x"}]}')
    (tmp_path / "a.js").write_text('fetch("https://unpkg.com/x")')
    assert [r.path for r in scan_tree(tmp_path, own_hosts_for(None))] == ["a.js"]
