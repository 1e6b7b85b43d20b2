"""MkDocs hook (mkdocs.preview.yml only): reuse compiled theme templates, unchanged source
files and unchanged speech pages between rebuilds (safety_month.preview_cache, file_cache,
preview_pages)."""

from mkdocs.plugins import event_priority

from safety_month import file_cache, preview_cache, preview_pages


def on_config(config, **kwargs):
    file_cache.cache_mkdocs_files()
    preview_pages.cache_theme_files()
    preview_pages.keep_site_dir(config["site_dir"])
    return config


@event_priority(-100)  # after the hooks that add pages and config.extra
def on_files(files, config, **kwargs):
    preview_pages.start_build(preview_pages.files_key(files, config))
    return files


def on_pre_page(page, **kwargs):
    preview_pages.attach_page(page)
    return page


@event_priority(-100)
def on_env(env, **kwargs):
    return preview_pages.wrap_templates(preview_cache.attach(env))


def on_post_build(config, **kwargs):
    preview_pages.prune_stale()


def on_serve(server, **kwargs):
    preview_pages.poll_faster(server)
    preview_pages.quiet_while_building(server)
    return server
