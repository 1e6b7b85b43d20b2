"""The build stamp: what every cached page result depends on besides the page itself."""

from __future__ import annotations

import os
import sys

from safety_month.buildcache import stamps


def test_digest_keeps_the_parts_apart():
    assert stamps.digest("ab", "c") != stamps.digest("a", "bc")
    assert stamps.digest("x") == stamps.digest(b"x")


def test_a_folder_digest_follows_content_not_modification_time(tmp_path):
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "a.pyc").write_bytes(b"compiled")
    before = stamps.tree_digest([tmp_path], stamps.CODE_SUFFIXES)
    os.utime(tmp_path / "a.py", (1, 1))                     # a fresh checkout: new times
    (tmp_path / "__pycache__" / "a.pyc").write_bytes(b"other")
    assert stamps.tree_digest([tmp_path], stamps.CODE_SUFFIXES) == before
    (tmp_path / "a.py").write_text("x = 2\n")
    assert stamps.tree_digest([tmp_path], stamps.CODE_SUFFIXES) != before
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "b.html").write_text("<p>")
    assert stamps.tree_digest([tmp_path], stamps.CODE_SUFFIXES) != before


class _Plugin:   # prints its address, as MkDocs' plugin objects do
    pass


def test_configuration_values_leave_out_objects_extra_and_the_output_folder():
    one = {"site_url": "https://a.example/", "site_dir": "/tmp/one", "plugins": _Plugin(),
           "extra": {"latest_speeches": [1]}, "markdown_extensions": ["toc"]}
    two = dict(one, site_dir="/tmp/two", plugins=_Plugin(), extra={"latest_speeches": [2]})
    assert stamps.config_values(one) == stamps.config_values(two)
    assert stamps.config_values(one) != stamps.config_values(dict(one, site_url="https://b.example/"))
    assert stamps.config_values(one) != stamps.config_values(dict(one, markdown_extensions=["toc", "abbr"]))


def test_the_build_stamp_changes_with_code_theme_and_configuration_files(tmp_path):
    code, theme, config_file = tmp_path / "code", tmp_path / "theme", tmp_path / "mkdocs.yml"
    code.mkdir(), theme.mkdir()
    (code / "m.py").write_text("A = 1\n")
    (theme / "main.html").write_text("{{ page.content }}")
    config_file.write_text("site_name: x\n")

    def stamp():
        return stamps.build_stamp([code], [theme], [config_file], {"site_name": "x"})
    first = stamp()
    assert stamp() == first
    (theme / "main.html").write_text("<main>{{ page.content }}</main>")
    second = stamp()
    assert second != first
    config_file.write_text("site_name: y\n")
    assert stamp() != second


def test_the_versions_name_python_and_the_byte_order(monkeypatch):
    here = stamps.versions()
    assert f"byteorder={sys.byteorder}" in here.split(";")
    other = "big" if sys.byteorder == "little" else "little"
    monkeypatch.setattr(sys, "byteorder", other)       # packed postings are native integers
    assert stamps.versions() != here
