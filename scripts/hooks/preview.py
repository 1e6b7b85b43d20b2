"""MkDocs hook (mkdocs.preview.yml only): reuse compiled theme templates, unchanged source
files and unchanged speech pages between rebuilds (safety_month.preview.templates, .files,
.pages, .answers), leave unchanged speeches out of MkDocs' per-page work (.skip), and run
Python's full garbage collections between saves (safety_month.preview.collect)."""

from mkdocs.plugins import event_priority

from safety_month.preview import answers, collect, files as file_cache, reload, skip, templates, pages
from safety_month.site import library


def on_config(config, **kwargs):
    collect.COLLECTOR.build_started()
    file_cache.cache_mkdocs_files()
    file_cache.begin_build()   # each source file stat'ed once in this build
    library.TEXTS.on = True   # the library and 五进 hooks decode each unchanged page once
    pages.cache_theme_files()
    pages.keep_site_dir(config["site_dir"])
    skip.start()   # unchanged speech pages skip MkDocs' per-page work in this build
    return config


@event_priority(-100)  # after the hooks that add pages and config.extra
def on_files(files, config, **kwargs):
    pages.start_build(pages.files_key(files, config))
    return files


def on_pre_page(page, **kwargs):
    pages.attach_page(page)
    return page


@event_priority(-100)
def on_env(env, **kwargs):
    return pages.wrap_templates(templates.attach(answers.record_filters(env)))


@event_priority(-100)  # the final output, after every filter
def on_post_page(output, page, **kwargs):
    if page.file is not None:
        pages.note_output(page.file.abs_dest_path, output)
    return output


def on_post_build(config, **kwargs):
    file_cache.end_build()
    skip.finish()
    pages.prune_stale()
    collect.COLLECTOR.build_finished()


def on_build_error(error, **kwargs):
    file_cache.end_build()
    skip.finish(False)   # what this build kept is not trusted
    collect.COLLECTOR.build_finished()


def on_serve(server, **kwargs):
    reload.poll_faster(server)
    reload.quiet_while_building(server)
    return server
