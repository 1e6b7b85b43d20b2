"""The checks outside a build (``safety-month check``): read mkdocs.yml, the docs folder, and
render linked pages with the site's Markdown settings to know their anchors."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from safety_month.checks import links, site


class CheckError(Exception):
    """Cannot run the checks at all (bad mkdocs.yml, path outside the project…)."""


def load_config(config_file: Path):
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        return load_config(str(config_file))
    except Exception as exc:  # mkdocs raises several types; all mean "cannot read the config"
        raise CheckError(f"无法读取 {config_file}：{exc}") from exc


class RenderedAnchors(Mapping):
    """src_uri -> ids, rendering a page only when a link asks for one of its anchors."""

    def __init__(self, docs: Path, pages: Mapping, config):
        self.docs, self.pages, self.config, self._cache = docs, pages, config, {}

    def __getitem__(self, src_uri: str) -> set[str]:
        if src_uri not in self._cache:
            page = self.pages.get(src_uri)
            if page is None:
                raise KeyError(src_uri)
            body = "\n".join(page.lines[page.fm.body_start - 1:])
            self._cache[src_uri] = links.render_ids(body, self.config.markdown_extensions, self.config.mdx_configs)
        return self._cache[src_uri]

    def __contains__(self, src_uri) -> bool:
        return src_uri in self.pages

    def __iter__(self):
        return iter(self.pages)

    def __len__(self):
        return len(self.pages)


def _display(path: Path, cwd: Path) -> str:
    try:
        return path.resolve().relative_to(cwd).as_posix()
    except ValueError:
        return path.as_posix()


def check_paths(config_file: Path, paths: list[Path]) -> site.Report:
    config = load_config(config_file)
    docs = Path(config.docs_dir).resolve()
    cwd = Path.cwd().resolve()
    all_files = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()}
    wanted: list[Path] = []
    for p in paths or [docs]:
        if not p.exists():
            raise CheckError(f"{p} 不存在")
        wanted += sorted(p.rglob("*.md")) if p.is_dir() else [p]
    # Every page of the site is parsed (link targets), only the wanted ones are reported.
    wanted_set = {w.resolve() for w in wanted}
    sources, others = [], []
    for rel in sorted(f for f in all_files if f.endswith(".md")):
        abs_path = docs / rel
        entry = (_display(abs_path, cwd), rel, abs_path.read_bytes())
        (sources if abs_path in wanted_set else others).append(entry)
    for w in wanted:  # files outside docs/ (no links or folder rules for them)
        if not w.resolve().is_relative_to(docs):
            sources.append((_display(w, cwd), None, w.read_bytes()))
    report = site.check_pages(sources)
    targets = site.check_pages(others)
    pages = {**targets.pages, **{k: v for k, v in report.pages.items() if k is not None}}
    checked = site.Report(pages={k: v for k, v in report.pages.items() if k is not None})
    site.add_link_issues(checked, RenderedAnchors(docs, pages, config), all_files,
                         site.toc_slugify(config.mdx_configs))
    report.issues += checked.issues
    report.pages = {k: v for k, v in report.pages.items()}
    return report
