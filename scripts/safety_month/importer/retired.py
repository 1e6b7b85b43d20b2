"""Retired speeches: ``sources/retired.yml``, the editor's list of sources not to import again.

Why a file in sources/ and not a field in the page: a retired speech has no page any more (the
editor deleted it, or `safety-month remove` did), and the list must survive that; it sits
next to the sources it speaks about, is small, commented and readable, and reviewing it is
reviewing what the site leaves out. Deleting the source from sources/ also retires it; the
list is for sources kept on file (an archive of what was received) but not published.

The file is a YAML list; an entry retires the speeches of one source: the source is the same
when its ``source_sha256`` or its ``source_file`` is (the first survives renaming the file,
the second a corrected version of it), ``part`` narrows it to one speech of a compilation.
The tools only ever append to the file (an editor's comments and order are kept) and write
it atomically; an editor restores a speech by deleting its entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from safety_month.atomic import atomic_write
from safety_month.pages.writer import quoted

RETIRED_FILE = "retired.yml"

HEADER = """\
# 撤下的讲话：这里列出的原稿（或汇编中的某一篇）不再导入，make import、make build、make serve
# 都不会再生成它的页面。
#
# 撤下一篇讲话：运行 .venv/bin/safety-month remove docs/speeches/年份/页面.md，或者直接删除页面文件
# （下次导入时程序发现页面被删除，会在这里自动加上一条）。
# 恢复一篇讲话：删去它的那一条（从“- source_file:”起的几行），再运行 make import。
#
# 每条的字段：source_file 原稿文件；source_sha256 原稿内容的校验值（两者有一个相同就算同一原稿：
# 原稿改名或换成修订版都仍然撤下）；part 汇编中的第几篇（不写则这个原稿的所有讲话都撤下）；
# title、page 撤下时的标题和页面；reason 撤下方式。
"""


class RetiredError(ValueError):
    """The list cannot be read; the message names the file and the line, in Chinese."""


@dataclass(frozen=True)
class Retired:
    source_file: str | None
    source_sha256: str | None
    part: int | None

    def covers(self, sha256: str | None, source_file: str | None, part: int | None) -> bool:
        same = (self.source_sha256 is not None and self.source_sha256 == sha256) or \
               (self.source_file is not None and self.source_file == source_file)
        return same and (self.part is None or self.part == part)


def path_for(root: Path | None, out_dir: Path) -> Path:
    """sources/retired.yml of the project; without a project root, a hidden file next to the pages."""
    return Path(root) / "sources" / RETIRED_FILE if root is not None else Path(out_dir) / f".{RETIRED_FILE}"


def _entry(node, row, shown: str) -> Retired:
    line = node.start_mark.line + 1
    if not isinstance(row, dict):
        raise RetiredError(f"{shown}:{line}: 每一条应以“- source_file: 原稿文件”开头，下面几行缩进两格")
    source, sha, part = row.get("source_file"), row.get("source_sha256"), row.get("part")
    if not isinstance(source, str) and not isinstance(sha, str):
        raise RetiredError(f"{shown}:{line}: 这一条既没有 source_file 也没有 source_sha256，不知道撤下哪个原稿")
    if part is not None and (isinstance(part, bool) or not isinstance(part, int)):
        line = next((k.start_mark.line + 1 for k, _ in node.value if getattr(k, "value", None) == "part"), line)
        raise RetiredError(f"{shown}:{line}: part 应是数字（汇编中的第几篇），或者不写")
    return Retired(source if isinstance(source, str) else None, sha if isinstance(sha, str) else None, part)


def load(path: Path, shown: str | None = None) -> list[Retired]:
    """The entries of the list ([] when there is no file); RetiredError for a list that
    cannot be read (the import then stops: it must not bring back a retired speech)."""
    shown = shown or str(path)
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except FileNotFoundError:
        return []
    except UnicodeDecodeError:
        raise RetiredError(f"{shown}: 不是 UTF-8 编码的文本，请用 UTF-8 另存") from None
    except OSError as exc:
        raise RetiredError(f"{shown}: 无法读取（{exc.strerror or exc}）") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except RecursionError:
        raise RetiredError(f"{shown}: 格式有误，无法读取（括号嵌套过深）；请对照文件开头的说明改正") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise RetiredError(f"{shown}{where}: 格式有误，无法读取（每一条以“- ”开头，字段缩进两格，"
                           "冒号后空一格）；请对照文件开头的说明改正") from None
    if data is None:
        return []
    if not isinstance(data, list):
        raise RetiredError(f"{shown}:{root.start_mark.line + 1}: 应是一个列表，每一条以“- source_file:”开头")
    return [_entry(node, row, shown) for node, row in zip(root.value, data)]


def covered(entries: list[Retired], sha256: str | None, source_file: str | None, part: int | None) -> bool:
    return any(entry.covers(sha256, source_file, part) for entry in entries)


def entry_text(source_file: str, sha256: str | None, part: int | None, title: str | None,
               page: str, reason: str) -> str:
    lines = [f"- source_file: {quoted(source_file)}"]
    if sha256:
        lines.append(f"  source_sha256: {quoted(sha256)}")
    if part is not None:
        lines.append(f"  part: {int(part)}")
    if title:
        lines.append(f"  title: {quoted(' '.join(title.split()))}")
    lines += [f"  page: {quoted(page)}", f"  reason: {quoted(reason)}"]
    return "\n".join(lines) + "\n"


def append(path: Path, text: str) -> None:
    """Add entries (entry_text) at the end of the list, keeping every byte already there;
    a new list starts with the explaining header."""
    path = Path(path)
    try:
        old = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        old = HEADER
    if old and not old.endswith("\n"):
        old += "\n"
    # "[]" written by hand: an empty flow list cannot take "- " items after it
    if any(line.strip() == "[]" for line in old.split("\n")):
        old = "\n".join(line for line in old.split("\n") if line.strip() != "[]")
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, (old + text).encode("utf-8"))
