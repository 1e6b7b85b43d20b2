"""The patches this site applies to Material's built assets (see asset_patch)."""

from __future__ import annotations

from .asset_patch import Patch

BUNDLE = "assets/javascripts/bundle.*.min.js"

# An empty script: the loader resolves at once and nothing leaves the machine.
EMPTY_SCRIPT = '"data:text/javascript,"'

OFFLINE_PATCHES: list[Patch] = [
    # Loaded only when window.ResizeObserver is missing (no browser this site supports), but
    # a reference to unpkg.com must not ship: intranets and mainland China cannot reach it.
    Patch(
        name="resize-observer polyfill from unpkg.com",
        glob=BUNDLE,
        old='"https://unpkg.com/resize-observer-polyfill"',
        new=EMPTY_SCRIPT,
    ),
    # Loaded only for .mermaid blocks, which this site does not enable (content checks
    # reject them); the reference must still go.
    Patch(
        name="mermaid from unpkg.com",
        glob=BUNDLE,
        old='"https://unpkg.com/mermaid@11/dist/mermaid.min.js"',
        new=EMPTY_SCRIPT,
    ),
    # Repository facts are fetched only when repo_url is set, which this site never does
    # (api.github.com is unreachable from intranets); the references must still go.
    Patch(
        name="GitHub repository facts from api.github.com",
        glob=BUNDLE,
        old="`https://api.github.com/repos/${e}/${t}`",
        new="`data:,`",
    ),
    Patch(
        name="GitHub user facts from api.github.com",
        glob=BUNDLE,
        old="`https://api.github.com/users/${e}`",
        new="`data:,`",
    ),
]
