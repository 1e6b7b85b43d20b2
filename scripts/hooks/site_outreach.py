"""MkDocs hook: 讲话摘编 on 五进 pages (front matter `audience:`), where the editor put the marker."""

from mkdocs.exceptions import PluginError

from safety_month.buildcache import site_facts
from safety_month.site import library, outreach

_state = {}
# The live preview rebuilds after every save: keep the parsed speeches and each audience's
# choice while the speeches and the rules stay the same (the hook module lives on between saves).
# `mkdocs build` keeps each speech's scored candidates in its page cache instead
# (buildcache.site_facts): the paragraphs are parsed only when a speech is not in it.
_memo: dict = {}


def on_startup(command, **kwargs):
    _state["serve"] = command == "serve"


def on_files(files, config, **kwargs):
    try:
        _state["rules"] = outreach.load_rules()
        entries = library.collect(library.speech_pages(files))
    except (library.LibraryError, outreach.RulesError) as exc:
        raise PluginError(str(exc)) from exc
    key = (tuple(entries), _state["rules"])
    if _memo.get("key") != key:
        _memo.update(key=key, entries=entries, speeches=None, chosen={}, bests={})
    _state["files"] = files


def _speeches() -> list:
    if _memo["speeches"] is None:
        _memo["speeches"] = [(e, outreach.parse_paragraphs(e.body)) for e in _memo["entries"]]
    return _memo["speeches"]


def on_page_markdown(markdown, page, **kwargs):
    audience = page.meta.get("audience")
    if not audience:
        return markdown
    rules, files = _state["rules"], _state["files"]
    if not isinstance(audience, str) or audience not in rules.audiences:
        # The editors' checks (schemas.yml: audience) report this with its line and stop the
        # build, or stub the page in the preview, before this hook runs; never a TypeError.
        raise PluginError(f"docs/{page.file.src_uri}: audience 应为 {'、'.join(rules.audiences)} 之一")
    try:
        chosen = _memo["chosen"].get(audience)
        if chosen is None:
            chosen = _memo["chosen"][audience] = site_facts.outreach_choice(
                _memo["entries"], audience, rules, _speeches, _memo["bests"])
    except outreach.RulesError as exc:
        raise PluginError(f"docs/{page.file.src_uri}: {exc}") from exc
    block = outreach.render(chosen, audience, lambda src: files.get_file_from_path(src).url_relative_to(page.file))
    return outreach.inject(markdown, rules.marker, block)[0]


def on_env(env, config, **kwargs):
    # Every 五进 page took its excerpts (on_page_markdown runs before on_env): `mkdocs build`
    # lets go of every speech's parsed paragraphs; the live preview keeps them for the next save.
    if not _state.get("serve"):
        _memo.clear()
    return env
