"""safety_month.theme.internals: every reach into MkDocs/Material internals is declared there,
and a version other than the one checked stops the build with a message naming the patch."""

from __future__ import annotations

import ast
import inspect
import re
from types import SimpleNamespace

import jinja2
import mkdocs.utils
import pytest
from material.plugins.search.plugin import SearchIndex, SearchPlugin
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from watchdog.observers.polling import PollingEmitter

from safety_month.search import build
from safety_month.theme import internals
from tests import paths

PACKAGE = paths.ROOT / "scripts" / "safety_month"
REGISTRY = PACKAGE / "theme" / "internals.py"
# The MkDocs, Material, Jinja and watchdog objects the build and the preview meet.
FOREIGN = (File, Files, Page, SearchIndex, SearchPlugin, LiveReloadServer, jinja2.Environment,
           jinja2.Template, PollingEmitter, mkdocs.utils)


def _instance_callables(cls) -> set[str]:
    """Parameters of __init__ annotated as callables, which it keeps under their own name
    (LiveReloadServer.builder): replacing one is a monkeypatch too."""
    try:
        params = inspect.signature(cls.__init__).parameters.values()
    except (TypeError, ValueError):
        return set()
    return {p.name for p in params if "Callable" in str(p.annotation)}


def _foreign_methods() -> set[str]:
    """Names of the methods (and read-only properties) of FOREIGN: replacing one is a
    monkeypatch."""
    names: set[str] = set()
    for obj in FOREIGN:
        for klass in (obj.__mro__ if isinstance(obj, type) else (obj,)):
            if klass is object:
                continue
            for name, value in vars(klass).items():
                if name.startswith("__"):
                    continue
                if isinstance(value, property) and value.fset is not None and not name.startswith("_"):
                    continue   # a public setter is API (File.content_string), not a patch
                if inspect.isfunction(value) or isinstance(value, (property, staticmethod, classmethod)):
                    names.add(name)
        if isinstance(obj, type):
            names |= _instance_callables(obj)
    return names


def _foreign_imports(tree: ast.AST) -> set[str]:
    """Local names bound to MkDocs/Material/Jinja/watchdog modules or their classes."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in (
                "mkdocs", "material", "jinja2", "watchdog"):
            names |= {a.asname or a.name for a in node.names}
        elif isinstance(node, ast.Import):
            names |= {a.asname or a.name.split(".")[0] for a in node.names
                      if a.name.split(".")[0] in ("mkdocs", "material", "jinja2", "watchdog")}
    return names


def _patch_sites(source: str, methods: set[str]) -> list[tuple[int, str]]:
    """Places that set an attribute of an object that is not ours without internals.patch:
    setattr(); any private attribute; a method of a MkDocs/Material/Jinja/watchdog object;
    anything on a MkDocs/Material class or module imported here."""
    tree = ast.parse(source)
    foreign = _foreign_imports(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "setattr":
            found.append((node.lineno, ast.unparse(node)))
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
        for target in targets:
            for t in (target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target]):
                if not isinstance(t, ast.Attribute):
                    continue
                base = t.value.id if isinstance(t.value, ast.Name) else None
                if base in ("self", "cls"):
                    continue
                if t.attr.startswith("_") or t.attr in methods or base in foreign:
                    found.append((t.lineno, ast.unparse(t)))
    return found


def _module_sources():
    for path in sorted(PACKAGE.rglob("*.py")):
        if path != REGISTRY:
            yield path, path.read_text(encoding="utf-8")


def test_every_monkeypatch_of_the_package_goes_through_the_registry():
    methods = _foreign_methods()
    assert {"render", "read_source", "add_files_from_theme", "add_entry_from_context", "builder",
            "get_template", "queue_events"} <= methods          # the scan sees what it must
    offenders = [f"{path.relative_to(paths.ROOT)}:{line}: {text}"
                 for path, source in _module_sources() for line, text in _patch_sites(source, methods)]
    assert offenders == []


def test_the_scan_finds_a_patch_made_outside_the_registry():
    methods = _foreign_methods()
    source = ("from mkdocs.structure.files import File\n"
              "def f(page, index, server, x):\n"
              "    page.render = lambda *a: ''\n"
              "    index._segment_chinese = str\n"
              "    server.builder = print\n"
              "    File.content_bytes = property(len)\n"
              "    setattr(x, 'y', 1)\n"
              "    x.count = 1\n")
    assert [line for line, _ in _patch_sites(source, methods)] == [3, 4, 5, 6, 7]


def test_every_registry_use_names_an_entry_and_every_entry_is_used():
    used: dict[str, set[str]] = {}
    for path, source in _module_sources():
        for node in ast.walk(ast.parse(source)):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "internals"
                    and node.func.attr in ("patch", "require")):
                name = node.args[0]
                assert isinstance(name, ast.Attribute), f"{path}:{node.lineno}: name the entry by its constant"
                entry = internals.INTERNALS[getattr(internals, name.attr)]
                if node.func.attr == "patch":
                    attr = node.args[2].value
                    assert attr in entry.members, f"{path}:{node.lineno}: {attr} not in {entry.name}"
                used.setdefault(entry.name, set()).add(str(path))
    assert set(used) == set(internals.INTERNALS)
    for entry in internals.INTERNALS.values():
        assert entry.why and entry.target and entry.members
        assert (entry.package, entry.version) in {("mkdocs", "1.6.1"), ("mkdocs-material", "9.8.1")}


def test_every_private_member_reached_is_declared():
    """Reading a private member of MkDocs or Material (Material's _segment_chinese, a page's
    _title_from_render) is reaching into internals too: it must be an entry's member."""
    declared = {m for entry in internals.INTERNALS.values() for m in entry.members}
    ours = {"_sm_internal"}
    for folder in ("search", "preview", "theme"):
        for path in sorted((PACKAGE / folder).glob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Attribute) and node.attr.startswith("_")
                        and not node.attr.startswith("__")
                        and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))):
                    assert node.attr in declared | ours, f"{path}:{node.lineno}: {ast.unparse(node)}"


def test_the_installed_versions_are_the_checked_ones():
    for entry in internals.INTERNALS.values():
        assert internals.require(entry.name) is entry


def test_another_version_stops_with_a_message_naming_the_patch(monkeypatch):
    versions = {"mkdocs": "1.6.2", "mkdocs-material": "9.8.1"}
    monkeypatch.setattr(internals, "installed", versions.get)
    target = SimpleNamespace(render=None)
    with pytest.raises(internals.InternalsError) as raised:
        internals.patch(internals.PAGE_CACHE, target, "render", print)
    message = str(raised.value)
    assert "'preview: speech pages read and converted once'" in message
    assert "mkdocs==1.6.1" in message and "mkdocs 1.6.2 is installed" in message
    assert "scripts/safety_month/theme/internals.py" in message
    assert target.render is None                               # nothing patched
    internals.patch(internals.SEGMENT_LATER, target, "_segment_chinese", str)   # Material unchanged
    versions["mkdocs-material"] = None
    with pytest.raises(internals.InternalsError, match="mkdocs-material is not installed"):
        internals.require(internals.ESCAPE_ENTRIES)


def test_the_search_hook_meets_the_version_check(monkeypatch):
    """The guard sits in the build path: escaping the entries patches Material's index."""
    monkeypatch.setattr(internals, "installed", {"mkdocs": "1.6.1", "mkdocs-material": "9.9.0"}.get)
    index = SearchIndex(lang=["zh"], separator=r"[\s]+", pipeline=[], fields={})
    config = {"plugins": {"material/search": SimpleNamespace(search_index=index, config={})}}
    with pytest.raises(internals.InternalsError, match="titles and tags enter the index escaped"):
        build.escape_entries(config)
    assert "create_entry_for_section" not in vars(index)


def test_a_patch_must_list_the_attribute_and_once_is_remembered():
    target = SimpleNamespace(builder=print)
    with pytest.raises(KeyError, match="does not list the attribute 'other'"):
        internals.patch(internals.RELOAD_QUIET, target, "other", print)
    assert not internals.patched(target, "builder")
    internals.patch(internals.RELOAD_QUIET, target, "builder", lambda: None, once=True)
    assert internals.patched(target, "builder")
    target.builder = print   # replaced again by someone else: no longer ours
    assert not internals.patched(target, "builder")


def test_the_checked_versions_are_the_pinned_ones():
    """requirements.lock and the registry move together: an upgrade re-checks every entry."""
    lock = (paths.ROOT / "requirements.lock").read_text(encoding="utf-8")
    for package, version in ((internals.MKDOCS, internals.MKDOCS_VERSION),
                             (internals.MATERIAL, internals.MATERIAL_VERSION)):
        assert re.search(rf"^{re.escape(package)}=={re.escape(version)}$", lock, re.M), package
