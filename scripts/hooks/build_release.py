"""MkDocs hook: `mkdocs build` lets go of each page's Markdown and HTML once the page is written,
and gives the freed memory back to the system before the search index is written
(safety_month.theme.page_release); the live preview keeps them."""

from mkdocs.plugins import event_priority

from safety_month.theme import page_release

_state = {"build": False}


def on_startup(command, **kwargs):
    _state["build"] = command == "build"


@event_priority(-1000)  # after every other on_post_page: the page's output is final
def on_post_page(output, page, **kwargs):
    if _state["build"]:
        page_release.release(page)
    return output


@event_priority(100)  # before Material's search plugin writes the index (the build's peak)
def on_post_build(config, **kwargs):
    if _state["build"]:
        page_release.return_freed_memory()
