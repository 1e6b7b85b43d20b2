"""safety_month.search.material_dump: Material's search_index.json written a group of entries at a
time is, byte for byte, the file Material's own SearchPlugin.on_post_build writes (escapes, control
characters, characters outside the BMP, values json cannot encode, which the plugin writes as
str()); the replacement takes the plugin's place among MkDocs' post-build handlers, once, and leaves
a disabled plugin and a `mkdocs serve --dirty` build to the plugin."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings, strategies as st
from material.plugins.search.plugin import SearchIndex, SearchPlugin
from mkdocs.plugins import BasePlugin, PluginCollection

from safety_month.search import material_dump, stream
from safety_month.theme import internals
from tests.search.test_search_stream import TEXT, VALUE


class Odd:
    """A value json cannot encode: Material's default=str writes its str()."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return f"Odd<{self.text}>"


ODD = TEXT.map(Odd)
ENTRY = st.dictionaries(st.sampled_from(["location", "title", "text", "tags", "boost", "about"]),
                        VALUE | ODD | st.lists(TEXT | ODD, max_size=3), max_size=6)
SETTINGS = st.fixed_dictionaries({"lang": st.lists(st.sampled_from(["zh", "en", "ja"]), min_size=1, max_size=2),
                                  "separator": TEXT, "pipeline": st.lists(TEXT, max_size=2),
                                  "fields": st.dictionaries(TEXT, st.fixed_dictionaries(
                                      {"boost": st.floats(0, 1e6, allow_nan=False)}), max_size=3)})


def _index(settings_: dict, entries: list) -> SearchIndex:
    index = SearchIndex(**settings_)
    index.entries = list(entries)
    return index


def _plugin(index: SearchIndex, *, dirty: bool = False, enabled: bool = True) -> SearchPlugin:
    plugin = SearchPlugin()
    plugin.load_config({"enabled": enabled})
    plugin.search_index, plugin.is_dirty = index, dirty
    return plugin


def _materials_file(index: SearchIndex) -> bytes:
    """What Material 9.8.1's own on_post_build writes for this index."""
    with tempfile.TemporaryDirectory() as site:
        SearchPlugin.on_post_build(_plugin(index), config=SimpleNamespace(site_dir=site))
        return (Path(site) / "search" / "search_index.json").read_bytes()


@settings(max_examples=150, deadline=None)
@given(settings_=SETTINGS, entries=st.lists(ENTRY, max_size=9), group=st.sampled_from([1, 2, 3, stream.GROUP]))
def test_the_file_in_pieces_is_the_plugins_file_byte_for_byte(settings_, entries, group):
    expected = _materials_file(_index(settings_, entries))
    index = _index(settings_, entries)
    pieces = list(material_dump.chunks(index, group))
    assert b"".join(pieces) == expected
    assert index.entries == entries                       # the plugin's entries are put back
    if len(entries) > group:                              # never the whole file at once
        assert max(map(len, pieces)) < len(expected)
    with tempfile.TemporaryDirectory() as site:
        path = Path(site) / "search" / "search_index.json"
        assert material_dump.write(_index(settings_, entries), path) == len(expected)
        assert path.read_bytes() == expected


def test_escapes_and_characters_outside_the_bmp_are_the_plugins():
    entries = [{"location": "a/", "title": "隐患\U0002000b\U0001f525", "text": '"\\\n\x00\u2028<p>&',
                "tags": [Odd("燃气")]}, {"location": "b/", "text": "\ud800 lone"}]
    index = _index({"lang": ["zh"], "separator": "[\\s]+", "pipeline": [], "fields": {}}, entries)
    data = b"".join(material_dump.chunks(index, 1))
    assert data == _materials_file(_index(index.config, entries))
    assert data.isascii() and b"\\ud840\\udc0b\\ud83d\\udd25" in data and b"\\ud800 lone" in data
    assert json.loads(data)["docs"][0]["tags"] == ["Odd<燃气>"]


def test_the_head_is_materials_own_output_and_the_segmenting_wrapper_runs_before_the_entries_are_read():
    """generate_search_index (search/build.py wraps it: jieba's cut is put into the entries there)
    is called once, with no entries; entries it changes are written as changed."""
    entries = [{"location": "a/", "text": "未切分"}]
    index = _index({"lang": ["zh"], "separator": " ", "pipeline": [], "fields": {}}, entries)
    generate, seen = index.generate_search_index, []

    def wrapped(prev):
        seen.append((prev, list(index.entries)))
        entries[0]["text"] = "已\u200b切分"
        return generate(prev)
    index.generate_search_index = wrapped
    data = b"".join(material_dump.chunks(index))
    assert seen == [(None, [])]
    assert json.loads(data)["docs"] == [{"location": "a/", "text": "已\u200b切分"}]


class Recorder(BasePlugin):
    def __init__(self, name: str, calls: list) -> None:
        super().__init__()
        self.name, self.calls = name, calls

    def on_post_build(self, *, config):
        self.calls.append(self.name)


def _collection(plugin: SearchPlugin, calls: list) -> PluginCollection:
    plugins = PluginCollection()
    plugins["before"] = Recorder("before", calls)
    plugins["material/search"] = plugin
    plugins["after"] = Recorder("after", calls)
    return plugins


def test_the_plugins_handler_is_replaced_in_its_place_once(tmp_path):
    calls: list = []
    entries = [{"location": "a/", "title": "标题", "text": "正文"}]
    plugin = _plugin(_index({"lang": ["zh"], "separator": " ", "pipeline": [], "fields": {}}, entries))
    plugins = _collection(plugin, calls)
    material = plugins.events["post_build"][1]
    config = SimpleNamespace(site_dir=str(tmp_path), get={"plugins": plugins}.get)
    assert material_dump.take_over(config) is True
    assert material_dump.take_over(config) is False       # replaced already
    handlers = plugins.events["post_build"]
    assert len(handlers) == 3 and handlers[1] is not material and handlers[0].__self__.name == "before"
    assert plugins._event_origins[handlers[1]] == "material/search"   # errors name the plugin
    plugins.on_post_build(config=config)
    assert calls == ["before", "after"]
    assert (tmp_path / "search" / "search_index.json").read_bytes() == _materials_file(
        _index(plugin.search_index.config, entries))


@pytest.mark.parametrize("dirty, enabled", [(True, True), (False, False)])
def test_a_dirty_build_and_a_disabled_plugin_are_left_to_the_plugin(tmp_path, monkeypatch, dirty, enabled):
    calls: list = []
    plugin = _plugin(_index({"lang": ["zh"], "separator": " ", "pipeline": [], "fields": {}}, [{"text": "x"}]),
                     dirty=dirty, enabled=enabled)
    plugins = _collection(plugin, calls)
    monkeypatch.setattr(material_dump, "write", lambda *a: calls.append("streamed"))
    config = SimpleNamespace(site_dir=str(tmp_path), get={"plugins": plugins}.get)
    assert material_dump.take_over(config) is True
    plugins.on_post_build(config=config)
    assert calls == ["before", "after"]                  # not written in pieces
    written = tmp_path / "search" / "search_index.json"
    if dirty:   # the plugin wrote it and kept the index for the next build's merge
        assert written.read_bytes() == _materials_file(_index(plugin.search_index.config, [{"text": "x"}]))
        assert plugin.search_index_prev is plugin.search_index
    else:       # disabled: nothing written at all
        assert not written.exists()


def test_a_config_without_mkdocs_plugins_or_without_search_is_left_alone():
    assert material_dump.take_over({}) is False
    assert material_dump.take_over({"plugins": {"material/search": object()}}) is False
    plugins = PluginCollection()
    plugins["other"] = Recorder("other", [])
    assert material_dump.take_over({"plugins": plugins}) is False


def test_another_material_version_stops_before_anything_is_replaced(monkeypatch):
    monkeypatch.setattr(internals, "installed", {"mkdocs": "1.6.1", "mkdocs-material": "9.9.0"}.get)
    plugins = _collection(_plugin(_index({"lang": ["zh"], "separator": " ", "pipeline": [], "fields": {}}, [])), [])
    handlers = list(plugins.events["post_build"])
    with pytest.raises(internals.InternalsError, match="Material's index file written"):
        material_dump.take_over({"plugins": plugins})
    assert plugins.events["post_build"] == handlers
