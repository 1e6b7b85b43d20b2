"""Loading a hook the way MkDocs does, and small stand-ins for MkDocs' objects.

MkDocs imports each file listed under `hooks:` by path, as a module of its own; a test loads a
fresh copy the same way, so module-level state (the hooks keep some between preview rebuilds)
never leaks from one test into the next. The fakes carry only what a hook reads: a hook that
starts reading something else fails here with an AttributeError, which is the point.
"""

from __future__ import annotations

import importlib.util
import itertools
from types import SimpleNamespace

from tests import paths

HOOKS = paths.ROOT / "scripts" / "hooks"
_serial = itertools.count()


def load_hook(name: str):
    """A fresh module of scripts/hooks/<name>.py."""
    spec = importlib.util.spec_from_file_location(f"_hook_{name}_{next(_serial)}", HOOKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Config(dict):
    """MkDocs' config is a dict whose keys are also attributes (config.extra, config["site_dir"])."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def page(src_uri: str = "x.md", **meta) -> SimpleNamespace:
    return SimpleNamespace(meta=dict(meta), file=SimpleNamespace(src_uri=src_uri), url=src_uri[:-3] + "/")


def priority(function) -> int | None:
    """The priority MkDocs' event_priority gave a hook function (None: the default, 0)."""
    return getattr(function, "mkdocs_priority", None)


class Calls:
    """A stand-in module that records which of its functions a hook called, with what."""

    def __init__(self, **returns):
        self.calls: list[tuple] = []
        self._returns = returns

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)

        def call(*args, **kwargs):
            self.calls.append((name, *args))
            value = self._returns.get(name)
            if isinstance(value, BaseException):
                raise value
            return value(*args, **kwargs) if callable(value) else value

        return call

    def names(self) -> list[str]:
        return [c[0] for c in self.calls]


def theme_site(site, patches) -> dict:
    """A site folder holding, for each patch, a file its glob matches with the theme's original
    text in it (`old`, as often as the patch expects); {relative path: text written}."""
    texts: dict[str, str] = {}
    for patch in patches:
        rel = patch.glob.replace("*", "0123abcd")
        texts[rel] = texts.get(rel, "/* theme */\n") + patch.old * patch.count + "\n"
    for rel, text in texts.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, encoding="utf-8")
    return texts
