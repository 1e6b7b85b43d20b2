"""scripts/hooks/build_cache.py: the page cache is opened for `mkdocs build` only (not the
live preview, not when switched off), after every on_config hook, and closed after every
post-build step: committed when the build succeeded, rolled back when it failed."""

from __future__ import annotations

from types import SimpleNamespace

from safety_month.buildcache import memo, session, store
from tests.hooks._fakes import Config, load_hook, priority


def _config(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    return Config(config_file_path=str(tmp_path / "mkdocs.yml"), site_url="https://a.example/",
                  theme=SimpleNamespace(dirs=[str(tmp_path / "overrides")]), extra={})


def _one_build(hook, config, *, fail=False):
    hook.on_pre_build(config)
    active = memo.active()
    memo.cached("page", ("a",), lambda: "html")
    if fail:
        hook.on_build_error(RuntimeError("x"))
    else:
        hook.on_post_build(config)
    return active


def test_build_opens_and_commits_the_cache_in_the_project(tmp_path, monkeypatch):
    monkeypatch.delenv(session.ENV_SWITCH, raising=False)
    hook = load_hook("build_cache")
    hook.on_startup("build")
    config = _config(tmp_path)
    assert _one_build(hook, config)
    assert (tmp_path / ".cache" / store.FILE_NAME).is_file() and not memo.active()
    assert store.Store(tmp_path / ".cache", "").get("page", "x") is None   # opened again fine


def test_a_failed_build_stores_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv(session.ENV_SWITCH, raising=False)
    hook = load_hook("build_cache")
    hook.on_startup("build")
    config = _config(tmp_path)
    _one_build(hook, config, fail=True)
    computed = []
    hook.on_pre_build(config)
    memo.cached("page", ("a",), lambda: computed.append(1) or "html")
    hook.on_post_build(config)
    assert computed == [1]


def test_serve_and_the_switch_leave_the_cache_off(tmp_path, monkeypatch):
    for command, switch in (("serve", None), ("build", "off"), ("build", "0")):
        if switch:
            monkeypatch.setenv(session.ENV_SWITCH, switch)
        else:
            monkeypatch.delenv(session.ENV_SWITCH, raising=False)
        hook = load_hook("build_cache")
        hook.on_startup(command)
        assert not _one_build(hook, _config(tmp_path)), (command, switch)
    assert not (tmp_path / ".cache").exists()


def test_it_opens_after_the_config_hooks_and_closes_after_the_last_post_build_step():
    hook = load_hook("build_cache")
    search_finish = load_hook("search_finish")
    assert priority(hook.on_pre_build) == 100
    assert priority(hook.on_post_build) < priority(search_finish.on_post_build)
    assert priority(hook.on_env) == -100     # after site_library added the filters it records


def test_the_page_hooks_hand_pages_and_the_environment_to_the_glue(monkeypatch):
    hook = load_hook("build_cache")
    seen = []
    monkeypatch.setattr(hook.pages, "attach_page", seen.append)
    monkeypatch.setattr(hook.pages, "wrap_templates", lambda env, config: ("wrapped", env))
    monkeypatch.setattr(hook.pages, "start_build", lambda nav=None: seen.append(("nav", nav)))
    monkeypatch.setattr(hook.pages, "start_prerender", lambda config, files: seen.append(("fork", files)))
    monkeypatch.setattr(hook.pages, "stop_prerender", lambda: seen.append("stop") or 3)
    page, nav = SimpleNamespace(), SimpleNamespace(items=[])
    hook._state["on"] = True
    assert hook.on_pre_page(page) is page and hook.on_nav(nav, config={}, files="files") is nav
    assert hook.on_env("env", config={}) == ("wrapped", "env")
    assert seen == [page, ("nav", nav), ("fork", "files"), "stop"]
    before = len(seen)
    hook.on_build_error(RuntimeError("x"))   # a failed build ends the second process too
    assert "stop" in seen[before:]


def test_the_second_process_starts_after_every_other_nav_hook():
    # It is forked with the navigation as the other hooks leave it (buildcache.prerender).
    assert priority(load_hook("build_cache").on_nav) == -100
