"""scripts/hooks/preview.py (mkdocs.preview.yml only): which preview caches each event drives,
and its priorities. The caches patch MkDocs for the whole process, so they are stand-ins here;
safety_month.preview is tested in tests/preview/ and by the live preview in tests/browser/."""

from tests.hooks._fakes import Calls, Config, load_hook, page, priority


def _with_fakes():
    hook = load_hook("preview")
    hook.file_cache, hook.pages, hook.templates = Calls(), Calls(files_key="KEY", wrap_templates="WRAPPED"), \
        Calls(attach="ATTACHED")
    hook.reload, hook.skip, hook.answers = Calls(), Calls(), Calls(record_filters="RECORDING")
    return hook


def test_on_config_installs_the_caches_and_keeps_the_site_dir():
    hook = _with_fakes()
    config = Config(site_dir="/tmp/site")
    assert hook.on_config(config) is config
    assert hook.file_cache.calls == [("cache_mkdocs_files",), ("begin_build",)]
    assert hook.pages.calls == [("cache_theme_files",), ("keep_site_dir", "/tmp/site")]
    assert hook.skip.calls == [("start",)]


def test_each_build_starts_with_the_key_of_its_files_after_the_hooks_that_add_pages():
    hook = _with_fakes()
    files, config = object(), Config()
    assert hook.on_files(files, config) is files
    assert hook.pages.calls == [("files_key", files, config), ("start_build", "KEY")]
    assert priority(hook.on_files) == -100


def test_pages_and_templates_are_wrapped_by_the_page_cache():
    hook = _with_fakes()
    p = page("a.md")
    assert hook.on_pre_page(p) is p
    env = object()
    assert hook.on_env(env) == "WRAPPED"
    assert hook.templates.calls == [("attach", "RECORDING")]
    assert hook.answers.calls == [("record_filters", env)]   # after site_library adds its filters
    assert hook.pages.calls == [("attach_page", p), ("wrap_templates", "ATTACHED")]
    assert priority(hook.on_env) == -100   # after site_icons and site_library add their filters


def test_after_a_build_stale_pages_go_and_the_server_polls_quietly():
    hook = _with_fakes()
    hook.on_post_build(Config())
    server = object()
    assert hook.on_serve(server) is server
    assert hook.pages.calls == [("prune_stale",)]
    assert hook.reload.calls == [("poll_faster", server), ("quiet_while_building", server)]
    assert hook.skip.calls == [("finish",)]
    hook.on_build_error(RuntimeError())
    assert hook.skip.calls == [("finish",), ("finish", False)]
    assert hook.file_cache.calls == [("end_build",), ("end_build",)]
