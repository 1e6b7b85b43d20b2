"""What the library's template filters answered a page's rendering (live preview only).

A speech page's HTML is kept between saves (preview.pages) under a key of everything it is
made from that one save can change but its year page and its tags' pages: which year page
lists a speech depends on the other speeches' dates and titles (hook site_library's plan),
which the site key leaves out. So each rendering notes what those filters answered, and the
kept HTML (and preview.skip's unchanged page) is used only while they answer the same.
"""

from __future__ import annotations

from typing import Callable

# The project's template filters whose answers depend on other speeches' front matter (the
# library's plan, hook site_library: a speech's year page moves when another speech's date
# or title moves it down the list), which the site key leaves out. page_url answers from the
# file list and the URL style, both in the site key.
RECORDED = ("year_page", "tag_page")
_filters: dict = {"calls": None, "last": None, "now": {}, "asked": {}}


def record_filters(env):
    """Wrap this build's RECORDED filters (after the hooks that add them) so that a page's
    rendering notes what they answered (hold asks the unwrapped ones again)."""
    _filters["now"], _filters["asked"] = {}, {}
    for name in RECORDED:
        if name in env.filters:
            _filters["now"][name] = func = env.filters[name]
            env.filters[name] = _recording(name, func)
    return env


def _recording(name: str, func):
    def recorded(*args):
        answer = func(*args)
        if _filters["calls"] is not None:
            try:
                _filters["calls"][(name, args)] = answer
            except TypeError:   # an argument with no hash: no filter has the name "", never reused
                _filters["calls"][("", ())] = answer
        return answer
    return recorded


def hold(calls: dict) -> bool:
    """Whether each (filter, args) -> answer of an earlier rendering answers the same now.
    Each question is asked once per build (thousands of speeches ask for the same ~50 tags)."""
    now, asked = _filters["now"], _filters["asked"]
    for call, answer in calls.items():
        if call not in asked:
            name, args = call
            try:
                asked[call] = (True, now[name](*args)) if name in now else (False, None)
            except Exception:   # the filter now fails (a page gone): render, and let it say so
                asked[call] = (False, None)
        ok, current = asked[call]
        if not ok or current != answer:
            return False
    return True


def last_calls() -> dict | None:
    """The RECORDED calls of the page template rendered (or reused) since the last call (None
    when none was)."""
    calls, _filters["last"] = _filters["last"], None
    return calls


def recording(render: Callable[[], str]) -> tuple[str, dict]:
    """(render(), the RECORDED calls it made)."""
    calls = _filters["calls"] = {}
    try:
        return render(), calls
    finally:
        _filters["calls"] = None


def rendered(calls: dict) -> None:
    """The page template just rendered (or reused) made these calls (last_calls)."""
    _filters["last"] = calls
