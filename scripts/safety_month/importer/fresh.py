"""What a fresh import of a page's source would write for that page, without writing anything.

Used by `safety-month diff PAGE` (an edited page is the editor's, and the import leaves it
alone: this shows what the import would have changed) and by `safety-month remove PAGE`
(which only needs the page's identity). The source is the file the page names
(``source_file``, relative to the project root); when that file is gone, a file under
sources/ with the same content (``source_sha256``: the source was renamed).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .errors import SourceError, display_name, shown
from .identity import PageOwner, owner_of
from .read import read_source_with_reports


class FreshError(ValueError):
    """Why there is no fresh page; the message names the file, in Chinese."""


def page_owner(page: Path, text: str) -> PageOwner:
    owner = owner_of(text)
    if owner is None:
        raise FreshError(f"{display_name(page)}: 不是导入生成的页面（front matter 中没有 source_file），"
                         "没有可以对照的原稿")
    return owner


def _sha256(path: str) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def find_source(owner: PageOwner, root: Path) -> Path:
    """The source file of a page (module docstring); FreshError when it cannot be found."""
    named = root / owner.source_file
    if named.is_file():
        return named
    if owner.source_sha256:
        for folder, dirs, files in os.walk(root / "sources"):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                path = os.path.join(folder, name)
                if not name.startswith(".") and _sha256(path) == owner.source_sha256:
                    return Path(path)
    raise FreshError(f"找不到这一页的原稿 {shown(owner.source_file)}（sources/ 中也没有内容相同的文件）：原稿被删除或"
                     "移出了 sources/，无法对照")


def fresh_page(page: Path, text: str, root: Path, pipeline) -> tuple[str, Path]:
    """(the page text a fresh import of the page's source would write, that source)."""
    from .pipeline import RenderError, plan_source, source_file_for

    owner = page_owner(page, text)
    source = find_source(owner, root)
    try:
        raw, reports = read_source_with_reports(str(source))
        plan = plan_source(raw, reports, source_file_for(str(source), root), pipeline)
    except (SourceError, RenderError) as exc:
        raise FreshError(f"重新导入原稿失败：{shown(str(exc))}") from None
    same = [p for p in plan.pages if p.part == owner.part]
    if not same:
        raise FreshError(f"{display_name(page)}: 重新导入原稿 {display_name(source)} 不再生成这一篇"
                         f"（{'第 ' + str(owner.part) + ' 篇' if owner.part else '整篇'}）：原稿的分篇变了")
    return same[0].text, source
