"""A small docs/ folder as MkDocs' own Files collection: the committed speech pages plus the
pages a test names (real File objects are cheap; only the config is a stand-in)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from mkdocs.structure.files import File, Files

from tests import paths
from tests.hooks._fakes import Config

SPEECHES = sorted((paths.ROOT / "docs" / "speeches").rglob("*.md"))


def config(tmp_path: Path, **extra) -> Config:
    docs = tmp_path / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    return Config(docs_dir=str(docs), site_dir=str(tmp_path / "site"), use_directory_urls=True,
                  config_file_path=str(tmp_path / "mkdocs.yml"), extra={},
                  # File.generated records which plugin made a file; hooks are no plugin.
                  plugins=SimpleNamespace(_current_plugin=None), **extra)


def files(config: Config, pages: dict[str, str], speeches: bool = True) -> Files:
    """Files of docs/: each of pages (src_uri -> text) written there, and the real speeches."""
    docs = Path(config["docs_dir"])
    texts = dict(pages)
    if speeches:
        for path in SPEECHES:
            texts.setdefault(path.relative_to(paths.ROOT / "docs").as_posix(), path.read_text(encoding="utf-8"))
    out = []
    for src_uri, text in texts.items():
        (docs / src_uri).parent.mkdir(parents=True, exist_ok=True)
        (docs / src_uri).write_text(text, encoding="utf-8")
        out.append(File(src_uri, config["docs_dir"], config["site_dir"], config["use_directory_urls"]))
    return Files(out)
