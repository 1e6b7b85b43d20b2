"""The checks outside a build (``safety-month check``): read mkdocs.yml, the docs folder, and
render linked pages with the site's Markdown settings to know their anchors."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from safety_month import checks
from safety_month.site import markup
from . import links, site


class CheckError(Exception):
    """Cannot run the checks at all (bad mkdocs.yml, path outside the project…)."""


def load_config(config_file: Path):
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        return load_config(str(config_file))
    except Exception as exc:  # mkdocs raises several types; all mean "cannot read the config"
        raise CheckError(f"无法读取 {config_file}：{exc}") from exc


def rendered_anchors(pages: Mapping, config) -> links.LazyAnchors:
    """src_uri -> ids, rendering a page only when a link asks for one of its anchors."""
    def render(src_uri: str) -> set[str]:
        page = pages[src_uri]
        body = "\n".join(page.lines[page.fm.body_start - 1:])
        # (a speech page's paragraph ids are made by the site's extension, on for speeches)
        configs = markup.page_configs(config.mdx_configs, page.fm.data.get("kind") == "speech")
        return links.render_ids(body, config.markdown_extensions, configs)
    return links.LazyAnchors(pages, render)


def _display(path: Path, cwd: Path) -> str:
    """path relative to the current folder (docs/…), without resolving symlinks: the page is
    named as it sits in docs/, and a looping link has no target to resolve to."""
    absolute = Path(os.path.abspath(path))
    for candidate in (absolute, Path(os.path.realpath(absolute.parent)) / absolute.name):
        try:
            return candidate.relative_to(cwd).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def check_paths(config_file: Path, paths: list[Path]) -> site.Report:
    from mkdocs.structure.files import get_files

    from safety_month.site import library

    config = load_config(config_file)
    docs = Path(config.docs_dir).resolve()
    cwd = Path.cwd().resolve()
    # The pages MkDocs itself builds (same walk, exclusions and README/index rule), so that
    # check and build look at the same files: a symlink loop or a FIFO is a file to MkDocs
    # (and so is reported here), a page under an excluded folder is checked by neither.
    files = get_files(config)
    pages = {f.src_uri: Path(f.abs_src_path) for f in files.documentation_pages()}
    # Link targets: every file, and the pages the build generates (the library and themes).
    all_files = {f.src_uri for f in files} | set(library.GENERATED_PAGES)
    wanted: list[Path] = []
    for p in paths or [docs]:
        if not os.path.lexists(p):
            raise CheckError(f"{p} 不存在")
        if p.is_dir():
            under = Path(os.path.abspath(p))
            wanted += [path for path in pages.values() if Path(os.path.abspath(path)).is_relative_to(under)]
            if not (under.is_relative_to(docs) or docs.is_relative_to(under)):   # a folder outside docs/
                wanted += sorted(p.rglob("*.md"))
        else:
            wanted.append(p)
    # Every page of the site is parsed (link targets), only the wanted ones are reported.
    # Paths are compared without resolving symlinks: a looping link cannot be resolved.
    wanted_set = {Path(os.path.abspath(w)) for w in wanted}
    sources, others = [], []
    for rel, abs_path in sorted(pages.items()):
        entry = (_display(abs_path, cwd), rel, checks.read_page(abs_path))
        (sources if Path(os.path.abspath(abs_path)) in wanted_set else others).append(entry)
    inside = set(map(lambda p: Path(os.path.abspath(p)), pages.values()))
    for w in wanted:  # files outside docs/ (no links or folder rules for them)
        if Path(os.path.abspath(w)) not in inside and not Path(os.path.abspath(w)).is_relative_to(docs):
            sources.append((_display(w, cwd), None, checks.read_page(w)))
    report = site.check_pages(sources, template_exists=site.template_finder(config.theme.dirs))
    # A README.md beside a wanted index.md (MkDocs left it out of `pages`, with a warning).
    site.add_conflict_issues(report, config.docs_dir, [src for _d, src, _b in sources if src is not None],
                             site.display_prefix(config))
    targets = site.check_pages(others)
    pages_parsed = {**targets.pages, **{k: v for k, v in report.pages.items() if k is not None}}
    checked = site.Report(pages={k: v for k, v in report.pages.items() if k is not None})
    site.add_link_issues(checked, rendered_anchors(pages_parsed, config), all_files,
                         site.toc_slugify(config.mdx_configs))
    report.issues += checked.issues
    return report
