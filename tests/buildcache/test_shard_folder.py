"""The search shards' folder kept in step by its writer (search.shard_files) and left to it by
the prune of the unemptied site folder (buildcache.site_dir): builds over one site folder,
cold, warm, with a speech edited, one added and one removed, with Material's engine, and one
whose shard writing fails, each leave exactly the shard files a build without any cache writes
into an empty folder (or none), and a warm build writes none of them again."""

from __future__ import annotations

import os

from safety_month.search import shards
from tests.buildcache.test_build_equivalence import REMOVED, _add, _build, _edit, _project
from tests.conftest import run_mkdocs_build
from tests.publish.test_one_pass_build import _differences

from safety_month.buildcache import session

FAILING_HOOK = '''
from safety_month.search import shards
from safety_month.search.index import SearchIndexError

_result = shards.ShardWrite.result


def _fail(self):
    _result(self)   # every file written, then the writer is told to have failed
    raise SearchIndexError("shard writer failed (test)")


def on_config(config, **kwargs):
    shards.ShardWrite.result = _fail
'''


def _stamps(folder):
    return {p.name: (p.stat().st_ino, p.stat().st_ctime_ns) for p in folder.iterdir()}


def _sharded(monkeypatch, engine="sharded"):
    monkeypatch.setenv(shards.ENGINE_ENV, engine)


def test_the_shard_folder_holds_exactly_the_shards_of_each_build(tmp_path, monkeypatch):
    config = _project(tmp_path / "project")
    docs, site = config.parent / "docs", tmp_path / "site"
    folder = site / "search" / shards.SHARD_DIR
    _sharded(monkeypatch)
    assert _build(config, site)[1] > 0
    cold = _stamps(folder)
    assert len(cold) > 3

    # Warm: the same shards, none written again; a file of an older build and a shard cut
    # short by a killed build (its right name, too few bytes) are put right.
    (folder / "t99.0123456789.json").write_text("{}", encoding="utf-8")
    cut = sorted(folder.glob("x*.json"))[0]
    whole = cut.read_bytes()
    cut.write_bytes(whole[: len(whole) // 2])
    cut_stamp = _stamps(folder)[cut.name]
    reused, computed = _build(config, site)
    assert computed == 0 and reused > 0
    warm = _stamps(folder)
    assert sorted(warm) == sorted(cold) and cut.read_bytes() == whole
    assert {n: s for n, s in warm.items() if n != cut.name} == {n: s for n, s in cold.items() if n != cut.name}
    assert warm[cut.name] != cut_stamp

    # A speech edited, one added and one removed: every later entry's id moves, shards change.
    _edit(docs)
    _add(docs)
    (docs / REMOVED).unlink()
    reused, computed = _build(config, site)
    assert reused > 0 and computed > 0
    assert set(_stamps(folder)) != set(cold)
    assert _build(config, tmp_path / "uncached", cache=False) is None
    assert _differences(site, tmp_path / "uncached") == []

    # Material's engine (a small index): no shard of the earlier builds stays.
    _sharded(monkeypatch, "material")
    assert _build(config, site) is not None
    assert not folder.exists()
    assert _build(config, tmp_path / "uncached-material", cache=False) is None
    assert _differences(site, tmp_path / "uncached-material") == []


def _sharded_site(tmp_path, monkeypatch):
    """A project built once with the sharded engine: its config, site and shard folder."""
    config = _project(tmp_path / "project")
    site = tmp_path / "site"
    folder = site / "search" / shards.SHARD_DIR
    _sharded(monkeypatch)
    assert _build(config, site)[1] > 0
    assert any(folder.iterdir())
    return config, site, folder


def test_a_failed_shard_writing_leaves_no_shard_in_the_site(tmp_path, monkeypatch):
    config, site, folder = _sharded_site(tmp_path, monkeypatch)
    (config.parent / "fail_shards.py").write_text(FAILING_HOOK, encoding="utf-8")
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("hooks:\n", "hooks:\n  - fail_shards.py\n", 1), encoding="utf-8")
    result = run_mkdocs_build(config, site, {session.ENV_SWITCH: "on"})
    assert result.returncode != 0 and "shard writer failed (test)" in result.stderr
    assert not folder.exists(), sorted(os.listdir(folder))


def _without_search(text: str) -> str:
    """mkdocs.yml without Material's search plugin and the search hooks."""
    lines, out, skipping = text.split("\n"), [], False
    for line in lines:
        if line == "  - search:":
            skipping = True
            continue
        if skipping and not line.startswith("      ") and line.strip():
            skipping = False
        if skipping or line.strip() in ("- scripts/hooks/search.py", "- scripts/hooks/search_finish.py"):
            continue
        out.append(line)
    return "\n".join(out)


def test_with_search_disabled_no_shard_of_an_earlier_build_stays(tmp_path, monkeypatch):
    """The shard folder is left to its writer only when the hook that runs it is in the build:
    without search, the prune removes the shards as it removes every file not written."""
    config, site, folder = _sharded_site(tmp_path, monkeypatch)
    config.write_text(_without_search(config.read_text(encoding="utf-8")), encoding="utf-8")
    assert "search" not in config.read_text(encoding="utf-8").split("\nhooks:")[1].split("\n\n")[0]
    _build(config, site)
    assert not folder.exists()
    assert _build(config, tmp_path / "uncached", cache=False) is None
    assert _differences(site, tmp_path / "uncached") == []
